//! The one error type of the SDK, and how an HTTP error response becomes one.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::runtime::action_attempts::KeptAttempt;
use crate::runtime::pagination::Pagination;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when talking to Seam.
///
/// Match on the variant to branch; the helpers [`Error::status`],
/// [`Error::error_type`] and [`Error::request_id`] read the common fields of
/// whichever variant carries them. No variant ever holds an API key, token or
/// webhook secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// HTTP 401: the credentials were refused.
    #[error("unauthorized: {0}")]
    Unauthorized(Box<ApiError>),
    /// Seam refused the request's input (`invalid_input`, normally HTTP 400).
    #[error("{0}")]
    InvalidInput(Box<InvalidInputError>),
    /// Any other error response from the API.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// An attempt, or the whole call, took longer than allowed.
    #[error("{0}")]
    Timeout(Box<TimeoutError>),
    /// The request could not be sent or the response could not be read.
    #[error("{0}")]
    Transport(Box<TransportError>),
    /// A successful response whose body did not have the expected shape: the
    /// server accepted the request ([`Error::is_accepted`]); never retried.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The call was refused before anything was sent (bad token, missing path
    /// parameter, request that does not serialize, bad endpoint…).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// An action attempt finished with status `error`.
    #[error("{0}")]
    ActionAttemptFailed(Box<ActionAttemptError>),
    /// An action attempt was still pending when the wait ran out.
    #[error("{0}")]
    ActionAttemptTimedOut(Box<ActionAttemptTimeout>),
    /// An action attempt came back with a status this SDK does not know
    /// (neither `pending`, `success` nor `error`); the wait stopped at once.
    #[error("{0}")]
    ActionAttemptUnknownStatus(Box<ActionAttemptUnknownStatus>),
    /// A list's `pagination` cannot be followed: the server says there is a
    /// next page but gives no cursor, or hands out a cursor it gave before.
    #[error("{0}")]
    Pagination(Box<PaginationError>),
    /// A webhook could not be verified.
    #[error("webhook verification failed: {0}")]
    Webhook(#[from] crate::webhooks::WebhookError),
}

