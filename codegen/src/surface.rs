//! The public API of the generated code, as data: every method of the resource tree and every
//! type, with what a user can name, call, build or match.
//!
//! `xtask` commits it as `seam-sdk/src/generated/api.json` and compares two of them to report
//! what a regeneration changes under semver (`xtask/src/semver.rs`). It is read from the IR,
//! never from the emitted Rust, and says what the emitters make of each IR item: a field's type
//! as declared (`Option<Option<T>>` for a nullable optional field of a sent type…), a request
//! parameter as written (`impl Into<T>` for unions), the call a method returns. Where a rule of
//! `emit/` decides the Rust shape, the function here names the rule it mirrors; a test checks
//! the two agree (`codegen/tests/surface.rs`).

use serde::{Deserialize, Serialize};

use crate::ir::{self, Api, KeyKind, Resource, Response, TypeDef, TypeKind, TypeRef};
use crate::memory::{self, Memory, Published, PublishedMethod, PublishedVariant};
use crate::naming;

/// The public API: methods sorted by path, types and aliases by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surface {
    pub methods: Vec<Method>,
    pub types: Vec<Type>,
    /// Deprecated aliases: names published earlier that now name another type.
    #[serde(default)]
    pub aliases: Vec<Alias>,
}

/// A deprecated alias, `pub type Old = New;` in `seam_sdk::types`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub name: String,
    pub target: String,
    /// The release after which it was made (the crate's version then); it first ships in
    /// the next one.
    pub since: String,
}

/// One endpoint method of the resource tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Method {
    /// Where it is reached: `seam.acs().users().list`.
    pub path: String,
    /// The HTTP method and route it sends: `POST /acs/users/list`.
    pub route: String,
    /// The request parameter's type as written (`AcsUsersListRequest`; unions are taken as
    /// `impl Into<…>`); `None` when the method takes no request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// What it returns, as the runtime's call type of the value: `Call<AcsUser>`,
    /// `Paginated<AcsUser>` (items), `ActionAttempt<ActionAttempt>`, `Call<()>`.
    pub returns: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Behind the `undocumented` feature.
    #[serde(default, skip_serializing_if = "is_false")]
    pub undocumented: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
}

/// One type of `seam_sdk::types`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Type {
    pub name: String,
    /// The file under `types/` (private: every type is re-exported flat).
    pub module: String,
    pub kind: Kind,
    /// Sent in a request: structs get `new(required…)` and a setter per optional field.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sent: bool,
    /// Received in a response: implements `Deserialize`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub received: bool,
    /// The request type of a method (request unions get a constructor per variant).
    #[serde(default, skip_serializing_if = "is_false")]
    pub request: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// The JSON pointers of the schemas the type stands for: what tells a type apart across
    /// spec versions when its name changes.
    #[serde(default)]
    pub places: Vec<String>,
    /// Tagged unions: the tag properties, each with an accessor method.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// String enums and tagged unions: the variant that keeps what this version does not know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    /// Structs: the fields, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// String enums: the known values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Value>,
    /// Unions: the variants (not the fallback).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

/// What a type is in Rust, and how it may change without breaking a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A `#[non_exhaustive]` struct with public fields.
    Struct,
    /// A `#[non_exhaustive]` enum of string values with a fallback `Unknown(String)`.
    Enum,
    /// A `#[non_exhaustive]` enum chosen by tag values, with a fallback keeping the raw JSON.
    Tagged,
    /// An exhaustive `#[serde(untagged)]` enum.
    Untagged,
}

impl Kind {
    /// The kind in words, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Struct => "struct",
            Kind::Enum => "string enum",
            Kind::Tagged => "tagged union",
            Kind::Untagged => "untagged union",
        }
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The JSON property: what tells the field apart across versions.
    pub json: String,
    /// The Rust field (and setter) name as written: `r#type`.
    pub rust: String,
    /// The field's Rust type as declared.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

/// A string enum value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    /// The value in JSON.
    pub value: String,
    /// Its Rust variant.
    pub name: String,
}

/// A union variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub name: String,
    /// Tagged unions: one value per tag property, in the order of [`Type::tags`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_values: Vec<String>,
    /// What the variant holds, as written; `None` for a tagged variant that holds nothing.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The public API of what `api` generates.
