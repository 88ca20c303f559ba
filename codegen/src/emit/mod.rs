//! Emitting: the IR into token streams, one per file. Reads only the IR, never the spec.
//!
//! Layout under `seam-sdk/src/generated/`:
//! - `types/<group>.rs`: the types first met in one component schema (`connected_account`) or
//!   one resource's endpoints (`connected_accounts`), all re-exported flat as `crate::types`;
//! - `resources/<node>.rs`: one handle per node of the resource tree, re-exported as
//!   `crate::resources`, with the top-level accessors on `Seam` in `resources/mod.rs`.
//!
//! One module per resource and per model group keeps a spec change's diff small and local.

mod aliases;
mod common;
mod pattern;
mod requests;
mod resources;
mod route_calls;
mod samples;
mod tree;
mod types;
mod validate;

pub use aliases::alias_checks;
pub use route_calls::route_calls;
pub use tree::listing;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{type_ids, Api, Gate, Resource, TypeId, UNDOCUMENTED_FEATURE};

/// Every generated file's tokens, keyed by path relative to the generated folder.
pub fn emit(api: &Api) -> BTreeMap<String, TokenStream> {
    let Plan { mut files, jobs } = plan(api);
    for job in &jobs {
        files.insert(job.path.clone(), render(api, job));
    }
    files
}

/// What emitting makes: the small index files, already emitted, and a job for each of the
/// others (one per types module and resource), which any thread may render.
pub struct Plan<'a> {
    pub files: BTreeMap<String, TokenStream>,
    pub jobs: Vec<Job<'a>>,
}

/// One file to emit: its path, and what it holds, by reference into the IR.
pub struct Job<'a> {
    pub path: String,
    what: JobKind<'a>,
}

enum JobKind<'a> {
    /// A types module: its types (by name) and the gate the module has.
    Types {
        module: &'a str,
        ids: Vec<TypeId>,
        gate: Gate,
    },
    Resource(&'a Resource),
}

/// The tokens of one job's file.
pub fn render(api: &Api, job: &Job<'_>) -> TokenStream {
    match &job.what {
        JobKind::Types { module, ids, gate } => types_file(api, module, ids, gate),
        JobKind::Resource(node) => resources::resource_file(api, node),
    }
}

/// A types module: each type, gated where its gate is not the module's, then the aliases of
/// types it holds.
fn types_file(api: &Api, module: &str, ids: &[TypeId], gate: &Gate) -> TokenStream {
    // Items gated exactly like their module need no gate of their own.
    let items = ids.iter().map(|&id| {
        let def = &api.types[id];
        if def.gate == *gate {
            let mut ungated = def.clone();
            ungated.gate = Gate::default();
            types::type_items(api, &ungated)
        } else {
            types::type_items(api, def)
        }
    });
    let aliases = api
        .aliases
        .iter()
        .filter(|a| api.types[a.target].module == module)
        .map(|a| aliases::alias_item(api, a, gate));
    quote! {
        #[allow(unused_imports)]
        use super::*;
        #(#items)*
        #(#aliases)*
    }
}

