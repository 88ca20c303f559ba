//! A request serialized once, ready to send any number of times (retries,
//! pages): the path with its parameters filled in, the query string and the
//! body (JSON, a form, multipart parts, or raw bytes, as the route says).

use bytes::Bytes;
use serde::Serialize;
use serde_json::{Map, Value};

use super::files::{FilePart, Part};
use super::{BodyEncoding, Route};
use crate::error::{Error, Result};

/// A serialized request.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PreparedRequest {
    /// The path with `{name}` placeholders replaced.
    pub(crate) path: String,
    /// Query-string pairs, in field order.
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Body,
}

/// What a request sends after its headers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Body {
    /// Nothing (`GET`/`DELETE`).
    None,
    /// Bytes: JSON when `content_type` is `None`.
    Bytes {
        bytes: Bytes,
        content_type: Option<String>,
    },
    /// The parts of a `multipart/form-data` body (reqwest writes the boundary).
    Multipart(Vec<Part>),
}

impl Body {
    fn json(bytes: Vec<u8>) -> Body {
        Body::Bytes {
            bytes: Bytes::from(bytes),
            content_type: None,
        }
    }
}

impl PreparedRequest {
    /// Serializes `request`, which has no files, for `route`.
    pub(crate) fn new(route: &Route, request: &impl Serialize) -> Result<Self> {
        Self::with_files(route, request, Vec::new())
    }

    /// Serializes `request` for `route`: path and query fields are moved out
    /// of the JSON object, the rest (with `files`) is the body.
    pub(crate) fn with_files(
        route: &Route,
        request: &impl Serialize,
        files: Vec<FilePart>,
    ) -> Result<Self> {
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
        if !moves_fields && files.is_empty() {
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
                body: Body::json(bytes),
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
        let body = match route.body {
            _ if route.method.uses_query() && files.is_empty() => Body::None,
            _ if route.method.uses_query() => {
                return Err(Error::invalid_argument(format!(
                    "{} sends no body, so it cannot send files",
                    route.describe()
                )))
            }
            BodyEncoding::Json if files.is_empty() => {
                Body::json(serde_json::to_vec(&fields).map_err(serialize_error)?)
            }
            BodyEncoding::JsonOf(name) => {
                let value = fields.remove(name).unwrap_or(Value::Null);
                only_body_left(route, &fields, &files)?;
                Body::json(serde_json::to_vec(&value).map_err(serialize_error)?)
            }
            BodyEncoding::Form if files.is_empty() => Body::Bytes {
                bytes: Bytes::from(form(route, fields)?),
                content_type: Some("application/x-www-form-urlencoded".to_owned()),
            },
            BodyEncoding::Json | BodyEncoding::Form => {
                return Err(Error::invalid_argument(format!(
                    "{} sends JSON or a form, which cannot hold files",
                    route.describe()
                )))
            }
            BodyEncoding::Multipart => Body::Multipart(multipart(fields, files)),
            BodyEncoding::Binary(spec_type) => {
                let mut files = files.into_iter();
                let file = files.next();
                only_body_left(route, &fields, files.as_slice())?;
                match file {
                    Some(part) => Body::Bytes {
                        content_type: Some(part.content_type().to_owned()),
                        bytes: part.file.bytes().clone(),
                    },
                    None => Body::Bytes {
                        bytes: Bytes::new(),
                        content_type: Some(spec_type.to_owned()),
                    },
                }
            }
        };
        check_writable(route, &body)?;
        Ok(PreparedRequest { path, query, body })
    }

    /// The same request asking for the page after `cursor`: `page_cursor` is
    /// set in the JSON body (or the query string for `GET`/`DELETE`).
    pub(crate) fn with_page_cursor(&self, route: &Route, cursor: &str) -> Result<Self> {
        let mut next = self.clone();
        match &self.body {
            Body::None => {
                next.query.retain(|(k, _)| k != "page_cursor");
                next.query.push(("page_cursor".into(), cursor.into()));
            }
            Body::Bytes {
                bytes,
                content_type: None,
            } => {
                let mut fields: Map<String, Value> =
                    serde_json::from_slice(bytes).map_err(|e| {
                        Error::invalid_argument(format!(
                        "the request for {} is not a JSON object, so it cannot be paginated: {e}",
                        route.describe()
                    ))
                    })?;
                fields.insert("page_cursor".into(), Value::String(cursor.into()));
                let bytes = serde_json::to_vec(&fields).map_err(|e| {
                    Error::invalid_argument(format!("could not serialize the page request: {e}"))
                })?;
                next.body = Body::json(bytes);
            }
            Body::Bytes { .. } | Body::Multipart(_) => {
                return Err(Error::invalid_argument(format!(
                    "the request for {} is not JSON, so it cannot be paginated",
                    route.describe()
                )))
            }
        }
        Ok(next)
    }
}

/// Refuses, before anything is sent, a body that cannot be written: a content type (the spec's
/// or a file's own) that is not one.
fn check_writable(route: &Route, body: &Body) -> Result<()> {
    let problem = match body {
        Body::Bytes {
            content_type: Some(content_type),
            ..
        } => reqwest::header::HeaderValue::from_str(content_type)
            .err()
            .map(|_| format!("the content type {content_type:?} is not a header value")),
        Body::Multipart(parts) => super::files::form(parts).err().map(|e| e.to_string()),
        Body::None | Body::Bytes { .. } => None,
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Error::invalid_argument(format!(
            "the body of {} cannot be written: {problem}",
            route.describe()
        ))),
    }
}

