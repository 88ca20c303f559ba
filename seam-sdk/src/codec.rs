//! Serde helpers the generated types call: string enums that keep unknown values, unions keyed
//! by tag properties that keep unknown variants as raw JSON, and `null` kept apart from absent.
//!
//! Generated code calls only these few functions, so the wire rules live here once.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{Error as _, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Deserializes a JSON string through `from` without allocating for borrowed input.
#[doc(hidden)]
pub fn deserialize_str<'de, D, T>(deserializer: D, from: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct StrVisitor<T>(fn(&str) -> T);

    impl<T> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }

    deserializer.deserialize_str(StrVisitor(from))
}

/// The string value of property `tag` of a JSON object, if it has one.
#[doc(hidden)]
pub fn tag<'v>(value: &'v Value, tag: &str) -> Option<&'v str> {
    value.get(tag).and_then(Value::as_str)
}

/// The string values of the properties `tags`, in order.
#[doc(hidden)]
pub fn tags(value: &Value, tags: &[&str]) -> Vec<Option<String>> {
    tags.iter()
        .map(|t| tag(value, t).map(str::to_owned))
        .collect()
}

/// Decodes a known variant's payload from the variant's JSON object; an error names the path
/// inside the payload (`result.was_confirmed_by_device: invalid type…`).
#[doc(hidden)]
pub fn payload<T: serde::de::DeserializeOwned, E: de::Error>(value: Value) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|e| match e.path().to_string().as_str() {
        "." => E::custom(e.inner()),
        path => E::custom(format_args!("{path}: {}", e.inner())),
    })
}

/// Whether a JSON object has every one of `keys`.
#[doc(hidden)]
pub fn has_keys(value: &Value, keys: &[&str]) -> bool {
    value
        .as_object()
        .is_some_and(|o| keys.iter().all(|k| o.contains_key(*k)))
}

/// The error of an untagged union none of whose variants accepts `value`.
#[doc(hidden)]
pub fn no_variant<E: de::Error>(type_name: &str, value: &Value) -> E {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    E::custom(format_args!(
        "{kind} that matches no variant of {type_name}"
    ))
}

/// Serializes a union variant: its payload's properties with the tag properties added.
#[doc(hidden)]
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    tags: &[(&str, &str)],
    payload: Option<&T>,
) -> Result<S::Ok, S::Error> {
    let mut object = match payload
        .map(serde_json::to_value)
        .transpose()
        .map_err(S::Error::custom)?
    {
        Some(Value::Object(map)) => map,
        None => serde_json::Map::new(),
        Some(_) => {
            return Err(S::Error::custom(
                "a tagged union payload must serialize to an object",
            ))
        }
    };
    for (k, v) in tags {
        object.insert((*k).to_owned(), Value::String((*v).to_owned()));
    }
    object.serialize(serializer)
}

/// For `Option<Option<T>>` fields: an explicit `null` decodes as `Some(None)`, a missing
/// field (with `#[serde(default)]`) as `None`.
#[doc(hidden)]
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// For required fields with an empty value: a missing field (with `#[serde(default)]`) or an
/// explicit `null` decodes as `T::default()`.
#[doc(hidden)]
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// How a credential field (`token`, `secret`…) shows in a generated `Debug`: whether it is set,
/// never its value. `Redacted::of(&self.token)` for a `String`, an `Option` or a double
/// `Option`.
pub struct Redacted(bool);

impl Redacted {
    /// The stand-in for `value`: `"[redacted]"` when it holds something, `None` when not.
    pub fn of<T: RedactedValue + ?Sized>(value: &T) -> Redacted {
        Redacted(value.is_set())
    }
}

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0 { "\"[redacted]\"" } else { "None" })
    }
}

/// A value a credential field holds: set or not.
pub trait RedactedValue {
    fn is_set(&self) -> bool;
}

impl RedactedValue for String {
    fn is_set(&self) -> bool {
        true
    }
}

impl<T: RedactedValue> RedactedValue for Option<T> {
    fn is_set(&self) -> bool {
        self.as_ref().is_some_and(T::is_set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_from_objects_only() {
        let v = serde_json::json!({"error_code": "x", "n": 1});
        assert_eq!(tag(&v, "error_code"), Some("x"));
        assert_eq!(tag(&v, "n"), None);
        assert_eq!(tag(&Value::Null, "error_code"), None);
        assert_eq!(
            tags(&v, &["error_code", "missing"]),
            vec![Some("x".to_owned()), None]
        );
    }

    #[test]
    fn tagged_serialization_adds_the_tags() {
        #[derive(Serialize)]
        struct P {
            message: &'static str,
        }
        let mut out = Vec::new();
        serialize_tagged(
            &mut serde_json::Serializer::new(&mut out),
            &[("error_code", "x")],
            Some(&P { message: "m" }),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"error_code":"x","message":"m"}"#
        );
        let mut out = Vec::new();
        serialize_tagged::<_, ()>(
            &mut serde_json::Serializer::new(&mut out),
            &[("a", "b")],
            None,
        )
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":"b"}"#);
    }

    #[test]
    fn null_and_missing_decode_as_default() {
        #[derive(Deserialize)]
        struct S {
            #[serde(default, deserialize_with = "null_as_default")]
            x: Vec<u8>,
        }
        assert!(serde_json::from_str::<S>("{}").unwrap().x.is_empty());
        assert!(serde_json::from_str::<S>(r#"{"x":null}"#)
            .unwrap()
            .x
            .is_empty());
        assert_eq!(serde_json::from_str::<S>(r#"{"x":[1]}"#).unwrap().x, [1]);
    }

    #[test]
    fn redacted_shows_whether_a_credential_is_set_never_its_value() {
        let token = String::from("seam_cst1_secret");
        assert_eq!(format!("{:?}", Redacted::of(&token)), "\"[redacted]\"");
        assert_eq!(
            format!("{:?}", Redacted::of(&Some(token.clone()))),
            "\"[redacted]\""
        );
        assert_eq!(format!("{:?}", Redacted::of(&None::<String>)), "None");
        assert_eq!(format!("{:?}", Redacted::of(&Some(None::<String>))), "None");
    }

    #[test]
    fn double_option_keeps_null_apart() {
        #[derive(Deserialize)]
        struct S {
            #[serde(default, deserialize_with = "double_option")]
            x: Option<Option<bool>>,
        }
        assert_eq!(serde_json::from_str::<S>("{}").unwrap().x, None);
        assert_eq!(
            serde_json::from_str::<S>(r#"{"x":null}"#).unwrap().x,
            Some(None)
        );
        assert_eq!(
            serde_json::from_str::<S>(r#"{"x":true}"#).unwrap().x,
            Some(Some(true))
        );
    }
}
