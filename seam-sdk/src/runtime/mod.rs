//! What generated code calls: a [`Route`] describes one endpoint, and
//! [`Seam::call`](crate::Seam::call),
//! [`Seam::call_paginated`](crate::Seam::call_paginated) and
//! [`Seam::call_action_attempt`](crate::Seam::call_action_attempt) (the
//! [`Client`] trait) turn a route and a request into a [`Call`],
//! [`PaginatedCall`] or [`ActionAttemptCall`] that sends it when awaited.
//!
//! The items here are public so that generated code (and tests) can name
//! them, but they are not meant to be used directly: call the methods of the
//! resource handles (`seam.connected_accounts().update(…)`) instead.
//!
//! See `codegen/ARCHITECTURE.md` for the contract.
//!
//! Inside: `transport` sends (the one place that touches the network);
//! `request` serializes a request once; `call` holds what every kind of call
//! shares and the plain [`Call`]; `pagination` and `action_attempts` are the
//! other two kinds; `decode` reads a response.

pub(crate) mod action_attempts;
mod call;
mod client_trait;
mod decode;
mod files;
pub(crate) mod pagination;
mod request;
mod transport;
mod validate;

pub use self::action_attempts::ActionAttemptCall;
pub use self::call::Call;
pub(crate) use self::call::{CallOptions, Request, Sender};
pub use self::client_trait::Client;
pub(crate) use self::decode::{decode, decode_envelope, decode_key};
pub use self::files::{FileField, FilePart};
pub use self::pagination::PaginatedCall;
pub(crate) use self::request::PreparedRequest;
pub(crate) use self::transport::{RawResponse, Transport};
#[doc(hidden)]
pub use self::validate::rules;
pub use self::validate::{Checked, Present, Validate, Violation};

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
    /// How the body is encoded.
    pub body: BodyEncoding,
}

/// How a request's body is encoded.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON (`application/json`): every Seam route.
    Json,
    /// JSON of one field of the request, not of the whole: a body that is a list, beside
    /// parameters sent in the path or query.
    JsonOf(&'static str),
    /// A form (`application/x-www-form-urlencoded`): fields of plain values.
    Form,
    /// `multipart/form-data`: a part for each field, and for each file
    /// ([`File`](crate::File)) with its file name and content type.
    Multipart,
    /// The bytes of the request's one file, sent as they are, with this content type unless
    /// the file names its own (`application/octet-stream`, `image/png`…).
    Binary(&'static str),
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
    /// The body's bytes, as they are: the value is a [`File`](crate::File) of them (a
    /// download: a PDF, an image, text), asked for as this media type (`Accept`).
    Bytes(&'static str),
}
