//! Small token builders shared by the emitters: identifiers, docs, cfg gates, Rust types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Gate, TypeDef, TypeRef};
use crate::naming;

/// A member identifier (field, method, variable): keywords become raw identifiers.
pub fn member(name: &str) -> Ident {
    let text = naming::member_ident(name);
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&text, Span::call_site()),
    }
}

/// A type or variant identifier.
pub fn ty(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc]` attributes for paragraphs, separated by blank doc lines.
pub fn docs(paragraphs: &[String]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(p.lines().map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        }));
    }
    quote! { #( #[doc = #lines] )* }
}

/// `#[deprecated]` with the spec's note.
pub fn deprecated(note: &Option<String>) -> TokenStream {
    match note {
        Some(note) => quote! { #[deprecated(note = #note)] },
        None => TokenStream::new(),
    }
}

/// The `#[cfg(...)]` of a gate; nothing for an item that is always compiled.
pub fn cfg(gate: &Gate) -> TokenStream {
    if gate.is_always() {
        return TokenStream::new();
    }
    let alternatives: Vec<TokenStream> = gate
        .0
        .iter()
        .map(|all| {
            let features: Vec<TokenStream> = all.iter().map(|f| quote! { feature = #f }).collect();
            if features.len() == 1 {
                features.into_iter().next().unwrap_or_default()
            } else {
                quote! { all(#(#features),*) }
            }
        })
        .collect();
    if alternatives.len() == 1 {
        let only = &alternatives[0];
        quote! { #[cfg(#only)] }
    } else {
        quote! { #[cfg(any(#(#alternatives),*))] }
    }
}

/// Whether a value of `r` held by `holder` (in a field or a variant) is boxed: it names a type
/// of the holder's own cycle, types that hold each other by value (`lower/cycles.rs`).
pub fn boxed(api: &Api, holder: &TypeDef, r: &TypeRef) -> bool {
    holder.cycle.is_some()
        && matches!(r.non_null(), TypeRef::Named(id) if api.types[*id].cycle == holder.cycle)
}

/// `Box<inner>` where the value is [`boxed`], else `inner`.
pub fn boxed_type(boxed: bool, inner: TokenStream) -> TokenStream {
    if boxed {
        quote! { Box<#inner> }
    } else {
        inner
    }
}

/// The Rust type of a reference, as written inside `crate::types` (where every type is in scope).
pub fn rust_type(api: &Api, r: &TypeRef) -> TokenStream {
    match r {
        TypeRef::Bool => quote! { bool },
        TypeRef::Integer => quote! { i64 },
        TypeRef::Number => quote! { f64 },
        TypeRef::String => quote! { String },
        TypeRef::Timestamp => quote! { crate::Timestamp },
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::File => quote! { crate::File },
        TypeRef::Named(id) => {
            let name = ty(&api.types[*id].name);
            quote! { #name }
        }
        TypeRef::List(item) => {
            let item = rust_type(api, item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = rust_type(api, value);
            quote! { std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(api, inner);
            quote! { Option<#inner> }
        }
    }
}

/// The Rust type of a reference, as written outside `crate::types`: named types behind
/// `types` (`types::`, or a full path).
pub fn qualified_type(api: &Api, r: &TypeRef, types: &TokenStream) -> TokenStream {
    match r {
        TypeRef::Named(id) => {
            let name = ty(&api.types[*id].name);
            quote! { #types #name }
        }
        TypeRef::List(item) => {
            let item = qualified_type(api, item, types);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = qualified_type(api, value, types);
            quote! { std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = qualified_type(api, inner, types);
            quote! { Option<#inner> }
        }
        other => rust_type(api, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn cfg_of_gates() {
        assert!(cfg(&Gate::default()).is_empty());
        let g = Gate::endpoint("devices", false);
        assert_eq!(
            cfg(&g).to_string(),
            quote! { #[cfg(feature = "devices")] }.to_string()
        );
        let mut g = Gate::endpoint("locks", true);
        g.union(&Gate::endpoint("devices", false));
        assert_eq!(
            cfg(&g).to_string(),
            quote! { #[cfg(any(feature = "devices", all(feature = "locks", feature = "undocumented")))] }.to_string()
        );
        // An undocumented use is implied by a documented one of the same resource.
        let mut g = Gate::endpoint("locks", true);
        g.union(&Gate::endpoint("locks", false));
        assert_eq!(
            cfg(&g).to_string(),
            quote! { #[cfg(feature = "locks")] }.to_string()
        );
        let always = Gate(BTreeSet::from([BTreeSet::new()]));
        let mut g = Gate::endpoint("locks", false);
        g.union(&always);
        assert!(cfg(&g).is_empty());
    }

    #[test]
    fn raw_identifiers_for_keywords() {
        assert_eq!(member("type").to_string(), "r#type");
        assert_eq!(member("self").to_string(), "self_");
        assert_eq!(member("name").to_string(), "name");
    }

    #[test]
    fn docs_become_doc_attributes() {
        let d = docs(&["One\nTwo".to_owned(), "Three".to_owned()]);
        assert_eq!(
            d.to_string(),
            quote! { #[doc = " One"] #[doc = " Two"] #[doc = ""] #[doc = " Three"] }.to_string()
        );
    }
}
