//! `Validate` for every type that is sent: the spec's constraints (`Field::constraints`,
//! `UntaggedVariant::constraints`) as checks run before a request leaves the client. Each
//! check is one call into `crate::runtime::rules`; a field whose type holds other sent types
//! passes the check on to them with its path.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{cfg, member, rust_type, ty};
use crate::ir::{Api, Constraints, TypeDef, TypeKind, TypeRef};

/// `impl crate::runtime::Validate for <type>`, for a type that is sent.
pub fn validate_impl(api: &Api, def: &TypeDef) -> TokenStream {
    if !def.in_request {
        return TokenStream::new();
    }
    let name = ty(&def.name);
    let cfg = cfg(&def.gate);
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let checks: Vec<TokenStream> = s
                .fields
                .iter()
                .filter_map(|f| {
                    let field = member(&f.rust_name);
                    let json = &f.json_name;
                    let value = quote! { &self.#field };
                    let checks = checks(api, &value, f.ty.non_null(), &f.constraints);
                    let path = if f.flatten {
                        quote! { path }
                    } else {
                        quote! { &crate::runtime::rules::field(path, #json) }
                    };
                    (!checks.is_empty()).then(|| quote! { { let at: &str = #path; #checks } })
                })
                .collect();
            if checks.is_empty() {
                TokenStream::new()
            } else {
                quote! { #(#checks)* }
            }
        }
        TypeKind::Untagged(u) => {
            let arms: Vec<(TokenStream, TokenStream)> = u
                .variants
                .iter()
                .map(|v| {
                    let variant = ty(&v.name);
                    let checks = checks(api, &quote! { value }, v.ty.non_null(), &v.constraints);
                    (quote! { Self::#variant }, checks)
                })
                .collect();
            if arms.iter().all(|(_, checks)| checks.is_empty()) {
                TokenStream::new()
            } else {
                let arms = arms.into_iter().map(|(pattern, checks)| {
                    if checks.is_empty() {
                        quote! { #pattern(_) => {} }
                    } else {
                        quote! { #pattern(value) => { let at: &str = path; #checks } }
                    }
                });
                quote! { match self { #(#arms)* } }
            }
        }
        TypeKind::Tagged(t) => {
            let arms: Vec<TokenStream> = t
                .variants
                .iter()
                .filter(|v| v.payload.is_some())
                .map(|v| {
                    let variant = ty(&v.name);
                    quote! { Self::#variant(payload) => crate::runtime::Validate::validate_at(payload, path, out), }
                })
                .collect();
            if arms.is_empty() {
                TokenStream::new()
            } else {
                quote! {
                    match self {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        }
        TypeKind::StringEnum(_) => TokenStream::new(),
    };
    if body.is_empty() {
        return quote! {
            #cfg
            impl crate::runtime::Validate for #name {}
        };
    }
    quote! {
        #cfg
        impl crate::runtime::Validate for #name {
            fn validate_at(&self, path: &str, out: &mut Vec<crate::runtime::Violation>) {
                #body
            }
        }
    }
}

/// The checks of a request body that is one value (`value: &T`), at the path `body`: the body
/// of a `fn(&T, &mut Vec<Violation>)`; empty when the spec states none.
pub fn value_checks(api: &Api, r: &TypeRef, c: &Constraints) -> TokenStream {
    let checks = checks(api, &quote! { value }, r, c);
    if checks.is_empty() {
        return checks;
    }
    quote! { let at: &str = "body"; #checks }
}

/// The checks of one value (`value`, a reference to the field's own type, possibly wrapped
/// in `Option`s) at path `at`: the spec's constraints on it, then the value's own checks when
/// it holds sent types.
fn checks(api: &Api, value: &TokenStream, r: &TypeRef, c: &Constraints) -> TokenStream {
    let inner = rust_type(api, r);
    let present = quote! { crate::runtime::Present::<#inner>::present(#value) };
    let mut out = TokenStream::new();
    let opt_u64 = |v: Option<u64>| match v {
        Some(n) => quote! { Some(#n) },
        None => quote! { None },
    };
    let bound = |b: Option<crate::ir::Bound>| match b {
        Some(b) => {
            let (value, exclusive) = (b.value.0, b.exclusive);
            quote! { Some((#value, #exclusive)) }
        }
        None => quote! { None },
    };
    match r {
        TypeRef::String => {
            if c.min_length.is_some() || c.max_length.is_some() {
                let (min, max) = (opt_u64(c.min_length), opt_u64(c.max_length));
                out.extend(quote! {
                    crate::runtime::rules::length(at, #present.map(String::as_str), #min, #max, out);
                });
            }
            if let Some(pattern) = &c.pattern {
                out.extend(quote! {
                    crate::runtime::rules::pattern(at, #present.map(String::as_str), #pattern, out);
                });
            }
        }
        TypeRef::Integer | TypeRef::Number if c.minimum.is_some() || c.maximum.is_some() => {
            let (min, max) = (bound(c.minimum), bound(c.maximum));
            let number = if matches!(r, TypeRef::Integer) {
                quote! { #present.map(|v| *v as f64) }
            } else {
                quote! { #present.copied() }
            };
            out.extend(quote! {
                crate::runtime::rules::range(at, #number, #min, #max, out);
            });
        }
        TypeRef::List(item) => {
            if c.min_items.is_some() || c.max_items.is_some() {
                let (min, max) = (opt_u64(c.min_items), opt_u64(c.max_items));
                out.extend(quote! {
                    crate::runtime::rules::count(at, #present.map(Vec::len), #min, #max, "items", out);
                });
            }
            let item_checks = checks(
                api,
                &quote! { item },
                item,
                &c.items.as_deref().cloned().unwrap_or_default(),
            );
            if !item_checks.is_empty() && !holds_sent_types(api, item) {
                out.extend(quote! {
                    for (i, item) in #present.into_iter().flatten().enumerate() {
                        let at: &str = &format!("{at}[{i}]");
                        #item_checks
                    }
                });
            }
        }
        TypeRef::Map(_) => {
            if c.min_properties.is_some() || c.max_properties.is_some() {
                let (min, max) = (opt_u64(c.min_properties), opt_u64(c.max_properties));
                out.extend(quote! {
                    crate::runtime::rules::count(at, #present.map(|m| m.len()), #min, #max, "keys", out);
                });
            }
            if let Some(max) = c.max_key_length {
                out.extend(quote! {
                    crate::runtime::rules::key_length(at, #present.map(|m| m.keys()), #max, out);
                });
            }
        }
        _ => {}
    }
    if holds_sent_types(api, r) {
        out.extend(quote! { crate::runtime::Validate::validate_at(#value, at, out); });
    }
    out
}

/// Whether a value of this type holds generated types (which check themselves).
fn holds_sent_types(api: &Api, r: &TypeRef) -> bool {
    match r {
        TypeRef::Named(id) => !matches!(api.types[*id].kind, TypeKind::StringEnum(_)),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            holds_sent_types(api, inner)
        }
        _ => false,
    }
}
