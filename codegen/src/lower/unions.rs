//! `oneOf`, `anyOf` and `allOf`.
//!
//! - A union is *tagged* when a `discriminator` names the tag property, or, without one, when
//!   every variant is an object with a single-valued string enum property whose values tell the
//!   variants apart. When no single property does but a pair does (action attempts: `action_type`
//!   × `status`), the pair is the tag. Inline variants drop their tag properties: the enum
//!   variant says them.
//! - Other unions are *untagged*: tried in order, objects with more required fields first.
//!   Variants are named by kind (`String`, `Bool`…), by component name, or by the required
//!   properties that set an object variant apart from the others.
//! - `allOf` merges its parts' properties into one object; a `oneOf` part contributes its
//!   variants' properties, required only where every variant requires them.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Schema};

use super::docs::paragraphs;
use super::types::{Place, TypeSpace};
use super::view::{component_name, resolve, shape, SchemaRef, Shape};
use crate::error::{Fault, Pointer};
use crate::ir::{Tagged, TaggedVariant, TypeKind, TypeRef, Untagged, UntaggedVariant};
use crate::naming::{pascal, Namespace};

struct Variant<'s> {
    schema: &'s Schema,
    /// The component it refers to, when it is a `$ref`.
    component: Option<&'s str>,
    pointer: Pointer,
}

pub fn lower_union<'s>(
    space: &mut TypeSpace<'s>,
    schema: &'s Schema,
    refs: &[SchemaRef<'s>],
    place: &Place,
) -> Result<TypeKind, Fault> {
    let key = if matches!(schema.schema_kind, openapiv3::SchemaKind::AnyOf { .. }) {
        "anyOf"
    } else {
        "oneOf"
    };
    let mut variants = Vec::with_capacity(refs.len());
    for (i, r) in refs.iter().enumerate() {
        let pointer = place.pointer.join(key).join(i);
        let component = match r {
            SchemaRef::Ref(reference) => Some(component_name(space.spec, reference, &pointer)?),
            SchemaRef::Inline(_) => None,
        };
        variants.push(Variant {
            schema: resolve(space.spec, *r, &pointer)?,
            component,
            pointer,
        });
    }
    if variants.is_empty() {
        return Err(Fault::new(
            &place.pointer.join(key),
            "a union with no variants",
        ));
    }
    if let Some(values) = strings_only(space.spec, refs, &place.pointer.join(key))? {
        if !values.is_empty() {
            return Ok(TypeKind::StringEnum(super::types::string_enum(&values)));
        }
    }
    let tags = match &schema.schema_data.discriminator {
        Some(d) => Some(vec![d.property_name.clone()]),
        None => implicit_tags(&variants),
    };
    match tags {
        Some(tags) => tagged(space, schema, refs, &variants, tags, place),
        None => untagged(space, refs, &variants, place),
    }
}

/// A union whose variants are all strings is one string type: an enum with every value when
/// each variant is an enum, else a plain string. `None` when some variant is not a string.
pub fn strings_only<'s>(
    spec: &'s OpenAPI,
    variants: &[SchemaRef<'s>],
    at: &Pointer,
) -> Result<Option<Vec<&'s str>>, Fault> {
    let mut values = Vec::new();
    let mut plain = false;
    for (i, v) in variants.iter().enumerate() {
        match shape(resolve(spec, *v, &at.join(i))?) {
            Shape::String { values: vs, .. } if vs.is_empty() => plain = true,
            Shape::String { values: vs, .. } => values.extend(vs),
            _ => return Ok(None),
        }
    }
    Ok(Some(if plain { Vec::new() } else { values }))
}

/// The single-valued string enum properties of an object variant, in property order.
fn constant_properties(schema: &Schema) -> Vec<(&str, &str)> {
    enum_properties(schema)
        .into_iter()
        .filter_map(|(name, values)| match values[..] {
            [only] => Some((name, only)),
            _ => None,
        })
        .collect()
}

/// The string enum properties of an object variant, with their values, in property order.
fn enum_properties(schema: &Schema) -> Vec<(&str, Vec<&str>)> {
    let Shape::Object { properties, .. } = shape(schema) else {
        return Vec::new();
    };
    properties
        .into_iter()
        .filter_map(|(name, prop)| match prop {
            SchemaRef::Inline(p) => match shape(p) {
                Shape::String { values, .. } if !values.is_empty() => Some((name, values)),
                _ => None,
            },
            SchemaRef::Ref(_) => None,
        })
        .collect()
}