impl Error {
    /// The HTTP status of an error response, if this error came from one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized(e) | Error::Api(e) => Some(e.status),
            Error::InvalidInput(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// Seam's error `type` (`connected_account_not_found`, `invalid_input`…),
    /// or for a failed action attempt the attempt's error type.
    pub fn error_type(&self) -> Option<&str> {
        match self {
            Error::Unauthorized(e) | Error::Api(e) => e.error_type.as_deref(),
            Error::InvalidInput(_) => Some("invalid_input"),
            Error::ActionAttemptFailed(e) => e.error_type.as_deref(),
            _ => None,
        }
    }

    /// The `seam-request-id` of the response, useful when asking Seam support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Unauthorized(e) | Error::Api(e) => e.request_id.as_deref(),
            Error::InvalidInput(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::Pagination(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the server accepted the request although the call failed: a
    /// success status whose body could not be decoded ([`Error::Decode`]). The
    /// request must not be assumed to have failed, and is never retried.
    pub fn is_accepted(&self) -> bool {
        matches!(self, Error::Decode(e) if e.accepted())
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Error::InvalidArgument(message.into())
    }
}

/// An error response from the Seam API.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// `POST /connected_accounts/get` etc.
    pub route: String,
    /// HTTP status code.
    pub status: u16,
    /// Seam's `error.type`; `None` when the body was not Seam's JSON error
    /// (an HTML page from a proxy, an empty body).
    pub error_type: Option<String>,
    /// Seam's `error.message`, or a short excerpt of a non-JSON body.
    pub message: String,
    /// Seam's `error.data`, when present.
    pub data: Option<Value>,
    /// The `seam-request-id` response header (or `error.request_id`).
    pub request_id: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} returned HTTP {}", self.route, self.status)?;
        if let Some(t) = &self.error_type {
            write!(f, " {t}")?;
        }
        write!(f, ": {}", one_line(&self.message))?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Seam refused the request's input (`invalid_input`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct InvalidInputError {
    /// `POST /connected_accounts/update` etc.
    pub route: String,
    /// HTTP status code (400).
    pub status: u16,
    /// Seam's `error.message`.
    pub message: String,
    /// The `seam-request-id` response header (or `error.request_id`).
    pub request_id: Option<String>,
    /// `error.validation_errors` as sent: nested by field, with the messages
    /// for each level in `_errors`, e.g.
    /// `{"custom_metadata": {"<key>": {"_errors": ["…"]}}}`.
    pub validation_errors: Option<Value>,
    /// `error.errors` as sent, when the server gives a flat list instead.
    pub errors: Option<Value>,
    /// Seam's `error.data`, when present.
    pub data: Option<Value>,
}

impl InvalidInputError {
    /// Every validation message about `field` (a top-level request field),
    /// including those about its nested keys.
    ///
    /// Reads both the nested `validation_errors` form and a flat `errors`
    /// list whose items carry a `path`.
    pub fn field_errors(&self, field: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(v) = &self.validation_errors {
            if let Some(sub) = v.get(field) {
                collect_strings(sub, &mut out);
            }
            // zod's flatten() shape: {"fieldErrors": {"field": ["…"]}}
            if let Some(sub) = v.get("fieldErrors").and_then(|f| f.get(field)) {
                collect_strings(sub, &mut out);
            }
        }
        if let Some(Value::Array(items)) = &self.errors {
            for item in items {
                let first = match item.get("path") {
                    Some(Value::Array(p)) => p.first().and_then(Value::as_str),
                    Some(Value::String(p)) => p.split('.').next(),
                    _ => None,
                };
                if first == Some(field) {
                    if let Some(m) = item.get("message").and_then(Value::as_str) {
                        out.push(m.to_owned());
                    }
                }
            }
        }
        out
    }
}

/// Collects every string below `v` (the messages of a validation subtree).
fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}

impl fmt::Display for InvalidInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} returned HTTP {} invalid_input: {}",
            self.route,
            self.status,
            one_line(&self.message)
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// A per-attempt timeout or the overall deadline ran out.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TimeoutError {
    /// `POST /connected_accounts/get` etc.
    pub route: String,
    /// The time limit that ran out.
    pub after: Duration,
    /// `true` when it was the overall deadline, `false` for one attempt.
    pub overall: bool,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let which = if self.overall {
            "overall deadline"
        } else {
            "per-attempt timeout"
        };
        write!(
            f,
            "{} timed out after {:?} ({which})",
            self.route, self.after
        )
    }
}

/// The request could not be sent, or its response not read.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// `POST /connected_accounts/get` etc. (or what was being set up).
    pub route: String,
    /// The underlying error.
    pub source: reqwest::Error,
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // reqwest's own message ("error sending request for url") says little;
        // the innermost cause ("connection refused") is what a reader needs.
        write!(f, "{} failed: {}", self.route, self.source)?;
        let mut cause = std::error::Error::source(&self.source);
        let mut innermost = None;
        while let Some(c) = cause {
            innermost = Some(c);
            cause = c.source();
        }
        if let Some(c) = innermost {
            write!(f, ": {c}")?;
        }
        Ok(())
    }
}

/// A response body that did not have the expected shape.
///
/// The server answered with a success status, so it **accepted the request**:
/// a change it asked for was applied (or is under way) and must not be
/// assumed to have failed. The SDK never retries such a call; repeating it
/// yourself may apply it twice. The error says so in its message, and
/// [`accepted`](Self::accepted) tells it apart in code.
///
/// It keeps the start of the body, up to [`DecodeError::MAX_BODY`] bytes
/// (64 KiB), and the length of the whole: an error must not hold a 50 MB
/// body in memory for as long as it is kept or logged. What the server did
/// send is still readable: [`body_json`](Self::body_json) parses the kept body.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// `POST /connected_accounts/get` etc.
    pub route: String,
    /// HTTP status of the response.
    pub status: u16,
    /// Where in the JSON decoding failed, e.g. `connected_account.errors[0]`.
    pub path: String,
    /// The body, lossily converted to UTF-8: all of it, or its first
    /// [`MAX_BODY`](Self::MAX_BODY) bytes when it is longer, cut before a
    /// character that would be split (see [`body_len`](Self::body_len)).
    pub body: String,
    /// The length of the whole body in bytes; larger than `body.len()` when
    /// the body was cut (see [`is_body_truncated`](Self::is_body_truncated)).
    pub body_len: usize,
    /// The `seam-request-id` response header.
    pub request_id: Option<String>,
    /// The serde error.
    pub source: serde_json::Error,
}

