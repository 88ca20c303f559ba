//! Routes that start an action on a device (`locks().unlock_door(…)`) and
//! return an action attempt. By default the SDK waits for the attempt to
//! finish, polling `POST /action_attempts/get` (every 0.5 s, for up to 5 s,
//! like Seam's other SDKs):
//!
//! - status `success`: the finished attempt is returned;
//! - status `error`: [`Error::ActionAttemptFailed`] with its error type and
//!   message;
//! - still `pending` when the wait runs out: [`Error::ActionAttemptTimedOut`];
//! - any other status (one Seam added after this SDK was built):
//!   [`Error::ActionAttemptUnknownStatus`] at once, since the SDK cannot tell
//!   whether the action is done.
//!
//! Each of these errors keeps the attempt as the server last sent it, typed
//! (`.attempt()`, or [`Error::action_attempt`]).
//!
//! A route whose spec does not promise an attempt (`x-response-key: null`, or
//! an `action_attempt` it leaves optional) returns `Option<ActionAttempt>`: a
//! response without one is `None` at once, with nothing to wait on.
//!
//! Waiting is configured per client
//! ([`SeamBuilder::wait_for_action_attempts`](crate::SeamBuilder::wait_for_action_attempts),
//! [`SeamBuilder::action_attempt_wait_options`](crate::SeamBuilder::action_attempt_wait_options))
//! and per call ([`ActionAttemptCall::wait`], [`ActionAttemptCall::wait_options`]).
//! An attempt returned without waiting can be waited for later with
//! [`Seam::wait_for_action_attempt`](crate::Seam::wait_for_action_attempt).

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::time::Instant;

use super::{
    decode_key, HttpMethod, PreparedRequest, RawResponse, Request, ResponseShape, Route, Transport,
};
use crate::error::{
    ActionAttemptError, ActionAttemptTimeout, ActionAttemptUnknownStatus, Error, Result,
};
use crate::retry::RetryPolicy;

/// How long to wait for an action attempt, and how often to ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitOptions {
    /// Give up after this long (default 5 s).
    pub timeout: Duration,
    /// Ask this often (default 0.5 s).
    pub poll_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(5),
            poll_interval: Duration::from_millis(500),
        }
    }
}

/// Whether a call that starts an action attempt waits for it to finish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wait {
    /// Poll until the attempt finishes, or these options' timeout runs out.
    Poll(WaitOptions),
    /// Return the attempt as the server first sent it (usually `pending`).
    Return,
}

impl Default for Wait {
    fn default() -> Self {
        Wait::Poll(WaitOptions::default())
    }
}

impl Wait {
    /// The options to poll with: these, or the defaults when not waiting.
    pub(crate) fn options(self) -> WaitOptions {
        match self {
            Wait::Poll(options) => options,
            Wait::Return => WaitOptions::default(),
        }
    }
}

impl WaitOptions {
    /// Sets [`timeout`](Self::timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets [`poll_interval`](Self::poll_interval).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }
}

/// A request that starts an action attempt; `.await` it to send it and, by
/// default, wait for the attempt to finish.
#[must_use = "a call does nothing until it is awaited"]
pub struct ActionAttemptCall<'a, T> {
    request: Request<'a>,
    /// The client's setting until the call overrides it.
    wait: Wait,
    _t: PhantomData<fn() -> T>,
}

impl<'a, T> ActionAttemptCall<'a, T> {
    pub(crate) fn new(request: Request<'a>, wait: Wait) -> Self {
        ActionAttemptCall {
            request,
            wait,
            _t: PhantomData,
        }
    }