fn implicit_tags(variants: &[Variant<'_>]) -> Option<Vec<String>> {
    if variants.len() < 2 {
        return None;
    }
    let constants: Vec<Vec<(&str, &str)>> = variants
        .iter()
        .map(|v| constant_properties(v.schema))
        .collect();
    let common: Vec<&str> = constants[0]
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| constants.iter().all(|c| c.iter().any(|(m, _)| m == n)))
        .collect();
    fn value<'v>(c: &[(&str, &'v str)], n: &str) -> Option<&'v str> {
        c.iter().find(|(m, _)| *m == n).map(|(_, v)| *v)
    }
    let distinct = |props: &[&str]| {
        let mut seen = BTreeSet::new();
        constants
            .iter()
            .all(|c| seen.insert(props.iter().map(|p| value(c, p)).collect::<Vec<_>>()))
    };
    for p in &common {
        if distinct(&[p]) {
            return Some(vec![(*p).to_owned()]);
        }
    }
    // One property whose enums do not overlap between variants (each variant may allow several
    // values: `constraint_type` of code constraints).
    let enums: Vec<Vec<(&str, Vec<&str>)>> =
        variants.iter().map(|v| enum_properties(v.schema)).collect();
    let first: Vec<&str> = enums[0].iter().map(|(n, _)| *n).collect();
    for p in first {
        let mut seen = BTreeSet::new();
        let disjoint = enums.iter().all(|e| match e.iter().find(|(n, _)| *n == p) {
            Some((_, values)) => values.iter().all(|v| seen.insert(*v)),
            None => false,
        });
        if disjoint {
            return Some(vec![p.to_owned()]);
        }
    }
    for (i, a) in common.iter().enumerate() {
        for b in &common[i + 1..] {
            if distinct(&[a, b]) {
                return Some(vec![(*a).to_owned(), (*b).to_owned()]);
            }
        }
    }
    None
}

