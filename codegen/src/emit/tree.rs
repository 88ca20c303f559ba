//! A names-only listing of what is generated: every method with its route, request and return
//! type, then every type with its kind, then the deprecated aliases. Committed beside the code, so a rename or a change of
//! shape is one visible line in review.

use std::fmt::Write;

use crate::ir::{Api, KeyKind, Resource, Response, TypeKind, TypeRef};

/// The listing, one line per method and per type.
pub fn listing(api: &Api) -> String {
    let mut out = String::from(
        "# Generated API, names only (written by `cargo xtask codegen`)\n\n## Methods\n\n",
    );
    let mut methods = Vec::new();
    collect(api, &api.root, &mut methods);
    methods.sort();
    for m in methods {
        out.push_str(&m);
        out.push('\n');
    }
    out.push_str("\n## Types\n\n");
    let mut types: Vec<String> = api
        .types
        .iter()
        .map(|t| {
            let kind = match &t.kind {
                TypeKind::Struct(s) => format!("struct, {} fields", s.fields.len()),
                TypeKind::StringEnum(e) => format!("enum, {} values", e.variants.len()),
                TypeKind::Tagged(u) => format!(
                    "union by {}, {} variants",
                    u.tags.join("+"),
                    u.variants.len()
                ),
                TypeKind::Untagged(u) => format!("untagged union, {} variants", u.variants.len()),
            };
            format!("{} ({kind}) in types/{}.rs", t.name, t.module)
        })
        .collect();
    types.sort();
    for t in types {
        out.push_str(&t);
        out.push('\n');
    }
    if !api.aliases.is_empty() {
        out.push_str("\n## Deprecated aliases\n\n");
        for a in &api.aliases {
            let target = &api.types[a.target];
            let _ = writeln!(
                out,
                "{} = {} (since after {}) in types/{}.rs",
                a.name, target.name, a.since, target.module
            );
        }
    }
    out
}

fn collect(api: &Api, node: &Resource, out: &mut Vec<String>) {
    for e in &node.endpoints {
        let mut line = String::from("seam");
        for p in &node.path {
            let _ = write!(line, ".{p}()");
        }
        let request = match (&e.request, &e.request_value) {
            (Some(id), _) => api.types[*id].name.clone(),
            (None, Some(list)) => name(api, list),
            (None, None) => String::new(),
        };
        let returns = match &e.response {
            Response::Empty => "()".to_owned(),
            Response::Bytes(_) => "File".to_owned(),
            Response::Body(t) => name(api, t),
            Response::Key {
                ty,
                kind: KeyKind::Paginated,
                ..
            } => format!("pages of {}", name(api, ty)),
            Response::Key {
                ty,
                kind: KeyKind::ActionAttempt,
                ..
            } => format!("{} (awaited)", name(api, ty)),
            Response::Key { ty, .. } => name(api, ty),
        };
        let mut flags = Vec::new();
        if e.undocumented {
            flags.push("undocumented");
        }
        if e.deprecated.is_some() {
            flags.push("deprecated");
        }
        if e.draft.is_some() {
            flags.push("draft");
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        let _ = write!(
            line,
            ".{}({request}) -> {returns}  # {} {}{flags}",
            e.method_name,
            e.http_method.as_str(),
            e.path
        );
        out.push(line);
    }
    for c in &node.children {
        collect(api, c, out);
    }
}

fn name(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::Bool => "bool".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Timestamp => "Timestamp".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::File => "File".into(),
        TypeRef::Named(id) => api.types[*id].name.clone(),
        TypeRef::List(i) => format!("Vec<{}>", name(api, i)),
        TypeRef::Map(v) => format!("Map<{}>", name(api, v)),
        TypeRef::Nullable(i) => format!("Option<{}>", name(api, i)),
    }
}
