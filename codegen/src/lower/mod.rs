//! Lowering: the only stage that reads the spec. It builds the [`Api`] IR.

mod constraints;
mod cycles;
mod docs;
mod endpoints;
mod media;
mod memory;
mod merge;
mod reach;
mod requests;
mod rules;
mod types;
mod unions;
mod view;

use std::collections::HashMap;

use openapiv3::OpenAPI;

use crate::error::Fault;
use crate::ir::{Api, Resource, TypeDef, UNDOCUMENTED_FEATURE};
use crate::memory::Memory;
use crate::naming::{pascal, Namespace};

/// Feature names the generator keeps for itself; a resource with one of these names gets `_`.
const RESERVED_FEATURES: &[&str] = &["default", UNDOCUMENTED_FEATURE, "blocking", "full"];

/// Names the generated resource modules import from the runtime.
const RUNTIME_NAMES: &[&str] = &[
    "Seam",
    "Call",
    "PaginatedCall",
    "ActionAttemptCall",
    "HttpMethod",
    "ResponseShape",
    "Route",
];

/// The cargo feature of a top-level resource.
pub fn feature_name(resource: &str) -> String {
    if RESERVED_FEATURES.contains(&resource) {
        format!("{resource}_")
    } else {
        resource.to_owned()
    }
}

/// Lowers a loaded spec into the IR, keeping the names `memory` published.
pub fn lower(spec: &OpenAPI, memory: &Memory) -> Result<Api, Fault> {
    let mut space = types::TypeSpace::new(spec);
    space.lower_components()?;
    let mut located = endpoints::lower_paths(&mut space)?;
    merge::merge_and_name(&mut space, &mut located);

    let mut root = Resource::default();
    // Handles share a module with the runtime names they use; a handle that would shadow one
    // (`/seam/...` → `Seam`) is suffixed `Resource`.
    let mut handle_names = Namespace::default();
    for reserved in RUNTIME_NAMES {
        handle_names.claim(reserved);
    }
    for l in located {
        let mut node = &mut root;
        for (depth, segment) in l.group.iter().enumerate() {
            let pos = match node
                .children
                .iter()
                .position(|c| c.path.last() == Some(segment))
            {
                Some(pos) => pos,
                None => {
                    let path = l.group[..=depth].to_vec();
                    let mut type_name = path.iter().map(|s| pascal(s)).collect::<String>();
                    if RUNTIME_NAMES.contains(&type_name.as_str()) {
                        type_name.push_str("Resource");
                    }
                    let type_name = handle_names.claim(&crate::naming::type_ident(&type_name));
                    let feature = if depth == 0 {
                        feature_name(segment)
                    } else {
                        String::new()
                    };
                    node.children.push(Resource {
                        feature,
                        module: crate::naming::module_name(&path.join("_")),
                        path,
                        type_name,
                        ..Resource::default()
                    });
                    node.children.len() - 1
                }
            };
            node = &mut node.children[pos];
        }
        node.endpoints.push(l.endpoint);
    }
    let published: HashMap<&str, &str> = memory
        .methods
        .iter()
        .map(|m| (m.route.as_str(), m.name.as_str()))
        .collect();
    sort_and_dedupe_members(&mut root, &published);

    let mut api = Api {
        types: space.types,
        root,
        warnings: space.warnings,
        aliases: Vec::new(),
    };
    reach::propagate(&mut api);
    cycles::mark(&mut api);
    link_requests(&mut api.types, &api.root);
    // A type the spec does not describe says where it is used, in words.
    for def in &mut api.types {
        if def.docs.is_empty() {
            def.docs = vec![docs::place_sentence(&def.places[0])];
        }
    }
    api.warnings.extend(
        space
            .free_form
            .into_iter()
            .map(|p| format!("{p}: free-form in the spec; generated as serde_json::Value")),
    );
    let renames = &space.rules.renames;
    let stale = memory::recall(&mut api, memory, renames);
    api.warnings.extend(stale);
    Ok(api)
}

/// Documents each endpoint's request type by the method that sends it (a link docs.rs follows)
/// and the route.
fn link_requests(types: &mut Vec<TypeDef>, node: &Resource) {
    for e in &node.endpoints {
        if let Some(id) = e.request {
            let method = crate::naming::member_ident(&e.method_name);
            // A method at the root is the client's own.
            let (target, link) = if node.path.is_empty() {
                let target = format!("Seam::{method}");
                (target.clone(), format!("crate::{target}"))
            } else {
                let target = format!("{}::{method}", node.type_name);
                (target.clone(), format!("crate::resources::{target}"))
            };
            types[id].docs = vec![format!(
                "The request of [`{target}`]({link}), which sends `{} {}`.",
                e.http_method.as_str(),
                e.path
            )];
        }
    }
    for c in &node.children {
        link_requests(types, c);
    }
}

/// Orders children by name and makes every member name of a handle unique: child accessors
/// keep their names; a method whose route was published keeps the name it was published
/// under (`published`: route → name), unless a child took it; the others take their own, with
/// a numeric suffix where it collides.
fn sort_and_dedupe_members(node: &mut Resource, published: &HashMap<&str, &str>) {
    node.children.sort_by(|a, b| a.path.cmp(&b.path));
    let mut names = Namespace::default();
    for c in &node.children {
        names.claim(c.path.last().map(String::as_str).unwrap_or_default());
    }
    let mut named = vec![false; node.endpoints.len()];
    for (e, named) in node.endpoints.iter_mut().zip(&mut named) {
        let route = format!("{} {}", e.http_method.as_str(), e.path);
        if let Some(&name) = published.get(route.as_str()) {
            if !names.contains(name) {
                e.method_name = names.claim(name);
                *named = true;
            }
        }
    }
    for (e, named) in node.endpoints.iter_mut().zip(named) {
        if !named {
            e.method_name = names.claim(&e.method_name);
        }
    }
    for c in &mut node.children {
        sort_and_dedupe_members(c, published);
    }
}
