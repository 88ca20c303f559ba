//! A request serialized once, ready to send any number of times (retries,
//! pages): the path with its parameters filled in, the query string and the
//! JSON body.

use bytes::Bytes;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{BodyEncoding, Route};
use crate::error::{Error, Result};

/// A serialized request.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PreparedRequest {
    /// The path with `{name}` placeholders replaced.
    pub(crate) path: String,
    /// Query-string pairs, in field order.
    pub(crate) query: Vec<(String, String)>,
    /// The body (JSON, or a form as the route says); `None` for `GET`/`DELETE`.
    pub(crate) body: Option<Bytes>,
    /// The body's content type, when it is not JSON.
    pub(crate) content_type: Option<&'static str>,
}

impl PreparedRequest {
    /// Serializes `request` for `route`: path and query fields are moved out
    /// of the JSON object, the rest is the body.
    pub(crate) fn new(route: &Route, request: &impl Serialize) -> Result<Self> {
        let serialize_error = |e: serde_json::Error| {
            Error::invalid_argument(format!(
                "the request for {} could not be serialized: {e}",
                route.describe()
            ))
        };
        let moves_fields = route.method.uses_query()
            || !route.path_params.is_empty()
            || !route.query_params.is_empty()
            || route.body != BodyEncoding::Json;
        if !moves_fields {
            // The common case (a POST with a body): straight to bytes.
            let bytes = serde_json::to_vec(request).map_err(serialize_error)?;
            let bytes = if bytes == b"null" {
                b"{}".to_vec()
            } else {
                bytes
            };
            return Ok(PreparedRequest {
                path: route.path.to_owned(),
                query: Vec::new(),
                body: Some(Bytes::from(bytes)),
                content_type: None,
            });
        }
        let mut fields = match serde_json::to_value(request).map_err(serialize_error)? {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            other => {
                return Err(Error::invalid_argument(format!(
                    "the request for {} must serialize to a JSON object, not {}",
                    route.describe(),
                    kind(&other)
                )))
            }
        };
        let path = fill_path(route, &mut fields)?;
        let mut query = Vec::new();
        let query_fields: Vec<String> = if route.method.uses_query() {
            fields.keys().cloned().collect()
        } else {
            route.query_params.iter().map(|s| (*s).to_owned()).collect()
        };
        for name in query_fields {
            if let Some(value) = fields.remove(&name) {
                push_query(&mut query, &name, value);
            }
        }
        let (body, content_type) = match route.body {
            _ if route.method.uses_query() => (None, None),
            BodyEncoding::Json => (
                Some(Bytes::from(
                    serde_json::to_vec(&fields).map_err(serialize_error)?,
                )),
                None,
            ),
            BodyEncoding::Form => (
                Some(Bytes::from(form(route, fields)?)),
                Some("application/x-www-form-urlencoded"),
            ),
        };
        Ok(PreparedRequest {
            path,
            query,
            body,
            content_type,
        })
    }

    /// The same request asking for the page after `cursor`: `page_cursor` is
    /// set in the JSON body (or the query string for `GET`/`DELETE`).
    pub(crate) fn with_page_cursor(&self, route: &Route, cursor: &str) -> Result<Self> {
        let mut next = self.clone();
        match &self.body {
            None => {
                next.query.retain(|(k, _)| k != "page_cursor");
                next.query.push(("page_cursor".into(), cursor.into()));
            }
            Some(body) => {
                let mut fields: Map<String, Value> = serde_json::from_slice(body).map_err(|e| {
                    Error::invalid_argument(format!(
                        "the request for {} is not a JSON object, so it cannot be paginated: {e}",
                        route.describe()
                    ))
                })?;
                fields.insert("page_cursor".into(), Value::String(cursor.into()));
                let bytes = serde_json::to_vec(&fields).map_err(|e| {
                    Error::invalid_argument(format!("could not serialize the page request: {e}"))
                })?;
                next.body = Some(Bytes::from(bytes));
            }
        }
        Ok(next)
    }
}

