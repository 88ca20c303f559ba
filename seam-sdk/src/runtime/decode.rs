//! Decoding a successful response: the value under the envelope's key (and
//! the pagination beside it) in one pass, skipping every other field without
//! building it; errors keep the body and the JSON path where decoding failed.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use super::pagination::Pagination;
use super::{RawResponse, ResponseShape, Route};
use crate::error::{DecodeError, Error, Result};

/// Decodes `resp` as `route.response` says.
pub(crate) fn decode<T: DeserializeOwned>(route: &Route, resp: &RawResponse) -> Result<T> {
    match route.response {
        ResponseShape::Key(key) => decode_key(route, resp, key),
        ResponseShape::Body => run(route, resp, || PhantomData::<T>),
        // `()` (and `Option<_>`) deserialize from a unit; the body is ignored.
        ResponseShape::Empty => {
            T::deserialize(de::value::UnitDeserializer::<serde_json::Error>::new())
                .map_err(|e| decode_error(route, resp, String::new(), e))
        }
        // A `File` deserializes from bytes.
        ResponseShape::Bytes(_) => T::deserialize(
            de::value::BytesDeserializer::<serde_json::Error>::new(&resp.body),
        )
        .map_err(|e| decode_error(route, resp, String::new(), e)),
    }
}

/// Decodes only the field `key` of the top-level object; missing is an error unless `T` is an
/// `Option` (the spec leaves the key optional).
pub(crate) fn decode_key<T: DeserializeOwned>(
    route: &Route,
    resp: &RawResponse,
    key: &'static str,
) -> Result<T> {
    let seed = || Envelope::<T> {
        key,
        pagination: false,
        _t: PhantomData,
    };
    run(route, resp, seed).map(|(value, _)| value)
}

/// Decodes the field `key` and `pagination` in one pass. A missing
/// `pagination` reads as "no next page".
pub(crate) fn decode_envelope<T: DeserializeOwned>(
    route: &Route,
    resp: &RawResponse,
    key: &'static str,
) -> Result<(T, Pagination)> {
    let seed = || Envelope::<T> {
        key,
        pagination: true,
        _t: PhantomData,
    };
    run(route, resp, seed).map(|(value, page)| (value, page.unwrap_or_default()))
}

/// Runs a seed over the whole body. Tracking the path costs a third of the decode of a large
/// list (BENCHMARKS.md), so it is done only when the untracked decode fails, to name where.
fn run<T, S>(route: &Route, resp: &RawResponse, seed: impl Fn() -> S) -> Result<T>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    let mut de = serde_json::Deserializer::from_slice(&resp.body);
    if let Ok(v) = seed()
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
    {
        return Ok(v);
    }
    let mut de = serde_json::Deserializer::from_slice(&resp.body);
    let mut track = serde_path_to_error::Track::new();
    let value = seed().deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    match value.and_then(|v| de.end().map(|()| v)) {
        Ok(v) => Ok(v),
        Err(e) => Err(decode_error(route, resp, track.path().to_string(), e)),
    }
}

fn decode_error(
    route: &Route,
    resp: &RawResponse,
    path: String,
    source: serde_json::Error,
) -> Error {
    Error::Decode(Box::new(DecodeError::new(
        route.describe(),
        resp.status,
        path,
        &resp.body,
        resp.request_id.clone(),
        source,
    )))
}

