//! The intermediate representation: what the SDK holds, said in Rust terms.
//!
//! Lowering builds it from the spec; emitting reads only it. Every collection is ordered
//! (vectors in a deterministic order, or `BTreeMap`s), so output never depends on hash order.

use std::collections::BTreeSet;

/// The whole API.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// Every generated type, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// The root of the resource tree (its own endpoints are empty: every Seam route has a group).
    pub root: Resource,
    /// Values generated as free-form JSON, with the reason; reported by `xtask`.
    pub warnings: Vec<String>,
    /// Deprecated aliases of published names that went away (`lower/memory.rs`), by name.
    pub aliases: Vec<Alias>,
}

/// A deprecated alias: a name an earlier generation published, for the type that took its
/// place, kept since the spec version `since`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub name: String,
    pub target: TypeId,
    pub since: String,
}

/// A type of [`Api::types`]: its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

impl std::ops::Index<TypeId> for Vec<TypeDef> {
    type Output = TypeDef;

    fn index(&self, id: TypeId) -> &TypeDef {
        &self[id.0]
    }
}

impl std::ops::IndexMut<TypeId> for Vec<TypeDef> {
    fn index_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self[id.0]
    }
}

/// Every id of `types`, in order.
pub fn type_ids(types: &[TypeDef]) -> impl Iterator<Item = TypeId> {
    (0..types.len()).map(TypeId)
}

/// A value for each type, indexed by [`TypeId`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerType<T>(pub Vec<T>);

impl<T> PerType<T> {
    /// `value(id)` for each type of `types`.
    pub fn new(types: &[TypeDef], value: impl FnMut(TypeId) -> T) -> Self {
        PerType(type_ids(types).map(value).collect())
    }
}

impl<T> std::ops::Index<TypeId> for PerType<T> {
    type Output = T;

    fn index(&self, id: TypeId) -> &T {
        &self.0[id.0]
    }
}

impl<T> std::ops::IndexMut<TypeId> for PerType<T> {
    fn index_mut(&mut self, id: TypeId) -> &mut T {
        &mut self.0[id.0]
    }
}

/// Documentation text, one markdown paragraph per entry, already cleaned for rustdoc.
pub type Docs = Vec<String>;

/// The cargo feature that turns on endpoints marked `x-undocumented`.
pub const UNDOCUMENTED_FEATURE: &str = "undocumented";

/// A cargo feature expression guarding an item: the item exists when any of the
/// alternatives holds; an alternative holds when all of its features are enabled.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gate(pub BTreeSet<BTreeSet<String>>);

impl Gate {
    /// The gate of one endpoint: its top-level resource's feature, plus `undocumented` if so.
    pub fn endpoint(resource_feature: &str, undocumented: bool) -> Self {
        let mut all = BTreeSet::from([resource_feature.to_owned()]);
        if undocumented {
            all.insert(UNDOCUMENTED_FEATURE.to_owned());
        }
        Self(BTreeSet::from([all]))
    }

    /// The gate of an endpoint at the root (a method of the client itself): always compiled,
    /// unless undocumented.
    pub fn root(undocumented: bool) -> Self {
        if undocumented {
            Self(BTreeSet::from([BTreeSet::from([
                UNDOCUMENTED_FEATURE.to_owned()
            ])]))
        } else {
            Self(BTreeSet::from([BTreeSet::new()]))
        }
    }

    /// Adds the alternatives of `other`, dropping any alternative implied by a smaller one.
    pub fn union(&mut self, other: &Gate) {
        self.0.extend(other.0.iter().cloned());
        let alts: Vec<_> = self.0.iter().cloned().collect();
        self.0
            .retain(|a| !alts.iter().any(|b| b != a && b.is_subset(a)));
    }

    /// The item is always compiled: no endpoint reaches it, or something always compiled does.
    pub fn is_always(&self) -> bool {
        self.0.is_empty() || self.0.iter().any(BTreeSet::is_empty)
    }
}