impl DecodeError {
    /// How many bytes of an undecodable body an error keeps: 64 KiB.
    pub const MAX_BODY: usize = 64 * 1024;

    pub(crate) fn new(
        route: String,
        status: u16,
        path: String,
        body: &[u8],
        request_id: Option<String>,
        source: serde_json::Error,
    ) -> Self {
        DecodeError {
            route,
            status,
            path,
            body: String::from_utf8_lossy(kept_prefix(body)).into_owned(),
            body_len: body.len(),
            request_id,
            source,
        }
    }

    /// Whether [`body`](Self::body) is only the start of the body.
    pub fn is_body_truncated(&self) -> bool {
        self.body_len > DecodeError::MAX_BODY
    }

    /// Whether the server accepted the request (its status is 2xx): what the
    /// request asked for was done, or is under way, even though the SDK could
    /// not read the answer.
    pub fn accepted(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as untyped JSON, when it was kept whole and is JSON: what the
    /// server answered, for a caller who needs it despite the typed decode
    /// failing.
    pub fn body_json(&self) -> Option<Value> {
        if self.is_body_truncated() {
            return None;
        }
        serde_json::from_str(&self.body).ok()
    }
}

/// The first [`DecodeError::MAX_BODY`] bytes of `body` (all of it when
/// shorter), moved back to the start of a UTF-8 character that the cut would
/// split.
fn kept_prefix(body: &[u8]) -> &[u8] {
    if body.len() <= DecodeError::MAX_BODY {
        return body;
    }
    let mut end = DecodeError::MAX_BODY;
    // A continuation byte (0b10xx_xxxx) right after the cut means the cut is
    // inside a character: back up to its first byte (at most 3 steps in UTF-8).
    while end > DecodeError::MAX_BODY - 3 && body[end] & 0b1100_0000 == 0b1000_0000 {
        end -= 1;
    }
    &body[..end]
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.accepted() {
            write!(
                f,
                "{} accepted the request (HTTP {}",
                self.route, self.status
            )?;
        } else {
            write!(f, "{} answered HTTP {}", self.route, self.status)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, "), but its response could not be decoded")?;
        if !self.path.is_empty() && self.path != "." {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.source)?;
        if self.accepted() {
            f.write_str(
                "; the request must not be assumed to have failed (it was not retried, and \
                 repeating it may apply it twice)",
            )?;
        }
        Ok(())
    }
}

/// An action attempt that finished with status `error`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ActionAttemptError {
    /// The attempt's id.
    pub action_attempt_id: String,
    /// `UNLOCK_DOOR` etc.
    pub action_type: Option<String>,
    /// The attempt's `error.type`.
    pub error_type: Option<String>,
    /// The attempt's `error.message`.
    pub message: Option<String>,
    /// Read with [`attempt`](Self::attempt) (with a feature that has action
    /// attempts).
    pub(crate) attempt: KeptAttempt,
}

impl fmt::Display for ActionAttemptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "action attempt {}", self.action_attempt_id)?;
        if let Some(t) = &self.action_type {
            write!(f, " ({t})")?;
        }
        write!(f, " failed")?;
        if let Some(t) = &self.error_type {
            write!(f, ": {t}")?;
        }
        if let Some(m) = &self.message {
            write!(f, ": {}", one_line(m))?;
        }
        Ok(())
    }
}