pub fn surface(api: &Api) -> Surface {
    let mut methods = Vec::new();
    collect_methods(api, &api.root, &mut methods);
    methods.sort_by(|a, b| a.path.cmp(&b.path));
    let mut types: Vec<Type> = api.types.iter().map(|def| type_of(api, def)).collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let aliases = api
        .aliases
        .iter()
        .map(|a| Alias {
            name: a.name.clone(),
            target: api.types[a.target].name.clone(),
            since: a.since.clone(),
        })
        .collect();
    Surface {
        methods,
        types,
        aliases,
    }
}

fn collect_methods(api: &Api, node: &Resource, out: &mut Vec<Method>) {
    let mut handle = String::from("seam");
    for p in &node.path {
        handle.push('.');
        handle.push_str(&naming::member_ident(p));
        handle.push_str("()");
    }
    for e in &node.endpoints {
        // As `emit/resources.rs` writes the parameter: unions are taken as `impl Into<…>`.
        let request = e.request.map(|id| {
            let def = &api.types[id];
            match def.kind {
                TypeKind::Struct(_) => def.name.clone(),
                _ => format!("impl Into<{}>", def.name),
            }
        });
        let returns = match &e.response {
            Response::Empty => "Call<()>".to_owned(),
            Response::Bytes(_) => "Call<File>".to_owned(),
            Response::Body(t) => format!("Call<{}>", written(api, t)),
            Response::Key { ty, kind, .. } => {
                let call = match kind {
                    KeyKind::Plain => "Call",
                    KeyKind::Paginated => "Paginated",
                    KeyKind::ActionAttempt => "ActionAttempt",
                };
                format!("{call}<{}>", written(api, ty))
            }
        };
        out.push(Method {
            path: format!("{handle}.{}", naming::member_ident(&e.method_name)),
            route: format!("{} {}", e.http_method.as_str(), e.path),
            request,
            returns,
            deprecated: e.deprecated.is_some(),
            undocumented: e.undocumented,
            draft: e.draft.is_some(),
        });
    }
    for c in &node.children {
        collect_methods(api, c, out);
    }
}

fn type_of(api: &Api, def: &TypeDef) -> Type {
    let mut t = Type {
        name: def.name.clone(),
        module: def.module.clone(),
        kind: Kind::Struct,
        sent: def.in_request,
        received: def.in_response,
        request: def.request_root,
        deprecated: def.deprecated.is_some(),
        places: def.places.clone(),
        tags: Vec::new(),
        fallback: None,
        fields: Vec::new(),
        values: Vec::new(),
        variants: Vec::new(),
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            t.fields = s.fields.iter().map(|f| field(api, def, f)).collect();
        }
        TypeKind::StringEnum(e) => {
            t.kind = Kind::Enum;
            t.fallback = Some(e.fallback.clone());
            t.values = e
                .variants
                .iter()
                .map(|v| Value {
                    value: v.value.clone(),
                    name: v.name.clone(),
                })
                .collect();
        }
        TypeKind::Tagged(u) => {
            t.kind = Kind::Tagged;
            t.tags = u.tags.clone();
            t.fallback = Some(u.fallback.clone());
            t.variants = u
                .variants
                .iter()
                .map(|v| Variant {
                    name: v.name.clone(),
                    tag_values: v.values.clone(),
                    ty: v.payload.map(|id| api.types[id].name.clone()),
                })
                .collect();
        }
        TypeKind::Untagged(u) => {
            t.kind = Kind::Untagged;
            t.variants = u
                .variants
                .iter()
                .map(|v| Variant {
                    name: v.name.clone(),
                    tag_values: Vec::new(),
                    ty: Some(written(api, &v.ty)),
                })
                .collect();
        }
    }
    t
}

/// A field as `emit/types.rs` (`field_type`, `is_boxed`) declares it: required fields are their
/// type (`Option` when nullable); optional ones an `Option`, doubled for a nullable field of a
/// sent type (absent vs `null`), boxed for an object in a type that is only received.
fn field(api: &Api, def: &TypeDef, f: &ir::Field) -> Field {
    let inner = written(api, f.ty.non_null());
    let nullable = f.ty.is_nullable();
    let ty = match (f.required, nullable) {
        (true, false) => inner,
        (true, true) => format!("Option<{inner}>"),
        (false, true) if def.in_request => format!("Option<Option<{inner}>>"),
        (false, _) => {
            let object = matches!(f.ty.non_null(), TypeRef::Named(id)
                if matches!(api.types[*id].kind, TypeKind::Struct(_)));
            if object && !def.in_request {
                format!("Option<Box<{inner}>>")
            } else {
                format!("Option<{inner}>")
            }
        }
    };
    Field {
        json: f.json_name.clone(),
        rust: naming::member_ident(&f.rust_name),
        ty,
        required: f.required,
        nullable,
        deprecated: f.deprecated.is_some(),
    }
}

