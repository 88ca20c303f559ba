//! Finding where in a document `openapiv3` refused it.
//!
//! `openapiv3`'s types flatten their `x-` extensions, and serde cannot track a path through a
//! flattened struct, so a fault deep in an operation is reported at `#/paths`. This walks the
//! JSON tree with the OpenAPI object each node should be, deserializes nodes one by one, and
//! returns the deepest node that fails on its own.

use openapiv3::{
    MediaType, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
};
use serde_json::Value;

use crate::error::Pointer;

/// The OpenAPI object a JSON node should be.
#[derive(Clone, Copy)]
enum Kind {
    Root,
    Paths,
    PathItem,
    Operation,
    Responses,
    Response,
    RequestBody,
    Parameter,
    Content,
    MediaType,
    Schema,
    Components,
    Map(fn() -> Kind),
    List(fn() -> Kind),
}

/// The deepest node under `tree` that does not deserialize as what it should be: its pointer
/// and serde's message.
pub fn deepest_fault(tree: &Value) -> Option<(String, String)> {
    visit(tree, &Pointer::default(), Kind::Root).map(|(p, m)| (p.to_string(), m))
}

fn children(kind: Kind, key: &str) -> Option<Kind> {
    Some(match (kind, key) {
        (Kind::Root, "paths") => Kind::Paths,
        (Kind::Root, "components") => Kind::Components,
        (Kind::Paths, _) => Kind::PathItem,
        (
            Kind::PathItem,
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace",
        ) => Kind::Operation,
        (Kind::PathItem | Kind::Operation, "parameters") => Kind::List(|| Kind::Parameter),
        (Kind::Operation, "requestBody") => Kind::RequestBody,
        (Kind::Operation, "responses") => Kind::Responses,
        (Kind::Responses, _) => Kind::Response,
        (Kind::Response | Kind::RequestBody | Kind::Parameter, "content") => Kind::Content,
        (Kind::Content, _) => Kind::MediaType,
        (Kind::MediaType | Kind::Parameter, "schema") => Kind::Schema,
        (Kind::Components, "schemas") => Kind::Map(|| Kind::Schema),
        (Kind::Components, "responses") => Kind::Map(|| Kind::Response),
        (Kind::Components, "parameters") => Kind::Map(|| Kind::Parameter),
        (Kind::Components, "requestBodies") => Kind::Map(|| Kind::RequestBody),
        (Kind::Schema, "properties") => Kind::Map(|| Kind::Schema),
        (Kind::Schema, "items" | "additionalProperties" | "not") => Kind::Schema,
        (Kind::Schema, "oneOf" | "allOf" | "anyOf") => Kind::List(|| Kind::Schema),
        (Kind::Map(item), _) => item(),
        _ => return None,
    })
}

fn check(value: &Value, kind: Kind) -> Option<String> {
    fn try_as<T: serde::de::DeserializeOwned>(value: &Value) -> Option<String> {
        serde_json::from_value::<T>(value.clone())
            .err()
            .map(|e| e.to_string())
    }
    match kind {
        Kind::PathItem => try_as::<ReferenceOr<PathItem>>(value),
        Kind::Operation => try_as::<Operation>(value),
        Kind::Response => try_as::<ReferenceOr<Response>>(value),
        Kind::RequestBody => try_as::<ReferenceOr<RequestBody>>(value),
        Kind::Parameter => try_as::<ReferenceOr<Parameter>>(value),
        Kind::MediaType => try_as::<MediaType>(value),
        Kind::Schema => match value {
            Value::Bool(_) => None,
            _ => try_as::<ReferenceOr<Schema>>(value),
        },
        _ => None,
    }
}

/// The first schema keyword whose value has the wrong JSON type, found in one pass.
///
/// `openapiv3` parses schemas through untagged enums that retry every variant at every level,
/// so a wrong leaf deep in a nested schema costs time doubling with its depth (the fuzzer's
/// `nested-schemas-with-an-invalid-leaf`), and so do valid schemas nested many levels deep
/// (21 levels of `oneOf` took 88 s; 38 of typed `additionalProperties` over 2 s). Checked here
/// first, such a spec is refused at once: a wrong keyword, or schemas nested deeper than
/// [`Nesting`] allows.
pub fn schema_keyword_fault(tree: &Value) -> Option<(String, String)> {
    shapes(tree, &Pointer::default(), Kind::Root, Nesting::default())
        .map(|(p, m)| (p.to_string(), m))
}

/// How deep the schema being checked sits in other schemas.
#[derive(Clone, Copy, Default)]
struct Nesting {
    schemas: usize,
    /// Those without a `type` (and not a `$ref`: `oneOf`s, `allOf`s, bare `items`), which
    /// `openapiv3` tries as every kind of schema in turn.
    untyped: usize,
}

/// How deep schemas may nest in one another: Seam's spec goes 11 deep, the public documents
/// tried 8.
const MAX_SCHEMA_NESTING: usize = 24;