/// An action attempt still pending when the wait ran out.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ActionAttemptTimeout {
    /// The attempt's id.
    pub action_attempt_id: String,
    /// `UNLOCK_DOOR` etc.
    pub action_type: Option<String>,
    /// How long the SDK waited.
    pub waited: Duration,
    /// Read with [`attempt`](Self::attempt) (with a feature that has action
    /// attempts).
    pub(crate) attempt: KeptAttempt,
}

impl fmt::Display for ActionAttemptTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "action attempt {}", self.action_attempt_id)?;
        if let Some(t) = &self.action_type {
            write!(f, " ({t})")?;
        }
        write!(f, " was still pending after {:?}", self.waited)
    }
}

/// An action attempt whose `status` is none of `pending`, `success` and
/// `error`: Seam added a status this version of the SDK does not know, so it
/// cannot tell whether the action is done, and stops waiting rather than poll
/// until the timeout.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ActionAttemptUnknownStatus {
    /// The attempt's id.
    pub action_attempt_id: String,
    /// `UNLOCK_DOOR` etc.
    pub action_type: Option<String>,
    /// The status as sent.
    pub status: String,
    /// Read with [`attempt`](Self::attempt) (with a feature that has action
    /// attempts).
    pub(crate) attempt: KeptAttempt,
}

impl fmt::Display for ActionAttemptUnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "action attempt {}", self.action_attempt_id)?;
        if let Some(t) = &self.action_type {
            write!(f, " ({t})")?;
        }
        write!(
            f,
            " has the status `{}`, which this SDK does not know; stopped waiting",
            one_line(&self.status)
        )
    }
}

/// A list response whose `pagination` cannot be followed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PaginationError {
    /// `POST /devices/list` etc.
    pub route: String,
    /// What is wrong with it.
    pub problem: PaginationProblem,
    /// The `pagination` object as sent.
    pub pagination: Pagination,
    /// The `seam-request-id` of the response.
    pub request_id: Option<String>,
}

/// What is wrong with a list's `pagination`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationProblem {
    /// `has_next_page` is true but `next_page_cursor` is absent or `null`.
    MissingCursor,
    /// The server handed out this `next_page_cursor` before; following it
    /// would fetch the same pages forever.
    RepeatedCursor(String),
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.route)?;
        match &self.problem {
            PaginationProblem::MissingCursor => write!(
                f,
                "says there is a next page but gives no `next_page_cursor`"
            )?,
            PaginationProblem::RepeatedCursor(c) => write!(
                f,
                "handed out the page cursor `{}` again; stopped rather than loop",
                one_line(c)
            )?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Seam's error envelope: `{"error": {"type": …, "message": …}, "ok": false}`.
#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorBody,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(rename = "type")]
    error_type: Option<String>,
    message: Option<String>,
    data: Option<Value>,
    request_id: Option<String>,
    validation_errors: Option<Value>,
    errors: Option<Value>,
}

/// How many characters of a non-JSON error body go into the message.
const EXCERPT_CHARS: usize = 200;

/// Turns a non-success response into an [`Error`]. Never fails: a body that is
/// not Seam's JSON error becomes an [`Error::Api`] with a short excerpt.
pub(crate) fn from_response(
    route: String,
    status: u16,
    request_id: Option<String>,
    body: &[u8],
) -> Error {
    let parsed = serde_json::from_slice::<ErrorEnvelope>(body)
        .ok()
        .map(|e| e.error);
    let Some(err) = parsed else {
        let api = ApiError {
            route,
            status,
            error_type: None,
            message: excerpt(body),
            data: None,
            request_id,
        };
        return if status == 401 {
            Error::Unauthorized(Box::new(api))
        } else {
            Error::Api(Box::new(api))
        };
    };
    let request_id = request_id.or(err.request_id);
    let message = err.message.unwrap_or_default();
    if err.error_type.as_deref() == Some("invalid_input") {
        return Error::InvalidInput(Box::new(InvalidInputError {
            route,
            status,
            message,
            request_id,
            validation_errors: err.validation_errors,
            errors: err.errors,
            data: err.data,
        }));
    }
    let api = Box::new(ApiError {
        route,
        status,
        error_type: err.error_type,
        message,
        data: err.data,
        request_id,
    });
    if status == 401 {
        Error::Unauthorized(api)
    } else {
        Error::Api(api)
    }
}

