//! Swapping the client session token of a running client
//! (`Seam::update_client_session_token`, JavaScript's
//! `updateClientSessionToken`): the next request of every clone carries the
//! new token, concurrent calls never mix two tokens, and clients with other
//! credentials refuse it.

mod runtime_common;

use std::time::Duration;

use runtime_common::{Reply, Server, READ};
use seam_sdk::{Error, Seam};
use serde_json::{json, Value};

fn thing() -> Reply {
    Reply::ok(json!({"ok": true, "thing": 1}))
}

fn tokens(server: &Server) -> Vec<(String, String)> {
    server
        .requests()
        .iter()
        .map(|r| {
            (
                r.header("authorization").unwrap_or_default().to_owned(),
                r.header("client-session-token")
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect()
}

fn pair(token: &str) -> (String, String) {
    (format!("Bearer {token}"), token.to_owned())
}

#[tokio::test]
async fn the_next_request_of_every_clone_carries_the_new_token() {
    let server = Server::start(|_, _| thing()).await;
    let seam = Seam::builder()
        .client_session_token("seam_cst_old")
        .endpoint(&server.url)
        .build()
        .unwrap();
    let clone = seam.clone();
    let _: Value = seam.call(&READ, &json!({})).await.unwrap();
    clone.update_client_session_token("seam_cst_new").unwrap();
    let _: Value = seam.call(&READ, &json!({})).await.unwrap();
    let _: Value = clone.call(&READ, &json!({})).await.unwrap();
    assert_eq!(
        tokens(&server),
        [
            pair("seam_cst_old"),
            pair("seam_cst_new"),
            pair("seam_cst_new")
        ]
    );
    assert!(!format!("{seam:?}").contains("seam_cst_new"));
}

#[tokio::test]
async fn a_request_on_the_wire_finishes_and_its_retry_sends_the_new_token() {
    // The first attempt stalls then fails with 503; the swap happens while it
    // is on the wire; the retry carries the new token.
    let server = Server::start(|i, _| match i {
        0 => Reply::Slow(
            Duration::from_millis(300),
            Box::new(Reply::with(503, &[], "text/plain", "busy")),
        ),
        _ => thing(),
    })
    .await;
    let seam = Seam::builder()
        .client_session_token("seam_cst_old")
        .endpoint(&server.url)
        .build()
        .unwrap();
    let call = {
        let seam = seam.clone();
        tokio::spawn(async move { seam.call::<Value>(&READ, &json!({})).await })
    };
    while server.attempts() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    seam.update_client_session_token("seam_cst_new").unwrap();
    call.await.unwrap().unwrap();
    assert_eq!(
        tokens(&server),
        [pair("seam_cst_old"), pair("seam_cst_new")]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_never_mix_two_tokens() {
    let server = Server::start(|_, _| thing()).await;
    let seam = Seam::builder()
        .client_session_token("seam_cst_0")
        .endpoint(&server.url)
        .build()
        .unwrap();
    let callers: Vec<_> = (0..8)
        .map(|_| {
            let seam = seam.clone();
            tokio::spawn(async move {
                for _ in 0..10 {
                    let _: Value = seam.call(&READ, &json!({})).await.unwrap();
                }
            })
        })
        .collect();
    for n in 1..=20 {
        seam.update_client_session_token(format!("seam_cst_{n}"))
            .unwrap();
        tokio::task::yield_now().await;
    }
    for caller in callers {
        caller.await.unwrap();
    }
    let seen = tokens(&server);
    assert_eq!(seen.len(), 80);
    for (authorization, token) in seen {
        assert_eq!(authorization, format!("Bearer {token}"));
    }
    let _: Value = seam.call(&READ, &json!({})).await.unwrap();
    assert_eq!(tokens(&server).last(), Some(&pair("seam_cst_20")));
}

#[tokio::test]
async fn a_client_from_a_publishable_key_can_swap_its_token() {
    let server = Server::start(|_, r| match r.path() {
        "/client_sessions/get_or_create" => Reply::ok(json!({
            "ok": true,
            "client_session": {"client_session_id": "cs1", "token": "seam_cst_first"}
        })),
        _ => thing(),
    })
    .await;
    let seam = Seam::builder()
        .endpoint(&server.url)
        .build_with_publishable_key("seam_pk_pub", "user-1")
        .await
        .unwrap();
    seam.update_client_session_token("seam_cst_second").unwrap();
    let _: Value = seam.call(&READ, &json!({})).await.unwrap();
    assert_eq!(tokens(&server)[1], pair("seam_cst_second"));
}

#[tokio::test]
async fn other_credentials_and_other_tokens_are_refused() {
    let server = Server::start(|_, _| thing()).await;
    let api_key = Seam::builder()
        .api_key("seam_apikey_k")
        .endpoint(&server.url)
        .build()
        .unwrap();
    let err = api_key
        .update_client_session_token("seam_cst_new5ecret")
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert!(err.to_string().contains("client session token"), "{err}");
    assert!(!err.to_string().contains("new5ecret"), "{err}");

    let seam = Seam::builder()
        .client_session_token("seam_cst_old")
        .endpoint(&server.url)
        .build()
        .unwrap();
    let err = seam
        .update_client_session_token("seam_apikey_5ecret")
        .unwrap_err();
    assert!(err.to_string().contains("Seam::new"), "{err}");
    assert!(!err.to_string().contains("5ecret"), "{err}");
    // Nothing changed.
    let _: Value = seam.call(&READ, &json!({})).await.unwrap();
    let _: Value = api_key.call(&READ, &json!({})).await.unwrap();
    let seen = tokens(&server);
    assert_eq!(seen[0], pair("seam_cst_old"));
    assert_eq!(seen[1].0, "Bearer seam_apikey_k");
}
