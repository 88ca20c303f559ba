//! Schemas into types: the type space, named once, identical shapes merged.
//!
//! Rules, in one place:
//! - component schemas are named from their key (`connected_account` → `ConnectedAccount`);
//!   their names are reserved before anything else is lowered, so `$ref` cycles just work;
//! - inline schemas are named from their place: parent type + field (`ConnectedAccount` +
//!   `errors` items → `ConnectedAccountError`), union variant, or endpoint;
//! - an inline type whose shape (docs aside) equals one already made is not made again;
//! - name collisions take a numeric suffix in the order the spec is read.

use std::collections::{HashMap, HashSet};

use openapiv3::{AdditionalProperties, OpenAPI, Schema};

use super::constraints::constraints;
use super::docs::paragraphs;
use super::rules::Rules;
use super::unions;
use super::view::{component_name, deprecation, resolve, shape, SchemaRef, Shape};
use crate::error::{Fault, Pointer};
use crate::ir::{EnumVariant, Field, Gate, StringEnum, Struct, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming::{self, pascal, singular, snake, Namespace};

/// The deepest nesting of schemas lowering follows (the vendored spec reaches about 15).
const MAX_DEPTH: usize = 48;

/// Where a schema is being lowered: the name its type would get, the module it would live in,
/// its JSON path, and the request it belongs to, if any.
#[derive(Clone)]
pub struct Place {
    pub name: String,
    /// The part of `name` that comes from the place itself (the field, the item, the value),
    /// without the parent: what a type shared by several places may be named alone.
    pub hint: String,
    pub module: String,
    pub pointer: Pointer,
    /// Objects and unions inside a request body are merged only within that request, so each
    /// request's parts keep names that say which request they belong to. Enums merge everywhere.
    pub request: Option<String>,
    /// For the payload of a tagged union's variant: the union's name and the variant's.
    pub variant_of: Option<(String, String)>,
}

impl Place {
    /// A top-level place: a component schema, a request body, a response.
    pub fn root(name: &str, hint: &str, module: &str, pointer: Pointer) -> Place {
        Place {
            name: name.to_owned(),
            hint: hint.to_owned(),
            module: module.to_owned(),
            pointer,
            request: None,
            variant_of: None,
        }
    }

    /// The same place inside the request `request`.
    pub fn in_request(self, request: &str) -> Place {
        Place {
            request: Some(request.to_owned()),
            ..self
        }
    }

    /// The same place, met at another JSON path (a one-part `allOf`).
    pub fn at(&self, pointer: Pointer) -> Place {
        Place {
            pointer,
            ..self.clone()
        }
    }

    /// The place of a child schema: `Parent` + `Suffix`, one level deeper in the document.
    pub fn child(&self, name_suffix: &str, segment: impl ToString) -> Place {
        self.nested(name_suffix, self.pointer.join(segment))
    }

    /// The place of property `json_name`, found at `pointer`.
    pub fn field(&self, json_name: &str, pointer: Pointer) -> Place {
        Place {
            name: format!("{}{}", self.name, pascal(json_name)),
            hint: pascal(json_name),
            pointer,
            variant_of: None,
            ..self.clone()
        }
    }

    /// The place of a list's items: the singular of the list's name.
    pub fn item(&self) -> Place {
        Place {
            name: singular_name(&self.name),
            hint: singular_name(&self.hint),
            pointer: self.pointer.join("items"),
            variant_of: None,
            ..self.clone()
        }
    }

    /// The place of union variant `variant`, at `pointer`; `tagged` records it as a payload of
    /// this union, which naming reads.
    pub fn variant(&self, variant: &str, pointer: Pointer, tagged: bool) -> Place {
        let variant_of = tagged.then(|| (self.name.clone(), variant.to_owned()));
        Place {
            variant_of,
            ..self.nested(variant, pointer)
        }
    }

    fn nested(&self, name_suffix: &str, pointer: Pointer) -> Place {
        Place {
            name: format!("{}{}", self.name, pascal(name_suffix)),
            hint: format!("{}{}", self.hint, pascal(name_suffix)),
            pointer,
            variant_of: None,
            ..self.clone()
        }
    }
}

/// The type space being built.
pub struct TypeSpace<'s> {
    pub spec: &'s OpenAPI,
    pub types: Vec<TypeDef>,
    pub names: Namespace,
    /// The place each inline type was made for (one type per place until `merge` runs).
    pub places: HashMap<TypeId, Place>,
    /// Component name → its lowered type reference.
    components: HashMap<String, TypeRef>,
    /// Component name → its reserved type id, for components that become named types.
    reserved: HashMap<String, TypeId>,
    /// Reserved component types whose kind is not lowered yet.
    pending: HashSet<TypeId>,
    /// The ids of component types.
    component_ids: HashSet<TypeId>,
    /// How many `lower` calls are under way.
    depth: usize,
    pub warnings: Vec<String>,
    /// JSON paths where the spec leaves a value free-form.
    pub free_form: Vec<String>,
    /// `codegen/rules.yaml`.
    pub rules: Rules,
}

