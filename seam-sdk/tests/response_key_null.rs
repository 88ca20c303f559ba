//! Operations whose spec says `x-response-key: null` (the operation returns nothing the caller
//! may count on) while its 200 schema still names a value: each succeeds on the bare
//! `{"ok": true}` that Seam's docs show, with `None`, and on a response that carries the value,
//! with `Some(…)`. An action attempt is waited on only when one came back. And a 2xx whose body
//! does not decode says the request was accepted, and is never retried.
//!
//! Against a scripted loopback server (`runtime_common`), which answers exactly what each
//! case needs; `every_such_operation_is_covered` ties the list here to the spec.

mod runtime_common;

use std::time::Duration;

use runtime_common::{Reply, Server};
use seam_sdk::types::{
    AccessCodesDeleteRequest, AccessCodesUnmanagedDeleteRequest, AccessCodesUpdateRequest,
    AcsCredentialsAssignRequest, AcsCredentialsUnassignRequest, AcsCredentialsUpdateRequest,
    ClientSessionsGrantAccessRequest, ConnectedAccountsUpdateRequest,
    NoiseSensorsNoiseThresholdsDeleteRequest, NoiseSensorsNoiseThresholdsUpdateRequest,
};
use seam_sdk::{Error, RetryPolicy, WaitOptions};
use serde_json::{json, Value};

/// The routes of the operations below, as the spec lists them.
const COVERED: &[&str] = &[
    "/access_codes/delete",
    "/access_codes/unmanaged/delete",
    "/access_codes/update",
    "/acs/credentials/assign",
    "/acs/credentials/unassign",
    "/acs/credentials/update",
    "/client_sessions/grant_access",
    "/connected_accounts/update",
    "/noise_sensors/noise_thresholds/delete",
    "/noise_sensors/noise_thresholds/update",
    "/seam/console/v1/organizations/members/add",
    "/seam/customer/v1/automations/get",
    "/seam/customer/v1/customers/me",
];

#[test]
fn every_such_operation_is_covered() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.json");
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("spec")).expect("spec is JSON");
    let mut found: Vec<&str> = Vec::new();
    for (route, item) in spec["paths"].as_object().expect("paths") {
        let Some(op) = item.get("post").or_else(|| item.get("get")) else {
            continue;
        };
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        let names_a_value = schema["properties"]
            .as_object()
            .is_some_and(|p| p.keys().any(|k| k != "ok" && k != "pagination"));
        if op.get("x-response-key") == Some(&Value::Null) && names_a_value {
            found.push(route);
        }
    }
    found.sort_unstable();
    assert_eq!(found, COVERED, "add a case below for each new one");
}

/// What came back, checked field by field (objects within objects too): every field sent comes
/// back as sent; the fields the server left out read as their zero values, not checked here.
fn assert_carries(got: &impl serde::Serialize, sent: &Value) {
    fn carries(got: &Value, sent: &Value) -> bool {
        match sent {
            Value::Object(fields) => fields.iter().all(|(k, v)| carries(&got[k], v)),
            _ => got == sent,
        }
    }
    let got = serde_json::to_value(got).expect("serializes");
    assert!(carries(&got, sent), "{sent} in {got}");
}

/// One operation, answered twice: `{"ok": true}` alone gives `None`, and the value beside it
/// gives `Some` of it. Each answer is the only request the server sees.
macro_rules! keyed {
    ($test:ident, $route:literal, $key:literal, $value:expr, |$seam:ident| $call:expr) => {
        #[tokio::test]
        async fn $test() {
            let server = Server::start(|_, _| Reply::ok(json!({"ok": true}))).await;
            let $seam = server.client();
            let got = $call.await.expect("`{\"ok\": true}` is a success");
            assert!(got.is_none(), "nothing came back: {got:?}");
            assert_eq!(server.requests()[0].path(), $route);
            assert_eq!(server.attempts(), 1);

            let value: Value = $value;
            let answer = json!({"ok": true, $key: value.clone()});
            let server = Server::start(move |_, _| Reply::ok(answer.clone())).await;
            let $seam = server.client();
            let got = $call.await.expect("a success with the value");
            assert_carries(&got.expect("the value is returned when sent"), &value);
            assert_eq!(server.requests()[0].path(), $route);
            assert_eq!(server.attempts(), 1, "a finished attempt is not polled");
        }
    };
}

keyed!(
    connected_accounts_update,
    "/connected_accounts/update",
    "connected_account",
    json!({"connected_account_id": "ca_1", "display_name": "John", "automatically_manage_new_devices": true}),
    |seam| seam
        .connected_accounts()
        .update(ConnectedAccountsUpdateRequest::new("ca_1").automatically_manage_new_devices(true))
);

