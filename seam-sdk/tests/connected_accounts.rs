//! The flagship endpoint end to end: `connected_accounts().update(…)` and `get(…)` against
//! Seam's own fake server, and the update request as it goes over the wire.

mod runtime_common;
mod support;

use seam_sdk::types::{
    AcceptedCapability, ConnectedAccount, ConnectedAccountError, ConnectedAccountsGetRequest,
    ConnectedAccountsUpdateRequest, CustomMetadataValue,
};
use seam_sdk::{Error, Seam};
use serde_json::json;
use support::{seed, FakeSeam};

fn client(fake: &FakeSeam, key: &str) -> Seam {
    Seam::builder()
        .api_key(key)
        .endpoint(fake.endpoint())
        .build()
        .expect("client")
}

#[tokio::test]
async fn update_then_read_back() {
    let fake = FakeSeam::start();
    let seam = client(&fake, seed::API_KEY);

    let updated: ConnectedAccount = seam
        .connected_accounts()
        .update(
            ConnectedAccountsUpdateRequest::new(seed::JOHN_CONNECTED_ACCOUNT_ID)
                .automatically_manage_new_devices(false)
                .custom_metadata([
                    ("internal_account_id", CustomMetadataValue::from("user-1")),
                    ("vip", true.into()),
                ]),
        )
        .await
        .expect("update")
        // The spec promises nothing back (`x-response-key: null`); the fake sends the account.
        .expect("the fake returns the updated account");
    assert_eq!(
        updated.connected_account_id,
        seed::JOHN_CONNECTED_ACCOUNT_ID
    );
    assert!(!updated.automatically_manage_new_devices);

    let account = seam
        .connected_accounts()
        .get(ConnectedAccountsGetRequest::connected_account_id(
            seed::JOHN_CONNECTED_ACCOUNT_ID,
        ))
        .await
        .expect("get");
    assert!(!account.automatically_manage_new_devices);
    let metadata = serde_json::to_value(&account.custom_metadata).expect("serializes");
    assert_eq!(metadata["internal_account_id"], "user-1");
    assert_eq!(metadata["vip"], true);

    // The other form of the `get` request: by email.
    let by_email = seam
        .connected_accounts()
        .get(ConnectedAccountsGetRequest::email(seed::JOHN_EMAIL))
        .await
        .expect("get by email");
    assert_eq!(
        by_email.connected_account_id,
        seed::JOHN_CONNECTED_ACCOUNT_ID
    );
}

#[tokio::test]
async fn unknown_account_is_a_typed_api_error_with_request_id() {
    let fake = FakeSeam::start();
    let seam = client(&fake, seed::API_KEY);
    let err = seam
        .connected_accounts()
        .update(
            ConnectedAccountsUpdateRequest::new("no_such_account")
                .automatically_manage_new_devices(true),
        )
        .await
        .expect_err("unknown id");
    assert_eq!(
        err.error_type(),
        Some("connected_account_not_found"),
        "{err}"
    );
    assert_eq!(err.status(), Some(404), "{err}");
    assert!(err.request_id().is_some_and(|id| !id.is_empty()), "{err:?}");
    assert!(matches!(err, Error::Api(_)), "{err:?}");
}

#[tokio::test]
async fn wrong_api_key_is_unauthorized() {
    let fake = FakeSeam::start();
    let seam = client(&fake, "seam_apikey_wrong");
    let err = seam
        .connected_accounts()
        .update(
            ConnectedAccountsUpdateRequest::new(seed::JOHN_CONNECTED_ACCOUNT_ID).display_name("x"),
        )
        .await
        .expect_err("wrong key");
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert_eq!(err.status(), Some(401));
    assert!(
        !format!("{err} {err:?}").contains("seam_apikey_wrong"),
        "the key never shows in errors"
    );
}

#[tokio::test]
async fn metadata_key_over_40_characters_is_invalid_input() {
    let fake = FakeSeam::start();
    let seam = client(&fake, seed::API_KEY);
    let long_key = "k".repeat(41);
    let err = seam
        .connected_accounts()
        .update(
            ConnectedAccountsUpdateRequest::new(seed::JOHN_CONNECTED_ACCOUNT_ID)
                .custom_metadata([(long_key.as_str(), CustomMetadataValue::from("v"))]),
        )
        // Past the SDK's own check (tests/validation.rs), to the server's.
        .validate(false)
        .await
        .expect_err("key too long");
    let Error::InvalidInput(invalid) = &err else {
        panic!("expected invalid_input, got {err:?}")
    };
    assert_eq!(err.error_type(), Some("invalid_input"));
    let messages = invalid.field_errors("custom_metadata");
    assert!(
        !messages.is_empty(),
        "validation errors for custom_metadata: {:?}",
        invalid.validation_errors
    );
    assert!(invalid
        .validation_errors
        .as_ref()
        .is_some_and(|v| v["custom_metadata"].get(&long_key).is_some()));
}