impl<'s> TypeSpace<'s> {
    pub fn new(spec: &'s OpenAPI) -> Self {
        Self {
            spec,
            types: Vec::new(),
            names: Namespace::default(),
            places: HashMap::new(),
            components: HashMap::new(),
            reserved: HashMap::new(),
            pending: HashSet::new(),
            component_ids: HashSet::new(),
            depth: 0,
            warnings: Vec::new(),
            free_form: Vec::new(),
            rules: Rules::load(),
        }
    }

    /// Reserves names and ids for every component schema that becomes a named type, then lowers
    /// them all in document order.
    pub fn lower_components(&mut self) -> Result<(), Fault> {
        let Some(components) = self.spec.components.as_ref() else {
            return Ok(());
        };
        for (key, schema) in &components.schemas {
            let SchemaRef::Inline(schema) = SchemaRef::from(schema) else {
                continue;
            };
            if becomes_named_type(schema) {
                let name = self.names.claim(&naming::type_ident(&pascal(key)));
                let id = self.push(TypeDef {
                    name,
                    module: naming::module_name(&snake(key)),
                    docs: paragraphs(schema.schema_data.description.as_deref()),
                    deprecated: deprecation(&schema.schema_data),
                    kind: TypeKind::Struct(Struct { fields: Vec::new() }),
                    places: vec![component_pointer(key).to_string()],
                    in_request: false,
                    in_response: false,
                    request_root: false,
                    gate: Gate::default(),
                    cycle: None,
                });
                self.reserved.insert(key.clone(), id);
                self.pending.insert(id);
                self.component_ids.insert(id);
                let nullable = schema.schema_data.nullable;
                let r = TypeRef::Named(id);
                self.components.insert(
                    key.clone(),
                    if nullable {
                        TypeRef::Nullable(Box::new(r))
                    } else {
                        r
                    },
                );
            }
        }
        for key in components.schemas.keys() {
            self.component(key, &component_pointer(key))?;
        }
        Ok(())
    }

    /// The type of component `key`, lowering it on first use.
    fn component(&mut self, key: &str, at: &Pointer) -> Result<TypeRef, Fault> {
        if let Some(id) = self.reserved.get(key).copied() {
            if self.pending.remove(&id) {
                let schema = self.component_schema(key, at)?;
                let def = &self.types[id];
                let place = Place::root(&def.name, &def.name, &def.module, component_pointer(key));
                self.types[id].kind = self.named_kind(schema, &place)?;
            }
            return Ok(self.components[key].clone());
        }
        if let Some(r) = self.components.get(key) {
            return Ok(r.clone());
        }
        // A component that is only an alias of a primitive, list or map.
        let place = Place::root(
            &naming::type_ident(&pascal(key)),
            &pascal(key),
            &naming::module_name(&snake(key)),
            component_pointer(key),
        );
        let schema = self.component_schema(key, at)?;
        self.components.insert(key.to_owned(), TypeRef::Json); // guards alias cycles
        let r = self.lower_schema(schema, &place)?;
        self.components.insert(key.to_owned(), r.clone());
        Ok(r)
    }