/// The index files, and a job for every other file.
pub fn plan(api: &Api) -> Plan<'_> {
    let mut files = BTreeMap::new();
    let mut jobs = Vec::new();
    files.insert(
        "mod.rs".to_owned(),
        quote! {
            //! Code generated from Seam's OpenAPI spec. Do not edit: change the generator in
            //! `codegen/` and run `cargo xtask codegen`.
            #![allow(deprecated, clippy::large_enum_variant, clippy::type_complexity, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
            pub mod resources;
            pub mod types;
        },
    );

    let mut by_module: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for id in type_ids(&api.types) {
        by_module
            .entry(api.types[id].module.as_str())
            .or_default()
            .push(id);
    }
    // A module is compiled when any of its items is: its gate is the union of theirs.
    let module_gates: Vec<Gate> = by_module
        .values()
        .map(|ids| {
            let mut gate = Gate::default();
            ids.iter().for_each(|&id| gate.union(&api.types[id].gate));
            gate
        })
        .collect();
    let modules: Vec<Ident> = by_module.keys().map(|m| module_ident(m)).collect();
    let gates: Vec<TokenStream> = module_gates.iter().map(common::cfg).collect();
    files.insert(
        "types/mod.rs".to_owned(),
        quote! {
            //! Every request, response and model type of the API, in one flat namespace.
            #(#gates mod #modules;)*
            #(#gates pub use self::#modules::*;)*
        },
    );
    for ((module, mut ids), gate) in by_module.into_iter().zip(module_gates) {
        ids.sort_by(|a, b| api.types[*a].name.cmp(&api.types[*b].name));
        jobs.push(Job {
            path: format!("types/{module}.rs"),
            what: JobKind::Types { module, ids, gate },
        });
    }

    let mut nodes = Vec::new();
    collect_nodes(&api.root, &mut nodes);
    let resource_modules: BTreeMap<&str, &Gate> =
        nodes.iter().map(|n| (n.module.as_str(), &n.gate)).collect();
    let resource_idents: Vec<Ident> = resource_modules.keys().map(|m| module_ident(m)).collect();
    let resource_gates: Vec<TokenStream> =
        resource_modules.values().map(|g| common::cfg(g)).collect();
    let top = api.root.children.iter().map(|c| {
        resources::accessor(
            c,
            None,
            quote! { self },
            quote! { $client },
            quote! { $($resources)::+:: },
            quote! { '_ },
        )
    });
    let root = resources::root_endpoints(api, &api.root);
    // The root's methods, written inside the macro, name types through this module: there
    // when one of them does, compiled when one of those is.
    let mut naming: Option<crate::ir::Gate> = None;
    for e in api
        .root
        .endpoints
        .iter()
        .filter(|e| resources::names_a_type(e))
    {
        match &mut naming {
            Some(gate) => gate.union(&e.gate),
            None => naming = Some(e.gate.clone()),
        }
    }
    let types_for_root = match naming {
        None => TokenStream::new(),
        Some(gate) => {
            let gate = common::cfg(&gate);
            quote! {
                #[doc(hidden)]
                #gate
                pub(crate) use super::types;
            }
        }
    };
    files.insert(
        "resources/mod.rs".to_owned(),
        quote! {
            //! Resource handles: `seam.connected_accounts()`, `seam.acs().users()`…
            #(#resource_gates mod #resource_idents;)*
            #(#resource_gates pub use self::#resource_idents::*;)*
            #types_for_root

            /// Adds the top-level resource accessors (`seam.connected_accounts()`…), and the
            /// methods of operations at the API's root, to a client type:
            /// `resource_accessors!(Client; path::to::resources)`. The runtime invokes it for
            /// each client it offers.
            macro_rules! resource_accessors {
                ($client:ty; $($resources:ident)::+) => {
                    impl $client {
                        #(#top)*
                        #(#root)*
                    }
                };
            }
            pub(crate) use resource_accessors;
        },
    );
    for node in nodes {
        jobs.push(Job {
            path: format!("resources/{}.rs", node.module),
            what: JobKind::Resource(node),
        });
    }
    Plan { files, jobs }
}

fn collect_nodes<'a>(node: &'a Resource, out: &mut Vec<&'a Resource>) {
    for c in &node.children {
        out.push(c);
        collect_nodes(c, out);
    }
}

/// Module names are never keywords (`naming::module_name`), so they are plain identifiers.
fn module_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The `[features]` lines of `seam-sdk/Cargo.toml`: one feature per top-level resource (all on
/// by default), and `undocumented` for endpoints Seam does not document.
pub fn cargo_features(api: &Api) -> String {
    let features: Vec<String> = api
        .root
        .children
        .iter()
        .map(|c| c.feature.clone())
        .collect();
    let mut out = String::new();
    out.push_str(&format!(
        "default = [{}]\n",
        features
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    for f in &features {
        out.push_str(&format!("{f} = []\n"));
    }
    out.push_str(&format!("{UNDOCUMENTED_FEATURE} = []\n"));
    out
}
