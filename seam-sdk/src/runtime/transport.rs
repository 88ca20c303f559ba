//! [`Transport`]: the one place that talks to the network. It owns the HTTP
//! client, the endpoint, the headers (credentials included), the timeouts and
//! the retry policy, and [`Transport::execute`] sends a prepared request:
//! per-attempt timeout, overall deadline, retries (see [`crate::retry`] for
//! the rule), error responses turned into [`Error`]s, and one `tracing` span
//! per call.

use std::fmt;
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, RETRY_AFTER, USER_AGENT,
};
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Instrument;

use super::files;
use super::request::Body;
use super::{CallOptions, PreparedRequest, ResponseShape, Route};
use crate::error::{self, Error, Result, TimeoutError, TransportError};
use crate::retry::{jitter, parse_retry_after, Failure, RetryPolicy};

const SDK_NAME: &str = "seam-sdk-rust";
const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A successful (2xx) response, read whole.
#[derive(Debug, Clone)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) body: Bytes,
}

/// How a client sends requests; shared by every clone of the client (it sits
/// behind the client's `Arc`).
pub(crate) struct Transport {
    http: reqwest::Client,
    /// Without a trailing `/`.
    endpoint: String,
    /// The SDK's own headers (name, version, user agent, content type).
    headers: HeaderMap,
    /// The credential headers, marked sensitive. Behind a lock so that a
    /// client session token can be swapped in place
    /// ([`set_credentials`](Self::set_credentials)) while calls are running:
    /// each attempt reads them when it starts.
    credentials: RwLock<HeaderMap>,
    /// Per-attempt timeout.
    timeout: Duration,
    /// Whole-call deadline.
    deadline: Option<Duration>,
    retry: RetryPolicy,
}

/// What one attempt gave.
enum Attempt {
    Done(RawResponse),
    Failed {
        error: Error,
        failure: Failure,
        retry_after: Option<Duration>,
    },
}

impl Transport {
    /// A transport to `endpoint` (an `http(s)` URL without a trailing `/`)
    /// sending `credentials` with every request.
    pub(crate) fn new(
        http: reqwest::Client,
        endpoint: String,
        credentials: HeaderMap,
        timeout: Duration,
        deadline: Option<Duration>,
        retry: RetryPolicy,
    ) -> Self {
        Transport {
            http,
            endpoint,
            headers: sdk_headers(),
            credentials: RwLock::new(credentials),
            timeout,
            deadline,
            retry,
        }
    }

    /// The API address requests go to.
    pub(crate) fn endpoint(&self) -> &str {
        &self.endpoint
    }

    #[cfg(test)]
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    #[cfg(test)]
    pub(crate) fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The HTTP client (its connection pool can be shared).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Replaces the credential headers; every attempt that starts afterwards,
    /// from any clone of the client, sends the new ones.
    pub(crate) fn set_credentials(&self, credentials: HeaderMap) {
        *self
            .credentials
            .write()
            .unwrap_or_else(PoisonError::into_inner) = credentials;
    }

    /// Every header a request sends: the SDK's, then the credentials.
    pub(crate) fn headers(&self) -> HeaderMap {
        let mut headers = self.headers.clone();
        let credentials = self
            .credentials
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        headers.extend(credentials.iter().map(|(k, v)| (k.clone(), v.clone())));
        headers
    }

    /// Sends `request` to `route`, retrying as the policy allows, and returns
    /// the first successful response or the last error.
    ///
    /// Runs in a `seam_request` span (debug level, target
    /// `seam_sdk::runtime::transport`) that records `route`, `attempt` (1 for
    /// the first), `status`, `request_id` (the `seam-request-id` header),
    /// `elapsed_ms` and, on failure, `error`; each retry is a debug event in it.
    pub(crate) async fn execute(
        &self,
        route: &Route,
        request: &PreparedRequest,
        options: &CallOptions,
    ) -> Result<RawResponse> {
        let span = tracing::debug_span!(
            "seam_request",
            route = %route.describe(),
            attempt = Empty,
            status = Empty,
            request_id = Empty,
            elapsed_ms = Empty,
            error = Empty,
        );
        let started = Instant::now();
        let result = self
            .retrying(route, request, options, &span, started)
            .instrument(span.clone())
            .await;
        if !span.is_disabled() {
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            match &result {
                Ok(response) => {
                    span.record("status", response.status);
                    if let Some(id) = &response.request_id {
                        span.record("request_id", id.as_str());
                    }
                }
                Err(e) => {
                    if let Some(status) = e.status() {
                        span.record("status", status);
                    }
                    if let Some(id) = e.request_id() {
                        span.record("request_id", id);
                    }
                    span.record("error", tracing::field::display(e));
                }
            }
        }
        result
    }