    fn component_schema(&self, key: &str, at: &Pointer) -> Result<&'s Schema, Fault> {
        let spec: &'s OpenAPI = self.spec;
        let schemas = &spec
            .components
            .as_ref()
            .expect("component keys come from the spec")
            .schemas;
        resolve(spec, SchemaRef::from(&schemas[key]), at)
    }

    /// Lowers a schema or reference met at `place`.
    pub fn lower(&mut self, schema: SchemaRef<'s>, place: &Place) -> Result<TypeRef, Fault> {
        // Inline schemas nest as deep as the document; an `allOf` that pulls in a component
        // from inside itself would nest for ever. Past this depth the spec is refused.
        if self.depth >= MAX_DEPTH {
            return Err(Fault::new(
                &place.pointer,
                format!("schemas nest deeper than {MAX_DEPTH} levels here (an allOf that includes its own component?)"),
            ));
        }
        self.depth += 1;
        let result = self.lower_at_depth(schema, place);
        self.depth -= 1;
        result
    }

    fn lower_at_depth(&mut self, schema: SchemaRef<'s>, place: &Place) -> Result<TypeRef, Fault> {
        match schema {
            SchemaRef::Ref(reference) => {
                let key = component_name(self.spec, reference, &place.pointer)?;
                self.component(key, &place.pointer)
            }
            SchemaRef::Inline(schema) => self.lower_schema(schema, place),
        }
    }

    fn lower_schema(&mut self, schema: &'s Schema, place: &Place) -> Result<TypeRef, Fault> {
        let r = match shape(schema) {
            Shape::String { values, .. } if !values.is_empty() => {
                let kind = TypeKind::StringEnum(string_enum(&values));
                TypeRef::Named(self.intern(kind, schema, place))
            }
            Shape::String {
                format: Some("date-time"),
                ..
            } => TypeRef::Timestamp,
            Shape::String { .. } => TypeRef::String,
            Shape::Integer => TypeRef::Integer,
            Shape::Number => TypeRef::Number,
            Shape::Boolean => TypeRef::Bool,
            Shape::Array { items: Some(items) } => {
                TypeRef::List(Box::new(self.lower(items, &place.item())?))
            }
            Shape::Array { items: None } => {
                TypeRef::List(Box::new(self.free(place, "array items")))
            }
            Shape::Object {
                properties,
                additional,
                ..
            } if properties.is_empty() => match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value_place = place.child("Value", "additionalProperties");
                    TypeRef::Map(Box::new(
                        self.lower(SchemaRef::from(&**value), &value_place)?,
                    ))
                }
                _ => self.free(place, "object without properties"),
            },
            Shape::Object { .. } | Shape::OneOf(_) | Shape::AllOf(_) => {
                if let Shape::OneOf(variants) = shape(schema) {
                    if variants.len() > 1 {
                        match unions::strings_only(self.spec, &variants, &place.pointer)? {
                            Some(values) if values.is_empty() => {
                                return Ok(nullable(TypeRef::String, schema.schema_data.nullable))
                            }
                            Some(values) => {
                                let kind = TypeKind::StringEnum(string_enum(&values));
                                let id = self.intern(kind, schema, place);
                                return Ok(nullable(
                                    TypeRef::Named(id),
                                    schema.schema_data.nullable,
                                ));
                            }
                            None => {}
                        }
                    }
                    // `oneOf: [x]` (often beside `nullable`) is `x`.
                    if let [only] = variants[..] {
                        let inner = self.lower(only, place)?;
                        return Ok(nullable(inner, schema.schema_data.nullable));
                    }
                }
                if let Shape::AllOf(parts) = shape(schema) {
                    if parts.len() == 1 {
                        let inner =
                            self.lower(parts[0], &place.at(place.pointer.join("allOf").join(0)))?;
                        return Ok(nullable(inner, schema.schema_data.nullable));
                    }
                    // Plain values: the type of the part that has one (the field's constraints
                    // gather every part's); values of two types at once are free-form.
                    match unions::value_all_of(self.spec, &parts) {
                        Ok(Some(part)) => {
                            let inner = self.lower(part, place)?;
                            return Ok(nullable(inner, schema.schema_data.nullable));
                        }
                        Err(()) => {
                            let any = self.free(place, "allOf of values of different types");
                            return Ok(nullable(any, schema.schema_data.nullable));
                        }
                        Ok(None) => {}
                    }
                }
                let kind = self.named_kind(schema, place)?;
                // A union whose variants turned out to be one type is that type.
                if let TypeKind::Untagged(u) = &kind {
                    if let [only] = &u.variants[..] {
                        return Ok(nullable(only.ty.clone(), schema.schema_data.nullable));
                    }
                }
                TypeRef::Named(self.intern(kind, schema, place))
            }
            Shape::Free => self.free(place, "any value"),
            Shape::Unsupported(why) => {
                self.warnings.push(format!(
                    "{}: {why}; generated as serde_json::Value",
                    place.pointer
                ));
                TypeRef::Json
            }
        };
        Ok(nullable(r, schema.schema_data.nullable))
    }

    fn free(&mut self, place: &Place, what: &str) -> TypeRef {
        self.free_form.push(format!("{} ({what})", place.pointer));
        TypeRef::Json
    }

    /// The kind of a schema that becomes a named type (object, enum, union, merged allOf).
    pub fn named_kind(&mut self, schema: &'s Schema, place: &Place) -> Result<TypeKind, Fault> {
        match shape(schema) {
            Shape::String { values, .. } if !values.is_empty() => {
                Ok(TypeKind::StringEnum(string_enum(&values)))
            }
            Shape::Object {
                properties,
                required,
                ..
            } => {
                let required: Vec<&str> = required.iter().map(String::as_str).collect();
                Ok(TypeKind::Struct(self.object(
                    &properties,
                    &required,
                    place,
                    place.pointer.join("properties"),
                )?))
            }
            Shape::OneOf(variants) => unions::lower_union(self, schema, &variants, place),
            Shape::AllOf(parts) => {
                let (properties, required) =
                    unions::merge_all_of(self.spec, &parts, &place.pointer)?;
                let required: Vec<&str> = required.iter().map(String::as_str).collect();
                Ok(TypeKind::Struct(self.object(
                    &properties,
                    &required,
                    place,
                    place.pointer.clone(),
                )?))
            }
            _ => Err(Fault::new(
                &place.pointer,
                "expected an object, enum or union schema here",
            )),
        }
    }

    /// The fields of an object schema.
    pub fn object(
        &mut self,
        properties: &[(&'s str, SchemaRef<'s>)],
        required: &[&str],
        place: &Place,
        properties_at: Pointer,
    ) -> Result<Struct, Fault> {
        let mut names = Namespace::default();
        let mut fields = Vec::with_capacity(properties.len());
        for (json_name, prop) in properties {
            let field_place = place.field(json_name, properties_at.join(json_name));
            let ty = self.lower(*prop, &field_place)?;
            let mut field_constraints = constraints(self.spec, *prop);
            self.rules
                .apply_limits(json_name, &ty, &mut field_constraints);
            let secret = self
                .rules
                .secrets
                .applies(json_name, &ty, &field_constraints);
            let (mut docs, deprecated) = match prop {
                SchemaRef::Inline(s) => (
                    paragraphs(s.schema_data.description.as_deref()),
                    deprecation(&s.schema_data),
                ),
                SchemaRef::Ref(_) => (Vec::new(), None),
            };
            // The format is said, not enforced: IDs stay strings whatever shape a server sends.
            if let SchemaRef::Inline(s) = prop {
                if let Shape::String {
                    format: Some(format),
                    values,
                } = shape(s)
                {
                    if values.is_empty() {
                        docs.push(format!("Format: `{format}`."));
                    }
                }
            }
            fields.push(Field {
                json_name: (*json_name).to_owned(),
                rust_name: names.claim(&snake(json_name)),
                ty,
                required: required.contains(json_name),
                docs,
                deprecated,
                secret,
                flatten: false,
                constraints: field_constraints,
            });
        }
        Ok(Struct { fields })
    }

    /// Adds a new type; no shape merging (request roots, components).
    pub fn push(&mut self, def: TypeDef) -> TypeId {
        self.types.push(def);
        TypeId(self.types.len() - 1)
    }

    /// The type with this shape: an existing one, or a new one named from `place`.
    pub fn intern(&mut self, kind: TypeKind, schema: &Schema, place: &Place) -> TypeId {
        let docs = paragraphs(schema.schema_data.description.as_deref());
        self.intern_with(kind, docs, deprecation(&schema.schema_data), place)
    }

    /// Makes the type of one place, named from it; `merge` later keeps one type per shape
    /// where the places can share a name.
    fn intern_with(
        &mut self,
        kind: TypeKind,
        docs: Vec<String>,
        deprecated: Option<String>,
        place: &Place,
    ) -> TypeId {
        let id = self.push(TypeDef {
            name: naming::type_ident(&place.name),
            module: place.module.clone(),
            docs,
            deprecated,
            kind,
            places: vec![place.pointer.to_string()],
            in_request: false,
            in_response: false,
            request_root: false,
            gate: Gate::default(),
            cycle: None,
        });
        self.places.insert(id, place.clone());
        id
    }

    /// Whether `id` is a component schema's type.
    pub fn is_component(&self, id: TypeId) -> bool {
        self.component_ids.contains(&id)
    }

    /// The struct type with these fields, named from `place` (a union variant's payload).
    pub fn intern_struct(&mut self, fields: Struct, docs: Vec<String>, place: &Place) -> TypeId {
        self.intern_with(TypeKind::Struct(fields), docs, None, place)
    }
}

