//! The runtime through generated methods, against the fake Seam server:
//! auth modes, pagination, action attempts, webhook events.
#![cfg(all(
    feature = "connected_accounts",
    feature = "devices",
    feature = "events",
    feature = "locks",
    feature = "workspaces"
))]

mod support;

use std::collections::HashSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use seam_sdk::runtime::{HttpMethod, ResponseShape, Route};
use seam_sdk::types::{
    ActionAttempt, ConnectedAccountsGetRequest, DevicesListRequest, EventsListRequest,
    LocksUnlockDoorRequest,
};
use seam_sdk::webhooks::{self, Webhook};
use seam_sdk::{Error, Seam, WaitOptions};
use serde_json::Value;
use support::{seed, FakeSeam};

fn client(fake: &FakeSeam) -> Seam {
    Seam::builder()
        .api_key(seed::API_KEY)
        .endpoint(fake.endpoint())
        .build()
        .expect("client")
}

#[tokio::test]
async fn each_auth_mode_the_fake_supports() {
    let fake = FakeSeam::start();
    let endpoint = fake.endpoint();
    let john =
        || ConnectedAccountsGetRequest::connected_account_id(seed::JOHN_CONNECTED_ACCOUNT_ID);

    // API key.
    let account = client(&fake).connected_accounts().get(john()).await;
    assert!(account.is_ok(), "{account:?}\n{}", fake.log());

    // Personal access token in a workspace.
    let seam = Seam::builder()
        .personal_access_token(seed::PERSONAL_ACCESS_TOKEN, seed::WORKSPACE_ID)
        .endpoint(&endpoint)
        .build()
        .unwrap();
    let account = seam.connected_accounts().get(john()).await;
    assert!(account.is_ok(), "{account:?}\n{}", fake.log());

    // Personal access token without a workspace, on a workspace-less route.
    let seam = Seam::builder()
        .personal_access_token_without_workspace(seed::PERSONAL_ACCESS_TOKEN)
        .endpoint(&endpoint)
        .build()
        .unwrap();
    let workspaces = seam.workspaces().list().await.unwrap();
    assert!(!workspaces.is_empty());

    // Client session token.
    let seam = Seam::builder()
        .client_session_token(seed::CLIENT_SESSION_TOKEN)
        .endpoint(&endpoint)
        .build()
        .unwrap();
    let devices = seam.devices().list(DevicesListRequest::new()).await;
    assert!(devices.is_ok(), "{devices:?}\n{}", fake.log());

    // Publishable key + user identifier key: a client session is obtained.
    let seam = Seam::builder()
        .endpoint(&endpoint)
        .build_with_publishable_key(seed::PUBLISHABLE_KEY, seed::USER_IDENTIFIER_KEY)
        .await
        .unwrap();
    let devices = seam.devices().list(DevicesListRequest::new()).await;
    assert!(devices.is_ok(), "{devices:?}\n{}", fake.log());

    // A wrong key is refused by the server. (Not on `connected_accounts/get`:
    // there the fake answers 400 `invalid_client_session_token`, the error of
    // the last auth mode it tried.)
    let seam = Seam::builder()
        .api_key("seam_apikey9_wrong")
        .endpoint(&endpoint)
        .build()
        .unwrap();
    let err = seam
        .devices()
        .list(DevicesListRequest::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert!(!err.to_string().contains("seam_apikey9_wrong"));
}

#[tokio::test]
async fn device_stream_with_a_small_limit_visits_every_device_once() {
    let fake = FakeSeam::start();
    let seam = client(&fake);
    let all: HashSet<String> = seam
        .devices()
        .list(DevicesListRequest::new())
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.device_id)
        .collect();
    assert!(all.len() > 2, "the seed has several devices: {all:?}");

    let streamed: Vec<String> = seam
        .devices()
        .list(DevicesListRequest::new().limit(1.0))
        .stream()
        .map(|d| d.expect("a device").device_id)
        .collect()
        .await;
    let unique: HashSet<String> = streamed.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        streamed.len(),
        "a device came twice: {streamed:?}"
    );
    assert_eq!(unique, all);

    let first = seam
        .devices()
        .list(DevicesListRequest::new().limit(1.0))
        .first_page()
        .await
        .unwrap();
    assert_eq!(first.items().len(), 1);
    assert!(first.has_next_page());
}

