//! Request constructors and setters.
//!
//! A request struct gets `new(required fields…)` and one setter per optional field, taking
//! `impl Into<…>` (lists and maps: any iterator of convertible items) so calls read
//! `Request::new("id").display_name("Front door")`. Optional nullable fields also get
//! `clear_<field>()`, which sends `null`. A request union gets one constructor per variant.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::common::{boxed, cfg, deprecated, docs, member, rust_type, ty};
use crate::ir::{Api, Field, TypeDef, TypeKind, TypeRef};
use crate::naming::{snake, Namespace};

/// The inherent impl with constructors (and setters) of a request type.
pub fn constructors(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ty(&def.name);
    let cfg = cfg(&def.gate);
    let items = match &def.kind {
        TypeKind::Struct(s) => struct_constructors(api, def, &s.fields),
        TypeKind::Untagged(u) => u
            .variants
            .iter()
            .filter_map(|v| variant_constructor(api, def, &v.name, Some(&v.ty)))
            .collect(),
        TypeKind::Tagged(t) => t
            .variants
            .iter()
            .filter_map(|v| {
                variant_constructor(api, def, &v.name, v.payload.map(TypeRef::Named).as_ref())
            })
            .collect(),
        TypeKind::StringEnum(_) => return TokenStream::new(),
    };
    // `new()` without arguments is what `Default` means (and clippy asks for it), unless the
    // type derives a `Default` already (it is received too).
    let default = match &def.kind {
        TypeKind::Struct(s)
            if s.fields.iter().all(|f| !f.required)
                && !super::types::derives_default(api, def, s) =>
        {
            quote! {
            #cfg
            impl Default for #name {
                fn default() -> Self { Self::new() }
            }
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        #cfg
        impl #name { #items }
        #default
    }
}

/// One parameter: its declaration, generics, and the expression that converts it to the field.
struct Param {
    decl: TokenStream,
    generics: Vec<TokenStream>,
    convert: TokenStream,
}

fn param(api: &Api, name: &Ident, r: &TypeRef, n: usize) -> Param {
    let plain = |api: &Api| {
        let rust = rust_type(api, r);
        Param {
            decl: quote! { #name: #rust },
            generics: Vec::new(),
            convert: quote! { #name },
        }
    };
    match r {
        // Numbers too: `limit(10)` reads better than `limit(10.0)` where the spec says `number`.
        TypeRef::String
        | TypeRef::Timestamp
        | TypeRef::Named(_)
        | TypeRef::Json
        | TypeRef::File
        | TypeRef::Integer
        | TypeRef::Number => {
            let rust = rust_type(api, r);
            Param {
                decl: quote! { #name: impl Into<#rust> },
                generics: Vec::new(),
                convert: quote! { #name.into() },
            }
        }
        TypeRef::List(item)
            if matches!(
                **item,
                TypeRef::String
                    | TypeRef::Timestamp
                    | TypeRef::Named(_)
                    | TypeRef::Json
                    | TypeRef::File
            ) =>
        {
            let item = rust_type(api, item);
            Param {
                decl: quote! { #name: impl IntoIterator<Item = impl Into<#item>> },
                generics: Vec::new(),
                convert: quote! { #name.into_iter().map(Into::into).collect() },
            }
        }
        TypeRef::Map(value) => {
            let (k, v) = (format_ident!("K{}", n), format_ident!("V{}", n));
            let (value_ty, wrap) = match &**value {
                TypeRef::Nullable(inner) => (rust_type(api, inner), quote! { Some(value.into()) }),
                other => (rust_type(api, other), quote! { value.into() }),
            };
            Param {
                decl: quote! { #name: impl IntoIterator<Item = (#k, #v)> },
                generics: vec![quote! { #k: Into<String> }, quote! { #v: Into<#value_ty> }],
                convert: quote! { #name.into_iter().map(|(key, value)| (key.into(), #wrap)).collect() },
            }
        }
        _ => plain(api),
    }
}

/// The constructor parameters for `required` fields; a required nullable field is given as an
/// `Option`.
fn required_params(api: &Api, required: &[&Field]) -> Vec<Param> {
    required
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let ty = if f.ty.is_nullable() {
                &f.ty
            } else {
                f.ty.non_null()
            };
            param(api, &member(&f.rust_name), ty, i)
        })
        .collect()
}

/// Clippy's `too_many_arguments` allowance, where a constructor has more than its limit (7).
fn many_arguments(params: &[Param]) -> TokenStream {
    if params.len() > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        TokenStream::new()
    }
}

/// `<K0: Into<String>, …>`, or nothing.
fn generics_of(params: &[Param]) -> TokenStream {
    let generics: Vec<&TokenStream> = params.iter().flat_map(|p| &p.generics).collect();
    if generics.is_empty() {
        TokenStream::new()
    } else {
        quote! { <#(#generics),*> }
    }
}

/// The setter of each field (`None` for required fields, set by `new`), in field order:
/// `new` is claimed first, then each optional field's name, then `clear_<field>` where a
/// nullable field can be sent as `null`.
pub fn setter_names(def: &TypeDef, fields: &[Field]) -> Vec<Option<SetterNames>> {
    let mut names = Namespace::default();
    names.claim("new");
    fields
        .iter()
        .map(|f| {
            if f.required {
                return None;
            }
            let set = names.claim(&f.rust_name);
            let clear = sends_null(def, f).then(|| names.claim(&format!("clear_{}", f.rust_name)));
            Some(SetterNames { set, clear })
        })
        .collect()
}

/// The methods of one optional field.
pub struct SetterNames {
    /// Sets the value.
    pub set: String,
    /// Sends `null` (nullable fields of sent types only).
    pub clear: Option<String>,
}

/// Whether an optional field can be sent as `null` apart from being left out: sent types keep
/// the two apart for nullable fields.
fn sends_null(def: &TypeDef, f: &Field) -> bool {
    def.in_request && !f.required && f.ty.is_nullable()
}

fn struct_constructors(api: &Api, def: &TypeDef, fields: &[Field]) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let params = required_params(api, &required);
    let decls = params.iter().map(|p| &p.decl);
    let generics = generics_of(&params);
    let inits = fields.iter().map(|f| {
        let field = member(&f.rust_name);
        match required.iter().position(|r| r.rust_name == f.rust_name) {
            Some(i) => {
                let convert = &params[i].convert;
                if boxed(api, def, &f.ty) {
                    let held = if f.ty.is_nullable() {
                        quote! { (#convert).map(Box::new) }
                    } else {
                        quote! { Box::new(#convert) }
                    };
                    quote! { #field: #held, }
                } else if field == convert.to_string() {
                    quote! { #field, }
                } else {
                    quote! { #field: #convert, }
                }
            }
            None => quote! { #field: None, },
        }
    });
    let what = if def.request_root { "request" } else { "value" };
    let new_doc = if required.is_empty() {
        format!(" Creates the {what}; every field is optional: set them with the methods below.")
    } else {
        let list = required
            .iter()
            .map(|f| format!("`{}`", f.json_name))
            .collect::<Vec<_>>()
            .join(", ");
        format!(" Creates the {what} with its required fields ({list}); set the others with the methods below.")
    };
    let setters = fields
        .iter()
        .zip(setter_names(def, fields))
        .filter_map(|(f, names)| Some(setter(api, def, f, &names?)));
    let allow = many_arguments(&params);
    quote! {
        #[doc = #new_doc]
        #allow
        pub fn new #generics (#(#decls),*) -> Self {
            Self { #(#inits)* }
        }
        #(#setters)*
    }
}

fn setter(api: &Api, def: &TypeDef, f: &Field, names: &SetterNames) -> TokenStream {
    let field = member(&f.rust_name);
    let method = member(&names.set);
    let p = param(api, &format_ident!("value"), f.ty.non_null(), 0);
    let decl = &p.decl;
    let convert = if boxed(api, def, &f.ty) {
        let convert = &p.convert;
        quote! { Box::new(#convert) }
    } else {
        p.convert.clone()
    };
    let generics = if p.generics.is_empty() {
        TokenStream::new()
    } else {
        let g = &p.generics;
        quote! { <#(#g),*> }
    };
    let d = if f.docs.is_empty() {
        let text = format!(" Sets `{}`.", f.json_name);
        quote! { #[doc = #text] }
    } else {
        docs(&f.docs)
    };
    let dep = deprecated(&f.deprecated);
    let store = if names.clear.is_some() {
        quote! { Some(Some(#convert)) }
    } else {
        quote! { Some(#convert) }
    };
    let clear = if let Some(clear) = &names.clear {
        let clear = member(clear);
        let text = format!(" Sends `{}` as `null`, clearing it.", f.json_name);
        quote! {
            #[doc = #text]
            #dep
            pub fn #clear(mut self) -> Self {
                self.#field = Some(None);
                self
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #d
        #dep
        pub fn #method #generics (mut self, #decl) -> Self {
            self.#field = #store;
            self
        }
        #clear
    }
}

/// `Request::variant(required…)` for a union variant whose payload is a request struct.
fn variant_constructor(
    api: &Api,
    union: &TypeDef,
    variant: &str,
    payload: Option<&TypeRef>,
) -> Option<TokenStream> {
    let variant_ident = ty(variant);
    let method = member(&snake(variant));
    let doc = format!(" The `{variant}` form of the request.");
    let Some(payload) = payload else {
        return Some(quote! {
            #[doc = #doc]
            pub fn #method() -> Self { Self::#variant_ident }
        });
    };
    let TypeRef::Named(id) = payload else {
        return None;
    };
    let in_cycle = boxed(api, union, payload);
    let def = &api.types[*id];
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    if !def.request_root {
        return None;
    }
    let payload_ty = ty(&def.name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let params = required_params(api, &required);
    let decls = params.iter().map(|p| &p.decl);
    let generics = generics_of(&params);
    let args = required.iter().map(|f| member(&f.rust_name));
    let allow = many_arguments(&params);
    let value = quote! { #payload_ty::new(#(#args),*) };
    let value = if in_cycle {
        quote! { Box::new(#value) }
    } else {
        value
    };
    Some(quote! {
        #[doc = #doc]
        #allow
        pub fn #method #generics (#(#decls),*) -> Self {
            Self::#variant_ident(#value)
        }
    })
}