/// A one-line excerpt of a body for messages: `empty body`, or its first
/// characters with whitespace runs collapsed.
fn excerpt(body: &[u8]) -> String {
    // Only the start is read: an excerpt never needs more.
    let text = String::from_utf8_lossy(kept_prefix(body));
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return "empty body".to_owned();
    }
    let mut out: String = collapsed.chars().take(EXCERPT_CHARS).collect();
    if collapsed.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    format!("non-JSON body: {out}")
}

/// Keeps `Display` on one line even when a server message has line breaks.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\n', '\r']) {
        s.split_whitespace().collect::<Vec<_>>().join(" ").into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(status: u16, body: &str) -> Error {
        from_response(
            "POST /x".into(),
            status,
            Some("req-1".into()),
            body.as_bytes(),
        )
    }

    #[test]
    fn seam_error_becomes_api_error() {
        let e = parse(
            404,
            r#"{"error":{"type":"connected_account_not_found","message":"Connected account not found","data":{"a":1}},"ok":false}"#,
        );
        let Error::Api(api) = &e else {
            panic!("expected Api, got {e:?}")
        };
        assert_eq!(api.status, 404);
        assert_eq!(
            api.error_type.as_deref(),
            Some("connected_account_not_found")
        );
        assert_eq!(api.message, "Connected account not found");
        assert_eq!(api.data, Some(json!({"a": 1})));
        assert_eq!(e.request_id(), Some("req-1"));
        assert_eq!(
            e.to_string(),
            "POST /x returned HTTP 404 connected_account_not_found: Connected account not found (request id req-1)"
        );
    }

    #[test]
    fn body_request_id_is_a_fallback() {
        let e = from_response(
            "POST /x".into(),
            500,
            None,
            br#"{"error":{"type":"t","message":"m","request_id":"from-body"}}"#,
        );
        assert_eq!(e.request_id(), Some("from-body"));
    }

    #[test]
    fn status_401_is_unauthorized() {
        let e = parse(
            401,
            r#"{"error":{"type":"unauthorized","message":"Unauthorized"}}"#,
        );
        assert!(matches!(e, Error::Unauthorized(_)), "{e:?}");
        assert_eq!(e.status(), Some(401));
        // A 401 from a proxy is still unauthorized.
        assert!(matches!(parse(401, "nope"), Error::Unauthorized(_)));
    }

    #[test]
    fn invalid_input_keeps_nested_validation_errors() {
        let e = parse(
            400,
            r#"{"error":{"type":"invalid_input","message":"Invalid input","validation_errors":{"_errors":[],"custom_metadata":{"_errors":[],"a_very_long_key":{"_errors":["Custom metadata keys must be at most 40 characters"]}}}},"ok":false}"#,
        );
        let Error::InvalidInput(ii) = &e else {
            panic!("expected InvalidInput, got {e:?}")
        };
        assert_eq!(
            ii.field_errors("custom_metadata"),
            vec!["Custom metadata keys must be at most 40 characters"]
        );
        assert!(ii.field_errors("display_name").is_empty());
        assert_eq!(e.error_type(), Some("invalid_input"));
        assert!(e.to_string().contains("invalid_input: Invalid input"));
    }

    #[test]
    fn invalid_input_reads_a_flat_error_list() {
        let e = parse(
            400,
            r#"{"error":{"type":"invalid_input","message":"bad","errors":[{"path":["device_id"],"message":"Required"},{"path":["other"],"message":"x"}]}}"#,
        );
        let Error::InvalidInput(ii) = e else {
            panic!("expected InvalidInput")
        };
        assert_eq!(ii.field_errors("device_id"), vec!["Required"]);
    }

    #[test]
    fn html_502_gives_api_error_with_excerpt() {
        let e = parse(
            502,
            "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>",
        );
        let Error::Api(api) = &e else {
            panic!("expected Api, got {e:?}")
        };
        assert_eq!(api.status, 502);
        assert_eq!(api.error_type, None);
        assert!(api.message.contains("502 Bad Gateway"), "{}", api.message);
        assert!(!e.to_string().contains('\n'));
    }

    #[test]
    fn empty_and_truncated_bodies_give_api_errors() {
        let e = parse(503, "");
        assert!(e.to_string().contains("HTTP 503: empty body"), "{e}");
        let e = parse(500, r#"{"error":{"type":"internal","mess"#);
        let Error::Api(api) = &e else {
            panic!("expected Api, got {e:?}")
        };
        assert_eq!(api.error_type, None);
        assert!(api.message.starts_with("non-JSON body: {\"error\""));
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = "x".repeat(10_000);
        let e = parse(502, &body);
        assert!(e.to_string().len() < 400);
    }

    #[test]
    fn an_undecodable_body_is_kept_up_to_64_kib() {
        let source = || serde_json::from_str::<u8>("x").unwrap_err();
        let small = DecodeError::new(
            "POST /x".into(),
            200,
            ".".into(),
            b"{\"a\":",
            None,
            source(),
        );
        assert_eq!(small.body, "{\"a\":");
        assert_eq!(small.body_len, 5);
        assert!(!small.is_body_truncated());

        let huge = vec![b'x'; 50 * 1024 * 1024];
        let e = DecodeError::new("POST /x".into(), 200, ".".into(), &huge, None, source());
        assert_eq!(e.body.len(), DecodeError::MAX_BODY);
        assert_eq!(e.body_len, 50 * 1024 * 1024);
        assert!(e.is_body_truncated());
        assert!(e.to_string().len() < 400, "{e}");

        // Exactly the bound: kept whole.
        let exact = "é".repeat(DecodeError::MAX_BODY / 2);
        let e = DecodeError::new(
            "POST /x".into(),
            200,
            ".".into(),
            exact.as_bytes(),
            None,
            source(),
        );
        assert_eq!(e.body, exact);
        assert!(!e.is_body_truncated());
    }

    #[test]
    fn the_cut_never_splits_a_character() {
        let source = || serde_json::from_str::<u8>("x").unwrap_err();
        // Characters of 1 to 4 bytes, placed so that the 64 KiB mark falls
        // inside one at every offset.
        for (ch, width) in [("é", 2), ("€", 3), ("🔒", 4)] {
            for shift in 0..width {
                let body = format!(
                    "{}{}",
                    "a".repeat(shift + 1),
                    ch.repeat(DecodeError::MAX_BODY)
                );
                let e = DecodeError::new(
                    "POST /x".into(),
                    200,
                    ".".into(),
                    body.as_bytes(),
                    None,
                    source(),
                );
                assert!(e.body.len() <= DecodeError::MAX_BODY);
                assert!(e.body.len() > DecodeError::MAX_BODY - width);
                assert!(
                    !e.body.contains('\u{FFFD}'),
                    "{ch} shifted {shift}: a split character"
                );
                assert!(body.starts_with(&e.body));
                assert_eq!(e.body_len, body.len());
            }
        }
    }

    #[test]
    fn a_huge_non_json_error_body_gives_a_short_message() {
        let mut body = "<html>".to_owned();
        body.push_str(&"x".repeat(50 * 1024 * 1024));
        let e = parse(502, &body);
        let Error::Api(api) = &e else {
            panic!("expected Api, got {e:?}")
        };
        assert!(api.message.starts_with("non-JSON body: <html>"));
        assert!(api.message.chars().count() < 250, "{}", api.message);
    }

    #[test]
    fn error_is_small() {
        // Results are returned everywhere; keep the error a couple of words.
        assert!(std::mem::size_of::<Error>() <= 32);
    }
}
