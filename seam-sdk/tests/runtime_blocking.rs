//! The blocking client drives the async one on its own runtime.
#![cfg(feature = "blocking")]

mod runtime_common;

use runtime_common::{Reply, Server, API_KEY, READ};
use serde_json::{json, Value};

#[test]
fn blocking_client_sends_and_retries() {
    // The server runs on a runtime of its own, on worker threads.
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let server = server_runtime.block_on(Server::start(|i, _| match i {
        0 => Reply::error(503, "unavailable", "busy"),
        _ => Reply::ok(json!({"thing": {"id": "t1"}})),
    }));
    let async_client = seam_sdk::Seam::builder()
        .api_key(API_KEY)
        .endpoint(&server.url)
        .build()
        .unwrap();
    let seam = seam_sdk::blocking::Seam::from_async(async_client).unwrap();
    let value: Value = seam
        .block_on(seam.as_async().call(&READ, &json!({})))
        .unwrap();
    assert_eq!(value["id"], "t1");
    assert_eq!(server.attempts(), 2);
    // A second call reuses the runtime (and its connection pool).
    let _: Value = seam
        .block_on(seam.as_async().call(&READ, &json!({})))
        .unwrap();
    assert_eq!(server.attempts(), 3);
    assert!(!format!("{seam:?}").contains(API_KEY));
}

/// The blocking tree returns what the async one does: `{"ok": true}` alone is `None` for the
/// routes whose spec promises nothing back (`x-response-key: null`), and no attempt is polled.
#[test]
fn blocking_calls_take_ok_alone_as_none() {
    use seam_sdk::types::{AccessCodesDeleteRequest, ConnectedAccountsUpdateRequest};

    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let server = server_runtime.block_on(Server::start(|_, _| Reply::ok(json!({"ok": true}))));
    let async_client = seam_sdk::Seam::builder()
        .api_key(API_KEY)
        .endpoint(&server.url)
        .build()
        .unwrap();
    let seam = seam_sdk::blocking::Seam::from_async(async_client).unwrap();
    let updated = seam
        .connected_accounts()
        .update(ConnectedAccountsUpdateRequest::new("ca_1").display_name("x"))
        .expect("`{\"ok\": true}` is a success");
    assert!(updated.is_none());
    let attempt = seam
        .access_codes()
        .delete(AccessCodesDeleteRequest::new("ac_1"))
        .expect("`{\"ok\": true}` is a success");
    assert!(attempt.is_none());
    assert_eq!(server.attempts(), 2, "nothing polled");
}

mod support;

/// The blocking client has the same method tree: plain calls return results, paginated routes
/// iterate over every item, action attempts are waited for.
#[test]
fn blocking_method_tree_against_the_fake() {
    use seam_sdk::types::{
        ConnectedAccountsGetRequest, DevicesListRequest, LocksUnlockDoorRequest,
    };
    use support::{seed, FakeSeam};

    let fake = FakeSeam::start();
    let async_client = seam_sdk::Seam::builder()
        .api_key(seed::API_KEY)
        .endpoint(fake.endpoint())
        .build()
        .unwrap();
    let seam = seam_sdk::blocking::Seam::from_async(async_client).unwrap();

    let account = seam
        .connected_accounts()
        .get(ConnectedAccountsGetRequest::connected_account_id(
            seed::JOHN_CONNECTED_ACCOUNT_ID,
        ))
        .expect("get");
    assert_eq!(
        account.connected_account_id,
        seed::JOHN_CONNECTED_ACCOUNT_ID
    );

    let ids: Vec<String> = seam
        .devices()
        .list(DevicesListRequest::new().limit(1))
        .map(|d| d.map(|d| d.device_id))
        .collect::<Result<_, _>>()
        .expect("every page");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert!(ids.len() > 1, "several pages of one device: {ids:?}");
    assert_eq!(unique.len(), ids.len(), "each device once: {ids:?}");

    let attempt = seam
        .locks()
        .unlock_door(LocksUnlockDoorRequest::new(seed::AUGUST_DEVICE_1))
        .expect("unlock");
    assert_eq!(attempt.status(), Some("success"));
}

#[test]
fn blocking_client_has_every_constructor_of_the_async_one() {
    let pat =
        seam_sdk::blocking::Seam::from_personal_access_token_without_workspace("seam_at_5ecret")
            .unwrap();
    let debug = format!("{pat:?}");
    assert!(
        debug.contains("personal access token (no workspace)"),
        "{debug}"
    );
    assert!(!debug.contains("5ecret"), "{debug}");
    let cst = seam_sdk::blocking::Seam::from_console_session_token_without_workspace("eyJ5ecret")
        .unwrap();
    let debug = format!("{cst:?}");
    assert!(
        debug.contains("console session token (no workspace)"),
        "{debug}"
    );
    assert!(!debug.contains("5ecret"), "{debug}");
    // Each refuses a token of another kind, naming the right constructor.
    let err = seam_sdk::blocking::Seam::from_personal_access_token_without_workspace("seam_cst_x")
        .unwrap_err();
    assert!(
        err.to_string().contains("from_client_session_token"),
        "{err}"
    );
    let err = seam_sdk::blocking::Seam::from_console_session_token_without_workspace("seam_at_x")
        .unwrap_err();
    assert!(
        err.to_string().contains("from_personal_access_token"),
        "{err}"
    );
}

#[test]
fn blocking_client_swaps_its_client_session_token() {
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let server = server_runtime.block_on(Server::start(|_, _| {
        Reply::ok(json!({"thing": {"id": "t1"}}))
    }));
    let async_client = seam_sdk::Seam::builder()
        .client_session_token("seam_cst_old")
        .endpoint(&server.url)
        .build()
        .unwrap();
    let seam = seam_sdk::blocking::Seam::from_async(async_client).unwrap();
    let _: Value = seam
        .block_on(seam.as_async().call(&READ, &json!({})))
        .unwrap();
    seam.update_client_session_token("seam_cst_new").unwrap();
    let _: Value = seam
        .block_on(seam.as_async().call(&READ, &json!({})))
        .unwrap();
    let tokens: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("client-session-token").map(str::to_owned))
        .collect();
    assert_eq!(
        tokens,
        [
            Some("seam_cst_old".to_owned()),
            Some("seam_cst_new".to_owned())
        ]
    );
}
