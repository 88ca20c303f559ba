//! Type definitions: structs, string enums, tagged and untagged unions.
//!
//! Field rules (decided here once, documented in the SDK's crate docs):
//! - a required field is its type; when a server leaves it out it decodes as the type's zero
//!   value: `""`, `0`, `false`, an empty list or map, an enum's `Unknown("")`, a union's
//!   `Unknown(null)`, an object of zero values (lists, maps, objects, enums and unions also
//!   take `null`); only untagged unions have no zero value and stay strict. Seam relaxing a
//!   field, or a server (the fake) leaving one out, never breaks decoding;
//! - a required nullable field is an `Option` that decodes `None` when left out;
//! - an optional field is an `Option`, left out of the JSON when `None`;
//! - in types that are sent, an optional nullable field is `Option<Option<T>>`: `None` leaves it
//!   out, `Some(None)` sends `null`, `Some(Some(v))` sends the value.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{boxed, boxed_type, cfg, deprecated, docs, member, rust_type, ty};
use crate::ir::{Api, Field, StringEnum, Struct, Tagged, TypeDef, TypeKind, TypeRef, Untagged};

/// Every item of one type: its definition and impls.
pub fn type_items(api: &Api, def: &TypeDef) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_items(api, def, s),
        TypeKind::StringEnum(e) => string_enum_items(def, e),
        TypeKind::Tagged(t) => tagged_items(api, def, t),
        TypeKind::Untagged(u) => untagged_items(api, def, u),
    };
    // Every struct that is sent gets a constructor and setters (its fields are public but the
    // struct is `#[non_exhaustive]`, so this is how a user makes one); request unions get one
    // constructor per variant.
    let sent_struct = def.in_request && matches!(def.kind, TypeKind::Struct(_));
    let requests = if def.request_root || sent_struct {
        super::requests::constructors(api, def)
    } else {
        TokenStream::new()
    };
    let validate = super::validate::validate_impl(api, def);
    quote! { #body #requests #validate }
}

/// Whether a struct derives `Default`: the zero value a required field a server leaves out
/// decodes as. Request structs without required fields implement it through `new()` instead.
pub fn derives_default(api: &Api, def: &TypeDef, s: &Struct) -> bool {
    let zero = s
        .fields
        .iter()
        .all(|f| !f.required || has_empty_value(api, &f.ty));
    def.in_response && !def.request_root && zero
}