keyed!(
    acs_credentials_assign,
    "/acs/credentials/assign",
    "acs_credential",
    json!({"acs_credential_id": "cred_1", "acs_user_id": "user_1"}),
    |seam| seam
        .acs()
        .credentials()
        .assign(AcsCredentialsAssignRequest::new("cred_1").acs_user_id("user_1"))
);

keyed!(
    acs_credentials_unassign,
    "/acs/credentials/unassign",
    "acs_credential",
    json!({"acs_credential_id": "cred_1"}),
    |seam| seam
        .acs()
        .credentials()
        .unassign(AcsCredentialsUnassignRequest::new("cred_1").acs_user_id("user_1"))
);

keyed!(
    acs_credentials_update,
    "/acs/credentials/update",
    "acs_credential",
    json!({"acs_credential_id": "cred_1", "code": "1234"}),
    |seam| seam
        .acs()
        .credentials()
        .update(AcsCredentialsUpdateRequest::new("cred_1").code("1234"))
);

keyed!(
    client_sessions_grant_access,
    "/client_sessions/grant_access",
    "client_session",
    json!({"client_session_id": "cs_1", "user_identifier_key": "user-42"}),
    |seam| seam
        .client_sessions()
        .grant_access(ClientSessionsGrantAccessRequest::new().client_session_id("cs_1"))
);

/// A finished attempt of `action_type`, as Seam returns it.
fn succeeded(action_type: &str) -> Value {
    json!({"action_attempt_id": "aa_1", "action_type": action_type, "status": "success", "result": {}, "error": null})
}

keyed!(
    access_codes_delete,
    "/access_codes/delete",
    "action_attempt",
    succeeded("DELETE_ACCESS_CODE"),
    |seam| seam
        .access_codes()
        .delete(AccessCodesDeleteRequest::new("ac_1"))
);

keyed!(
    access_codes_unmanaged_delete,
    "/access_codes/unmanaged/delete",
    "action_attempt",
    succeeded("DELETE_ACCESS_CODE"),
    |seam| seam
        .access_codes()
        .unmanaged()
        .delete(AccessCodesUnmanagedDeleteRequest::new("ac_1"))
);

keyed!(
    access_codes_update,
    "/access_codes/update",
    "action_attempt",
    succeeded("UPDATE_ACCESS_CODE"),
    |seam| seam
        .access_codes()
        .update(AccessCodesUpdateRequest::new("ac_1").name("Front door"))
);

keyed!(
    noise_thresholds_delete,
    "/noise_sensors/noise_thresholds/delete",
    "action_attempt",
    succeeded("DELETE_NOISE_THRESHOLD"),
    |seam| seam.noise_sensors().noise_thresholds().delete(
        NoiseSensorsNoiseThresholdsDeleteRequest::new("dev_1", "nt_1")
    )
);

keyed!(
    noise_thresholds_update,
    "/noise_sensors/noise_thresholds/update",
    "action_attempt",
    succeeded("UPDATE_NOISE_THRESHOLD"),
    |seam| seam
        .noise_sensors()
        .noise_thresholds()
        .update(NoiseSensorsNoiseThresholdsUpdateRequest::new("dev_1", "nt_1").name("Quiet"))
);

/// An attempt that does come back pending is still waited on: polled until it finishes.
#[tokio::test]
async fn a_pending_attempt_that_came_back_is_waited_on() {
    let server = Server::start(|i, _| {
        let status = if i == 0 { "pending" } else { "success" };
        Reply::ok(json!({"ok": true, "action_attempt": {
            "action_attempt_id": "aa_1", "action_type": "UPDATE_ACCESS_CODE", "status": status,
            "result": if i == 0 { Value::Null } else { json!({}) }, "error": null
        }}))
    })
    .await;
    let done = server
        .client()
        .access_codes()
        .update(AccessCodesUpdateRequest::new("ac_1").name("Front door"))
        .wait_options(WaitOptions::default().poll_interval(Duration::from_millis(10)))
        .await
        .expect("the attempt finishes")
        .expect("an attempt came back");
    assert_carries(
        &done,
        &json!({"action_attempt_id": "aa_1", "status": "success"}),
    );
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(paths, ["/access_codes/update", "/action_attempts/get"]);
}