fn tagged<'s>(
    space: &mut TypeSpace<'s>,
    schema: &'s Schema,
    refs: &[SchemaRef<'s>],
    variants: &[Variant<'s>],
    tags: Vec<String>,
    place: &Place,
) -> Result<TypeKind, Fault> {
    let mut names = super::types::variant_namespace();
    let mut out = Vec::with_capacity(variants.len());
    let mapping = schema
        .schema_data
        .discriminator
        .as_ref()
        .map(|d| &d.mapping);
    for (v, r) in variants.iter().zip(refs) {
        let enums = enum_properties(v.schema);
        // Every value each tag may take in this variant.
        let mut value_sets: Vec<Vec<String>> = Vec::with_capacity(tags.len());
        for tag in &tags {
            let from_enum: Vec<String> = enums
                .iter()
                .find(|(n, _)| n == tag)
                .map(|(_, vals)| vals.iter().map(|v| (*v).to_owned()).collect())
                .unwrap_or_default();
            let from_mapping = || -> Vec<String> {
                let target = match r {
                    SchemaRef::Ref(reference) => *reference,
                    SchemaRef::Inline(_) => return Vec::new(),
                };
                mapping
                    .map(|m| {
                        m.iter()
                            .filter(|(_, t)| t.as_str() == target)
                            .map(|(k, _)| k.clone())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let mut values = from_enum;
            if values.is_empty() {
                values = from_mapping();
            }
            if values.is_empty() {
                values.extend(v.component.map(str::to_owned));
            }
            if values.is_empty() {
                return Err(Fault::new(
                    &v.pointer,
                    format!("variant has no value for discriminator property {tag:?}"),
                ));
            }
            value_sets.push(values);
        }
        // One Rust variant per combination of tag values, all with this variant's payload.
        let mut combos: Vec<Vec<String>> = vec![Vec::new()];
        for set in &value_sets {
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    set.iter()
                        .map(move |v| [c.clone(), vec![v.clone()]].concat())
                })
                .collect();
        }
        let name = pascal(&combos[0].join("_"));
        let variant_place = place.variant(&name, v.pointer.clone(), true);
        let payload = match (r, shape(v.schema)) {
            (SchemaRef::Ref(_), _) => match space.lower(*r, &variant_place)? {
                TypeRef::Named(id) => Some(id),
                _ => {
                    return Err(Fault::new(
                        &v.pointer,
                        "a tagged union variant must be an object",
                    ))
                }
            },
            (
                SchemaRef::Inline(_),
                Shape::Object {
                    properties,
                    required,
                    ..
                },
            ) => {
                let kept: Vec<_> = properties
                    .into_iter()
                    .filter(|(n, _)| !tags.iter().any(|t| t == n))
                    .collect();
                let required: Vec<&str> = required.iter().map(String::as_str).collect();
                let fields = space.object(
                    &kept,
                    &required,
                    &variant_place,
                    v.pointer.join("properties"),
                )?;
                if fields.fields.is_empty() {
                    None
                } else {
                    Some(space.intern_struct(
                        fields,
                        paragraphs(v.schema.schema_data.description.as_deref()),
                        &variant_place,
                    ))
                }
            }
            (SchemaRef::Inline(_), Shape::AllOf(parts)) => {
                let (properties, required) = merge_all_of(space.spec, &parts, &v.pointer)?;
                let kept: Vec<_> = properties
                    .into_iter()
                    .filter(|(n, _)| !tags.iter().any(|t| t == n))
                    .collect();
                let required: Vec<&str> = required.iter().map(String::as_str).collect();
                let fields = space.object(&kept, &required, &variant_place, v.pointer.clone())?;
                (!fields.fields.is_empty()).then(|| {
                    space.intern_struct(
                        fields,
                        paragraphs(v.schema.schema_data.description.as_deref()),
                        &variant_place,
                    )
                })
            }
            _ => {
                return Err(Fault::new(
                    &v.pointer,
                    "a tagged union variant must be an object",
                ))
            }
        };
        for values in combos {
            out.push(TaggedVariant {
                name: super::types::claim_variant(
                    &mut names,
                    &crate::naming::variant_ident(&pascal(&values.join("_"))),
                ),
                values,
                docs: paragraphs(v.schema.schema_data.description.as_deref()),
                payload,
            });
        }
    }
    let fallback = super::types::FALLBACK.to_owned();
    Ok(TypeKind::Tagged(Tagged {
        tags,
        variants: out,
        fallback,
    }))
}

fn untagged<'s>(
    space: &mut TypeSpace<'s>,
    refs: &[SchemaRef<'s>],
    variants: &[Variant<'s>],
    place: &Place,
) -> Result<TypeKind, Fault> {
    let merged: Vec<Vec<String>> = variants
        .iter()
        .map(|v| match shape(v.schema) {
            Shape::Object { required, .. } => required.to_vec(),
            Shape::AllOf(parts) => merge_all_of(space.spec, &parts, &v.pointer)
                .map(|(_, r)| r)
                .unwrap_or_default(),
            _ => Vec::new(),
        })
        .collect();
    let required: Vec<BTreeSet<&str>> = merged
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let present: Vec<BTreeSet<&str>> = variants
        .iter()
        .map(|v| match shape(v.schema) {
            Shape::Object { properties, .. } => properties.iter().map(|(n, _)| *n).collect(),
            _ => BTreeSet::new(),
        })
        .collect();
    let mut names = Namespace::default();
    let mut out = Vec::with_capacity(variants.len());
    for (i, (v, r)) in variants.iter().zip(refs).enumerate() {
        let suggested = match (v.component, shape(v.schema)) {
            (Some(component), _) => pascal(component),
            (None, Shape::String { values, .. }) if values.is_empty() => "String".to_owned(),
            (None, Shape::String { .. }) => "Known".to_owned(),
            (None, Shape::Boolean) => "Bool".to_owned(),
            (None, Shape::Integer) => "Integer".to_owned(),
            (None, Shape::Number) => "Number".to_owned(),
            (None, Shape::Array { .. }) => "List".to_owned(),
            (None, Shape::Object { properties, .. }) if properties.is_empty() => "Map".to_owned(),
            (None, Shape::Object { .. }) => distinguishing(i, &required)
                .or_else(|| distinguishing(i, &present))
                .unwrap_or_else(|| format!("Variant{}", i + 1)),
            (None, _) => format!("Variant{}", i + 1),
        };
        let name = names.claim(&crate::naming::variant_ident(&suggested));
        let variant_place = place.variant(&name, v.pointer.clone(), false);
        let ty = space.lower(*r, &variant_place)?;
        if out
            .iter()
            .any(|(_, u): &(usize, UntaggedVariant)| u.ty == ty)
        {
            continue; // Two spellings of one type: one variant.
        }
        out.push((
            required[i].len(),
            UntaggedVariant {
                name,
                ty,
                docs: paragraphs(v.schema.schema_data.description.as_deref()),
                required: required[i].iter().map(|s| (*s).to_owned()).collect(),
                constraints: super::constraints::constraints(space.spec, *r),
            },
        ));
    }
    // Variants are tried in order, and unknown fields are ignored, so an object variant that
    // requires fewer fields would swallow one that requires more.
    out.sort_by_key(|v| std::cmp::Reverse(v.0));
    Ok(TypeKind::Untagged(Untagged {
        variants: out.into_iter().map(|(_, v)| v).collect(),
    }))
}

/// The Pascal-cased name of what sets variant `i` apart: its members no other variant has.
fn distinguishing(i: usize, sets: &[BTreeSet<&str>]) -> Option<String> {
    let others: BTreeSet<&str> = sets
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    let own: Vec<&str> = sets[i].difference(&others).copied().collect();
    if own.is_empty() || own.len() > 3 {
        None
    } else {
        Some(
            own.iter()
                .map(|s| pascal(s))
                .collect::<Vec<_>>()
                .join("And"),
        )
    }
}

/// The properties and required names of an `allOf`, its parts merged in order.
#[allow(clippy::type_complexity)]
pub fn merge_all_of<'s>(
    spec: &'s OpenAPI,
    parts: &[SchemaRef<'s>],
    at: &Pointer,
) -> Result<(Vec<(&'s str, SchemaRef<'s>)>, Vec<String>), Fault> {
    merge_all_of_within(spec, parts, at, 0)
}

/// `allOf`s nest through `$ref`s; one that reaches itself would never end.
const MAX_ALL_OF_DEPTH: usize = 16;

/// For an `allOf` of plain values (`[{type: string}, {minLength: 1}]`), the part that gives
/// the type: `Ok(Some(part))` when every typed part is a value of that one type and the others
/// only add constraints; `Err(())` when the typed parts are values of different types (nothing
/// is both a string and an integer); `Ok(None)` when some part is an object or a union.
pub fn value_all_of<'s>(
    spec: &'s OpenAPI,
    parts: &[SchemaRef<'s>],
) -> Result<Option<SchemaRef<'s>>, ()> {
    let kind = |s: &Shape<'_>| match s {
        Shape::String { values, .. } if values.is_empty() => Some("string"),
        Shape::Integer => Some("integer"),
        Shape::Number => Some("number"),
        Shape::Boolean => Some("boolean"),
        _ => None,
    };
    let mut typed: Option<(SchemaRef<'s>, &str)> = None;
    for part in parts {
        let Ok(schema) = resolve(spec, *part, &Pointer::default()) else {
            return Ok(None);
        };
        let s = shape(schema);
        match (kind(&s), &typed) {
            (Some(k), Some((_, first))) if k != *first => return Err(()),
            (Some(k), None) => typed = Some((*part, k)),
            (Some(_), Some(_)) => {}
            (None, _) if matches!(s, Shape::Free) => {}
            (None, _) => return Ok(None),
        }
    }
    Ok(typed.map(|(part, _)| part))
}

#[allow(clippy::type_complexity)]
fn merge_all_of_within<'s>(
    spec: &'s OpenAPI,
    parts: &[SchemaRef<'s>],
    at: &Pointer,
    depth: usize,
) -> Result<(Vec<(&'s str, SchemaRef<'s>)>, Vec<String>), Fault> {
    if depth > MAX_ALL_OF_DEPTH {
        return Err(Fault::new(
            at,
            "allOf parts refer back to the schema itself (or nest deeper than 16)",
        ));
    }
    let mut properties: Vec<(&'s str, SchemaRef<'s>)> = Vec::new();
    let mut required: Vec<String> = Vec::new();
    let mut add = |props: Vec<(&'s str, SchemaRef<'s>)>,
                   req: &mut dyn Iterator<Item = String>,
                   properties: &mut Vec<(&'s str, SchemaRef<'s>)>| {
        for (n, p) in props {
            if !properties.iter().any(|(m, _)| *m == n) {
                properties.push((n, p));
            }
        }
        for r in req {
            if !required.contains(&r) {
                required.push(r);
            }
        }
    };
    for (i, part) in parts.iter().enumerate() {
        let pointer = at.join("allOf").join(i);
        let schema = resolve(spec, *part, &pointer)?;
        match shape(schema) {
            Shape::Object {
                properties: props,
                required: req,
                ..
            } => {
                add(props, &mut req.iter().cloned(), &mut properties);
            }
            Shape::AllOf(inner) => {
                let (props, req) = merge_all_of_within(spec, &inner, &pointer, depth + 1)?;
                add(props, &mut req.into_iter(), &mut properties);
            }
            Shape::OneOf(variants) => {
                let mut common: Option<BTreeSet<String>> = None;
                for (j, v) in variants.iter().enumerate() {
                    let vp = pointer.join("oneOf").join(j);
                    let vs = resolve(spec, *v, &vp)?;
                    let Shape::Object {
                        properties: props,
                        required: req,
                        ..
                    } = shape(vs)
                    else {
                        return Err(Fault::new(
                            &vp,
                            "an allOf part's oneOf variants must be objects",
                        ));
                    };
                    add(props, &mut std::iter::empty(), &mut properties);
                    let req: BTreeSet<String> = req.iter().cloned().collect();
                    common = Some(match common {
                        None => req,
                        Some(c) => c.intersection(&req).cloned().collect(),
                    });
                }
                add(
                    Vec::new(),
                    &mut common.unwrap_or_default().into_iter(),
                    &mut properties,
                );
            }
            // A part that only adds requirements (`{required: [title]}`) or a description.
            Shape::Free => {
                if let openapiv3::SchemaKind::Any(any) = &schema.schema_kind {
                    add(
                        Vec::new(),
                        &mut any.required.iter().cloned(),
                        &mut properties,
                    );
                }
            }
            _ => return Err(Fault::new(&pointer, "allOf parts must be objects")),
        }
    }
    Ok((properties, required))
}
