//! Retries, timeouts and error mapping against a fault-injecting server on
//! loopback. Each test counts the attempts the server saw.

mod runtime_common;

use std::time::{Duration, Instant};

use runtime_common::{Reply, Server, API_KEY, READ, WRITE};
use seam_sdk::{Error, RetryPolicy, Seam};
use serde_json::{json, Value};

fn thing() -> Reply {
    Reply::ok(json!({"ok": true, "thing": {"id": "t1"}}))
}

#[tokio::test]
async fn retries_429_after_retry_after() {
    let server = Server::start(|i, _| match i {
        0 => Reply::with(
            429,
            &[("retry-after", "1")],
            "application/json",
            r#"{"error":{"type":"rate_limited","message":"slow down"}}"#,
        ),
        _ => thing(),
    })
    .await;
    let seam = server.client();
    let started = Instant::now();
    // Even a write: a 429 means the request was not run.
    let value: Value = seam.call(&WRITE, &json!({"name": "a"})).await.unwrap();
    assert_eq!(value, json!({"id": "t1"}));
    assert_eq!(server.attempts(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_longer_than_allowed_fails_at_once() {
    let server = Server::start(|_, _| {
        Reply::with(
            429,
            &[("retry-after", "3600")],
            "application/json",
            r#"{"error":{"type":"rate_limited","message":"later"}}"#,
        )
    })
    .await;
    let started = Instant::now();
    let err = server
        .client()
        .call::<Value>(&READ, &json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.error_type(), Some("rate_limited"));
    assert_eq!(server.attempts(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn retries_503_then_succeeds_on_a_read() {
    let server = Server::start(|i, _| match i {
        0 => Reply::with(503, &[], "text/plain", ""),
        _ => thing(),
    })
    .await;
    let value: Value = server
        .client()
        .call(&READ, &json!({"id": "t1"}))
        .await
        .unwrap();
    assert_eq!(value["id"], "t1");
    assert_eq!(server.attempts(), 2);
    // Both attempts sent the same body.
    let requests = server.requests();
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn gives_up_after_max_retries() {
    let server = Server::start(|_, _| Reply::error(503, "service_unavailable", "down")).await;
    let err = server
        .client()
        .call::<Value>(&READ, &json!({}))
        .await
        .unwrap_err();
    assert_eq!(server.attempts(), 3, "1 attempt + 2 retries");
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 503);
    assert_eq!(api.request_id.as_deref(), Some("req-503"));
}

#[tokio::test]
async fn does_not_retry_503_on_a_write_unless_told() {
    let script = |i, _: &_| match i {
        0 => Reply::error(503, "service_unavailable", "down"),
        _ => thing(),
    };
    let server = Server::start(script).await;
    let err = server
        .client()
        .call::<Value>(&WRITE, &json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.attempts(), 1);

    let server = Server::start(script).await;
    let value: Value = server
        .client()
        .call(&WRITE, &json!({}))
        .retry_policy(RetryPolicy::default().retry_non_idempotent(true))
        .await
        .unwrap();
    assert_eq!(value["id"], "t1");
    assert_eq!(server.attempts(), 2);
}

#[tokio::test]
async fn html_502_is_an_api_error_with_an_excerpt() {
    let server = Server::start(|_, _| {
        Reply::with(502, &[], "text/html", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center>nginx</center></body>\r\n</html>")
    })
    .await;
    let err = server
        .client()
        .call::<Value>(&WRITE, &json!({}))
        .await
        .unwrap_err();
    assert_eq!(server.attempts(), 1);
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 502);
    assert_eq!(api.error_type, None);
    assert!(api.message.contains("502 Bad Gateway"), "{}", api.message);
    let line = err.to_string();
    assert!(
        !line.contains('\n') && line.contains("POST /things/create"),
        "{line}"
    );
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_that_keeps_the_body() {
    let body = r#"{"ok": true, "thing": {"id": "t"#;
    let server = Server::start(move |_, _| Reply::with(200, &[], "application/json", body)).await;
    let err = server
        .client()
        .call::<Value>(&READ, &json!({}))
        .await
        .unwrap_err();
    assert_eq!(server.attempts(), 1);
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.body, body);
    assert_eq!(d.status, 200);
    assert_eq!(d.request_id.as_deref(), Some("req-200"));
}

#[tokio::test]
async fn a_huge_undecodable_body_is_kept_only_up_to_64_kib() {
    // 8 MB of HTML where JSON was expected, with a character across the cut.
    let mut body = "<html>".to_owned();
    body.push_str(&"é".repeat(4 * 1024 * 1024));
    let len = body.len();
    let server = Server::start(move |_, _| Reply::with(200, &[], "text/html", &body)).await;
    let err = server
        .client()
        .call::<Value>(&READ, &json!({}))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.body_len, len);
    assert!(d.is_body_truncated());
    assert!(d.body.len() <= seam_sdk::DecodeError::MAX_BODY);
    assert!(d.body.len() > seam_sdk::DecodeError::MAX_BODY - 2);
    assert!(d.body.starts_with("<html>éé"));
    assert!(!d.body.contains('\u{FFFD}'), "no character was split");
}

#[tokio::test]
async fn body_cut_short_by_the_connection_is_a_transport_error() {
    // Content-Length promises more than is sent before the close.
    let server = Server::start(|_, _| {
        Reply::Raw(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"thing\":".to_vec())
    })
    .await;
    let err = server
        .client()
        .call::<Value>(&WRITE, &json!({}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = Server::start(|_, _| Reply::Slow(Duration::from_secs(5), Box::new(thing()))).await;
    let started = Instant::now();
    let err = server
        .client()
        .call::<Value>(&READ, &json!({}))
        .timeout(Duration::from_millis(200))
        .await
        .unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert!(!t.overall);
    assert_eq!(t.after, Duration::from_millis(200));
    assert_eq!(server.attempts(), 1, "timeouts are not retried");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn client_timeout_applies_to_every_call() {
    let server = Server::start(|_, _| Reply::Slow(Duration::from_secs(5), Box::new(thing()))).await;
    let seam = Seam::builder()
        .api_key(API_KEY)
        .endpoint(&server.url)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let err = seam.call::<Value>(&READ, &json!({})).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn deadline_bounds_retries() {
    // Retry-After would wait 1 s; the 300 ms deadline forbids it.
    let server =
        Server::start(|_, _| Reply::with(503, &[("retry-after", "1")], "text/plain", "busy")).await;
    let started = Instant::now();
    let err = server
        .client()
        .call::<Value>(&READ, &json!({}))
        .deadline(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.attempts(), 1);
    assert!(started.elapsed() < Duration::from_millis(900));

    // A deadline shorter than a slow attempt is an overall timeout.
    let server = Server::start(|_, _| Reply::Slow(Duration::from_secs(5), Box::new(thing()))).await;
    let err = server
        .client()
        .call::<Value>(&READ, &json!({}))
        .deadline(Duration::from_millis(200))
        .await
        .unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.overall, "{err}");
}

#[tokio::test]
async fn dropped_connection_is_retried_only_for_reads() {
    let script = |i, _: &_| match i {
        0 => Reply::Drop,
        _ => thing(),
    };
    let server = Server::start(script).await;
    let err = server
        .client()
        .call::<Value>(&WRITE, &json!({}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(server.attempts(), 1);

    let server = Server::start(script).await;
    let value: Value = server.client().call(&READ, &json!({})).await.unwrap();
    assert_eq!(value["id"], "t1");
    assert_eq!(server.attempts(), 2);
}

#[tokio::test]
async fn refused_connection_is_retried_then_reported() {
    // A port with nothing listening: bind, note the port, close.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let seam = Seam::builder()
        .api_key(API_KEY)
        .endpoint(url)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = seam.call::<Value>(&WRITE, &json!({})).await.unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.source.is_connect());
    // Two backoffs (≥ 80 ms and ≥ 160 ms with jitter) show the retries.
    assert!(
        started.elapsed() >= Duration::from_millis(240),
        "{:?}",
        started.elapsed()
    );
    assert!(!err.to_string().contains(API_KEY));
}

#[tokio::test]
async fn errors_are_mapped_and_never_show_the_key() {
    let server = Server::start(|_, r| match r.path() {
        "/unauthorized" => Reply::error(401, "unauthorized", "Unauthorized"),
        "/missing" => Reply::error(404, "connected_account_not_found", "Connected account not found"),
        _ => Reply::json(
            400,
            json!({"error": {"type": "invalid_input", "message": "Invalid input",
                "validation_errors": {"custom_metadata": {"_errors": [], "k": {"_errors": ["too long"]}}}}, "ok": false}),
        ),
    })
    .await;
    let seam = server.client();
    let route = |path: &'static str| -> &'static seam_sdk::runtime::Route {
        Box::leak(Box::new(seam_sdk::runtime::Route { path, ..READ }))
    };

    let err = seam
        .call::<Value>(route("/unauthorized"), &json!({}))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    let err2 = seam
        .call::<Value>(route("/missing"), &json!({}))
        .await
        .unwrap_err();
    assert_eq!(err2.error_type(), Some("connected_account_not_found"));
    assert_eq!(err2.request_id(), Some("req-404"));
    let err3 = seam
        .call::<Value>(route("/invalid"), &json!({}))
        .await
        .unwrap_err();
    let Error::InvalidInput(ii) = &err3 else {
        panic!("{err3:?}")
    };
    assert_eq!(ii.field_errors("custom_metadata"), vec!["too long"]);
    assert_eq!(server.attempts(), 3, "client errors are not retried");

    for e in [&err, &err2, &err3] {
        assert!(!e.to_string().contains(API_KEY));
        assert!(!format!("{e:?}").contains(API_KEY));
    }
    assert!(!format!("{seam:?}").contains(API_KEY));
}

/// Records every `tracing` event and span field as text.
struct Capture(std::sync::Arc<std::sync::Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={value:?} ", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Fields(&mut self.0.lock().unwrap()));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut out = self.0.lock().unwrap();
        out.push_str(event.metadata().target());
        out.push_str(": ");
        event.record(&mut Fields(&mut out));
        out.push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn tracing_events_never_show_secrets() {
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    // The test runs on one thread, so a thread-local subscriber sees it all.
    let _guard = tracing::subscriber::set_default(Capture(log.clone()));
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
        .build()
        .unwrap();
    let err = seam.call::<Value>(&READ, &json!({})).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    let log = log.lock().unwrap().clone();
    assert!(
        log.contains("retrying a failed Seam API request"),
        "capture works: {log}"
    );
    assert!(!log.contains("tracing5ecret"), "{log}");
    assert!(!format!("{err:?}").contains("tracing5ecret"));
}
