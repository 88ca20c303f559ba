//! [`Call`]: a request to one endpoint, sent when awaited, with per-call
//! options.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::{decode, PreparedRequest, Route};
use crate::error::Result;
use crate::retry::RetryPolicy;
use crate::Seam;

/// Options that one call may set over the client's.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// The builder methods shared by every kind of call: they set the fields of
/// `self.options`.
macro_rules! call_option_methods {
    () => {
        /// Time limit of one attempt for this call (overrides the client's).
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options.timeout = Some(timeout);
            self
        }

        /// Time limit of this whole call, across attempts and backoff
        /// (overrides the client's).
        pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
            self.options.deadline = Some(deadline);
            self
        }

        /// Retry policy for this call (overrides the client's).
        pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.options.retry = Some(policy);
            self
        }
    };
}
pub(crate) use call_option_methods;

/// A request to one endpoint; `.await` it to send it and get the decoded
/// response. Options set on it (`.timeout(…)`, `.deadline(…)`,
/// `.retry_policy(…)`) apply to this call only.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T> {
    client: &'a Seam,
    route: &'static Route,
    request: Result<PreparedRequest>,
    options: CallOptions,
    _t: PhantomData<fn() -> T>,
}

impl<'a, T> Call<'a, T> {
    pub(crate) fn new(
        client: &'a Seam,
        route: &'static Route,
        request: Result<PreparedRequest>,
    ) -> Self {
        Call {
            client,
            route,
            request,
            options: CallOptions::default(),
            _t: PhantomData,
        }
    }

    call_option_methods!();
}

impl<'a, T: DeserializeOwned + Send + 'a> Call<'a, T> {
    /// Sends the request; the same as awaiting the call.
    pub async fn send(self) -> Result<T> {
        let request = self.request?;
        let response = self
            .client
            .execute(self.route, &request, &self.options)
            .await?;
        decode(self.route, &response)
    }
}

impl<'a, T: DeserializeOwned + Send + 'a> IntoFuture for Call<'a, T> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T> std::fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("route", &self.route.describe())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}
