//! Credentials that responses carry (a client session's `token`, a webhook's `secret`, …) never
//! show in `Debug`: the generator redacts every field `codegen/rules.yaml` names a secret.

#![cfg(all(feature = "client_sessions", feature = "webhooks"))]

use seam_sdk::types::{ClientSession, Webhook};

#[test]
fn a_client_sessions_token_is_redacted_in_debug_but_readable() {
    let session: ClientSession = serde_json::from_value(serde_json::json!({
        "client_session_id": "cs-1",
        "token": "seam_cst1_very_secret",
        "workspace_id": "ws-1",
        "created_at": "2025-01-01T00:00:00.000Z",
    }))
    .expect("a client session decodes");
    let shown = format!("{session:?}");
    assert!(!shown.contains("very_secret"), "{shown}");
    assert!(shown.contains(r#"token: "[redacted]""#), "{shown}");
    assert!(shown.contains(r#"client_session_id: "cs-1""#), "{shown}");
    assert_eq!(session.token, "seam_cst1_very_secret");
}

#[test]
fn a_webhooks_secret_is_redacted_and_an_absent_one_says_so() {
    let with: Webhook = serde_json::from_value(serde_json::json!({
        "webhook_id": "wh-1", "url": "https://example.com/hook", "secret": "whsec_abc123"
    }))
    .expect("a webhook decodes");
    let shown = format!("{with:?}");
    assert!(!shown.contains("whsec_abc123"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    let without: Webhook = serde_json::from_value(serde_json::json!({
        "webhook_id": "wh-2", "url": "https://example.com/hook"
    }))
    .expect("a webhook decodes");
    assert!(
        format!("{without:?}").contains("secret: None"),
        "{without:?}"
    );
}