/// An attempt that fails is still an error, whether or not the spec promised one.
#[tokio::test]
async fn a_failed_attempt_that_came_back_is_an_error() {
    let server = Server::start(|_, _| {
        Reply::ok(json!({"ok": true, "action_attempt": {
            "action_attempt_id": "aa_1", "action_type": "DELETE_ACCESS_CODE", "status": "error",
            "result": null, "error": {"type": "access_code_not_found", "message": "gone"}
        }}))
    })
    .await;
    let err = server
        .client()
        .access_codes()
        .delete(AccessCodesDeleteRequest::new("ac_1"))
        .await
        .expect_err("a failed attempt");
    assert!(matches!(err, Error::ActionAttemptFailed(_)), "{err:?}");
    assert_eq!(err.error_type(), Some("access_code_not_found"));
}

/// The operations under `/seam/…` name several values: the whole body is returned, and a
/// bare `{"ok": true}` decodes as one with nothing in it (the zero-value rule of responses).
#[cfg(feature = "undocumented")]
mod whole_bodies {
    use super::*;
    use seam_sdk::types::{
        SeamConsoleV1OrganizationsMembersAddRequest, SeamCustomerV1AutomationsGetRequest,
    };

    macro_rules! whole {
        ($test:ident, $route:literal, $value:expr, |$seam:ident| $call:expr) => {
            #[tokio::test]
            async fn $test() {
                let server = Server::start(|_, _| Reply::ok(json!({"ok": true}))).await;
                let $seam = server.client();
                let got = $call.await.expect("`{\"ok\": true}` is a success");
                assert!(got.ok);
                assert_eq!(server.requests()[0].path(), $route);

                let value: Value = $value;
                let answer = value.clone();
                let server = Server::start(move |_, _| Reply::ok(answer.clone())).await;
                let $seam = server.client();
                let got = $call.await.expect("a success with the values");
                assert_carries(&got, &value);
            }
        };
    }

    whole!(
        organization_members_add,
        "/seam/console/v1/organizations/members/add",
        json!({"ok": true, "organization_member": {"organization_id": "org_1", "email": "a@example.com"}}),
        |seam| seam.seam().console().v1().organizations().members().add(
            SeamConsoleV1OrganizationsMembersAddRequest::new("a@example.com", "org_1")
        )
    );

    whole!(
        customer_automations_get,
        "/seam/customer/v1/automations/get",
        json!({"ok": true, "access_rules": {}}),
        |seam| seam
            .seam()
            .customer()
            .v1()
            .automations()
            .get(SeamCustomerV1AutomationsGetRequest::new())
    );

    whole!(
        customers_me,
        "/seam/customer/v1/customers/me",
        json!({"ok": true, "customer": {"customer_key": "cust_1"}}),
        |seam| seam.seam().customer().v1().customers().me()
    );
}

/// A 2xx whose body is not what the route returns: the server accepted the request, so the
/// error says so (route, status, request id), keeps the body, and the call is not repeated,
/// even under a policy that retries writes.
#[tokio::test]
async fn an_undecodable_success_is_accepted_and_never_retried() {
    let body = json!({"ok": true, "connected_account": "not an account"});
    let answer = body.clone();
    let server = Server::start(move |_, _| Reply::ok(answer.clone())).await;
    let err = server
        .client()
        .connected_accounts()
        .update(ConnectedAccountsUpdateRequest::new("ca_1").display_name("x"))
        .retry_policy(RetryPolicy::default().retry_non_idempotent(true))
        .await
        .expect_err("not an account");
    assert_eq!(server.attempts(), 1, "never retried");
    assert!(err.is_accepted(), "{err:?}");
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.request_id(), Some("req-200"));
    let message = err.to_string();
    for part in [
        "POST /connected_accounts/update accepted the request (HTTP 200, request id req-200)",
        "at `connected_account`",
        "must not be assumed to have failed",
    ] {
        assert!(message.contains(part), "{part:?} in {message}");
    }
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.body_json(), Some(body));
}

/// The same on a route that is safe to repeat: a decode failure is not a reason to send again.
#[tokio::test]
async fn an_undecodable_success_of_a_read_is_not_retried_either() {
    let server = Server::start(|_, _| Reply::ok(json!({"ok": true, "connected_account": 7}))).await;
    let err = server
        .client()
        .connected_accounts()
        .get(seam_sdk::types::ConnectedAccountsGetRequest::connected_account_id("ca_1"))
        .retry_policy(RetryPolicy::default().max_retries(4))
        .await
        .expect_err("7 is not an account");
    assert_eq!(server.attempts(), 1);
    assert!(err.is_accepted(), "{err:?}");
}