/// A generated type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust type name, unique in the crate.
    pub name: String,
    /// The file (module) under `types/` that holds it.
    pub module: String,
    pub docs: Docs,
    pub deprecated: Option<String>,
    pub kind: TypeKind,
    /// Every place the type stands for, as JSON Pointers in order: a component's schema, or
    /// the inline schemas merged into it. Tells a type apart across spec versions; for docs.
    pub places: Vec<String>,
    /// Used in a request (so it serializes, and nullable optional fields keep "null" apart from "absent").
    pub in_request: bool,
    /// Used in a response (so it deserializes).
    pub in_response: bool,
    /// The endpoint whose request it is, when it is one (gets a constructor and setters).
    pub request_root: bool,
    /// Features that must be on for the type to be compiled.
    pub gate: Gate,
    /// The group of types holding each other by value that it belongs to, if any: its fields
    /// and variants holding a type of the same group are boxed (`lower/cycles.rs`).
    pub cycle: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeKind {
    Struct(Struct),
    StringEnum(StringEnum),
    Tagged(Tagged),
    Untagged(Untagged),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Struct {
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Field {
    /// The JSON property name.
    pub json_name: String,
    /// The Rust field name (snake case, keyword-escaped when emitted).
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
    pub deprecated: Option<String>,
    /// What the spec requires of the value beyond its type.
    pub constraints: Constraints,
    /// The value is a credential (`codegen/rules.yaml`): `Debug` shows it redacted.
    pub secret: bool,
    /// The value's own fields are serialized in place of this one (`#[serde(flatten)]`): a
    /// union request body beside parameters.
    pub flatten: bool,
}

impl Field {
    /// A required field of the generator's own (no schema of the spec describes it).
    pub fn required(name: &str, ty: TypeRef) -> Field {
        Field {
            json_name: name.to_owned(),
            rust_name: name.to_owned(),
            ty,
            required: true,
            docs: Vec::new(),
            deprecated: None,
            constraints: Constraints::default(),
            secret: false,
            flatten: false,
        }
    }

    /// A required field whose value's fields stand in its place (`#[serde(flatten)]`).
    pub fn flattened(name: &str, ty: TypeRef) -> Field {
        Field {
            flatten: true,
            ..Field::required(name, ty)
        }
    }
}

/// What the spec requires of a value beyond its type: lengths, ranges, patterns, list sizes.
/// The format is carried for docs and sample values; it is never enforced (IDs are not always
/// UUIDs, timestamps vary).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Constraints {
    pub format: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// Bounds on the keys of a map (`minProperties`/`maxProperties`).
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// The longest key of a map (`codegen/rules.yaml`: limits the spec states only in prose).
    pub max_key_length: Option<u64>,
    /// The constraints on each item, for a list.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    /// Whether the spec says nothing beyond the type.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A number of the spec, ordered and hashed by its bits so that the IR can be a key: two
/// schemas with the same limits are the same shape.
#[derive(Debug, Clone, Copy)]
pub struct Number(pub f64);

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Number {}

impl std::hash::Hash for Number {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// One end of a numeric range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bound {
    pub value: Number,
    /// The end itself is outside the range.
    pub exclusive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// The name of the variant that keeps a value this SDK version does not know.
    pub fallback: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
    pub docs: Docs,
}

/// A union whose variant is chosen by the values of one or more tag properties.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tagged {
    /// The tag property names, in the order their values appear in [`TaggedVariant::values`].
    pub tags: Vec<String>,
    pub variants: Vec<TaggedVariant>,
    /// The name of the variant that keeps the raw JSON of an unknown tag.
    pub fallback: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaggedVariant {
    pub name: String,
    /// One value per tag property.
    pub values: Vec<String>,
    pub docs: Docs,
    /// The variant's other properties; `None` when the variant carries nothing but its tags.
    pub payload: Option<TypeId>,
}

/// A union tried variant by variant (JSON has no tag to choose by).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Untagged {
    pub variants: Vec<UntaggedVariant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UntaggedVariant {
    pub name: String,
    pub ty: TypeRef,
    pub docs: Docs,
    /// For object variants, the properties the spec requires: a value is tried as this variant
    /// first only when it has them all.
    pub required: Vec<String>,
    /// What the spec requires of a plain value of this variant (a string's length…).
    pub constraints: Constraints,
}

/// A reference to a type, as written at a use site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Bool,
    Integer,
    Number,
    String,
    /// A `format: date-time` string: `crate::Timestamp`, which keeps the text it received.
    Timestamp,
    /// A value the spec leaves free-form.
    Json,
    /// A `format: binary` string of a multipart or raw request body: `crate::File`, bytes
    /// with a file name and content type, sent beside the serialized fields.
    File,
    Named(TypeId),
    List(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// The type without an outer `Nullable`.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner,
            other => other,
        }
    }

    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }

    /// Whether the value is or holds files (a list of them, or either optional).
    pub fn holds_files(&self) -> bool {
        match self {
            TypeRef::File => true,
            TypeRef::List(t) | TypeRef::Nullable(t) => t.holds_files(),
            _ => false,
        }
    }

    /// Types referenced directly (not through lists, maps or nullability: those too).
    pub fn named(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::List(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => t.named(out),
            _ => {}
        }
    }
}

