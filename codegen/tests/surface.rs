//! The public-API listing (`codegen::surface`): it says what the emitted code declares, and it
//! reads back as written.

use std::path::Path;

use codegen::surface::{Kind, Surface};

const FIXTURES: &[&str] = &[
    "pets.yaml",
    "widgets.json",
    "semver-old.yaml",
    "semver-new.yaml",
];

fn generate(fixture: &str) -> codegen::Generated {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    codegen::generate_from_path(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Code without whitespace or the trailing commas of wrapped lists, with map types written as
/// in the listing.
fn squashed(text: &str) -> String {
    let text: String = text
        .replace("std::collections::BTreeMap", "BTreeMap")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    text.replace(",>", ">").replace(",)", ")")
}

/// A type as written outside `types` (generated names qualified, as `emit/resources.rs` does).
fn qualified(ty: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in ty.chars().chain([' ']) {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
            continue;
        }
        let std = ["Vec", "Option", "BTreeMap", "String", "serde_json::Value"];
        if word.starts_with(char::is_uppercase) && !std.contains(&word.as_str()) {
            out.push_str("types::");
        }
        out.push_str(&word);
        word.clear();
        if c != ' ' {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_field_is_declared_with_the_listed_type() {
    for fixture in FIXTURES {
        let generated = generate(fixture);
        let types: String = generated
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("types/"))
            // The listing names the runtime's `crate::Timestamp` as users do, `Timestamp`.
            .map(|(_, text)| squashed(&text.replace("crate::Timestamp", "Timestamp")))
            .collect();
        let mut checked = 0;
        for t in &generated.surface.types {
            let declared = match t.kind {
                Kind::Struct => format!("pubstruct{}{{", t.name),
                Kind::Enum | Kind::Tagged | Kind::Untagged => format!("pubenum{}{{", t.name),
            };
            assert!(types.contains(&declared), "{fixture}: {declared}");
            for f in &t.fields {
                let field = squashed(&format!("pub{}:{},", f.rust, f.ty));
                assert!(types.contains(&field), "{fixture}: {}: {field}", t.name);
                checked += 1;
            }
            for v in &t.variants {
                let variant = match &v.ty {
                    Some(ty) => squashed(&format!("{}({}),", v.name, ty)),
                    None => format!("{},", v.name),
                };
                assert!(types.contains(&variant), "{fixture}: {}: {variant}", t.name);
            }
        }
        assert!(checked > 0, "{fixture}: no fields");
    }
}

#[test]
fn every_method_is_declared_with_the_listed_signature() {
    for fixture in FIXTURES {
        let generated = generate(fixture);
        let resources: String = generated
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("resources/"))
            .map(|(_, text)| squashed(text))
            .collect();
        for m in &generated.surface.methods {
            let name = m.path.rsplit('.').next().unwrap_or_default();
            let param = match &m.request {
                Some(r) if r.starts_with("impl Into<") => {
                    format!("request:implInto<types::{}", &r["impl Into<".len()..])
                }
                Some(r) => format!("request:types::{r}"),
                None => String::new(),
            };
            let (call, value) = m.returns.split_once('<').expect("a call type");
            let value = qualified(&squashed(&value[..value.len() - 1]));
            let signature = squashed(&format!(
                "pubfn{name}(&self,{param})->C::{call}<'a,{value}>"
            ));
            assert!(resources.contains(&signature), "{fixture}: {signature}");
            assert!(resources.contains(&squashed(&format!(
                "path: \"{}\"",
                m.route.split_once(' ').expect("method and path").1
            ))));
        }
    }
}

#[test]
fn the_listing_reads_back_as_written_one_item_per_line() {
    for fixture in FIXTURES {
        let surface = generate(fixture).surface;
        let text = surface.to_json();
        assert_eq!(
            Surface::from_json(&text).expect("the listing parses"),
            surface
        );
        let members: usize = surface
            .types
            .iter()
            .map(|t| 1 + t.fields.len() + t.values.len() + t.variants.len())
            .sum();
        let items = text
            .lines()
            .filter(|l| l.trim_start().starts_with('{') && l.len() > 2)
            .count();
        assert_eq!(items, surface.methods.len() + members, "{fixture}");
    }
}