/// Refuses fields or files left over once the body of a route whose body is one value (a list
/// beside parameters, raw bytes) is taken: the generated request has none.
fn only_body_left(route: &Route, fields: &Map<String, Value>, files: &[FilePart]) -> Result<()> {
    let left: Vec<&str> = fields
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, _)| k.as_str())
        .chain(files.iter().map(|f| f.name))
        .collect();
    if left.is_empty() {
        return Ok(());
    }
    Err(Error::invalid_argument(format!(
        "the body of {} is one value, so the request's other fields cannot be sent: {}",
        route.describe(),
        left.join(", ")
    )))
}

/// The fields and files as multipart parts: the fields first (a string as it is, a number or
/// boolean as JSON writes it, a list as one part per item, an object as JSON), then the files.
fn multipart(fields: Map<String, Value>, files: Vec<FilePart>) -> Vec<Part> {
    let mut parts = Vec::new();
    for (name, value) in fields {
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let (text, content_type) = match item {
                Value::Null => continue,
                Value::String(s) => (s, None),
                v @ (Value::Number(_) | Value::Bool(_)) => (v.to_string(), None),
                v @ (Value::Object(_) | Value::Array(_)) => {
                    (v.to_string(), Some("application/json"))
                }
            };
            parts.push(Part::Text {
                name: name.clone(),
                text,
                content_type,
            });
        }
    }
    parts.extend(files.into_iter().map(Part::File));
    parts
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
        let Body::Bytes { bytes, .. } = &r.body else {
            panic!("no body: {:?}", r.body)
        };
        serde_json::from_slice(bytes).unwrap()
    }

    /// The body's bytes and content type.
    fn raw(r: &PreparedRequest) -> (&[u8], Option<&str>) {
        match &r.body {
            Body::Bytes {
                bytes,
                content_type,
            } => (bytes, content_type.as_deref()),
            other => panic!("not bytes: {other:?}"),
        }
    }

    fn file(name: &'static str, content_type: &'static str, file: crate::File) -> FilePart {
        FilePart {
            name,
            file,
            content_type,
        }
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
        assert_eq!(
            raw(&r),
            (
                &b"n=2&tags=x&tags=y&text=a+%26+b"[..],
                Some("application/x-www-form-urlencoded")
            )
        );
        let e = PreparedRequest::new(&R, &json!({"id": "t1", "o": {"a": 1}})).unwrap_err();
        assert!(e.to_string().contains("`o`"), "{e}");
    }

    #[test]
    fn a_multipart_route_sends_fields_then_files() {
        const R: Route = Route {
            body: BodyEncoding::Multipart,
            ..route(HttpMethod::Post, "/pets/{id}/photos", &["id"], &[])
        };
        let photo = crate::File::new(b"png".to_vec()).file_name("a.png");
        let r = PreparedRequest::with_files(
            &R,
            &json!({"id": 7, "caption": "hi", "n": 2, "tags": ["x", "y"], "meta": {"k": 1}, "gone": null}),
            vec![file("photo", "image/png", photo.clone())],
        )
        .unwrap();
        assert_eq!(r.path, "/pets/7/photos");
        let text = |name: &str, text: &str, content_type| Part::Text {
            name: name.into(),
            text: text.into(),
            content_type,
        };
        assert_eq!(
            r.body,
            Body::Multipart(vec![
                text("caption", "hi", None),
                text("meta", r#"{"k":1}"#, Some("application/json")),
                text("n", "2", None),
                text("tags", "x", None),
                text("tags", "y", None),
                Part::File(file("photo", "image/png", photo)),
            ])
        );
        // A content type that is not one is refused before anything is sent.
        let bad = crate::File::new(b"x".to_vec()).content_type("no type");
        let e = PreparedRequest::with_files(&R, &json!({"id": 7}), vec![file("f", "a/b", bad)])
            .unwrap_err();
        assert!(e.to_string().contains("cannot be written"), "{e}");
    }

    #[test]
    fn a_binary_route_sends_the_file_as_the_body() {
        const R: Route = Route {
            body: BodyEncoding::Binary("application/octet-stream"),
            ..route(HttpMethod::Post, "/pets/{id}/image", &["id"], &["note"])
        };
        let image = crate::File::new(b"\x89PNG".to_vec());
        let r = PreparedRequest::with_files(
            &R,
            &json!({"id": "p1", "note": "n"}),
            vec![file("body", "application/octet-stream", image.clone())],
        )
        .unwrap();
        assert_eq!(r.path, "/pets/p1/image");
        assert_eq!(r.query, vec![("note".to_owned(), "n".to_owned())]);
        assert_eq!(raw(&r), (&b"\x89PNG"[..], Some("application/octet-stream")));
        // The file's own content type wins over the spec's.
        let typed = image.content_type("image/png");
        let r = PreparedRequest::with_files(
            &R,
            &json!({"id": "p1"}),
            vec![file("body", "application/octet-stream", typed)],
        )
        .unwrap();
        assert_eq!(raw(&r).1, Some("image/png"));
        // A field that is neither a parameter nor the body has nowhere to go.
        let e = PreparedRequest::with_files(&R, &json!({"id": "p1", "extra": 1}), Vec::new())
            .unwrap_err();
        assert!(e.to_string().contains("extra"), "{e}");
    }

    #[test]
    fn a_list_body_beside_parameters_is_the_json_of_its_field() {
        const R: Route = Route {
            body: BodyEncoding::JsonOf("body"),
            ..route(HttpMethod::Post, "/orders/{id}/lines", &["id"], &[])
        };
        let r = PreparedRequest::new(&R, &json!({"id": "o1", "body": [{"sku": "a"}]})).unwrap();
        assert_eq!(r.path, "/orders/o1/lines");
        assert_eq!(body(&r), json!([{"sku": "a"}]));
        // Files cannot travel in JSON.
        const J: Route = route(HttpMethod::Post, "/x", &[], &[]);
        let f = file("f", "a/b", crate::File::new(b"x".to_vec()));
        assert!(PreparedRequest::with_files(&J, &json!({}), vec![f]).is_err());
    }

    #[test]
    fn only_json_bodies_are_paginated() {
        const R: Route = Route {
            body: BodyEncoding::Multipart,
            ..route(HttpMethod::Post, "/x", &[], &[])
        };
        let r = PreparedRequest::new(&R, &json!({"a": "b"})).unwrap();
        assert!(r.with_page_cursor(&R, "c").is_err());
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
        assert_eq!(r.body, Body::None);
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
