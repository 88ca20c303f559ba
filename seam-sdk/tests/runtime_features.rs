//! Headers, credentials, pagination and action attempts against a scripted
//! loopback server (no generated code involved: routes are declared here).

mod runtime_common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use runtime_common::{Reply, Server, API_KEY, READ};
use seam_sdk::runtime::{HttpMethod, ResponseShape, Route};
use seam_sdk::{Error, PaginationProblem, Seam, WaitOptions};
use serde_json::{json, Value};

#[tokio::test]
async fn every_request_sends_the_sdk_headers_and_the_body() {
    let server = Server::start(|_, _| Reply::ok(json!({"thing": 1}))).await;
    let _: u32 = server
        .client()
        .call(&READ, &json!({"device_id": "d1", "flag": true}))
        .await
        .unwrap();
    let r = &server.requests()[0];
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/things/get");
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );
    assert_eq!(r.header("seam-sdk-name"), Some("seam-sdk-rust"));
    assert_eq!(r.header("seam-sdk-version"), Some(version));
    assert_eq!(
        r.header("user-agent"),
        Some(format!("seam-sdk-rust/{version}").as_str())
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.json(), json!({"device_id": "d1", "flag": true}));
}

#[tokio::test]
async fn get_routes_send_a_query_string() {
    const LIST: Route = Route {
        method: HttpMethod::Get,
        path: "/things/list",
        path_params: &[],
        query_params: &[],
        response: ResponseShape::Key("things"),
        idempotent: true,
        body: seam_sdk::runtime::BodyEncoding::Json,
    };
    let server = Server::start(|_, _| Reply::ok(json!({"things": []}))).await;
    let _: Vec<Value> = server
        .client()
        .call(&LIST, &json!({"limit": 2, "device_ids": ["a", "b c"]}))
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.target, "/things/list?device_ids=a&device_ids=b+c&limit=2");
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn credential_headers_per_mode() {
    let server = Server::start(|_, _| Reply::ok(json!({"thing": 1}))).await;
    let clients = [
        Seam::builder().client_session_token("seam_cst_tok"),
        Seam::builder().personal_access_token("seam_at_tok", "ws_1"),
        Seam::builder().console_session_token("eyJtok", "ws_2"),
        Seam::builder().personal_access_token_without_workspace("seam_at_tok2"),
    ];
    for builder in clients {
        let seam = builder.endpoint(&server.url).build().unwrap();
        let _: u32 = seam.call(&READ, &json!({})).await.unwrap();
    }
    let r = server.requests();
    assert_eq!(r[0].header("authorization"), Some("Bearer seam_cst_tok"));
    assert_eq!(r[0].header("client-session-token"), Some("seam_cst_tok"));
    assert_eq!(r[1].header("authorization"), Some("Bearer seam_at_tok"));
    assert_eq!(r[1].header("seam-workspace"), Some("ws_1"));
    assert_eq!(r[2].header("authorization"), Some("Bearer eyJtok"));
    assert_eq!(r[2].header("seam-workspace"), Some("ws_2"));
    assert_eq!(r[3].header("authorization"), Some("Bearer seam_at_tok2"));
    assert_eq!(r[3].header("seam-workspace"), None);
    assert_eq!(r[3].header("client-session-token"), None);
}

#[tokio::test]
async fn publishable_key_obtains_a_client_session() {
    let server = Server::start(|_, r| match r.path() {
        "/client_sessions/get_or_create" => Reply::ok(json!({
            "ok": true,
            "client_session": {"client_session_id": "cs1", "token": "seam_cst_fromserver", "user_identifier_key": "user-1"}
        })),
        _ => Reply::ok(json!({"thing": 1})),
    })
    .await;
    let seam = Seam::builder()
        .endpoint(&server.url)
        .build_with_publishable_key("seam_pk_pub", "user-1")
        .await
        .unwrap();
    let _: u32 = seam.call(&READ, &json!({})).await.unwrap();
    let r = server.requests();
    assert_eq!(r[0].path(), "/client_sessions/get_or_create");
    assert_eq!(r[0].header("seam-publishable-key"), Some("seam_pk_pub"));
    assert_eq!(r[0].header("authorization"), None);
    assert_eq!(r[0].json(), json!({"user_identifier_key": "user-1"}));
    assert_eq!(
        r[1].header("authorization"),
        Some("Bearer seam_cst_fromserver")
    );
    assert_eq!(
        r[1].header("client-session-token"),
        Some("seam_cst_fromserver")
    );
    assert!(!format!("{seam:?}").contains("fromserver"));
}