    async fn retrying(
        &self,
        route: &Route,
        request: &PreparedRequest,
        options: &CallOptions,
        span: &tracing::Span,
        started: Instant,
    ) -> Result<RawResponse> {
        let per_attempt = options.timeout.unwrap_or(self.timeout);
        let policy = options.retry.as_ref().unwrap_or(&self.retry);
        let overall = options.deadline.or(self.deadline);
        let deadline = overall.map(|d| started + d);
        let mut retries = 0;
        loop {
            span.record("attempt", retries + 1);
            let (limit, is_overall) = match deadline {
                Some(d) if d.saturating_duration_since(Instant::now()) < per_attempt => {
                    (d.saturating_duration_since(Instant::now()), true)
                }
                _ => (per_attempt, false),
            };
            let attempt = tokio::time::timeout(limit, self.attempt(route, request)).await;
            let (error, failure, retry_after) = match attempt {
                Err(_elapsed) => {
                    return Err(Error::Timeout(Box::new(TimeoutError {
                        route: route.describe(),
                        after: if is_overall {
                            overall.unwrap_or(limit)
                        } else {
                            limit
                        },
                        overall: is_overall,
                    })))
                }
                Ok(Attempt::Done(resp)) => return Ok(resp),
                Ok(Attempt::Failed {
                    error,
                    failure,
                    retry_after,
                }) => (error, failure, retry_after),
            };
            if retries >= policy.max_retries || !policy.allows(failure, route.idempotent) {
                return Err(error);
            }
            let wait = match retry_after {
                Some(wait) if wait > policy.max_retry_after => return Err(error),
                Some(wait) => wait,
                None => policy.backoff(retries, jitter()),
            };
            if let Some(d) = deadline {
                if Instant::now() + wait >= d {
                    return Err(error);
                }
            }
            tracing::debug!(
                route = %route.describe(),
                attempt = retries + 1,
                status = error.status(),
                request_id = error.request_id(),
                retry = retries + 1,
                wait_ms = wait.as_millis() as u64,
                error = %error,
                "retrying a failed Seam API request"
            );
            tokio::time::sleep(wait).await;
            retries += 1;
        }
    }

