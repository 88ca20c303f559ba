//! What generated code calls: a [`Route`] describes one endpoint, and
//! [`Seam::call`], [`Seam::call_paginated`] and [`Seam::call_action_attempt`]
//! turn a route and a request into a [`Call`], [`PaginatedCall`] or
//! [`ActionAttemptCall`] that sends it when awaited.
//!
//! The items here are public so that generated code (and tests) can name
//! them, but they are not meant to be used directly: call the methods of the
//! resource handles (`seam.connected_accounts().update(…)`) instead.
//!
//! See `codegen/ARCHITECTURE.md` for the contract.

mod call;
mod client_trait;
mod decode;
mod request;
mod transport;

use serde::Serialize;

pub use self::call::Call;
pub(crate) use self::call::{call_option_methods, CallOptions};
pub use self::client_trait::Client;
pub(crate) use self::decode::{decode, decode_envelope, decode_key};
pub(crate) use self::request::PreparedRequest;
pub(crate) use self::transport::RawResponse;
pub use crate::action_attempts::ActionAttemptCall;
pub use crate::pagination::PaginatedCall;
use crate::Seam;

/// One endpoint of the API, as the generator describes it. Generated code
/// declares one `const ROUTE: Route` per method.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// The HTTP method to send.
    pub method: HttpMethod,
    /// The path, with `{name}` placeholders for `path_params`.
    pub path: &'static str,
    /// Request fields moved out of the body into `{name}` of the path.
    pub path_params: &'static [&'static str],
    /// Request fields moved out of the body into the query string.
    pub query_params: &'static [&'static str],
    /// Where in the response the returned value is.
    pub response: ResponseShape,
    /// Whether sending the request twice is harmless (reads), which allows
    /// retrying it after a 502/503/504 or a dropped connection.
    pub idempotent: bool,
}

impl Route {
    /// `POST /connected_accounts/update`: how errors name the route.
    pub(crate) fn describe(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path)
    }
}

/// HTTP method of a [`Route`].
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`: every request field goes to the query string.
    Get,
    /// `POST`: the request is the JSON body.
    Post,
    /// `PUT`: the request is the JSON body.
    Put,
    /// `PATCH`: the request is the JSON body.
    Patch,
    /// `DELETE`: every request field goes to the query string.
    Delete,
}

impl HttpMethod {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Whether the request travels in the query string rather than a body.
    pub(crate) fn uses_query(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Delete)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
        }
    }
}

/// Where the returned value is in a response body.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseShape {
    /// Seam's envelope `{"ok": true, "<key>": <value>, …}`: only the value
    /// under the key is decoded; the other fields are skipped unbuilt.
    Key(&'static str),
    /// The whole body is the value.
    Body,
    /// The body is ignored; the value is `()`.
    Empty,
}

impl Seam {
    /// Prepares a request to `route`; it is sent when the returned [`Call`]
    /// is awaited. The request is serialized now, and a serialization error
    /// is reported by the await.
    #[doc(hidden)]
    pub fn call<'a, T>(&'a self, route: &'static Route, request: &impl Serialize) -> Call<'a, T> {
        Call::new(self, route, PreparedRequest::new(route, request))
    }

    /// Like [`call`](Self::call), for routes whose response is paginated:
    /// `route.response` must be `ResponseShape::Key` naming the list.
    #[doc(hidden)]
    pub fn call_paginated<'a, T>(
        &'a self,
        route: &'static Route,
        request: &impl Serialize,
    ) -> PaginatedCall<'a, T> {
        PaginatedCall::new(self, route, PreparedRequest::new(route, request))
    }

    /// Like [`call`](Self::call), for routes that return an action attempt:
    /// waits for it to finish unless told otherwise.
    #[doc(hidden)]
    pub fn call_action_attempt<'a, T>(
        &'a self,
        route: &'static Route,
        request: &impl Serialize,
    ) -> ActionAttemptCall<'a, T> {
        ActionAttemptCall::new(self, route, PreparedRequest::new(route, request))
    }
}
