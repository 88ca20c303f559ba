//! Names stay put when the spec moves: generated from two published versions of Seam's spec
//! (`@seamapi/types` 1.956.0, vendored in `specs/`, and the vendored `spec/openapi.json`), the
//! newer one with the memory of names the older one published (as a maintainer regenerates),
//! every type that stands for the same place in both, with the same own schema, has the same
//! name and module in both. A rename there would reach users as a breaking change that nothing
//! in the spec asked for. The one exception is a split: a type of several places whose places
//! no longer share a shape (a child of one changed) keeps its name at the others, so the one
//! that left needs a name of its own.
//!
//! A type's own schema is its shape with the types it refers to left out (a child that changed
//! does not excuse renaming its parent): field names, required-ness and the form of each
//! field's type, enum values, union tags and variant names.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::ir::{Api, TypeDef, TypeKind, TypeRef};

fn lower(path: &Path, memory: &codegen::Memory) -> Api {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let spec = codegen::load::load_str(&path.display().to_string(), &text)
        .unwrap_or_else(|e| panic!("{e}"));
    codegen::lower::lower(&spec, memory).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The form of a reference, with named types left out.
fn form(r: &TypeRef) -> String {
    match r {
        TypeRef::Named(_) => "named".to_owned(),
        TypeRef::List(t) => format!("list<{}>", form(t)),
        TypeRef::Map(t) => format!("map<{}>", form(t)),
        TypeRef::Nullable(t) => format!("nullable<{}>", form(t)),
        other => format!("{other:?}"),
    }
}

/// A type's own schema, as text.
fn own_schema(def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{}{}:{}",
                    f.json_name,
                    if f.required { "!" } else { "?" },
                    form(&f.ty)
                )
            })
            .collect::<Vec<_>>()
            .join(","),
        TypeKind::StringEnum(e) => e
            .variants
            .iter()
            .map(|v| v.value.as_str())
            .collect::<Vec<_>>()
            .join("|"),
        TypeKind::Tagged(t) => format!(
            "{:?}:{}",
            t.tags,
            t.variants
                .iter()
                .map(|v| format!("{}={}", v.name, v.values.join("+")))
                .collect::<Vec<_>>()
                .join("|")
        ),
        TypeKind::Untagged(u) => u
            .variants
            .iter()
            .map(|v| format!("{}:{}", v.name, form(&v.ty)))
            .collect::<Vec<_>>()
            .join("|"),
    }
}

/// Every place → the type standing for it. Places are JSON pointers with each union
/// variant's index replaced by its tag (`oneOf/7` → `oneOf/error_code=device_offline`): an
/// index names another variant once Seam inserts or removes one, a tag does not.
fn by_place<'a>(api: &'a Api, spec: &serde_json::Value) -> BTreeMap<String, &'a TypeDef> {
    api.types
        .iter()
        .flat_map(|def| def.places.iter().map(move |p| (stable_place(spec, p), def)))
        .collect()
}

fn stable_place(spec: &serde_json::Value, pointer: &str) -> String {
    let segments: Vec<&str> = pointer.trim_start_matches("#/").split('/').collect();
    let mut node = spec;
    let mut out = String::from("#");
    let mut after_one_of = false;
    for segment in segments {
        let key = segment.replace("~1", "/").replace("~0", "~");
        node = match node {
            serde_json::Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            other => other.get(&key),
        }
        .unwrap_or(&serde_json::Value::Null);
        let tag = after_one_of.then(|| variant_tag(node)).flatten();
        out.push('/');
        out.push_str(tag.as_deref().unwrap_or(segment));
        after_one_of = segment == "oneOf";
    }
    out
}

/// `property=value` of the first property holding a single enum value.
fn variant_tag(schema: &serde_json::Value) -> Option<String> {
    let properties = schema.get("properties")?.as_object()?;
    properties
        .iter()
        .find_map(|(name, p)| match p.get("enum")?.as_array()?.as_slice() {
            [value] => Some(format!("{name}={}", value.as_str()?)),
            _ => None,
        })
}

#[test]
fn no_type_is_renamed_or_moved_between_adjacent_spec_versions_unless_its_own_schema_changed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (old_path, new_path) = (
        root.join("tests/specs/seam-types-1.956.0.json"),
        root.join("../spec/openapi.json"),
    );
    let json = |path: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
    };
    // The new version is lowered as a maintainer regenerates: with what the old one published.
    let old = lower(&old_path, &codegen::Memory::default());
    let memory = codegen::surface::surface(&old).memory("0.1.0");
    let new = lower(&new_path, &memory);
    let (old_places, new_places) = (
        by_place(&old, &json(&old_path)),
        by_place(&new, &json(&new_path)),
    );
    let new_names: std::collections::BTreeSet<&str> =
        new.types.iter().map(|t| t.name.as_str()).collect();
    let mut compared = 0;
    let mut moved = BTreeMap::new();
    for (place, before) in &old_places {
        let Some(after) = new_places.get(place.as_str()) else {
            continue;
        };
        if own_schema(before) != own_schema(after) {
            continue;
        }
        compared += 1;
        let split = before.name != after.name && new_names.contains(before.name.as_str());
        if !split && (&before.name, &before.module) != (&after.name, &after.module) {
            moved.insert(
                format!("{} (types/{}.rs)", before.name, before.module),
                format!("{} (types/{}.rs), at {place}", after.name, after.module),
            );
        }
    }
    eprintln!(
        "naming stability: {compared} places with an unchanged own schema compared across \
         1.956.0 → the vendored spec; {} types renamed or moved",
        moved.len()
    );
    assert!(
        compared > 1000,
        "too few places compared ({compared}): is the test reading the specs?"
    );
    assert!(
        moved.is_empty(),
        "renamed or moved although their own schema did not change:\n{}",
        moved
            .iter()
            .map(|(a, b)| format!("  {a} → {b}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