#[tokio::test]
async fn wrong_token_is_refused_before_any_request() {
    let server = Server::start(|_, _| Reply::ok(json!({}))).await;
    let err = Seam::builder()
        .endpoint(&server.url)
        .build_with_publishable_key("seam_apikey_x", "user-1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert!(err.to_string().contains("Seam::new"), "{err}");
    let err = Seam::from_personal_access_token("seam_cst_x", "ws").unwrap_err();
    assert!(
        err.to_string().contains("from_client_session_token"),
        "{err}"
    );
    assert_eq!(server.attempts(), 0);
}

const LIST: Route = Route {
    method: HttpMethod::Post,
    path: "/devices/list",
    path_params: &[],
    query_params: &[],
    response: ResponseShape::Key("devices"),
    idempotent: true,
    body: seam_sdk::runtime::BodyEncoding::Json,
};

/// Pages of `[0, 1]`, `[2, 3]`, `[4]` by cursor.
fn paged(_: usize, r: &runtime_common::Request) -> Reply {
    let body = r.json();
    let (items, next) = match body.get("page_cursor").and_then(Value::as_str) {
        None => (json!([0, 1]), json!("c2")),
        Some("c2") => (json!([2, 3]), json!("c3")),
        Some("c3") => (json!([4]), Value::Null),
        Some(other) => panic!("unexpected cursor {other}"),
    };
    Reply::ok(json!({
        "ok": true,
        "devices": items,
        "pagination": {"has_next_page": !next.is_null(), "next_page_cursor": next, "next_page_url": null}
    }))
}

#[tokio::test]
async fn awaiting_a_paginated_call_gives_the_first_page() {
    let server = Server::start(paged).await;
    let items: Vec<u32> = server
        .client()
        .call_paginated(&LIST, &json!({"limit": 2}))
        .await
        .unwrap();
    assert_eq!(items, vec![0, 1]);
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn pages_follow_the_cursor() {
    let server = Server::start(paged).await;
    let seam = server.client();
    let mut page = seam
        .call_paginated::<u32>(&LIST, &json!({"limit": 2}))
        .first_page()
        .await
        .unwrap();
    let mut all = page.items().to_vec();
    while page.has_next_page() {
        page = page.next_page().await.unwrap().expect("a next page");
        all.extend_from_slice(page.items());
    }
    assert_eq!(all, vec![0, 1, 2, 3, 4]);
    assert!(page.next_page().await.unwrap().is_none());
    let bodies: Vec<Value> = server.requests().iter().map(|r| r.json()).collect();
    assert_eq!(
        bodies,
        vec![
            json!({"limit": 2}),
            json!({"limit": 2, "page_cursor": "c2"}),
            json!({"limit": 2, "page_cursor": "c3"})
        ]
    );
}

#[tokio::test]
async fn stream_visits_every_item_once_and_lazily() {
    let server = Server::start(paged).await;
    let seam = server.client();
    let stream = seam
        .call_paginated::<u32>(&LIST, &json!({"limit": 2}))
        .stream();
    let mut stream = std::pin::pin!(stream);
    assert_eq!(
        server.attempts(),
        0,
        "nothing is fetched before the stream is read"
    );
    assert_eq!(stream.next().await.unwrap().unwrap(), 0);
    assert_eq!(server.attempts(), 1);
    let rest: Vec<u32> = stream.map(|r| r.unwrap()).collect().await;
    assert_eq!(rest, vec![1, 2, 3, 4]);
    assert_eq!(server.attempts(), 3);
}

/// The problem of a pagination error, or a panic naming what came instead.
fn pagination_problem(result: Result<impl std::fmt::Debug, Error>) -> PaginationProblem {
    match result {
        Err(Error::Pagination(e)) => {
            assert_eq!(e.route, "POST /devices/list");
            e.problem
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
}

#[tokio::test]
async fn stream_ends_with_an_error_when_the_server_repeats_a_cursor() {
    // Always the same page and the same cursor: a broken server.
    let server = Server::start(|_, _| {
        Reply::ok(json!({"devices": [7], "pagination": {"has_next_page": true, "next_page_cursor": "same"}}))
    })
    .await;
    let seam = server.client();
    let mut results: Vec<Result<u32, Error>> = seam
        .call_paginated::<u32>(&LIST, &json!({}))
        .stream()
        .collect()
        .await;
    let last = results.pop().expect("some results");
    let items: Vec<u32> = results.into_iter().map(Result::unwrap).collect();
    assert_eq!(items, vec![7, 7]);
    assert_eq!(
        pagination_problem(last),
        PaginationProblem::RepeatedCursor("same".into())
    );
    assert_eq!(server.attempts(), 2);
}

/// Cursors `a` → `b` → `a`: a cycle two pages long.
fn cycling(_: usize, r: &runtime_common::Request) -> Reply {
    let next = match r.json().get("page_cursor").and_then(Value::as_str) {
        None | Some("b") => "a",
        _ => "b",
    };
    Reply::ok(
        json!({"devices": [1], "pagination": {"has_next_page": true, "next_page_cursor": next}}),
    )
}

#[tokio::test]
async fn a_longer_cycle_of_cursors_is_an_error_too() {
    let server = Server::start(cycling).await;
    let seam = server.client();
    let results: Vec<Result<u32, Error>> = seam
        .call_paginated(&LIST, &json!({}))
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 4, "{results:?}");
    assert_eq!(
        pagination_problem(results.into_iter().last().unwrap()),
        PaginationProblem::RepeatedCursor("a".into())
    );
    assert_eq!(server.attempts(), 3);

    // Page by page, the same.
    let server = Server::start(cycling).await;
    let seam = server.client();
    let first = seam
        .call_paginated::<u32>(&LIST, &json!({}))
        .first_page()
        .await
        .unwrap();
    let second = first.next_page().await.unwrap().unwrap();
    // Asking twice from one page is not a cycle.
    let again = first.next_page().await.unwrap().unwrap();
    assert_eq!(again.items(), second.items());
    let third = second.next_page().await.unwrap().unwrap();
    assert!(third.has_next_page());
    assert_eq!(
        pagination_problem(third.next_page().await),
        PaginationProblem::RepeatedCursor("a".into())
    );
    assert_eq!(server.attempts(), 4);
}

#[tokio::test]
async fn a_next_page_without_a_cursor_is_an_error() {
    let server = Server::start(|_, r| {
        let body = r.json();
        let next = if body.get("page_cursor").is_none() {
            json!("c2")
        } else {
            Value::Null
        };
        Reply::ok(json!({"devices": [1, 2], "pagination": {"has_next_page": true, "next_page_cursor": next}}))
    })
    .await;
    let seam = server.client();
    let results: Vec<Result<u32, Error>> = seam
        .call_paginated(&LIST, &json!({}))
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 5, "{results:?}");
    assert!(results[..4].iter().all(Result::is_ok));
    assert_eq!(
        pagination_problem(results.into_iter().last().unwrap()),
        PaginationProblem::MissingCursor
    );
    assert_eq!(server.attempts(), 2);

    // The first page alone is fine; following it is not.
    let page = seam
        .call_paginated::<u32>(&LIST, &json!({}))
        .first_page()
        .await
        .unwrap()
        .next_page()
        .await
        .unwrap()
        .unwrap();
    assert!(page.has_next_page());
    let err = page.next_page().await.unwrap_err();
    let request_id = err.request_id().expect("the page's request id");
    assert_eq!(
        err.to_string(),
        format!(
            "POST /devices/list says there is a next page but gives no `next_page_cursor` \
             (request id {request_id})"
        )
    );
    assert_eq!(server.attempts(), 4);
}

#[tokio::test]
async fn stream_ends_with_an_error() {
    let server = Server::start(|i, r| match i {
        0 => paged(i, r),
        _ => Reply::error(400, "bad_cursor", "no"),
    })
    .await;
    let seam = server.client();
    let results: Vec<Result<u32, Error>> = seam
        .call_paginated(&LIST, &json!({}))
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(results[..2].iter().all(Result::is_ok));
    assert_eq!(
        results[2].as_ref().unwrap_err().error_type(),
        Some("bad_cursor")
    );
}

const UNLOCK: Route = Route {
    method: HttpMethod::Post,
    path: "/locks/unlock_door",
    path_params: &[],
    query_params: &[],
    response: ResponseShape::Key("action_attempt"),
    idempotent: false,
    body: seam_sdk::runtime::BodyEncoding::Json,
};

fn attempt(status: &str) -> Value {
    let error = if status == "error" {
        json!({"type": "lock_jammed", "message": "The lock is jammed"})
    } else {
        Value::Null
    };
    json!({"ok": true, "action_attempt": {
        "action_attempt_id": "aa1", "action_type": "UNLOCK_DOOR", "status": status,
        "result": if status == "success" { json!({}) } else { Value::Null }, "error": error
    }})
}

/// Pending for the first `pending` requests, then `last`.
fn attempts_server(
    pending: usize,
    last: &'static str,
) -> impl Fn(usize, &runtime_common::Request) -> Reply {
    move |i, _| Reply::ok(attempt(if i < pending { "pending" } else { last }))
}

fn fast() -> WaitOptions {
    WaitOptions::default().poll_interval(Duration::from_millis(20))
}

#[tokio::test]
async fn action_attempt_is_polled_until_success() {
    let server = Server::start(attempts_server(3, "success")).await;
    let seam = server.client();
    let done: Value = seam
        .call_action_attempt(&UNLOCK, &json!({"device_id": "d1"}))
        .wait_options(fast())
        .await
        .unwrap();
    assert_eq!(done["status"], "success");
    let r = server.requests();
    assert_eq!(r.len(), 4);
    assert_eq!(r[0].path(), "/locks/unlock_door");
    for poll in &r[1..] {
        assert_eq!(poll.path(), "/action_attempts/get");
        assert_eq!(poll.json(), json!({"action_attempt_id": "aa1"}));
    }
}

#[tokio::test]
async fn failed_action_attempt_is_an_error() {
    let server = Server::start(attempts_server(1, "error")).await;
    let err = server
        .client()
        .call_action_attempt::<Value>(&UNLOCK, &json!({}))
        .wait_options(fast())
        .await
        .unwrap_err();
    let Error::ActionAttemptFailed(f) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(f.action_attempt_id, "aa1");
    assert_eq!(f.action_type.as_deref(), Some("UNLOCK_DOOR"));
    assert_eq!(f.error_type.as_deref(), Some("lock_jammed"));
    assert_eq!(f.message.as_deref(), Some("The lock is jammed"));
    assert_eq!(err.error_type(), Some("lock_jammed"));
    #[cfg(feature = "action_attempts")]
    {
        use seam_sdk::types::ActionAttempt;
        let ActionAttempt::UnlockDoorError(typed) = f.attempt() else {
            panic!("not UnlockDoorError: {:?}", f.attempt())
        };
        assert_eq!(typed.action_attempt_id, "aa1");
        assert_eq!(typed.error.r#type, "lock_jammed");
        assert_eq!(err.action_attempt(), Some(f.attempt()));
    }
}

#[tokio::test]
async fn a_failed_attempt_with_an_odd_error_is_still_a_failure() {
    let server = Server::start(|_, _| {
        Reply::ok(json!({"action_attempt": {
            "action_attempt_id": "aa1", "action_type": "UNLOCK_DOOR", "status": "error",
            "error": "jammed", "result": null
        }}))
    })
    .await;
    let err = server
        .client()
        .call_action_attempt::<Value>(&UNLOCK, &json!({}))
        .wait_options(fast())
        .await
        .unwrap_err();
    let Error::ActionAttemptFailed(f) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (f.error_type.as_deref(), f.message.as_deref()),
        (None, None)
    );
    #[cfg(feature = "action_attempts")]
    assert_eq!(f.attempt().status(), Some("error"));
    assert_eq!(server.attempts(), 1);
}

/// An attempt that is pending at first, then has the status `then`.
fn becomes(then: &'static str) -> impl Fn(usize, &runtime_common::Request) -> Reply {
    move |i, _| {
        let mut body = attempt("pending");
        if i > 0 {
            body["action_attempt"]["status"] = json!(then);
        }
        Reply::ok(body)
    }
}

#[tokio::test]
async fn an_unknown_status_ends_the_wait_at_once() {
    let server = Server::start(becomes("cancelled")).await;
    let err = server
        .client()
        .call_action_attempt::<Value>(&UNLOCK, &json!({}))
        .wait_options(fast())
        .await
        .unwrap_err();
    let Error::ActionAttemptUnknownStatus(u) = &err else {
        panic!("{err:?}")
    };
    // The action, then one poll that saw `cancelled`, and nothing after.
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(paths, ["/locks/unlock_door", "/action_attempts/get"]);
    assert_eq!(u.action_attempt_id, "aa1");
    assert_eq!(u.action_type.as_deref(), Some("UNLOCK_DOOR"));
    assert_eq!(u.status, "cancelled");
    assert_eq!(
        err.to_string(),
        "action attempt aa1 (UNLOCK_DOOR) has the status `cancelled`, which this SDK does not \
         know; stopped waiting"
    );
    #[cfg(feature = "action_attempts")]
    {
        use seam_sdk::types::ActionAttempt;
        // Unknown to the generated type as well: kept raw.
        let ActionAttempt::Unknown(raw) = u.attempt() else {
            panic!("{:?}", u.attempt())
        };
        assert_eq!(raw["status"], "cancelled");
        assert_eq!(u.attempt().status(), Some("cancelled"));
    }

    // Straight from the action's own response, too.
    let server = Server::start(|_, _| {
        let mut body = attempt("pending");
        body["action_attempt"]["status"] = json!("queued_on_hub");
        Reply::ok(body)
    })
    .await;
    let err = server
        .client()
        .call_action_attempt::<Value>(&UNLOCK, &json!({}))
        .wait_options(fast())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::ActionAttemptUnknownStatus(u) if u.status == "queued_on_hub"),
        "{err:?}"
    );
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn an_attempt_without_a_status_is_a_decode_error_at_once() {
    let server = Server::start(|_, _| {
        Reply::ok(json!({"action_attempt": {"action_attempt_id": "aa1", "status": null}}))
    })
    .await;
    let err = server
        .client()
        .call_action_attempt::<Value>(&UNLOCK, &json!({}))
        .wait_options(fast())
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.path, "action_attempt.status");
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn pending_action_attempt_times_out() {
    let server = Server::start(attempts_server(usize::MAX, "success")).await;
    let started = Instant::now();
    let err = server
        .client()
        .call_action_attempt::<Value>(&UNLOCK, &json!({}))
        .wait_options(fast().timeout(Duration::from_millis(200)))
        .await
        .unwrap_err();
    let Error::ActionAttemptTimedOut(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.action_attempt_id, "aa1");
    #[cfg(feature = "action_attempts")]
    assert!(
        matches!(
            t.attempt(),
            seam_sdk::types::ActionAttempt::UnlockDoorPending(_)
        ),
        "{:?}",
        t.attempt()
    );
    assert!(t.waited >= Duration::from_millis(200));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(server.attempts() >= 3, "{}", server.attempts());
}

#[tokio::test]
async fn waiting_can_be_turned_off_per_call_and_per_client() {
    let server = Server::start(attempts_server(usize::MAX, "success")).await;
    let pending: Value = server
        .client()
        .call_action_attempt(&UNLOCK, &json!({}))
        .wait(false)
        .await
        .unwrap();
    assert_eq!(pending["status"], "pending");
    assert_eq!(server.attempts(), 1);

    let seam = Seam::builder()
        .api_key(API_KEY)
        .endpoint(&server.url)
        .wait_for_action_attempts(false)
        .build()
        .unwrap();
    let pending: Value = seam.call_action_attempt(&UNLOCK, &json!({})).await.unwrap();
    assert_eq!(pending["status"], "pending");
    assert_eq!(server.attempts(), 2);
    // …and back on for one call.
    let server = Server::start(attempts_server(1, "success")).await;
    let seam = Seam::builder()
        .api_key(API_KEY)
        .endpoint(&server.url)
        .wait_for_action_attempts(false)
        .build()
        .unwrap();
    let done: Value = seam
        .call_action_attempt(&UNLOCK, &json!({}))
        .wait_options(fast())
        .await
        .unwrap();
    assert_eq!(done["status"], "success");
}

#[tokio::test]
async fn clones_share_one_client_across_tasks() {
    let server = Server::start(|_, _| Reply::ok(json!({"thing": 1}))).await;
    let seam = server.client();
    let done = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (seam, done) = (seam.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            let _: u32 = seam.call(&READ, &json!({})).await.unwrap();
            done.fetch_add(1, Ordering::SeqCst);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(done.load(Ordering::SeqCst), 8);
    let paths: HashSet<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(paths.len(), 1);
}
