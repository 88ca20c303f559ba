//! A call of every route through the public SDK, written from the IR for the SDK's tests
//! (`seam-sdk/tests/generated/route_calls.rs`).
//!
//! Each endpoint is called once with only its required fields and once more with every field
//! set, nested ones included (each variant of a request union on its own); values come from
//! [`super::samples`]. The test that walks the table sends the calls to a mock that validates
//! requests against the spec, so a request type that cannot say what the spec asks, or sends
//! it wrong, fails there, as does a response type that cannot decode what the spec allows.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::common::{cfg, member, ty};
use super::samples::Sampler;
use crate::ir::{Api, Endpoint, KeyKind, Resource, Response, TypeId, TypeKind, TypeRef};

/// The test module: a `RouteCall` per endpoint and form, and the count of routes in the spec.
pub fn route_calls(api: &Api) -> TokenStream {
    let mut endpoints = Vec::new();
    collect(&api.root, &mut endpoints);
    let routes = proc_macro2::Literal::usize_unsuffixed(endpoints.len());
    let features: BTreeSet<&String> = endpoints
        .iter()
        .flat_map(|(_, e)| e.gate.0.iter().flatten())
        .collect();
    let mut functions = Vec::new();
    let mut entries = Vec::new();
    for (node, e) in &endpoints {
        let gate = cfg(&e.gate);
        let route = format!("{} {}", e.http_method.as_str(), e.path);
        let base = node
            .path
            .iter()
            .chain([&e.method_name])
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("_");
        for (n, (form, request)) in forms(api, e).into_iter().enumerate() {
            let function = format_ident!("{}_{}", base, n);
            functions.push(call_function(node, e, &function, request, &gate));
            entries.push(quote! {
                #gate
                calls.push(RouteCall { route: #route, form: #form, call: #function });
            });
        }
    }
    let features = features.iter().map(|f| quote! { feature = #f });
    quote! {
        //! Every route of the spec called through the public SDK, once with its required fields
        //! and once with every field, for the tests that send them to a spec-validating mock.
        #![allow(deprecated, clippy::vec_init_then_push)]

        use std::future::Future;
        use std::pin::Pin;

        #[allow(unused_imports)]
        use seam_sdk::types::*;
        use seam_sdk::Seam;

        /// How many routes the spec has: with every feature on, each has calls below.
        pub const ROUTES_IN_SPEC: usize = #routes;

        /// Whether every feature that gates a route is on.
        pub const EVERY_FEATURE: bool = cfg!(all(#(#features),*));

        /// What a call returns: the response is decoded, then dropped.
        pub type CallFuture<'a> = Pin<Box<dyn Future<Output = seam_sdk::Result<()>> + Send + 'a>>;

        /// One call of one route.
        pub struct RouteCall {
            /// `POST /connected_accounts/update`.
            pub route: &'static str,
            /// Which request: `required fields`, `every field`, or a union variant's form.
            pub form: &'static str,
            pub call: for<'a> fn(&'a Seam) -> CallFuture<'a>,
        }

        /// Every call, in the order of the resource tree.
        pub fn route_calls() -> Vec<RouteCall> {
            let mut calls = Vec::new();
            #(#entries)*
            calls
        }

        #(#functions)*
    }
}

fn collect<'a>(node: &'a Resource, out: &mut Vec<(&'a Resource, &'a Endpoint)>) {
    out.extend(node.endpoints.iter().map(|e| (node, e)));
    node.children.iter().for_each(|c| collect(c, out));
}

/// The requests an endpoint is called with, each with its label.
fn forms(api: &Api, e: &Endpoint) -> Vec<(String, Option<TokenStream>)> {
    if let Some(list) = &e.request_value {
        let value = Sampler::new(api, true).exact(list, &Default::default());
        return vec![("a list".to_owned(), Some(value))];
    }
    let Some(id) = e.request else {
        return vec![("no request".to_owned(), None)];
    };
    let def = &api.types[id];
    let name = ty(&def.name);
    match &def.kind {
        TypeKind::Struct(_) => struct_forms(api, id, "")
            .into_iter()
            .map(|(label, request)| (label, Some(request)))
            .collect(),
        TypeKind::Untagged(u) => u
            .variants
            .iter()
            .flat_map(|v| {
                let variant = ty(&v.name);
                variant_forms(api, &v.name, &v.ty)
                    .into_iter()
                    .map(|(label, value)| (label, Some(quote! { #name::#variant(#value) })))
                    .collect::<Vec<_>>()
            })
            .collect(),
        TypeKind::Tagged(t) => t
            .variants
            .iter()
            .flat_map(|v| {
                let variant = ty(&v.name);
                match v.payload {
                    Some(p) => variant_forms(api, &v.name, &TypeRef::Named(p))
                        .into_iter()
                        .map(|(label, value)| (label, Some(quote! { #name::#variant(#value) })))
                        .collect(),
                    None => vec![(format!("`{}`", v.name), Some(quote! { #name::#variant }))],
                }
            })
            .collect(),
        TypeKind::StringEnum(_) => {
            let value = Sampler::new(api, false).exact(&TypeRef::Named(id), &Default::default());
            vec![("value".to_owned(), Some(value))]
        }
    }
}

/// A struct with its required fields, and with every field when it has optional ones.
fn struct_forms(api: &Api, id: TypeId, prefix: &str) -> Vec<(String, TokenStream)> {
    let mut out = vec![(
        format!("{prefix}required fields"),
        Sampler::new(api, false).request(id),
    )];
    if has_optional(api, id) {
        out.push((
            format!("{prefix}every field"),
            Sampler::new(api, true).request(id),
        ));
    }
    out
}

fn variant_forms(api: &Api, variant: &str, r: &TypeRef) -> Vec<(String, TokenStream)> {
    let prefix = format!("`{variant}`, ");
    match r {
        TypeRef::Named(id) if matches!(api.types[*id].kind, TypeKind::Struct(_)) => {
            struct_forms(api, *id, &prefix)
        }
        other => vec![(
            format!("`{variant}`"),
            Sampler::new(api, true).exact(other, &Default::default()),
        )],
    }
}

/// Whether setting every field sends more than the required ones, anywhere in the request.
fn has_optional(api: &Api, id: TypeId) -> bool {
    match &api.types[id].kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| !f.required),
        _ => false,
    }
}

/// `fn <name>(seam: &Seam) -> CallFuture<'_>`: sends one request and drops the answer.
fn call_function(
    node: &Resource,
    e: &Endpoint,
    function: &Ident,
    request: Option<TokenStream>,
    gate: &TokenStream,
) -> TokenStream {
    let accessors = node.path.iter().map(|p| member(p));
    let method = member(&e.method_name);
    // Waiting would poll `action_attempts/get`, a route of its own; the started attempt is
    // what this route returns.
    let no_wait = match &e.response {
        Response::Key {
            kind: KeyKind::ActionAttempt,
            ..
        } => quote! { .wait(false) },
        _ => TokenStream::new(),
    };
    quote! {
        #gate
        fn #function(seam: &Seam) -> CallFuture<'_> {
            Box::pin(async move {
                seam #(.#accessors())* .#method(#request) #no_wait .await.map(drop)
            })
        }
    }
}
