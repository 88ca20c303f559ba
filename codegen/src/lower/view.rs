//! A normalised view of one `openapiv3` schema: what the lowering rules branch on.
//!
//! `openapiv3` parses a schema into one of several shapes (typed, `oneOf`, `any` with loose
//! fields…); this folds them into the few cases the generator distinguishes.

use crate::error::{Fault, Pointer};
use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

/// A schema or a reference to one, with the two box types `openapiv3` uses folded together.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

/// The name of the component a `$ref` points at, or a fault for refs that leave
/// `#/components/schemas` or name nothing.
pub fn component_name<'a>(
    spec: &'a OpenAPI,
    reference: &'a str,
    at: &Pointer,
) -> Result<&'a str, Fault> {
    let name = reference
        .strip_prefix("#/components/schemas/")
        .filter(|n| !n.contains('/'))
        .ok_or_else(|| {
            Fault::new(
                at,
                format!(
                    "unsupported $ref {reference:?}: only #/components/schemas/<name> is supported"
                ),
            )
        })?;
    let exists = spec
        .components
        .as_ref()
        .is_some_and(|c| c.schemas.contains_key(name));
    if exists {
        Ok(name)
    } else {
        Err(Fault::new(
            at,
            format!("dangling $ref {reference:?}: no such component schema"),
        ))
    }
}

/// Follows `$ref`s (through chains of components) to the schema they name.
pub fn resolve<'a>(spec: &'a OpenAPI, r: SchemaRef<'a>, at: &Pointer) -> Result<&'a Schema, Fault> {
    let mut current = r;
    for _ in 0..32 {
        match current {
            SchemaRef::Inline(s) => return Ok(s),
            SchemaRef::Ref(reference) => {
                let name = component_name(spec, reference, at)?;
                let schemas = &spec
                    .components
                    .as_ref()
                    .expect("checked by component_name")
                    .schemas;
                current = SchemaRef::from(&schemas[name]);
            }
        }
    }
    Err(Fault::new(
        at,
        "a chain of $refs loops, or runs longer than 32, without reaching a schema",
    ))
}

/// Follows a `$ref` to a shared parameter, request body or response
/// (`#/components/<section>/<name>`, through chains of them) to the item it names.
pub fn resolve_shared<'a, T>(
    reference: &'a ReferenceOr<T>,
    section: &str,
    components: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    spec: &'a OpenAPI,
    at: &Pointer,
) -> Result<&'a T, Fault> {
    let mut current = reference;
    for _ in 0..32 {
        let reference = match current {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        let name = reference
            .strip_prefix(&prefix)
            .filter(|n| !n.contains('/'))
            .ok_or_else(|| {
                Fault::new(
                    at,
                    format!("unsupported $ref {reference:?}: expected {prefix}<name> here"),
                )
            })?;
        current = spec
            .components
            .as_ref()
            .and_then(|c| components(c).get(name))
            .ok_or_else(|| {
                Fault::new(
                    at,
                    format!("dangling $ref {reference:?}: no such component"),
                )
            })?;
    }
    Err(Fault::new(
        at,
        "a chain of $refs loops, or runs longer than 32, without reaching an item",
    ))
}