/// The fields as a form: `name=value&…`, strings as they are, numbers and booleans as JSON
/// writes them, lists as one pair per item; an object has no form and is refused.
fn form(route: &Route, fields: Map<String, Value>) -> Result<String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (name, value) in fields {
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let text = match item {
                Value::Null => continue,
                Value::String(s) => s,
                v @ (Value::Number(_) | Value::Bool(_)) => v.to_string(),
                other => {
                    return Err(Error::invalid_argument(format!(
                        "the form field `{name}` of {} must be a plain value, not {}",
                        route.describe(),
                        kind(&other)
                    )))
                }
            };
            pairs.push((name.clone(), text));
        }
    }
    serde_urlencoded::to_string(&pairs).map_err(|e| {
        Error::invalid_argument(format!(
            "the form of {} could not be encoded: {e}",
            route.describe()
        ))
    })
}

/// Replaces each `{name}` of the route's path with the field `name`, taken
/// out of `fields` and percent-encoded.
fn fill_path(route: &Route, fields: &mut Map<String, Value>) -> Result<String> {
    let mut path = route.path.to_owned();
    for name in route.path_params {
        let value = match fields.remove(*name) {
            Some(Value::String(s)) => s,
            Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
            Some(Value::Null) | None => {
                return Err(Error::invalid_argument(format!(
                    "{} needs the path parameter `{name}`",
                    route.describe()
                )))
            }
            Some(other) => {
                return Err(Error::invalid_argument(format!(
                    "the path parameter `{name}` of {} must be a string or number, not {}",
                    route.describe(),
                    kind(&other)
                )))
            }
        };
        let placeholder = format!("{{{name}}}");
        if !path.contains(&placeholder) {
            return Err(Error::invalid_argument(format!(
                "the path of {} has no `{placeholder}`",
                route.describe()
            )));
        }
        path = path.replace(&placeholder, &encode_segment(&value));
    }
    Ok(path)
}