/// Seed for `{ "<key>": T, "pagination": {…}?, …anything else }`.
struct Envelope<T> {
    key: &'static str,
    pagination: bool,
    _t: PhantomData<fn() -> T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Envelope<T> {
    type Value = (T, Option<Pagination>);

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Envelope<T> {
    type Value = (T, Option<Pagination>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object with the field `{}`", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut value = None;
        let mut pagination = None;
        while let Some(field) = map.next_key_seed(FieldSeed {
            key: self.key,
            pagination: self.pagination,
        })? {
            match field {
                Field::Wanted if value.is_some() => {
                    return Err(de::Error::duplicate_field(self.key))
                }
                Field::Wanted => value = Some(map.next_value::<T>()?),
                Field::Pagination => pagination = map.next_value::<Option<Pagination>>()?,
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let value = match value {
            Some(value) => value,
            // A key the spec leaves optional is an `Option`, which reads a missing key as
            // `None`; any other type must be there.
            None => T::deserialize(de::value::UnitDeserializer::<A::Error>::new())
                .map_err(|_| de::Error::missing_field(self.key))?,
        };
        Ok((value, pagination))
    }
}

/// Which field of the envelope a key names; compared without allocating.
enum Field {
    Wanted,
    Pagination,
    Other,
}

struct FieldSeed {
    key: &'static str,
    pagination: bool,
}

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Field;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
        Ok(if v == self.key {
            Field::Wanted
        } else if self.pagination && v == "pagination" {
            Field::Pagination
        } else {
            Field::Other
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::HttpMethod;
    use serde_json::{json, Value};

    const fn route(response: ResponseShape) -> Route {
        Route {
            method: HttpMethod::Post,
            path: "/things/get",
            path_params: &[],
            query_params: &[],
            response,
            idempotent: true,
            body: crate::runtime::BodyEncoding::Json,
        }
    }

    fn resp(body: &str) -> RawResponse {
        RawResponse {
            status: 200,
            request_id: Some("req-9".into()),
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Thing {
        thing_id: String,
        count: u32,
    }

    const KEYED: Route = route(ResponseShape::Key("thing"));

    #[test]
    fn decodes_only_the_key() {
        let body = r#"{"ok": true, "other": {"huge": [1, 2, {"x": null}]}, "thing": {"thing_id": "t1", "count": 3, "extra": "ignored"}, "z": 1}"#;
        let t: Thing = decode(&KEYED, &resp(body)).unwrap();
        assert_eq!(
            t,
            Thing {
                thing_id: "t1".into(),
                count: 3
            }
        );
    }

    #[test]
    fn key_with_escapes_matches() {
        let t: u32 = decode_key(&KEYED, &resp(r#"{"th\u0069ng": 7}"#), "thing").unwrap();
        assert_eq!(t, 7);
    }

    #[test]
    fn missing_key_is_a_decode_error() {
        let err = decode::<Thing>(&KEYED, &resp(r#"{"ok": true}"#)).unwrap_err();
        let Error::Decode(d) = &err else {
            panic!("{err:?}")
        };
        assert!(
            d.source.to_string().contains("missing field `thing`"),
            "{err}"
        );
        assert_eq!(d.body, r#"{"ok": true}"#);
        assert_eq!(d.request_id.as_deref(), Some("req-9"));
    }

    #[test]
    fn missing_optional_key_is_none() {
        let t: Option<Thing> = decode(&KEYED, &resp(r#"{"ok": true}"#)).unwrap();
        assert_eq!(t, None);
        let t: Option<u32> = decode(&KEYED, &resp(r#"{"ok": true, "thing": 4}"#)).unwrap();
        assert_eq!(t, Some(4));
    }

    #[test]
    fn duplicate_key_is_a_decode_error() {
        let err = decode::<u32>(&KEYED, &resp(r#"{"thing": 1, "thing": 2}"#)).unwrap_err();
        assert!(err.to_string().contains("duplicate field"), "{err}");
    }

    #[test]
    fn decode_error_names_the_path() {
        let body = r#"{"thing": {"thing_id": "t1", "count": "three"}}"#;
        let err = decode::<Thing>(&KEYED, &resp(body)).unwrap_err();
        let Error::Decode(d) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(d.path, "thing.count");
        assert!(err.to_string().contains("at `thing.count`"), "{err}");
        assert!(err.to_string().contains("POST /things/get"), "{err}");
    }

    #[test]
    fn truncated_json_is_a_decode_error() {
        let err = decode::<Thing>(&KEYED, &resp(r#"{"thing": {"thing_id": "t"#)).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        let err = decode::<Thing>(&KEYED, &resp("")).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
    }

    #[test]
    fn trailing_garbage_is_a_decode_error() {
        let err = decode::<u32>(&KEYED, &resp(r#"{"thing": 1} x"#)).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
    }

    #[test]
    fn body_shape_decodes_everything() {
        const R: Route = route(ResponseShape::Body);
        let v: Value = decode(&R, &resp(r#"{"ok": true, "a": 1}"#)).unwrap();
        assert_eq!(v, json!({"ok": true, "a": 1}));
    }

    #[test]
    fn empty_shape_ignores_the_body() {
        const R: Route = route(ResponseShape::Empty);
        decode::<()>(&R, &resp("not even json")).unwrap();
    }

    #[test]
    fn envelope_reads_items_and_pagination() {
        const R: Route = route(ResponseShape::Key("things"));
        let body = r#"{"things": [1, 2], "pagination": {"has_next_page": true, "next_page_cursor": "c2", "next_page_url": null}, "ok": true}"#;
        let (items, page): (Vec<u32>, _) = decode_envelope(&R, &resp(body), "things").unwrap();
        assert_eq!(items, vec![1, 2]);
        assert!(page.has_next_page);
        assert_eq!(page.next_page_cursor.as_deref(), Some("c2"));

        let (items, page): (Vec<u32>, _) =
            decode_envelope(&R, &resp(r#"{"things": []}"#), "things").unwrap();
        assert!(items.is_empty());
        assert!(!page.has_next_page);
    }
}