/// A type reference as written inside `seam_sdk::types` (maps without their path).
fn written(api: &Api, r: &TypeRef) -> String {
    match r {
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Integer => "i64".to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Timestamp => "Timestamp".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::File => "File".to_owned(),
        TypeRef::Named(id) => api.types[*id].name.clone(),
        TypeRef::List(item) => format!("Vec<{}>", written(api, item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", written(api, value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", written(api, inner)),
    }
}

/// The first line of the listing file: what wrote it.
const HEADER: &str =
    "Generated by `cargo xtask codegen`, do not edit by hand: the public API, for semver reports.";

impl Surface {
    /// The listing as committed (`api.json`): JSON, one method, type header or member per line,
    /// keys in a fixed order, so a change to the API is a change to the lines it concerns.
    pub fn to_json(&self) -> String {
        let methods: Vec<String> = self
            .methods
            .iter()
            .map(|m| format!("    {}", json(m)))
            .collect();
        let types: Vec<String> = self.types.iter().map(type_lines).collect();
        let aliases: Vec<String> = self
            .aliases
            .iter()
            .map(|a| format!("    {}", json(a)))
            .collect();
        format!(
            "{{\n  \"generated\": {},\n  \"methods\": {},\n  \"types\": {},\n  \"aliases\": {}\n}}\n",
            json(HEADER),
            list(&methods),
            list(&types),
            list(&aliases)
        )
    }

    /// What this listing tells the generator to keep (see [`Memory`]), as published in
    /// `release` (the crate's version).
    pub fn memory(&self, release: &str) -> Memory {
        Memory {
            release: release.to_owned(),
            types: self
                .types
                .iter()
                .map(|t| Published {
                    name: t.name.clone(),
                    places: t.places.clone(),
                    fields: t
                        .fields
                        .iter()
                        .map(|f| (f.json.clone(), f.ty.clone()))
                        .collect(),
                    variants: t
                        .variants
                        .iter()
                        .map(|v| PublishedVariant {
                            name: v.name.clone(),
                            tag_values: v.tag_values.clone(),
                            ty: v.ty.clone(),
                        })
                        .collect(),
                })
                .collect(),
            methods: self
                .methods
                .iter()
                .map(|m| PublishedMethod {
                    // `seam.acs().users().list` → `list`; a raw identifier without its `r#`.
                    name: m
                        .path
                        .rsplit('.')
                        .next()
                        .unwrap_or_default()
                        .trim_start_matches("r#")
                        .to_owned(),
                    route: m.route.clone(),
                    request: m.request.clone(),
                    returns: m.returns.clone(),
                })
                .collect(),
            aliases: self
                .aliases
                .iter()
                .map(|a| memory::Alias {
                    name: a.name.clone(),
                    target: a.target.clone(),
                    since: a.since.clone(),
                })
                .collect(),
        }
    }

    /// Reads a listing written by [`Surface::to_json`].
    pub fn from_json(text: &str) -> Result<Surface, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// A type: its header on one line, then each field, value or variant on a line of its own.
fn type_lines(t: &Type) -> String {
    let header = Type {
        fields: Vec::new(),
        values: Vec::new(),
        variants: Vec::new(),
        ..t.clone()
    };
    let header = json(&header);
    // The header is a struct written by serde_json: an object ending in `}`.
    let mut out = format!("    {}", &header[..header.len() - 1]);
    let lists = [
        ("fields", t.fields.iter().map(json).collect::<Vec<_>>()),
        ("values", t.values.iter().map(json).collect()),
        ("variants", t.variants.iter().map(json).collect()),
    ];
    for (key, items) in lists {
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!(",\"{key}\":[\n      "));
        out.push_str(&items.join(",\n      "));
        out.push_str("\n    ]");
    }
    out.push('}');
    out
}

/// A JSON array of items already written one per line (and indented).
fn list(items: &[String]) -> String {
    if items.is_empty() {
        "[]".to_owned()
    } else {
        format!("[\n{}\n  ]", items.join(",\n"))
    }
}

/// Compact JSON of a value whose serialization cannot fail (plain structs and strings).
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