    /// One attempt: send, read the whole body, classify.
    async fn attempt(&self, route: &Route, request: &PreparedRequest) -> Attempt {
        let url = format!("{}{}", self.endpoint, request.path);
        // A request that cannot be written is refused before anything is sent.
        let refused = |what: String| Attempt::Failed {
            error: Error::invalid_argument(format!(
                "{what} of {} cannot be sent",
                route.describe()
            )),
            failure: Failure::Refused,
            retry_after: None,
        };
        // The headers, with the body's own content type in place of JSON's (reqwest's
        // `header` adds a second value rather than replacing the first).
        let mut headers = self.headers();
        if let ResponseShape::Bytes(media) = route.response {
            // A download asks for its own media type, not JSON.
            match HeaderValue::from_str(media) {
                Ok(value) => headers.insert(ACCEPT, value),
                Err(_) => return refused(format!("the media type {media:?} asked for")),
            };
        }
        // The body: bytes, or a multipart form (built anew: a form is sent once).
        let mut form = None;
        let body = match &request.body {
            Body::None => None,
            Body::Bytes {
                bytes,
                content_type,
            } => {
                if let Some(content_type) = content_type {
                    match HeaderValue::from_str(content_type) {
                        Ok(value) => headers.insert(CONTENT_TYPE, value),
                        Err(_) => return refused(format!("the content type {content_type:?}")),
                    };
                }
                Some(reqwest::Body::from(bytes.clone()))
            }
            Body::Multipart(parts) => {
                // reqwest writes the content type, with the boundary.
                headers.remove(CONTENT_TYPE);
                match files::form(parts) {
                    Ok(built) => form = Some(built),
                    Err(e) => return refused(format!("the multipart body ({e})")),
                }
                None
            }
        };
        let mut builder = self
            .http
            .request(route.method.to_reqwest(), url)
            .headers(headers);
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(body) = body {
            builder = builder.body(body);
        }
        if let Some(form) = form {
            builder = builder.multipart(form);
        }
        let transport = |source: reqwest::Error| {
            // `is_connect`: no connection was made, so nothing was sent.
            let failure = if source.is_connect() {
                Failure::Connect
            } else {
                Failure::AfterSend
            };
            Attempt::Failed {
                error: Error::Transport(Box::new(TransportError {
                    route: route.describe(),
                    source,
                })),
                failure,
                retry_after: None,
            }
        };
        let response = match builder.send().await {
            Ok(r) => r,
            Err(e) => return transport(e),
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = header("seam-request-id");
        let retry_after = match status {
            429 | 503 => {
                header(RETRY_AFTER.as_str()).and_then(|v| parse_retry_after(&v, SystemTime::now()))
            }
            _ => None,
        };
        let body = match response.bytes().await {
            Ok(b) => b,
            Err(e) => return transport(e),
        };
        if (200..300).contains(&status) {
            return Attempt::Done(RawResponse {
                status,
                request_id,
                body,
            });
        }
        Attempt::Failed {
            error: error::from_response(route.describe(), status, request_id, &body),
            failure: Failure::Status(status),
            retry_after,
        }
    }
}

/// Names the endpoint and the options; never the headers (they hold the
/// credentials).
impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// Headers every request sends besides the credentials.
fn sdk_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        HeaderName::from_static("seam-sdk-name"),
        HeaderValue::from_static(SDK_NAME),
    );
    h.insert(
        HeaderName::from_static("seam-sdk-version"),
        HeaderValue::from_static(SDK_VERSION),
    );
    h.insert(
        USER_AGENT,
        HeaderValue::from_static(concat!("seam-sdk-rust/", env!("CARGO_PKG_VERSION"))),
    );
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(ACCEPT, HeaderValue::from_static("application/json"));
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::AUTHORIZATION;

    fn transport(credentials: HeaderMap) -> Transport {
        Transport::new(
            reqwest::Client::new(),
            "http://127.0.0.1:9".into(),
            credentials,
            Duration::from_secs(1),
            None,
            RetryPolicy::default(),
        )
    }

    #[test]
    fn sdk_headers_and_credentials_are_sent() {
        let mut credentials = HeaderMap::new();
        credentials.insert(AUTHORIZATION, HeaderValue::from_static("Bearer seam_k"));
        let t = transport(credentials);
        let h = t.headers();
        assert_eq!(h[AUTHORIZATION], "Bearer seam_k");
        assert_eq!(h["seam-sdk-name"], "seam-sdk-rust");
        assert_eq!(h["seam-sdk-version"], SDK_VERSION);
        assert_eq!(
            h[USER_AGENT],
            format!("seam-sdk-rust/{SDK_VERSION}").as_str()
        );
        assert_eq!(h[CONTENT_TYPE], "application/json");
    }

    #[test]
    fn credentials_are_swapped_in_place() {
        let mut old = HeaderMap::new();
        old.insert(AUTHORIZATION, HeaderValue::from_static("Bearer old"));
        old.insert("client-session-token", HeaderValue::from_static("old"));
        let t = transport(old);
        let mut new = HeaderMap::new();
        new.insert(AUTHORIZATION, HeaderValue::from_static("Bearer new"));
        t.set_credentials(new);
        let h = t.headers();
        assert_eq!(h[AUTHORIZATION], "Bearer new");
        assert!(h.get("client-session-token").is_none());
        let debug = format!("{t:?}");
        assert!(!debug.contains("Bearer"), "{debug}");
    }
}
