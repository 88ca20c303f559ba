//! What a schema requires of a value beyond its type: lengths, ranges, patterns, list sizes.
//!
//! Read from the field's own schema, through `$ref`s and one-element `oneOf`/`allOf` wrappers
//! (the spec wraps a `$ref` that way to add `nullable` or a description); an `allOf` of several
//! parts requires what each of them does (the tighter of two bounds; the first pattern).

use openapiv3::{OpenAPI, Schema, SchemaKind, Type};

use super::view::{resolve, string_format, SchemaRef};
use crate::error::Pointer;
use crate::ir::{Bound, Constraints, Number};

/// How many wrappers are looked through before giving up (a cycle of wrappers says nothing).
const MAX_WRAPPERS: usize = 8;

/// How deep into items and `allOf` parts constraints are read: a schema whose items are itself
/// (`{items: {$ref: self}}`) ends here.
const MAX_DEPTH: usize = 8;

/// The constraints of the value `schema` describes; empty where it says nothing or cannot be
/// followed (lowering reports bad references itself).
pub fn constraints(spec: &OpenAPI, schema: SchemaRef<'_>) -> Constraints {
    constraints_within(spec, schema, MAX_DEPTH)
}

/// [`constraints`], reading items and parts at most `depth` levels down.
fn constraints_within(spec: &OpenAPI, schema: SchemaRef<'_>, depth: usize) -> Constraints {
    let Some(depth) = depth.checked_sub(1) else {
        return Constraints::default();
    };
    let mut current = schema;
    for _ in 0..MAX_WRAPPERS {
        let Ok(schema) = resolve(spec, current, &Pointer::default()) else {
            return Constraints::default();
        };
        match only_part(schema) {
            Some(inner) => current = inner,
            None => {
                let own = own_constraints(spec, schema, depth);
                return match &schema.schema_kind {
                    SchemaKind::AllOf { all_of } => all_of
                        .iter()
                        .map(|part| constraints_within(spec, SchemaRef::from(part), depth))
                        .fold(own, tighter),
                    _ => own,
                };
            }
        }
    }
    Constraints::default()
}

/// What `a` and `b` require together: the larger of two lower bounds, the smaller of two upper
/// ones, the first format and pattern.
fn tighter(a: Constraints, b: Constraints) -> Constraints {
    fn pick<T>(a: Option<T>, b: Option<T>, keep_a: impl FnOnce(&T, &T) -> bool) -> Option<T> {
        match (a, b) {
            (Some(a), Some(b)) => Some(if keep_a(&a, &b) { a } else { b }),
            (a, b) => a.or(b),
        }
    }
    let low = |x: &Bound, y: &Bound| x.value >= y.value;
    let high = |x: &Bound, y: &Bound| x.value <= y.value;
    Constraints {
        format: a.format.or(b.format),
        min_length: pick(a.min_length, b.min_length, |x, y| x >= y),
        max_length: pick(a.max_length, b.max_length, |x, y| x <= y),
        pattern: a.pattern.or(b.pattern),
        minimum: pick(a.minimum, b.minimum, low),
        maximum: pick(a.maximum, b.maximum, high),
        min_items: pick(a.min_items, b.min_items, |x, y| x >= y),
        max_items: pick(a.max_items, b.max_items, |x, y| x <= y),
        min_properties: pick(a.min_properties, b.min_properties, |x, y| x >= y),
        max_properties: pick(a.max_properties, b.max_properties, |x, y| x <= y),
        max_key_length: pick(a.max_key_length, b.max_key_length, |x, y| x <= y),
        items: a.items.or(b.items),
    }
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

fn own_constraints(spec: &OpenAPI, schema: &Schema, depth: usize) -> Constraints {
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
            items: item_constraints(spec, a.items.as_ref(), depth),
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
            items: item_constraints(spec, any.items.as_ref(), depth),
        },
        _ => Constraints::default(),
    }
}

/// The constraints of a list's items, when they say anything.
fn item_constraints(
    spec: &OpenAPI,
    items: Option<&openapiv3::ReferenceOr<Box<Schema>>>,
    depth: usize,
) -> Option<Box<Constraints>> {
    items
        .map(|items| constraints_within(spec, SchemaRef::from(items), depth))
        .filter(|c| !c.is_empty())
        .map(Box::new)
}