/// Clearing metadata sends an explicit empty object; "leave unchanged" sends nothing. The fake
/// merges metadata instead of replacing it, so this is checked on the wire.
#[tokio::test]
async fn clearing_and_leaving_metadata_on_the_wire() {
    use runtime_common::{Reply, Server};
    let account = json!({
        "connected_account_id": "ca_1", "account_type_display_name": "August", "display_name": "a",
        "automatically_manage_new_devices": true, "custom_metadata": {}, "accepted_capabilities": []
    });
    let server = Server::start(move |_, _| {
        Reply::ok(json!({"ok": true, "connected_account": account.clone()}))
    })
    .await;
    let seam = server.client();
    seam.connected_accounts()
        .update(
            ConnectedAccountsUpdateRequest::new("ca_1")
                .custom_metadata(Vec::<(String, CustomMetadataValue)>::new()),
        )
        .await
        .expect("clear");
    seam.connected_accounts()
        .update(ConnectedAccountsUpdateRequest::new("ca_1"))
        .await
        .expect("unchanged");
    let requests = server.requests();
    assert_eq!(requests[0].path(), "/connected_accounts/update");
    assert_eq!(
        requests[0].json(),
        json!({"connected_account_id": "ca_1", "custom_metadata": {}})
    );
    assert_eq!(requests[1].json(), json!({"connected_account_id": "ca_1"}));
    assert_eq!(requests[0].method, "POST");
}

#[test]
fn accepted_capabilities_and_null_metadata_values_serialize() {
    let mut request = ConnectedAccountsUpdateRequest::new("ca_1")
        .accepted_capabilities([
            AcceptedCapability::Lock,
            AcceptedCapability::from("doorbell"),
        ])
        .customer_key("cust_1");
    request.custom_metadata = Some([("gone".to_owned(), None)].into_iter().collect());
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        json!({
            "connected_account_id": "ca_1",
            "accepted_capabilities": ["lock", "doorbell"],
            "custom_metadata": {"gone": null},
            "customer_key": "cust_1"
        })
    );
}

#[test]
fn connected_account_with_unknown_values_decodes() {
    let body = json!({
        "connected_account_id": "ca_1",
        "account_type_display_name": "August",
        "display_name": "John's August",
        "automatically_manage_new_devices": true,
        "accepted_capabilities": ["lock", "teleporter"],
        "custom_metadata": {"a": "b", "c": false},
        "errors": [
            {"error_code": "account_disconnected", "message": "gone", "created_at": "2025-01-01T00:00:00Z"},
            {"error_code": "brand_new_error", "message": "?", "created_at": "2026-11-01T00:00:00Z", "extra": [1, 2]}
        ],
        "warnings": [],
        "a_field_from_the_future": {"x": 1}
    });
    let account: ConnectedAccount = serde_json::from_value(body).expect("decodes");
    assert_eq!(
        account.accepted_capabilities[1],
        AcceptedCapability::Unknown("teleporter".into())
    );
    assert_eq!(account.accepted_capabilities[1].as_str(), "teleporter");
    assert!(matches!(
        account.errors[0],
        ConnectedAccountError::AccountDisconnected(_)
    ));
    let ConnectedAccountError::Unknown(raw) = &account.errors[1] else {
        panic!("{:?}", account.errors[1])
    };
    assert_eq!(raw["extra"], json!([1, 2]));
    assert_eq!(account.errors[1].error_code(), Some("brand_new_error"));
    // Unknown values survive a round trip.
    let again = serde_json::to_value(&account).expect("serializes");
    assert_eq!(again["accepted_capabilities"][1], "teleporter");
    assert_eq!(again["errors"][1]["error_code"], "brand_new_error");
    assert_eq!(again["errors"][0]["error_code"], "account_disconnected");
}

#[test]
fn required_lists_a_server_leaves_out_decode_empty() {
    // The fake omits `errors` and `warnings`; required lists default to empty.
    let account: ConnectedAccount = serde_json::from_value(json!({
        "connected_account_id": "ca_1", "account_type_display_name": "August", "display_name": "x",
        "automatically_manage_new_devices": false
    }))
    .expect("decodes");
    assert!(
        account.errors.is_empty()
            && account.warnings.is_empty()
            && account.accepted_capabilities.is_empty()
    );
}