fn struct_derives(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let default = if derives_default(api, def, s) {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    // A struct holding a credential writes its own `Debug` (`redacted_debug`).
    let debug = if s.fields.iter().any(|f| f.secret) {
        TokenStream::new()
    } else {
        quote! { Debug, }
    };
    if def.in_response {
        quote! { #[derive(#debug Clone, #default PartialEq, serde::Serialize, serde::Deserialize)] }
    } else {
        quote! { #[derive(#debug Clone, #default PartialEq, serde::Serialize)] }
    }
}

/// Whether a type has an empty value a missing required field can decode as (see module docs).
pub fn has_empty_value(api: &Api, r: &TypeRef) -> bool {
    fn walk(api: &Api, r: &TypeRef, seen: &mut Vec<crate::ir::TypeId>) -> bool {
        match r {
            TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Nullable(_) | TypeRef::Json => true,
            TypeRef::String
            | TypeRef::Timestamp
            | TypeRef::Bool
            | TypeRef::Integer
            | TypeRef::Number => true,
            // Only in requests, which are never decoded.
            TypeRef::File => false,
            TypeRef::Named(id) if seen.contains(id) => false,
            TypeRef::Named(id) => match &api.types[*id].kind {
                TypeKind::StringEnum(_) | TypeKind::Tagged(_) => true,
                TypeKind::Struct(s) if !api.types[*id].request_root => {
                    seen.push(*id);
                    let all = s
                        .fields
                        .iter()
                        .all(|f| !f.required || walk(api, &f.ty, seen));
                    seen.pop();
                    all
                }
                _ => false,
            },
        }
    }
    walk(api, r, &mut Vec::new())
}

fn type_docs(def: &TypeDef) -> TokenStream {
    docs(&def.docs)
}

/// The Rust type and serde options of a field, by the rules in this module's docs.
pub fn field_type(api: &Api, def: &TypeDef, f: &Field) -> (TokenStream, Vec<TokenStream>) {
    let mut serde = Vec::new();
    if f.ty.holds_files() {
        // Sent beside the serialized fields (the generated method takes them out); a file
        // the spec lets be `null` is simply left out.
        let inner = rust_type(api, f.ty.non_null());
        let rust = if f.required {
            inner
        } else {
            quote! { Option<#inner> }
        };
        return (rust, vec![quote! { skip }]);
    }
    if f.flatten {
        serde.push(quote! { flatten });
    } else if f.rust_name != f.json_name {
        let name = &f.json_name;
        serde.push(quote! { rename = #name });
    }
    let in_cycle = boxed(api, def, &f.ty);
    let inner = boxed_type(in_cycle, rust_type(api, f.ty.non_null()));
    let rust = match (f.required, f.ty.is_nullable()) {
        (true, false) => {
            if def.in_response && has_empty_value(api, &f.ty) {
                // `null` too, but for plain values, whose wrapper is not worth its compile time.
                if matches!(
                    f.ty,
                    TypeRef::String
                        | TypeRef::Timestamp
                        | TypeRef::Bool
                        | TypeRef::Integer
                        | TypeRef::Number
                ) {
                    serde.push(quote! { default });
                } else {
                    serde.push(
                        quote! { default, deserialize_with = "crate::codec::null_as_default" },
                    );
                }
            }
            inner
        }
        (true, true) => {
            if def.in_response {
                serde.push(quote! { default });
            }
            quote! { Option<#inner> }
        }
        (false, true) if def.in_request => {
            serde.push(quote! { default, skip_serializing_if = "Option::is_none" });
            if def.in_response {
                serde.push(quote! { deserialize_with = "crate::codec::double_option" });
            }
            quote! { Option<Option<#inner>> }
        }
        (false, _) => {
            serde.push(quote! { default, skip_serializing_if = "Option::is_none" });
            if is_boxed(api, def, f) && !in_cycle {
                quote! { Option<Box<#inner>> }
            } else {
                quote! { Option<#inner> }
            }
        }
    };
    (rust, serde)
}

/// Optional objects in received types are boxed: a device carries one of some forty provider
/// blocks, and holding them all inline made `Device` 6.5 KB, which decoding spent its time
/// moving. Boxed, an absent block costs a pointer.
fn is_boxed(api: &Api, def: &TypeDef, f: &Field) -> bool {
    !def.in_request
        && !f.required
        && matches!(f.ty.non_null(), TypeRef::Named(id) if matches!(api.types[*id].kind, TypeKind::Struct(_)))
}

fn struct_items(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ty(&def.name);
    let fields = s.fields.iter().map(|f| {
        let (rust, serde) = field_type(api, def, f);
        let field = member(&f.rust_name);
        let field_docs = if f.docs.is_empty() {
            let text = format!(" The `{}` property.", f.json_name);
            quote! { #[doc = #text] }
        } else {
            docs(&f.docs)
        };
        let dep = deprecated(&f.deprecated);
        let serde = if serde.is_empty() {
            TokenStream::new()
        } else {
            quote! { #[serde(#(#serde),*)] }
        };
        quote! { #field_docs #dep #serde pub #field: #rust, }
    });
    let (doc, dep, cfg, derive) = (
        type_docs(def),
        deprecated(&def.deprecated),
        cfg(&def.gate),
        struct_derives(api, def, s),
    );
    let debug = redacted_debug(def, s);
    quote! {
        #doc #dep #cfg #derive
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
        #debug
    }
}

/// `Debug` for a struct with credential fields (`Field::secret`): those show as
/// `"[redacted]"` (or `None`), the others as derived.
fn redacted_debug(def: &TypeDef, s: &Struct) -> TokenStream {
    if !s.fields.iter().any(|f| f.secret) {
        return TokenStream::new();
    }
    let name = ty(&def.name);
    let text = &def.name;
    let cfg = cfg(&def.gate);
    let fields = s.fields.iter().map(|f| {
        let (field, json) = (member(&f.rust_name), &f.rust_name);
        if f.secret {
            quote! { .field(#json, &crate::codec::Redacted::of(&self.#field)) }
        } else {
            quote! { .field(#json, &self.#field) }
        }
    });
    quote! {
        #cfg
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#text) #(#fields)* .finish()
            }
        }
    }
}

fn string_enum_items(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ty(&def.name);
    let fallback = ty(&e.fallback);
    let variants = e.variants.iter().map(|v| {
        let variant = ty(&v.name);
        let text = format!(" `{}`", v.value);
        quote! { #[doc = #text] #variant, }
    });
    let to_str = e.variants.iter().map(|v| {
        let (variant, value) = (ty(&v.name), &v.value);
        quote! { Self::#variant => #value, }
    });
    let from_str = e.variants.iter().map(|v| {
        let (variant, value) = (ty(&v.name), &v.value);
        quote! { #value => Self::#variant, }
    });
    let (doc, dep, cfg) = (type_docs(def), deprecated(&def.deprecated), cfg(&def.gate));
    let deserialize = if def.in_response {
        quote! {
            #cfg
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    crate::codec::deserialize_str(deserializer, |value: &str| Self::from(value))
                }
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #doc #dep #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know, kept as sent.
            #fallback(String),
        }

        #cfg
        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#fallback(value) => value,
                }
            }
        }

        /// The fallback with no value: what a required field a server leaves out decodes as.
        #cfg
        impl Default for #name {
            fn default() -> Self {
                Self::#fallback(String::new())
            }
        }

        #cfg
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        #cfg
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #deserialize
    }
}

fn tagged_items(api: &Api, def: &TypeDef, t: &Tagged) -> TokenStream {
    let name = ty(&def.name);
    let fallback = ty(&t.fallback);
    let tag_list = t
        .tags
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let variants = t.variants.iter().map(|v| {
        let variant = ty(&v.name);
        let d = if v.docs.is_empty() {
            let text = format!(" {}", tag_values_text(t, &v.values));
            quote! { #[doc = #text] }
        } else {
            docs(&v.docs)
        };
        match v.payload {
            Some(id) => {
                let held = TypeRef::Named(id);
                let payload = boxed_type(boxed(api, def, &held), rust_type(api, &held));
                quote! { #d #variant(#payload), }
            }
            None => quote! { #d #variant, },
        }
    });
    let fallback_doc = format!(" A variant this version of the SDK does not know (by {tag_list}): the raw JSON object, kept as sent.");
    let accessors = t.tags.iter().enumerate().map(|(i, tag)| {
        let method = member(&crate::naming::snake(tag));
        let arms = t.variants.iter().map(|v| {
            let variant = ty(&v.name);
            let value = &v.values[i];
            let pattern = if v.payload.is_some() {
                quote! { Self::#variant(_) }
            } else {
                quote! { Self::#variant }
            };
            quote! { #pattern => Some(#value), }
        });
        let text =
            format!(" The value of `{tag}`: always present but for an unknown variant without it.");
        quote! {
            #[doc = #text]
            pub fn #method(&self) -> Option<&str> {
                match self {
                    #(#arms)*
                    Self::#fallback(value) => crate::codec::tag(value, #tag),
                }
            }
        }
    });
    let serialize_arms = t.variants.iter().map(|v| {
        let variant = ty(&v.name);
        let pairs = t.tags.iter().zip(&v.values).map(|(k, val)| quote! { (#k, #val) });
        match v.payload {
            Some(_) => quote! { Self::#variant(payload) => crate::codec::serialize_tagged(serializer, &[#(#pairs),*], Some(payload)), },
            None => quote! { Self::#variant => crate::codec::serialize_tagged::<S, ()>(serializer, &[#(#pairs),*], None), },
        }
    });
    let (doc, dep, cfg) = (type_docs(def), deprecated(&def.deprecated), cfg(&def.gate));
    let deserialize = if def.in_response {
        let tags = &t.tags;
        let arms = t.variants.iter().map(|v| {
            let variant = ty(&v.name);
            let values = &v.values;
            let pattern = if values.len() == 1 {
                let only = &values[0];
                quote! { [Some(#only)] }
            } else {
                quote! { [#(Some(#values)),*] }
            };
            match v.payload {
                Some(_) => quote! { #pattern => Self::#variant(crate::codec::payload(value)?), },
                None => quote! { #pattern => Self::#variant, },
            }
        });
        quote! {
            #cfg
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    let tags = crate::codec::tags(&value, &[#(#tags),*]);
                    let tags: Vec<Option<&str>> = tags.iter().map(|t| t.as_deref()).collect();
                    Ok(match tags.as_slice() {
                        #(#arms)*
                        _ => Self::#fallback(value),
                    })
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let default = if def.in_response {
        quote! {
            /// The fallback holding `null`: what a required field a server leaves out decodes as.
            #cfg
            impl Default for #name {
                fn default() -> Self {
                    Self::#fallback(serde_json::Value::Null)
                }
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #doc #dep #cfg
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #fallback_doc]
            #fallback(serde_json::Value),
        }

        #default

        #cfg
        impl #name {
            #(#accessors)*
        }

        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#fallback(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        #deserialize
    }
}

fn tag_values_text(t: &Tagged, values: &[String]) -> String {
    t.tags
        .iter()
        .zip(values)
        .map(|(k, v)| format!("`{k}` is `{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
        + "."
}

fn untagged_items(api: &Api, def: &TypeDef, u: &Untagged) -> TokenStream {
    let name = ty(&def.name);
    let variants = u.variants.iter().map(|v| {
        let variant = ty(&v.name);
        let inner = boxed_type(boxed(api, def, &v.ty), rust_type(api, &v.ty));
        let d = if v.docs.is_empty() {
            TokenStream::new()
        } else {
            docs(&v.docs)
        };
        quote! { #d #variant(#inner), }
    });
    // `From` for each variant whose Rust type no other variant shares, and `&str` for strings.
    let froms = u
        .variants
        .iter()
        .filter(|v| u.variants.iter().filter(|w| w.ty == v.ty).count() == 1)
        .map(|v| {
            let variant = ty(&v.name);
            let inner = rust_type(api, &v.ty);
            let value = if boxed(api, def, &v.ty) {
                quote! { Box::new(value) }
            } else {
                quote! { value }
            };
            let str_impl = if v.ty == TypeRef::String {
                quote! {
                    impl From<&str> for #name {
                        fn from(value: &str) -> Self { Self::#variant(value.to_owned()) }
                    }
                }
            } else {
                TokenStream::new()
            };
            let cfg = cfg(&def.gate);
            let str_cfg = if str_impl.is_empty() {
                TokenStream::new()
            } else {
                cfg.clone()
            };
            quote! {
                #cfg
                impl From<#inner> for #name {
                    fn from(value: #inner) -> Self { Self::#variant(#value) }
                }
                #str_cfg
                #str_impl
            }
        });
    let (doc, dep, cfg) = (type_docs(def), deprecated(&def.deprecated), cfg(&def.gate));
    // Tried in order, twice: first only variants whose required properties are all present
    // (a variant that tolerates missing fields would otherwise swallow the others), then all.
    let deserialize = if def.in_response {
        let attempts = |checked: bool| {
            u.variants.iter().map(move |v| {
                let variant = ty(&v.name);
                let inner = boxed_type(boxed(api, def, &v.ty), rust_type(api, &v.ty));
                let keys = &v.required;
                let attempt = quote! {
                    if let Ok(inner) = <#inner as serde::Deserialize>::deserialize(&value) {
                        return Ok(Self::#variant(inner));
                    }
                };
                match (checked, keys.is_empty()) {
                    (true, false) => {
                        quote! { if crate::codec::has_keys(&value, &[#(#keys),*]) { #attempt } }
                    }
                    (true, true) => attempt,
                    // The second pass only retries variants the first one skipped.
                    (false, false) => attempt,
                    (false, true) => TokenStream::new(),
                }
            })
        };
        let (checked, unchecked) = (attempts(true), attempts(false));
        let type_name = &def.name;
        quote! {
            #cfg
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    #(#checked)*
                    #(#unchecked)*
                    Err(crate::codec::no_variant(#type_name, &value))
                }
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #doc #dep #cfg
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name { #(#variants)* }
        #deserialize
        #(#froms)*
    }
}
