//! What the SDK tells `tracing`: one `seam_request` span per call (route,
//! attempt, status, request id, elapsed time, error), a debug event per retry
//! and per action-attempt poll, and never a secret.

mod runtime_common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use runtime_common::{Reply, Server, API_KEY, READ};
use seam_sdk::runtime::{HttpMethod, ResponseShape, Route};
use seam_sdk::{Error, RetryPolicy, Seam, WaitOptions};
use serde_json::{json, Value};

/// A span or an event as the subscriber saw it.
#[derive(Clone, Debug, Default)]
struct Record {
    name: String,
    level: String,
    /// For an event: the span it happened in.
    parent: Option<u64>,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Log {
    spans: BTreeMap<u64, Record>,
    events: Vec<Record>,
    /// Spans entered on this (single) thread, innermost last.
    stack: Vec<u64>,
}

impl Log {
    fn spans(&self, name: &str) -> Vec<Record> {
        self.spans
            .values()
            .filter(|s| s.name == name)
            .cloned()
            .collect()
    }

    fn events(&self, message: &str) -> Vec<Record> {
        self.events
            .iter()
            .filter(|e| e.fields.get("message").map(String::as_str) == Some(message))
            .cloned()
            .collect()
    }

    /// Everything recorded, as text, to look for secrets in.
    fn text(&self) -> String {
        format!("{:?} {:?}", self.spans, self.events)
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Log>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(
            field.name().to_owned(),
            format!("{value:?}").replace('"', ""),
        );
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut log = self.0.lock().unwrap();
        let id = log.spans.len() as u64 + 1;
        let mut record = Record {
            name: span.metadata().name().to_owned(),
            level: span.metadata().level().to_string(),
            ..Record::default()
        };
        span.record(&mut Fields(&mut record.fields));
        log.spans.insert(id, record);
        tracing::span::Id::from_u64(id)
    }
    fn record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut log = self.0.lock().unwrap();
        if let Some(span) = log.spans.get_mut(&id.into_u64()) {
            values.record(&mut Fields(&mut span.fields));
        }
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut log = self.0.lock().unwrap();
        let mut record = Record {
            name: event.metadata().name().to_owned(),
            level: event.metadata().level().to_string(),
            parent: log.stack.last().copied(),
            ..Record::default()
        };
        event.record(&mut Fields(&mut record.fields));
        log.events.push(record);
    }
    fn enter(&self, id: &tracing::span::Id) {
        self.0.lock().unwrap().stack.push(id.into_u64());
    }
    fn exit(&self, id: &tracing::span::Id) {
        let mut log = self.0.lock().unwrap();
        if let Some(i) = log.stack.iter().rposition(|s| *s == id.into_u64()) {
            log.stack.remove(i);
        }
    }
}

/// Runs `test` with a fresh capture as this thread's subscriber (each test
/// runs on a current-thread runtime, so it sees everything the SDK does).
fn capture() -> (Capture, tracing::subscriber::DefaultGuard) {
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    (capture, guard)
}

fn thing() -> Reply {
    Reply::ok(json!({"ok": true, "thing": {"id": "t1"}}))
}

#[tokio::test]
async fn a_call_is_one_span_with_its_attempts_status_and_request_id() {
    let (capture, _guard) = capture();
    let server = Server::start(|i, _| match i {
        0 => Reply::with(503, &[], "text/plain", "busy"),
        _ => thing(),
    })
    .await;
    let seam = server.client();
    let _: Value = seam
        .call(&READ, &json!({}))
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .await
        .unwrap();

    let log = capture.0.lock().unwrap();
    let spans = log.spans("seam_request");
    assert_eq!(spans.len(), 1, "{:?}", log.spans);
    let span = &spans[0];
    assert_eq!(span.level, "DEBUG");
    assert_eq!(span.fields["route"], "POST /things/get");
    assert_eq!(span.fields["attempt"], "2");
    assert_eq!(span.fields["status"], "200");
    assert_eq!(span.fields["request_id"], "req-200");
    let elapsed: u64 = span.fields["elapsed_ms"].parse().unwrap();
    assert!(elapsed < 10_000, "{elapsed}");
    assert!(!span.fields.contains_key("error"), "{span:?}");

    let retries = log.events("retrying a failed Seam API request");
    assert_eq!(retries.len(), 1, "{:?}", log.events);
    let retry = &retries[0];
    assert_eq!(retry.level, "DEBUG");
    assert_eq!(retry.parent, Some(1), "the retry is inside the call's span");
    assert_eq!(retry.fields["route"], "POST /things/get");
    assert_eq!(retry.fields["attempt"], "1");
    assert_eq!(retry.fields["status"], "503");
    assert_eq!(retry.fields["request_id"], "req-503");
    assert!(retry.fields.contains_key("wait_ms"), "{retry:?}");
}