/// A node of the resource tree: `/acs/users/list` is endpoint `list` of node `acs` → `users`.
#[derive(Debug, Clone, Default)]
pub struct Resource {
    /// Path from the root, as accessor names: `["acs", "users"]`.
    pub path: Vec<String>,
    /// The handle's Rust type name (`AcsUsers`).
    pub type_name: String,
    /// The file (module) under `resources/` that holds the handle.
    pub module: String,
    pub endpoints: Vec<Endpoint>,
    /// Child resources, ordered by accessor name.
    pub children: Vec<Resource>,
    /// Features that must be on for the handle to be compiled.
    pub gate: Gate,
    /// The cargo feature of a top-level resource (which turns its endpoints on); empty below.
    pub feature: String,
}

/// One operation, sent under one HTTP method.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The Rust method name.
    pub method_name: String,
    pub http_method: HttpMethod,
    /// The route path as written in the spec.
    pub path: String,
    /// Other methods the spec offers for the same path (documented, not generated twice).
    pub also_accepts: Vec<HttpMethod>,
    pub docs: Docs,
    /// The request type; `None` when the request carries nothing (or is a list).
    pub request: Option<TypeId>,
    /// For a request body that is not an object (a list, a string…) and has no parameters
    /// beside it: the type the method takes.
    pub request_value: Option<TypeRef>,
    /// What the spec requires of that value (its length, its number of items…).
    pub request_value_constraints: Constraints,
    /// How the request body is encoded.
    pub body_encoding: BodyEncoding,
    /// Request fields sent in the path or query string instead of the body.
    pub path_params: Vec<String>,
    pub query_params: Vec<String>,
    pub response: Response,
    pub deprecated: Option<String>,
    pub undocumented: bool,
    pub draft: Option<String>,
    /// Safe to retry after a server error: it reads, or it says it is idempotent.
    pub idempotent: bool,
    pub gate: Gate,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    #[default]
    Json,
    /// `application/json` of the request's field of this name: a list body beside parameters.
    JsonOf(String),
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: a part per field; fields of [`TypeRef::File`] are file parts, sent
    /// with the content type the spec's `encoding` names for them (by JSON name), else
    /// `application/octet-stream`.
    Multipart {
        content_types: Vec<(String, String)>,
    },
    /// The bytes of the request's one file field (JSON name `body`), as they are, with this
    /// content type (the spec's media type).
    Binary(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// What a method returns and how it is found in the response body.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Nothing worth returning: `()`.
    Empty,
    /// The whole body, as this type.
    Body(TypeRef),
    /// The body's bytes, as they are (`crate::File`): a download of this media type.
    Bytes(String),
    /// The value under `key` in the body.
    Key {
        key: String,
        ty: TypeRef,
        kind: KeyKind,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Plain,
    /// A list with a `pagination` cursor beside it: `ty` is the item type.
    Paginated,
    /// An action attempt the SDK waits for.
    ActionAttempt,
}
