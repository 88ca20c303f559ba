//! What a schema requires of a value beyond its type: lengths, ranges, patterns, list sizes.
//!
//! Read from the field's own schema, through `$ref`s and one-element `oneOf`/`allOf` wrappers
//! (the spec wraps a `$ref` that way to add `nullable` or a description).

use openapiv3::{OpenAPI, Schema, SchemaKind, Type};

use super::view::{resolve, string_format, SchemaRef};
use crate::error::Pointer;
use crate::ir::{Bound, Constraints, Number};

/// How many wrappers are looked through before giving up (a cycle of wrappers says nothing).
const MAX_WRAPPERS: usize = 8;

/// The constraints of the value `schema` describes; empty where it says nothing or cannot be
/// followed (lowering reports bad references itself).
pub fn constraints(spec: &OpenAPI, schema: SchemaRef<'_>) -> Constraints {
    let mut current = schema;
    for _ in 0..MAX_WRAPPERS {
        let Ok(schema) = resolve(spec, current, &Pointer::default()) else {
            return Constraints::default();
        };
        match only_part(schema) {
            Some(inner) => current = inner,
            None => return own_constraints(spec, schema),
        }
    }
    Constraints::default()
}

/// The one schema a `oneOf: [x]` / `anyOf: [x]` / `allOf: [x]` wraps.
fn only_part(schema: &Schema) -> Option<SchemaRef<'_>> {
    let parts = match &schema.schema_kind {
        SchemaKind::OneOf { one_of: parts }
        | SchemaKind::AnyOf { any_of: parts }
        | SchemaKind::AllOf { all_of: parts } => parts,
        SchemaKind::Any(any) if any.typ.is_none() => [&any.one_of, &any.any_of, &any.all_of]
            .into_iter()
            .find(|p| !p.is_empty())?,
        _ => return None,
    };
    match &parts[..] {
        [only] => Some(SchemaRef::from(only)),
        _ => None,
    }
}

fn own_constraints(spec: &OpenAPI, schema: &Schema) -> Constraints {
    let bound = |value: Option<f64>, exclusive: bool| {
        value.map(|value| Bound {
            value: Number(value),
            exclusive,
        })
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Constraints {
            format: string_format(&s.format).map(str::to_owned),
            min_length: s.min_length.map(|n| n as u64),
            max_length: s.max_length.map(|n| n as u64),
            pattern: s.pattern.clone(),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: bound(i.minimum.map(|n| n as f64), i.exclusive_minimum),
            maximum: bound(i.maximum.map(|n| n as f64), i.exclusive_maximum),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: bound(n.minimum, n.exclusive_minimum),
            maximum: bound(n.maximum, n.exclusive_maximum),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: a.min_items.map(|n| n as u64),
            max_items: a.max_items.map(|n| n as u64),
            items: item_constraints(spec, a.items.as_ref()),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Object(o)) => Constraints {
            min_properties: o.min_properties.map(|n| n as u64),
            max_properties: o.max_properties.map(|n| n as u64),
            ..Constraints::default()
        },
        SchemaKind::Any(any) => Constraints {
            min_properties: any.min_properties.map(|n| n as u64),
            max_properties: any.max_properties.map(|n| n as u64),
            max_key_length: None,
            format: any.format.clone(),
            min_length: any.min_length.map(|n| n as u64),
            max_length: any.max_length.map(|n| n as u64),
            pattern: any.pattern.clone(),
            minimum: bound(any.minimum, any.exclusive_minimum.unwrap_or(false)),
            maximum: bound(any.maximum, any.exclusive_maximum.unwrap_or(false)),
            min_items: any.min_items.map(|n| n as u64),
            max_items: any.max_items.map(|n| n as u64),
            items: item_constraints(spec, any.items.as_ref()),
        },
        _ => Constraints::default(),
    }
}

/// The constraints of a list's items, when they say anything.
fn item_constraints(
    spec: &OpenAPI,
    items: Option<&openapiv3::ReferenceOr<Box<Schema>>>,
) -> Option<Box<Constraints>> {
    items
        .map(|items| constraints(spec, SchemaRef::from(items)))
        .filter(|c| !c.is_empty())
        .map(Box::new)
}
