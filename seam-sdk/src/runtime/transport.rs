//! Sending a prepared request: headers, per-attempt timeout, overall
//! deadline, retries (see [`crate::retry`] for the rule), and turning error
//! responses into [`Error`]s. The only place that touches the network.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::RETRY_AFTER;
use tokio::time::Instant;

use super::{CallOptions, PreparedRequest, Route};
use crate::error::{self, Error, Result, TimeoutError, TransportError};
use crate::retry::{jitter, parse_retry_after, Failure};
use crate::Seam;

/// A successful (2xx) response, read whole.
#[derive(Debug, Clone)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) body: Bytes,
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

impl Seam {
    /// Sends `request` to `route`, retrying as the policy allows, and returns
    /// the first successful response or the last error.
    pub(crate) async fn execute(
        &self,
        route: &Route,
        request: &PreparedRequest,
        options: &CallOptions,
    ) -> Result<RawResponse> {
        let inner = &self.inner;
        let per_attempt = options.timeout.unwrap_or(inner.timeout);
        let policy = options.retry.as_ref().unwrap_or(&inner.retry);
        let overall = options.deadline.or(inner.deadline);
        let started = Instant::now();
        let deadline = overall.map(|d| started + d);
        let mut retries = 0;
        loop {
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
        let inner = &self.inner;
        let url = format!("{}{}", inner.endpoint, request.path);
        let mut builder = inner
            .http
            .request(route.method.to_reqwest(), url)
            .headers(inner.headers.clone());
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
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