/// The cases lowering distinguishes.
pub enum Shape<'a> {
    String {
        values: Vec<&'a str>,
        format: Option<&'a str>,
    },
    Integer,
    Number,
    Boolean,
    Object {
        properties: Vec<(&'a str, SchemaRef<'a>)>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    },
    Array {
        items: Option<SchemaRef<'a>>,
    },
    OneOf(Vec<SchemaRef<'a>>),
    AllOf(Vec<SchemaRef<'a>>),
    /// `{}`: any JSON value, by the spec's own choice.
    Free,
    /// A construct the generator does not type (kept as JSON, with a warning).
    Unsupported(String),
}

/// The `format` of a string schema, as the spec writes it.
pub fn string_format(format: &VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => Some(match f {
            openapiv3::StringFormat::Date => "date",
            openapiv3::StringFormat::DateTime => "date-time",
            openapiv3::StringFormat::Password => "password",
            openapiv3::StringFormat::Byte => "byte",
            openapiv3::StringFormat::Binary => "binary",
        }),
        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The shape of `schema`.
pub fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Shape::String {
            values: s.enumeration.iter().flatten().map(String::as_str).collect(),
            format: string_format(&s.format),
        },
        SchemaKind::Type(Type::Integer(_)) => Shape::Integer,
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(o)) => Shape::Object {
            properties: o
                .properties
                .iter()
                .map(|(k, v)| (k.as_str(), SchemaRef::from(v)))
                .collect(),
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::Type(Type::Array(a)) => Shape::Array {
            items: a.items.as_ref().map(SchemaRef::from),
        },
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of.iter().map(SchemaRef::from).collect()),
        SchemaKind::AnyOf { any_of } => Shape::OneOf(any_of.iter().map(SchemaRef::from).collect()),
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of.iter().map(SchemaRef::from).collect()),
        SchemaKind::Not { .. } => Shape::Unsupported("`not` schemas are not supported".into()),
        SchemaKind::Any(any) => {
            if !any.one_of.is_empty() {
                return Shape::OneOf(any.one_of.iter().map(SchemaRef::from).collect());
            }
            if !any.any_of.is_empty() {
                return Shape::OneOf(any.any_of.iter().map(SchemaRef::from).collect());
            }
            if !any.all_of.is_empty() {
                return Shape::AllOf(any.all_of.iter().map(SchemaRef::from).collect());
            }
            if any.not.is_some() {
                return Shape::Unsupported("`not` schemas are not supported".into());
            }
            let strings: Option<Vec<&str>> = (!any.enumeration.is_empty())
                .then(|| {
                    any.enumeration
                        .iter()
                        .filter(|v| !v.is_null())
                        .map(|v| v.as_str())
                        .collect()
                })
                .flatten();
            match any.typ.as_deref() {
                Some("object") | None
                    if !any.properties.is_empty() || any.additional_properties.is_some() =>
                {
                    Shape::Object {
                        properties: any
                            .properties
                            .iter()
                            .map(|(k, v)| (k.as_str(), SchemaRef::from(v)))
                            .collect(),
                        required: &any.required,
                        additional: any.additional_properties.as_ref(),
                    }
                }
                Some("array") | None if any.items.is_some() => Shape::Array {
                    items: any.items.as_ref().map(SchemaRef::from),
                },
                Some("string") | None if strings.is_some() => Shape::String {
                    values: strings.unwrap_or_default(),
                    format: any.format.as_deref(),
                },
                Some("string") => Shape::String {
                    values: Vec::new(),
                    format: any.format.as_deref(),
                },
                Some("integer") => Shape::Integer,
                Some("number") => Shape::Number,
                Some("boolean") => Shape::Boolean,
                Some("object") => Shape::Object {
                    properties: Vec::new(),
                    required: &[],
                    additional: None,
                },
                Some("array") => Shape::Array { items: None },
                None if any.enumeration.is_empty() => Shape::Free,
                Some(other) => Shape::Unsupported(format!("unsupported schema type {other:?}")),
                None => {
                    Shape::Unsupported("an `enum` of non-string values without a `type`".into())
                }
            }
        }
    }
}

/// The `x-…` extension `key` of a schema or an operation, if present and not `null`/`false`.
pub fn extension<'a>(
    extensions: &'a indexmap::IndexMap<String, serde_json::Value>,
    key: &str,
) -> Option<&'a serde_json::Value> {
    extensions
        .get(key)
        .filter(|v| !v.is_null() && v.as_bool() != Some(false))
}

/// The deprecation message of a schema.
pub fn deprecation(data: &SchemaData) -> Option<String> {
    deprecation_note(extension(&data.extensions, "x-deprecated"), data.deprecated)
}

/// The one deprecation rule, for schemas and operations alike: `x-deprecated`'s text, or a
/// plain note where it is `true`, an empty text or another value, or where `deprecated: true`.
pub fn deprecation_note(
    x_deprecated: Option<&serde_json::Value>,
    deprecated: bool,
) -> Option<String> {
    const NOTE: &str = "deprecated by Seam";
    match x_deprecated {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(_) => Some(NOTE.to_owned()),
        None if deprecated => Some(NOTE.to_owned()),
        None => None,
    }
}
