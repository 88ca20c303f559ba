//! Resource handles: `seam.acs().users().list(…)`.
//!
//! Each node of the resource tree is a small `Copy` struct borrowing the client; each endpoint
//! is a one-line method into the hand-written runtime (`crate::runtime`), which does all HTTP.
//! Handles are generic over the client (`crate::runtime::Client`), so the one tree serves the
//! async client (methods return calls to `.await`) and the blocking one (methods return results).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{cfg, deprecated, docs, member, qualified_type, ty};
use crate::ir::{Api, Endpoint, Gate, HttpMethod, KeyKind, Resource, Response, TypeKind};

/// The file of one resource node.
pub fn resource_file(api: &Api, node: &Resource) -> TokenStream {
    let name = ty(&node.type_name);
    let gate = cfg(&node.gate);
    let prefix = format!("/{}", node.path.join("/"));
    let reach = format!(
        "seam.{}",
        node.path
            .iter()
            .map(|p| format!("{}()", member(p)))
            .collect::<Vec<_>>()
            .join(".")
    );
    let doc = format!(" Endpoints under `{prefix}`, reached as `{reach}`.");
    let doc2 =
        " With the async `Seam`, methods return calls to `.await`; with `blocking::Seam`, results.";
    // Members gated exactly like their handle need no gate of their own.
    let children = node.children.iter().map(|c| {
        accessor(
            c,
            Some(&node.gate),
            quote! { self.client },
            quote! { C },
            quote! { super:: },
            quote! { 'a },
        )
    });
    let methods = node.endpoints.iter().map(|e| endpoint(api, e, &node.gate));
    let mut uses = vec![quote! { crate::Seam }];
    if node.endpoints.is_empty() {
        uses.push(quote! { crate::runtime::Client });
    } else {
        uses.push(quote! { crate::runtime::{Client, HttpMethod, ResponseShape, Route} });
        // Relative, so a generated tree can be mounted anywhere (the snapshot tests do).
        uses.push(quote! { super::super::types });
    }
    quote! {
        #(#gate use #uses;)*

        #[doc = #doc]
        #[doc = ""]
        #[doc = #doc2]
        #gate
        #[derive(Debug)]
        pub struct #name<'a, C = Seam> {
            client: &'a C,
        }

        #gate
        impl<C> Clone for #name<'_, C> {
            fn clone(&self) -> Self {
                *self
            }
        }

        #gate
        impl<C> Copy for #name<'_, C> {}

        #gate
        impl<'a, C: Client> #name<'a, C> {
            pub(crate) fn new(client: &'a C) -> Self {
                Self { client }
            }

            #(#children)*
            #(#methods)*
        }
    }
}

/// The accessor method of a child handle: `path` qualifies the handle type, `lifetime` is the
/// borrow of the client it returns.
pub fn accessor(
    child: &Resource,
    parent_gate: Option<&Gate>,
    client: TokenStream,
    client_ty: TokenStream,
    path: TokenStream,
    lifetime: TokenStream,
) -> TokenStream {
    let method = member(child.path.last().map(String::as_str).unwrap_or("resource"));
    let handle = ty(&child.type_name);
    let gate = if parent_gate == Some(&child.gate) {
        TokenStream::new()
    } else {
        cfg(&child.gate)
    };
    let doc = format!(" Endpoints under `/{}`.", child.path.join("/"));
    quote! {
        #[doc = #doc]
        #gate
        pub fn #method(&self) -> #path #handle<#lifetime, #client_ty> {
            #path #handle::new(#client)
        }
    }
}

fn call_type(e: &Endpoint) -> &'static str {
    match &e.response {
        Response::Key {
            kind: KeyKind::Paginated,
            ..
        } => "PaginatedCall",
        Response::Key {
            kind: KeyKind::ActionAttempt,
            ..
        } => "ActionAttemptCall",
        _ => "Call",
    }
}

fn endpoint(api: &Api, e: &Endpoint, parent_gate: &Gate) -> TokenStream {
    let method = member(&e.method_name);
    let http = ty(match e.http_method {
        HttpMethod::Get => "Get",
        HttpMethod::Post => "Post",
        HttpMethod::Put => "Put",
        HttpMethod::Patch => "Patch",
        HttpMethod::Delete => "Delete",
    });
    let path = &e.path;
    let (path_params, query_params) = (&e.path_params, &e.query_params);
    let (shape, output) = match &e.response {
        Response::Empty => (quote! { ResponseShape::Empty }, quote! { () }),
        Response::Body(t) => (quote! { ResponseShape::Body }, qualified_type(api, t)),
        Response::Key { key, ty, .. } => {
            (quote! { ResponseShape::Key(#key) }, qualified_type(api, ty))
        }
    };
    let call = ty(match call_type(e) {
        "PaginatedCall" => "Paginated",
        "ActionAttemptCall" => "ActionAttempt",
        _ => "Call",
    });
    let runtime_fn = member(match call_type(e) {
        "PaginatedCall" => "call_paginated",
        "ActionAttemptCall" => "call_action_attempt",
        _ => "call",
    });
    let idempotent = e.idempotent;
    let (param, body) = match e.request {
        None => (TokenStream::new(), quote! { &serde_json::Map::new() }),
        Some(id) => {
            let req = ty(&api.types[id].name);
            match api.types[id].kind {
                TypeKind::Struct(_) => (quote! { request: types::#req }, quote! { &request }),
                _ => (
                    quote! { request: impl Into<types::#req> },
                    quote! { &request.into() },
                ),
            }
        }
    };
    let mut paragraphs = e.docs.clone();
    if let Some(draft) = &e.draft {
        paragraphs.push(format!("**Draft:** {draft}"));
    }
    if e.undocumented {
        paragraphs.push("**Undocumented:** Seam does not document this endpoint; it needs the `undocumented` feature.".to_owned());
    }
    let mut sends = format!("Sends `{} {}`", e.http_method.as_str(), e.path);
    if !e.also_accepts.is_empty() {
        let others: Vec<String> = e
            .also_accepts
            .iter()
            .map(|m| format!("`{}`", m.as_str()))
            .collect();
        sends.push_str(&format!(" (the route also accepts {})", others.join(", ")));
    }
    sends.push('.');
    paragraphs.push(sends);
    let d = docs(&paragraphs);
    let dep = deprecated(&e.deprecated);
    let gate = if &e.gate == parent_gate {
        TokenStream::new()
    } else {
        cfg(&e.gate)
    };
    quote! {
        #d
        #dep
        #gate
        pub fn #method(&self, #param) -> C::#call<'a, #output> {
            const ROUTE: Route = Route {
                method: HttpMethod::#http,
                path: #path,
                path_params: &[#(#path_params),*],
                query_params: &[#(#query_params),*],
                response: #shape,
                idempotent: #idempotent,
            };
            self.client.#runtime_fn(&ROUTE, #body)
        }
    }
}