/// Adds a field to the query string: scalars as themselves, arrays of
/// scalars as a repeated key, objects and nested arrays as JSON text, and
/// `null` not at all.
fn push_query(query: &mut Vec<(String, String)>, name: &str, value: Value) {
    match value {
        Value::Null => {}
        Value::String(s) => query.push((name.to_owned(), s)),
        Value::Number(_) | Value::Bool(_) => query.push((name.to_owned(), value.to_string())),
        Value::Array(items) if items.iter().all(is_scalar) => {
            for item in items {
                push_query(query, name, item);
            }
        }
        other => query.push((name.to_owned(), other.to_string())),
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Percent-encodes a path segment: everything but RFC 3986's unreserved
/// characters.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{HttpMethod, ResponseShape};
    use serde_json::json;

    const fn route(
        method: HttpMethod,
        path: &'static str,
        path_params: &'static [&'static str],
        query_params: &'static [&'static str],
    ) -> Route {
        Route {
            method,
            path,
            path_params,
            query_params,
            response: ResponseShape::Body,
            idempotent: false,
            body: crate::runtime::BodyEncoding::Json,
        }
    }

    fn body(r: &PreparedRequest) -> Value {
        serde_json::from_slice(r.body.as_ref().expect("a body")).unwrap()
    }

    #[test]
    fn post_sends_everything_as_body() {
        const R: Route = route(HttpMethod::Post, "/things/update", &[], &[]);
        let r = PreparedRequest::new(&R, &json!({"id": "a", "n": 1})).unwrap();
        assert_eq!(r.path, "/things/update");
        assert!(r.query.is_empty());
        assert_eq!(body(&r), json!({"id": "a", "n": 1}));
    }

    #[test]
    fn a_form_route_sends_a_form_and_refuses_an_object_field() {
        const R: Route = Route {
            body: crate::runtime::BodyEncoding::Form,
            ..route(HttpMethod::Post, "/things/{id}/note", &["id"], &[])
        };
        let r = PreparedRequest::new(
            &R,
            &json!({"id": "t1", "text": "a & b", "n": 2, "tags": ["x", "y"], "gone": null}),
        )
        .unwrap();
        assert_eq!(r.path, "/things/t1/note");
        assert_eq!(r.content_type, Some("application/x-www-form-urlencoded"));
        assert_eq!(
            r.body.as_deref(),
            Some(&b"n=2&tags=x&tags=y&text=a+%26+b"[..])
        );
        let e = PreparedRequest::new(&R, &json!({"id": "t1", "o": {"a": 1}})).unwrap_err();
        assert!(e.to_string().contains("`o`"), "{e}");
    }

    #[test]
    fn unit_request_is_an_empty_object() {
        const R: Route = route(HttpMethod::Post, "/workspaces/list", &[], &[]);
        let r = PreparedRequest::new(&R, &()).unwrap();
        assert_eq!(body(&r), json!({}));
    }

    #[test]
    fn path_and_query_params_are_moved() {
        const R: Route = route(
            HttpMethod::Post,
            "/things/{thing_id}/x",
            &["thing_id"],
            &["limit"],
        );
        let r = PreparedRequest::new(&R, &json!({"thing_id": "a b/c", "limit": 5, "name": "n"}))
            .unwrap();
        assert_eq!(r.path, "/things/a%20b%2Fc/x");
        assert_eq!(r.query, vec![("limit".to_owned(), "5".to_owned())]);
        assert_eq!(body(&r), json!({"name": "n"}));
    }

    #[test]
    fn get_sends_everything_as_query() {
        const R: Route = route(HttpMethod::Get, "/things/list", &[], &[]);
        let r = PreparedRequest::new(
            &R,
            &json!({"a": "x", "b": true, "ids": ["1", "2"], "skip": null, "obj": {"k": 1}}),
        )
        .unwrap();
        assert_eq!(r.body, None);
        let pairs: Vec<(&str, &str)> = r
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("a", "x"),
                ("b", "true"),
                ("ids", "1"),
                ("ids", "2"),
                ("obj", r#"{"k":1}"#)
            ]
        );
    }

    #[test]
    fn missing_path_param_is_an_invalid_argument() {
        const R: Route = route(HttpMethod::Post, "/things/{thing_id}", &["thing_id"], &[]);
        let err = PreparedRequest::new(&R, &json!({"other": 1})).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)));
        assert!(err.to_string().contains("thing_id"), "{err}");
    }

    #[test]
    fn non_object_request_is_refused_when_fields_move() {
        const R: Route = route(HttpMethod::Get, "/things/list", &[], &[]);
        let err = PreparedRequest::new(&R, &json!([1, 2])).unwrap_err();
        assert!(err.to_string().contains("JSON object"), "{err}");
    }

    #[test]
    fn serialization_errors_are_kept() {
        struct Fails;
        impl Serialize for Fails {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("boom"))
            }
        }
        const R: Route = route(HttpMethod::Post, "/x", &[], &[]);
        let err = PreparedRequest::new(&R, &Fails).unwrap_err();
        assert!(err.to_string().contains("boom"), "{err}");
    }

    #[test]
    fn page_cursor_goes_into_body_or_query() {
        const POST: Route = route(HttpMethod::Post, "/things/list", &[], &[]);
        let r = PreparedRequest::new(&POST, &json!({"limit": 2, "page_cursor": "old"})).unwrap();
        let next = r.with_page_cursor(&POST, "c2").unwrap();
        assert_eq!(body(&next), json!({"limit": 2, "page_cursor": "c2"}));

        const GET: Route = route(HttpMethod::Get, "/things/list", &[], &[]);
        let r = PreparedRequest::new(&GET, &json!({"limit": 2})).unwrap();
        let next = r.with_page_cursor(&GET, "c2").unwrap();
        let next = next.with_page_cursor(&GET, "c3").unwrap();
        assert_eq!(
            next.query,
            vec![
                ("limit".into(), "2".into()),
                ("page_cursor".into(), "c3".into())
            ]
        );
    }
}