    /// Time limit of one attempt of each request (the action's and each
    /// poll), overriding the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.options().timeout = Some(timeout);
        self
    }

    /// Time limit of each request (the action's and each poll), across
    /// attempts and backoff, overriding the client's. How long to wait for
    /// the attempt is [`wait_options`](Self::wait_options).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.request.options().deadline = Some(deadline);
        self
    }

    /// Retry policy of each request (the action's and each poll), overriding
    /// the client's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.request.options().retry = Some(policy);
        self
    }

    /// Whether this call checks its request against the limits the spec states before
    /// sending it (overrides the client's
    /// [`validate_requests`](crate::SeamBuilder::validate_requests)).
    pub fn validate(mut self, validate: bool) -> Self {
        self.request.set_validate(validate);
        self
    }

    /// Whether to wait for the attempt to finish (`false` returns it as the
    /// server first sent it, usually `pending`).
    pub fn wait(mut self, wait: bool) -> Self {
        self.wait = if wait {
            Wait::Poll(self.wait.options())
        } else {
            Wait::Return
        };
        self
    }

    /// Waits with these options.
    pub fn wait_options(mut self, options: WaitOptions) -> Self {
        self.wait = Wait::Poll(options);
        self
    }
}

/// The fields of an attempt the SDK reads to decide what to do. Only the id
/// and the status must be strings; the rest is read leniently, so that an
/// odd `error` does not hide that the attempt failed.
#[derive(Deserialize)]
struct Probe {
    action_attempt_id: String,
    status: String,
    #[serde(default)]
    action_type: Option<Value>,
    #[serde(default)]
    error: Option<Value>,
}

impl Probe {
    fn action_type(&self) -> Option<String> {
        self.action_type.as_ref()?.as_str().map(str::to_owned)
    }

    /// `error.<field>` when it is a string.
    fn error_field(&self, field: &str) -> Option<String> {
        self.error.as_ref()?.get(field)?.as_str().map(str::to_owned)
    }
}

const GET_ACTION_ATTEMPT: Route = Route {
    method: HttpMethod::Post,
    path: "/action_attempts/get",
    path_params: &[],
    query_params: &[],
    response: ResponseShape::Key("action_attempt"),
    idempotent: true,
    body: crate::runtime::BodyEncoding::Json,
};

/// The body of `/action_attempts/get`.
#[derive(Serialize)]
struct Get<'s> {
    action_attempt_id: &'s str,
}

/// A call that polls an attempt started earlier until it finishes (see
/// [`Seam::wait_for_action_attempt`](crate::Seam::wait_for_action_attempt)).
pub(crate) fn wait_for<'a, T>(
    transport: &'a Transport,
    action_attempt_id: &str,
    options: WaitOptions,
) -> ActionAttemptCall<'a, T> {
    let request = PreparedRequest::new(&GET_ACTION_ATTEMPT, &Get { action_attempt_id });
    ActionAttemptCall::new(
        Request::new(transport, &GET_ACTION_ATTEMPT, request),
        Wait::Poll(options),
    )
}