#[tokio::test]
async fn a_failed_call_records_its_status_and_error() {
    let (capture, _guard) = capture();
    let server = Server::start(|_, _| Reply::error(404, "thing_not_found", "No such thing")).await;
    let err = server
        .client()
        .call::<Value>(&READ, &json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));

    let log = capture.0.lock().unwrap();
    let span = &log.spans("seam_request")[0];
    assert_eq!(span.fields["attempt"], "1");
    assert_eq!(span.fields["status"], "404");
    assert_eq!(span.fields["request_id"], "req-404");
    assert!(span.fields["error"].contains("thing_not_found"), "{span:?}");
    assert!(log.events("retrying a failed Seam API request").is_empty());
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

#[tokio::test]
async fn each_action_attempt_poll_is_an_event_and_each_request_a_span() {
    let (capture, _guard) = capture();
    let server = Server::start(|i, _| {
        let status = if i < 3 { "pending" } else { "success" };
        Reply::ok(json!({"ok": true, "action_attempt": {
            "action_attempt_id": "aa1", "action_type": "UNLOCK_DOOR", "status": status,
            "result": {}, "error": null
        }}))
    })
    .await;
    let _: Value = server
        .client()
        .call_action_attempt(&UNLOCK, &json!({"device_id": "d1"}))
        .wait_options(WaitOptions::default().poll_interval(Duration::from_millis(10)))
        .await
        .unwrap();

    let log = capture.0.lock().unwrap();
    let routes: Vec<String> = log
        .spans("seam_request")
        .iter()
        .map(|s| s.fields["route"].clone())
        .collect();
    assert_eq!(
        routes,
        [
            "POST /locks/unlock_door",
            "POST /action_attempts/get",
            "POST /action_attempts/get",
            "POST /action_attempts/get"
        ]
    );
    let polls = log.events("waiting for a Seam action attempt");
    assert_eq!(polls.len(), 3, "{:?}", log.events);
    for (i, poll) in polls.iter().enumerate() {
        assert_eq!(poll.level, "DEBUG");
        assert_eq!(poll.fields["poll"], (i + 1).to_string());
        assert_eq!(poll.fields["action_attempt_id"], "aa1");
        assert_eq!(poll.fields["action_type"], "UNLOCK_DOOR");
        assert_eq!(poll.fields["status"], "pending");
        assert!(poll.fields.contains_key("waited_ms"), "{poll:?}");
    }
}

#[tokio::test]
async fn nothing_traced_holds_a_secret() {
    let (capture, _guard) = capture();
    let server = Server::start(|i, _| match i {
        0 => Reply::with(503, &[], "text/plain", "busy"),
        1 => Reply::error(401, "unauthorized", "Unauthorized"),
        _ => thing(),
    })
    .await;
    let token = "seam_cst_tracing5ecret";
    let seam = Seam::builder()
        .client_session_token(token)
        .endpoint(&server.url)
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = seam.call::<Value>(&READ, &json!({})).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    seam.update_client_session_token("seam_cst_new5ecret")
        .unwrap();
    let _: Value = seam.call(&READ, &json!({})).await.unwrap();
    let _: Value = server.client().call(&READ, &json!({})).await.unwrap();

    let log = capture.0.lock().unwrap();
    assert_eq!(log.spans("seam_request").len(), 3);
    let text = log.text();
    for secret in ["tracing5ecret", "new5ecret", API_KEY] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}