/// `#/components/schemas/<key>`.
fn component_pointer(key: &str) -> Pointer {
    Pointer::default()
        .join("components")
        .join("schemas")
        .join(key)
}

/// Whether a component schema becomes a named Rust type (rather than an alias of a primitive).
fn becomes_named_type(schema: &Schema) -> bool {
    match shape(schema) {
        Shape::String { values, .. } => !values.is_empty(),
        Shape::Object { properties, .. } => !properties.is_empty(),
        Shape::OneOf(v) => v.len() > 1,
        Shape::AllOf(v) => v.len() > 1,
        _ => false,
    }
}

fn nullable(r: TypeRef, is_nullable: bool) -> TypeRef {
    if is_nullable && !r.is_nullable() {
        TypeRef::Nullable(Box::new(r))
    } else {
        r
    }
}

/// `FooErrors` → `FooError`: the name of a list's item type.
fn singular_name(name: &str) -> String {
    let words = naming::words(name);
    match words.split_last() {
        Some((last, _)) => {
            let stem = &name[..name.len() - last.len()];
            format!("{stem}{}", pascal(&singular(last)))
        }
        None => name.to_owned(),
    }
}

/// The variant that keeps what this SDK version does not know: always `Unknown`.
pub const FALLBACK: &str = "Unknown";

/// A namespace for the variants of an enum or union, with [`FALLBACK`] taken.
pub fn variant_namespace() -> Namespace {
    let mut names = Namespace::default();
    names.claim(FALLBACK);
    names
}

/// Claims the variant name for `ident`; a value the spec calls `unknown` is `UnknownValue`,
/// since `Unknown` is always the fallback.
pub fn claim_variant(names: &mut Namespace, ident: &str) -> String {
    if ident == FALLBACK {
        names.claim("UnknownValue")
    } else {
        names.claim(ident)
    }
}

/// A string enum from the spec's values: duplicates dropped, variant names unique.
pub fn string_enum(values: &[&str]) -> StringEnum {
    let mut names = variant_namespace();
    let mut seen = std::collections::BTreeSet::new();
    let mut variants = Vec::new();
    for value in values {
        if !seen.insert(*value) {
            continue;
        }
        variants.push(EnumVariant {
            name: claim_variant(&mut names, &naming::variant_ident(&pascal(value))),
            value: (*value).to_owned(),
            docs: Vec::new(),
        });
    }
    StringEnum {
        variants,
        fallback: FALLBACK.to_owned(),
    }
}