impl<'a, T: DeserializeOwned + Send + 'a> ActionAttemptCall<'a, T> {
    /// Sends the request and waits as configured; the same as awaiting.
    pub async fn send(self) -> Result<T> {
        let route = self.request.route();
        let ResponseShape::Key(key) = route.response else {
            return Err(Error::invalid_argument(format!(
                "{} returns an action attempt but its response has no key",
                route.describe()
            )));
        };
        let (sender, response) = self.request.send().await?;
        let Wait::Poll(wait) = self.wait else {
            return decode_key(route, &response, key);
        };
        // No attempt came back (a route whose spec does not promise one): nothing to wait on,
        // and `T` (an `Option`) says so; a `T` that must be there reports it missing.
        if decode_key::<Option<IgnoredAny>>(route, &response, key)?.is_none() {
            return decode_key(route, &response, key);
        }
        let poller = sender.to(&GET_ACTION_ATTEMPT);
        let started = Instant::now();
        let (mut route, mut key, mut response) = (route, key, response);
        let mut polls: u32 = 0;
        loop {
            let probe: Probe = decode_key(route, &response, key)?;
            match probe.status.as_str() {
                "success" => return decode_key(route, &response, key),
                "error" => return Err(failed(route, &response, key, probe)),
                "pending" => {}
                _ => {
                    return Err(Error::ActionAttemptUnknownStatus(Box::new(
                        ActionAttemptUnknownStatus {
                            action_type: probe.action_type(),
                            attempt: kept_attempt(route, &response, key),
                            action_attempt_id: probe.action_attempt_id,
                            status: probe.status,
                        },
                    )))
                }
            }
            let waited = started.elapsed();
            if waited >= wait.timeout {
                return Err(Error::ActionAttemptTimedOut(Box::new(
                    ActionAttemptTimeout {
                        action_type: probe.action_type(),
                        attempt: kept_attempt(route, &response, key),
                        action_attempt_id: probe.action_attempt_id,
                        waited,
                    },
                )));
            }
            polls += 1;
            tracing::debug!(
                action_attempt_id = %probe.action_attempt_id,
                action_type = probe.action_type().as_deref(),
                status = %probe.status,
                poll = polls,
                waited_ms = waited.as_millis() as u64,
                "waiting for a Seam action attempt"
            );
            tokio::time::sleep(wait.poll_interval.min(wait.timeout - waited)).await;
            let poll = PreparedRequest::new(
                &GET_ACTION_ATTEMPT,
                &Get {
                    action_attempt_id: &probe.action_attempt_id,
                },
            )?;
            route = &GET_ACTION_ATTEMPT;
            key = "action_attempt";
            response = poller.send(&poll).await?;
        }
    }
}

/// The error for an attempt with status `error`.
fn failed(route: &Route, response: &RawResponse, key: &'static str, probe: Probe) -> Error {
    Error::ActionAttemptFailed(Box::new(ActionAttemptError {
        action_type: probe.action_type(),
        error_type: probe.error_field("type"),
        message: probe.error_field("message"),
        attempt: kept_attempt(route, response, key),
        action_attempt_id: probe.action_attempt_id,
    }))
}

pub(crate) use kept::{kept_attempt, KeptAttempt};

/// What the action-attempt errors keep of the attempt: the generated
/// `ActionAttempt`, with the features that generate it. The lint is allowed
/// because older specs (`cargo xtask compat`) lack some of these features.
#[allow(unexpected_cfgs)]
mod kept {
    use super::*;

