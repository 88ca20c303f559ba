//! What every kind of call shares ([`Request`]: the transport, the route, the
//! per-call options and the serialized request), and [`Call`], the plain one.
//! [`PaginatedCall`](super::PaginatedCall) and
//! [`ActionAttemptCall`](super::ActionAttemptCall) hold the same [`Request`]
//! and differ only in what they do with the response.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::{decode, PreparedRequest, RawResponse, Route, Transport, Violation};
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;

/// Options that one call may set over the client's.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// Sends requests to one route with one call's options: the first request,
/// and the next pages or the polls that follow it.
#[derive(Clone)]
pub(crate) struct Sender<'a> {
    pub(crate) transport: &'a Transport,
    pub(crate) route: &'static Route,
    pub(crate) options: CallOptions,
}

impl<'a> Sender<'a> {
    /// Sends `request` to this sender's route.
    pub(crate) async fn send(&self, request: &PreparedRequest) -> Result<RawResponse> {
        self.transport
            .execute(self.route, request, &self.options)
            .await
    }

    /// The same transport and options, to another route.
    pub(crate) fn to(&self, route: &'static Route) -> Sender<'a> {
        Sender {
            route,
            ..self.clone()
        }
    }
}

/// A request not yet sent, with where and how to send it: the inside of every
/// kind of call. The serialization error, if any, is reported when the call
/// is awaited.
pub(crate) struct Request<'a> {
    pub(crate) sender: Sender<'a>,
    pub(crate) prepared: Result<PreparedRequest>,
    /// The rules of the spec the request breaks; it is refused when they are checked.
    violations: Vec<Violation>,
    /// Whether they are (the client's setting, or the call's).
    validate: bool,
}

impl<'a> Request<'a> {
    pub(crate) fn new(
        transport: &'a Transport,
        route: &'static Route,
        prepared: Result<PreparedRequest>,
    ) -> Self {
        Request {
            sender: Sender {
                transport,
                route,
                options: CallOptions::default(),
            },
            prepared,
            violations: Vec::new(),
            validate: true,
        }
    }

    /// The rules of the spec `prepared` breaks, refused when the request is sent.
    pub(crate) fn with_violations(mut self, violations: Vec<Violation>) -> Self {
        self.violations = violations;
        self
    }

    /// Whether this call checks its request against the spec's limits.
    pub(crate) fn set_validate(&mut self, validate: bool) {
        self.validate = validate;
    }

    pub(crate) fn route(&self) -> &'static Route {
        self.sender.route
    }

    pub(crate) fn options(&mut self) -> &mut CallOptions {
        &mut self.sender.options
    }

    /// The serialized request and its sender, unless it breaks the spec's limits (when they
    /// are checked) or could not be serialized.
    pub(crate) fn checked(self) -> Result<(Sender<'a>, PreparedRequest)> {
        if self.validate && !self.violations.is_empty() {
            return Err(refused(self.sender.route, &self.violations));
        }
        Ok((self.sender, self.prepared?))
    }

    /// Sends the request once (with retries); the response is not decoded.
    pub(crate) async fn send(self) -> Result<(Sender<'a>, RawResponse)> {
        let (sender, prepared) = self.checked()?;
        let response = sender.send(&prepared).await?;
        Ok((sender, response))
    }
}

/// The error of a request that breaks the spec's limits: every field and rule.
fn refused(route: &Route, violations: &[Violation]) -> Error {
    let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
    Error::invalid_argument(format!(
        "the request for {} breaks {} of the limits the spec states, so it was not sent: {} \
         (`.validate(false)` on the call, or `validate_requests(false)` on the client, sends it \
         anyway)",
        route.describe(),
        violations.len(),
        list.join("; ")
    ))
}

impl Request<'_> {
    /// `name { route, options` for the `Debug` of each kind of call, which
    /// may add fields before finishing it.
    pub(crate) fn debug<'f, 'b>(
        &self,
        f: &'f mut fmt::Formatter<'b>,
        name: &str,
    ) -> fmt::DebugStruct<'f, 'b> {
        let mut d = f.debug_struct(name);
        d.field("route", &self.sender.route.describe())
            .field("options", &self.sender.options);
        d
    }
}

/// A request to one endpoint; `.await` it to send it and get the decoded
/// response. Options set on it (`.timeout(…)`, `.deadline(…)`,
/// `.retry_policy(…)`) apply to this call only.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T> {
    request: Request<'a>,
    _t: PhantomData<fn() -> T>,
}

impl<'a, T> Call<'a, T> {
    pub(crate) fn new(request: Request<'a>) -> Self {
        Call {
            request,
            _t: PhantomData,
        }
    }

    /// Time limit of one attempt for this call (overrides the client's).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.options().timeout = Some(timeout);
        self
    }

    /// Time limit of this whole call, across attempts and backoff
    /// (overrides the client's).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.request.options().deadline = Some(deadline);
        self
    }

    /// Retry policy for this call (overrides the client's).
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
}

impl<'a, T: DeserializeOwned + Send + 'a> Call<'a, T> {
    /// Sends the request; the same as awaiting the call.
    pub async fn send(self) -> Result<T> {
        let route = self.request.route();
        let (_, response) = self.request.send().await?;
        decode(route, &response)
    }
}

impl<'a, T: DeserializeOwned + Send + 'a> IntoFuture for Call<'a, T> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.request.debug(f, "Call").finish_non_exhaustive()
    }
}