/// `POST /locks/unlock_door` decoded as JSON, so that the runtime's waiting is
/// tested apart from the generated `ActionAttempt` type.
const UNLOCK_DOOR: Route = Route {
    method: HttpMethod::Post,
    path: "/locks/unlock_door",
    path_params: &[],
    query_params: &[],
    response: ResponseShape::Key("action_attempt"),
    idempotent: false,
    body: seam_sdk::runtime::BodyEncoding::Json,
};

#[tokio::test]
async fn unlock_door_waits_for_success_untyped() {
    let fake = FakeSeam::start();
    let seam = client(&fake);
    let body = serde_json::json!({"device_id": seed::AUGUST_DEVICE_1});
    let pending: Value = seam
        .call_action_attempt(&UNLOCK_DOOR, &body)
        .wait(false)
        .await
        .unwrap();
    assert_eq!(pending["status"], "pending");
    let done: Value = seam.call_action_attempt(&UNLOCK_DOOR, &body).await.unwrap();
    assert_eq!(done["status"], "success", "{done}");
    assert_eq!(done["action_type"], "UNLOCK_DOOR");
}

#[tokio::test]
async fn unlock_door_waits_for_success() {
    let fake = FakeSeam::start();
    let seam = client(&fake);
    let attempt: ActionAttempt = seam
        .locks()
        .unlock_door(LocksUnlockDoorRequest::new(seed::AUGUST_DEVICE_1))
        .await
        .unwrap();
    assert_eq!(attempt.status(), Some("success"), "{attempt:?}");

    let pending = seam
        .locks()
        .unlock_door(LocksUnlockDoorRequest::new(seed::AUGUST_DEVICE_1))
        .wait(false)
        .await
        .unwrap();
    assert_eq!(pending.status(), Some("pending"), "{pending:?}");
}

#[tokio::test]
async fn failed_action_attempt_is_an_error() {
    let fake = FakeSeam::start();
    let seam = client(&fake);
    let pending: Value = seam
        .call_action_attempt(
            &UNLOCK_DOOR,
            &serde_json::json!({"device_id": seed::AUGUST_DEVICE_1}),
        )
        .wait(false)
        .await
        .unwrap();
    let id = pending["action_attempt_id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let response = reqwest::Client::new()
        .post(format!("{}/_fake/update_action_attempt", fake.endpoint()))
        .header("content-type", "application/json")
        .body(
            serde_json::json!({
                "action_attempt_id": id, "status": "error",
                "error": {"type": "lock_jammed", "message": "The lock is jammed"}
            })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", fake.log());

    let err = seam
        .wait_for_action_attempt::<Value>(&id)
        .wait_options(WaitOptions::default().poll_interval(Duration::from_millis(50)))
        .await
        .unwrap_err();
    let Error::ActionAttemptFailed(failed) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failed.action_attempt_id, id);
    assert_eq!(failed.error_type.as_deref(), Some("lock_jammed"));
    assert_eq!(failed.message.as_deref(), Some("The lock is jammed"));
}

#[tokio::test]
async fn a_signed_event_from_the_fake_verifies_into_a_typed_event() {
    let fake = FakeSeam::start();
    let seam = client(&fake);
    seam.locks()
        .unlock_door(LocksUnlockDoorRequest::new(seed::AUGUST_DEVICE_1))
        .wait(false)
        .await
        .unwrap();
    let events = seam
        .events()
        .list(EventsListRequest::new().since("2000-01-01T00:00:00.000Z"))
        .await
        .unwrap();
    let event = events.first().expect("an event after unlocking");
    let payload = serde_json::to_vec(event).unwrap();

    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signature = webhooks::sign(secret, "msg_1", now, &payload).unwrap();
    let headers = [
        ("webhook-id", "msg_1".to_owned()),
        ("webhook-timestamp", now.to_string()),
        ("webhook-signature", signature),
    ];
    let verified = Webhook::new(secret)
        .unwrap()
        .verify_event(&payload, &headers)
        .unwrap();
    assert_eq!(&verified, event);
}