    /// Compiles the `typed` items with the features that generate
    /// `crate::types::ActionAttempt`, the `untyped` ones without. The `#[cfg]`
    /// is the generator's for that type (on its module), copied; the test
    /// `action_attempt_cfg_is_the_generated_one` fails when they drift apart.
    macro_rules! by_action_attempt_type {
        (typed { $($typed:item)* } untyped { $($untyped:item)* }) => {
            $(
                #[cfg(any(
                    feature = "access_codes",
                    feature = "access_methods",
                    feature = "acs",
                    feature = "action_attempts",
                    feature = "locks",
                    feature = "noise_sensors",
                    all(feature = "seam", feature = "undocumented"),
                    feature = "thermostats",
                    feature = "workspaces"
                ))]
                $typed
            )*
            $(
                #[cfg(not(any(
                    feature = "access_codes",
                    feature = "access_methods",
                    feature = "acs",
                    feature = "action_attempts",
                    feature = "locks",
                    feature = "noise_sensors",
                    all(feature = "seam", feature = "undocumented"),
                    feature = "thermostats",
                    feature = "workspaces"
                )))]
                $untyped
            )*
        };
    }

    by_action_attempt_type! {
        typed {
            pub(crate) type KeptAttempt = crate::types::ActionAttempt;

            /// The attempt in `response`, typed. One that does not decode as
            /// any known form (a known `action_type` and `status` with fields
            /// of the wrong shape) is kept raw, in `ActionAttempt::Unknown`:
            /// the error is about the attempt's outcome, which the probe read.
            pub(crate) fn kept_attempt(
                route: &Route,
                response: &RawResponse,
                key: &'static str,
            ) -> KeptAttempt {
                decode_key(route, response, key).unwrap_or_else(|_| {
                    KeptAttempt::Unknown(decode_key(route, response, key).unwrap_or(Value::Null))
                })
            }

            impl Error {
                /// The action attempt that a failed, timed-out or
                /// unknown-status wait ended with, as the server last sent it.
                pub fn action_attempt(&self) -> Option<&crate::types::ActionAttempt> {
                    match self {
                        Error::ActionAttemptFailed(e) => Some(&e.attempt),
                        Error::ActionAttemptTimedOut(e) => Some(&e.attempt),
                        Error::ActionAttemptUnknownStatus(e) => Some(&e.attempt),
                        _ => None,
                    }
                }
            }

            impl ActionAttemptError {
                /// The failed attempt, as the server sent it.
                pub fn attempt(&self) -> &crate::types::ActionAttempt {
                    &self.attempt
                }
            }

            impl ActionAttemptTimeout {
                /// The attempt as last polled (still `pending`).
                pub fn attempt(&self) -> &crate::types::ActionAttempt {
                    &self.attempt
                }
            }

            impl ActionAttemptUnknownStatus {
                /// The attempt with the unknown status, as the server sent it.
                pub fn attempt(&self) -> &crate::types::ActionAttempt {
                    &self.attempt
                }
            }
        }
        untyped {
            /// Nothing: the errors keep only their public fields
            /// (`PhantomData` is an unread field the dead-code lint accepts).
            pub(crate) type KeptAttempt = PhantomData<()>;

            pub(crate) fn kept_attempt(_: &Route, _: &RawResponse, _: &'static str) -> KeptAttempt {
                PhantomData
            }
        }
    }
}

impl<'a, T: DeserializeOwned + Send + 'a> IntoFuture for ActionAttemptCall<'a, T> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T> fmt::Debug for ActionAttemptCall<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.request
            .debug(f, "ActionAttemptCall")
            .field("wait", &self.wait)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    /// The `#[cfg]` in `by_action_attempt_type!` must be the generator's for
    /// `ActionAttempt`: a narrower one would hide the typed attempt from some
    /// builds, a wider one would not compile in others.
    #[test]
    fn action_attempt_cfg_is_the_generated_one() {
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        // The type is gated by its module's `#[cfg]`…
        let types = squash(include_str!("../generated/types/mod.rs"));
        let declared = types
            .find("modaction_attempt;")
            .expect("`mod action_attempt;` in generated/types/mod.rs");
        let before = &types[..declared];
        let cfg = before
            .strip_suffix(")]")
            .and_then(|b| Some(&b[b.rfind("#[cfg(")? + "#[cfg(".len()..]))
            .expect("a #[cfg(…)] on `mod action_attempt;` in generated/types/mod.rs");
        // …and has none of its own.
        let file = squash(include_str!("../generated/types/action_attempt.rs"));
        let item = file
            .find("pubenumActionAttempt{")
            .expect("`pub enum ActionAttempt` in generated/types/action_attempt.rs");
        let attributes = &file[file[..item].rfind("///").unwrap_or(0)..item];
        assert!(
            !attributes.contains("#[cfg("),
            "`ActionAttempt` has a #[cfg] of its own again: copy that one into \
             `by_action_attempt_type!` and read it here"
        );
        let ours = squash(include_str!("action_attempts.rs"));
        assert_eq!(
            (
                ours.matches(&format!("#[cfg({cfg})]")).count(),
                ours.matches(&format!("#[cfg(not({cfg}))]")).count()
            ),
            (1, 1),
            "copy the #[cfg] of `mod action_attempt` in generated/types/mod.rs into \
             `by_action_attempt_type!` in runtime/action_attempts.rs, both places: {cfg}"
        );
    }
}
