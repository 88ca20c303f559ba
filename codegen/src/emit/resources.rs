//! Resource handles: `seam.acs().users().list(…)`.
//!
//! Each node of the resource tree is a small `Copy` struct borrowing the client; each endpoint
//! is a one-line method into the hand-written runtime (`crate::runtime`), which does all HTTP.
//! Handles are generic over the client (`crate::runtime::Client`), so the one tree serves the
//! async client (methods return calls to `.await`) and the blocking one (methods return results).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{cfg, deprecated, docs, member, qualified_type, ty};
use crate::ir::{
    Api, BodyEncoding, Endpoint, Gate, HttpMethod, KeyKind, Resource, Response, TypeKind, TypeRef,
};

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
    let methods = node
        .endpoints
        .iter()
        .map(|e| endpoint(api, e, &node.gate, &Receiver::handle()));
    let uses = imports(node);
    quote! {
        #uses

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

/// The `use` items of a resource file. Each is emitted only when something in the file uses it,
/// gated like its users, so no combination of features leaves an import unused.
fn imports(node: &Resource) -> TokenStream {
    let gate = cfg(&node.gate);
    let mut uses = quote! {
        #gate use crate::Seam;
        #gate use crate::runtime::Client;
    };
    // Every endpoint method builds a `Route`; named types appear only in some signatures.
    if let Some(endpoints_gate) = union_of_gates(node.endpoints.iter()) {
        let gate = cfg(&endpoints_gate);
        uses.extend(
            quote! { #gate use crate::runtime::{BodyEncoding, HttpMethod, ResponseShape, Route}; },
        );
    }
    if let Some(typed_gate) = union_of_gates(node.endpoints.iter().filter(|e| names_a_type(e))) {
        let gate = cfg(&typed_gate);
        // Relative, so a generated tree can be mounted anywhere (the snapshot tests do).
        uses.extend(quote! { #gate use super::super::types; });
    }
    uses
}

/// The gate under which any of `endpoints` is compiled; `None` for no endpoint.
fn union_of_gates<'e>(mut endpoints: impl Iterator<Item = &'e Endpoint>) -> Option<Gate> {
    let mut gate = endpoints.next()?.gate.clone();
    for e in endpoints {
        gate.union(&e.gate);
    }
    Some(gate)
}

/// Whether the endpoint's method names a generated type (`types::…`): its request, or a named
/// type anywhere in what it returns (as [`qualified_type`] writes it).
pub fn names_a_type(e: &Endpoint) -> bool {
    fn in_ref(r: &TypeRef) -> bool {
        match r {
            TypeRef::Named(_) => true,
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => in_ref(inner),
            TypeRef::Bool
            | TypeRef::Integer
            | TypeRef::Number
            | TypeRef::String
            | TypeRef::Timestamp
            | TypeRef::Json
            | TypeRef::File => false,
        }
    }
    e.request.is_some()
        || e.request_value.as_ref().is_some_and(in_ref)
        || match &e.response {
            Response::Empty | Response::Bytes(_) => false,
            Response::Body(t) | Response::Key { ty: t, .. } => in_ref(t),
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

/// Where an endpoint method is written: on a resource handle (generic over its client `C`,
/// borrowing it for `'a`, with `types` imported), or on the client itself, inside the
/// `resource_accessors!` macro (no imports there: names are written in full).
pub struct Receiver {
    /// The client value: `self.client`, or `self`.
    pub client: TokenStream,
    /// Its type: `C`, or `<$client as crate::runtime::Client>`.
    pub client_ty: TokenStream,
    pub lifetime: TokenStream,
    /// The path to the generated types: `types::`, or `$($resources)::+::types::`.
    pub types: TokenStream,
    /// The path to the runtime's route names: nothing (imported), or `crate::runtime::`.
    pub runtime: TokenStream,
}

impl Receiver {
    fn handle() -> Receiver {
        Receiver {
            client: quote! { self.client },
            client_ty: quote! { C },
            lifetime: quote! { 'a },
            types: quote! { types:: },
            runtime: TokenStream::new(),
        }
    }
}

/// The methods of the root's endpoints (operations at the root of the API), for the
/// `resource_accessors!` macro.
pub fn root_endpoints(api: &Api, root: &Resource) -> Vec<TokenStream> {
    let at = Receiver {
        client: quote! { self },
        client_ty: quote! { <$client as crate::runtime::Client> },
        lifetime: quote! { '_ },
        types: quote! { $($resources)::+::types:: },
        runtime: quote! { crate::runtime:: },
    };
    root.endpoints
        .iter()
        .map(|e| endpoint(api, e, &Gate::default(), &at))
        .collect()
}

fn endpoint(api: &Api, e: &Endpoint, parent_gate: &Gate, at: &Receiver) -> TokenStream {
    let Receiver {
        client,
        client_ty,
        lifetime,
        types,
        runtime,
    } = at;
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
        Response::Empty => (quote! { #runtime ResponseShape::Empty }, quote! { () }),
        Response::Bytes(media) => (
            quote! { #runtime ResponseShape::Bytes(#media) },
            quote! { crate::File },
        ),
        Response::Body(t) => (
            quote! { #runtime ResponseShape::Body },
            qualified_type(api, t, types),
        ),
        Response::Key { key, ty, .. } => (
            quote! { #runtime ResponseShape::Key(#key) },
            qualified_type(api, ty, types),
        ),
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
    let encoding = match &e.body_encoding {
        BodyEncoding::Json => quote! { Json },
        BodyEncoding::JsonOf(field) => quote! { JsonOf(#field) },
        BodyEncoding::Form => quote! { Form },
        BodyEncoding::Multipart { .. } => quote! { Multipart },
        BodyEncoding::Binary(content_type) => quote! { Binary(#content_type) },
    };
    let (param, body) = match e.request {
        None if e.request_value.is_some() => {
            let r = e.request_value.as_ref().expect("checked");
            let value = qualified_type(api, r, types);
            let checks = super::validate::value_checks(api, r, &e.request_value_constraints);
            let body = if checks.is_empty() {
                quote! { &request.into() }
            } else {
                // No request type checks it: the method gives its checks beside it.
                quote! {
                    &crate::runtime::Checked::new(&request.into(), |value: &#value, out: &mut Vec<crate::runtime::Violation>| { #checks })
                }
            };
            (quote! { request: impl Into<#value> }, body)
        }
        None => (TokenStream::new(), quote! { &serde_json::Map::new() }),
        Some(id) => {
            let req = ty(&api.types[id].name);
            match api.types[id].kind {
                TypeKind::Struct(_) => (quote! { request: #types #req }, quote! { &request }),
                _ => (
                    quote! { request: impl Into<#types #req> },
                    quote! { &request.into() },
                ),
            }
        }
    };
    let files = file_parts(api, e);
    let send = if files.is_empty() {
        quote! { #client.#runtime_fn(&ROUTE, #body) }
    } else {
        quote! {
            let mut files = Vec::new();
            #(#files)*
            #client.call_with_files(&ROUTE, #body, files)
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
    if let Response::Bytes(media) = &e.response {
        paragraphs.push(format!(
            "Returns the response's bytes, as they are (`{media}`)."
        ));
    }
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
        pub fn #method(&self, #param) -> #client_ty::#call<#lifetime, #output> {
            const ROUTE: #runtime Route = #runtime Route {
                method: #runtime HttpMethod::#http,
                path: #path,
                path_params: &[#(#path_params),*],
                query_params: &[#(#query_params),*],
                response: #shape,
                idempotent: #idempotent,
                body: #runtime BodyEncoding::#encoding,
            };
            #send
        }
    }
}

/// For each field of the request that holds files, the statement adding them to `files`, with
/// the content type the spec gives them: a multipart part's from its `encoding`, a raw body's
/// its media type; else `application/octet-stream`.
fn file_parts(api: &Api, e: &Endpoint) -> Vec<TokenStream> {
    let Some(TypeKind::Struct(s)) = e.request.map(|id| &api.types[id].kind) else {
        return Vec::new();
    };
    let content_types: &[(String, String)] = match &e.body_encoding {
        BodyEncoding::Multipart { content_types } => content_types,
        _ => &[],
    };
    s.fields
        .iter()
        .filter(|f| f.ty.holds_files())
        .map(|f| {
            let field = member(&f.rust_name);
            let name = &f.json_name;
            let content_type = match &e.body_encoding {
                BodyEncoding::Binary(media) => media.as_str(),
                _ => content_types
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or("application/octet-stream", |(_, t)| t.as_str()),
            };
            quote! {
                crate::runtime::FileField::push_parts(&request.#field, #name, #content_type, &mut files);
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// Two resources: `things`, whose only typed endpoint is undocumented, and `others`, whose
    /// endpoint names no generated type (no request body, an integer under its response key).
    const SPEC: &str = r#"
openapi: 3.0.0
info: {title: T, version: "1"}
paths:
  /things/ping:
    post:
      responses:
        "200": {description: OK}
  /things/get:
    post:
      x-undocumented: Internal.
      x-response-key: thing
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [id], properties: {id: {type: string}}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties: {thing: {type: object, properties: {id: {type: string}}}}
  /others/count:
    post:
      x-response-key: count
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {count: {type: integer}}}
"#;

    fn resource_file(name: &str) -> String {
        let generated = crate::generate_from_str("t.yaml", SPEC).expect("the spec generates");
        generated.files[&format!("resources/{name}.rs")].clone()
    }

    #[test]
    fn no_types_import_where_no_method_names_a_type() {
        let others = resource_file("others");
        assert!(!others.contains("use super::super::types"), "{others}");
        assert!(others
            .contains("use crate::runtime::{BodyEncoding, HttpMethod, ResponseShape, Route};"));
    }

    #[test]
    fn imports_are_gated_like_the_methods_that_use_them() {
        let things = resource_file("things");
        let typed = "#[cfg(all(feature = \"things\", feature = \"undocumented\"))]\n\
                     use super::super::types;";
        assert!(things.contains(typed), "{things}");
        let route = "#[cfg(feature = \"things\")]\n\
                     use crate::runtime::{BodyEncoding, HttpMethod, ResponseShape, Route};";
        assert!(things.contains(route), "{things}");
    }
}