/// How deep schemas without a `type` may nest: Seam's spec and the public documents tried go 3
/// deep.
const MAX_UNTYPED_NESTING: usize = 12;

fn shapes(value: &Value, at: &Pointer, kind: Kind, nesting: Nesting) -> Option<(Pointer, String)> {
    if let (Value::Array(items), Kind::List(item)) = (value, kind) {
        return items
            .iter()
            .enumerate()
            .find_map(|(i, v)| shapes(v, &at.join(i), item(), nesting));
    }
    let Value::Object(map) = value else {
        return match kind {
            Kind::Schema if !value.is_boolean() => {
                Some((at.clone(), "a schema must be an object".into()))
            }
            Kind::Map(_) | Kind::Paths | Kind::Responses | Kind::Content | Kind::Components => {
                Some((at.clone(), "expected an object".into()))
            }
            _ => None,
        };
    };
    let mut nesting = nesting;
    if let Kind::Schema = kind {
        nesting.schemas += 1;
        if !map.contains_key("type") && !map.contains_key("$ref") {
            nesting.untyped += 1;
        }
    }
    let too_deep = if nesting.schemas > MAX_SCHEMA_NESTING {
        Some(format!(
            "schemas nest more than {MAX_SCHEMA_NESTING} levels deep here"
        ))
    } else if nesting.untyped > MAX_UNTYPED_NESTING {
        Some(format!(
            "schemas without a `type` nest more than {MAX_UNTYPED_NESTING} levels deep here"
        ))
    } else {
        None
    };
    if let Some(message) = too_deep {
        return Some((at.clone(), message));
    }
    if let Kind::Schema = kind {
        for (key, v) in map {
            let expected = match key.as_str() {
                "type" => v
                    .as_str()
                    .is_some_and(|t| {
                        matches!(
                            t,
                            "string" | "number" | "integer" | "object" | "array" | "boolean"
                        )
                    })
                    .then_some(())
                    .ok_or("one of string, number, integer, object, array, boolean"),
                "description" | "title" | "format" | "pattern" | "$ref" => {
                    v.is_string().then_some(()).ok_or("a string")
                }
                "nullable" | "deprecated" | "readOnly" | "writeOnly" | "uniqueItems"
                | "exclusiveMinimum" | "exclusiveMaximum" => {
                    v.is_boolean().then_some(()).ok_or("a boolean")
                }
                "required" => v
                    .as_array()
                    .is_some_and(|a| a.iter().all(Value::is_string))
                    .then_some(())
                    .ok_or("an array of strings"),
                "enum" | "oneOf" | "allOf" | "anyOf" => {
                    v.is_array().then_some(()).ok_or("an array")
                }
                "minimum" | "maximum" | "multipleOf" => {
                    v.is_number().then_some(()).ok_or("a number")
                }
                "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
                | "maxProperties" => v.is_u64().then_some(()).ok_or("a non-negative integer"),
                "properties" => v.is_object().then_some(()).ok_or("an object"),
                "discriminator" => (v.get("propertyName").is_some_and(Value::is_string)
                    && v.get("mapping").map_or(true, |m| {
                        m.as_object()
                            .is_some_and(|m| m.values().all(Value::is_string))
                    }))
                .then_some(())
                .ok_or("an object with a `propertyName` string (and a `mapping` of strings)"),
                _ => Ok(()),
            };
            if let Err(what) = expected {
                return Some((at.join(key), format!("`{key}` must be {what}")));
            }
        }
    }
    for (key, child) in map {
        if let Some(child_kind) = children(kind, key) {
            if let Some(found) = shapes(child, &at.join(key), child_kind, nesting) {
                return Some(found);
            }
        }
    }
    None
}

fn visit(value: &Value, at: &Pointer, kind: Kind) -> Option<(Pointer, String)> {
    match (value, kind) {
        (Value::Array(items), Kind::List(item)) => {
            return items
                .iter()
                .enumerate()
                .find_map(|(i, v)| visit(v, &at.join(i), item()));
        }
        (Value::Object(map), _) => {
            for (key, child) in map {
                if let Some(child_kind) = children(kind, key) {
                    if let Some(found) = visit(child, &at.join(key), child_kind) {
                        return Some(found);
                    }
                }
            }
        }
        _ => {}
    }
    check(value, kind).map(|message| (at.clone(), message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_deepest_bad_node() {
        let tree: Value = serde_json::json!({
            "openapi": "3.0.0",
            "paths": {"/a/b": {"post": {"responses": {"200": {"description": 5}}}}}
        });
        let (pointer, _) = deepest_fault(&tree).expect("a fault");
        assert_eq!(pointer, "#/paths/~1a~1b/post/responses/200");
    }

    #[test]
    fn schemas_are_checked_property_by_property() {
        let tree: Value = serde_json::json!({
            "components": {"schemas": {"a": {"type": "object", "properties": {"b": {"type": "object", "required": "x"}}}}}
        });
        let (pointer, _) = deepest_fault(&tree).expect("a fault");
        assert_eq!(pointer, "#/components/schemas/a/properties/b");
    }
}
