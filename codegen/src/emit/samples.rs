//! Sample values, as Rust expressions, for every type a request can hold: what the generated
//! route calls (`route_calls.rs`) send. Chosen from the spec: the first enum value or union
//! variant, a value of the field's format, within its lengths and ranges, matching its pattern.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::common::{member, ty};
use super::requests::setter_names;
use crate::ir::{Api, Constraints, Field, TypeId, TypeKind, TypeRef};

/// Builds sample expressions; `full` also sets every optional field, nested ones included.
pub struct Sampler<'a> {
    pub api: &'a Api,
    pub full: bool,
    /// Struct types being built, so a type that contains itself stops at its required fields.
    building: Vec<TypeId>,
    /// How many times a value was found to need itself (`compile_error!` written in its place):
    /// an optional field whose value did is left unset instead.
    endless: usize,
}

impl<'a> Sampler<'a> {
    pub fn new(api: &'a Api, full: bool) -> Self {
        Sampler {
            api,
            full,
            building: Vec::new(),
            endless: 0,
        }
    }

    /// The expression for a request struct: `Type::new(required…)` and, when `full`, a setter
    /// call per optional field.
    pub fn request(&mut self, id: TypeId) -> TokenStream {
        let def = &self.api.types[id];
        let TypeKind::Struct(s) = &def.kind else {
            return self.exact(&TypeRef::Named(id), &Constraints::default());
        };
        let name = ty(&def.name);
        if self.building.contains(&id) {
            return self.endless_value(&def.name);
        }
        let full = self.full;
        self.building.push(id);
        let args: Vec<TokenStream> = s
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| self.required_arg(f))
            .collect();
        let mut chain = quote! { #name::new(#(#args),*) };
        if full {
            for (field, setter) in s.fields.iter().zip(setter_names(def, &s.fields)) {
                let Some(setter) = setter else { continue };
                let setter = member(&setter.set);
                let endless = self.endless;
                let value = self.arg(field.ty.non_null(), &field.constraints);
                if self.endless > endless {
                    // Its value would need a value of a type being built: leave it unset.
                    self.endless = endless;
                    continue;
                }
                chain = quote! { #chain.#setter(#value) };
            }
        }
        self.building.pop();
        chain
    }

    /// What stands where a value would need a value of a type being built, which never ends:
    /// an error if it is ever compiled (a required field all the way round, which the spec
    /// allows no finite value for), counted so that an optional field leaves it out.
    fn endless_value(&mut self, name: &str) -> TokenStream {
        self.endless += 1;
        let text = format!("`{name}` requires a value of itself");
        quote! { compile_error!(#text) }
    }

    /// Whether a value of `r` names `union` itself or a type whose sample is being built.
    fn reaches_building(&self, r: &TypeRef, union: TypeId) -> bool {
        matches!(r.non_null(), TypeRef::Named(id) if *id == union || self.building.contains(id))
    }

    /// Whether `r` names a struct whose sample is being built (so a sample of it here would
    /// never end).
    fn is_building(&self, r: &TypeRef) -> bool {
        matches!(r, TypeRef::Named(id) if self.building.contains(id))
    }

    /// A constructor argument: a required nullable field is given as an `Option`.
    fn required_arg(&mut self, f: &Field) -> TokenStream {
        if f.ty.is_nullable() {
            self.exact(&f.ty, &f.constraints)
        } else {
            self.arg(f.ty.non_null(), &f.constraints)
        }
    }

    /// A value for a constructor or setter parameter (see `requests::param`): maps of nullable
    /// values are given as pairs of plain values.
    fn arg(&mut self, r: &TypeRef, c: &Constraints) -> TokenStream {
        match r {
            TypeRef::Map(value) => {
                let value = self.exact(value.non_null(), c);
                quote! { [(String::from("key"), #value)] }
            }
            other => self.exact(other, c),
        }
    }

    /// A value of exactly the Rust type of `r`.
    pub fn exact(&mut self, r: &TypeRef, c: &Constraints) -> TokenStream {
        match r {
            TypeRef::Bool => quote! { true },
            TypeRef::Integer => {
                let n = Literal::i64_suffixed(number(c, 1.0, true) as i64);
                quote! { #n }
            }
            TypeRef::Number => {
                let n = Literal::f64_suffixed(number(c, 1.5, false));
                quote! { #n }
            }
            TypeRef::String => {
                let s = string(c);
                quote! { String::from(#s) }
            }
            TypeRef::Timestamp => {
                let s = string(c);
                quote! { seam_sdk::Timestamp::from(#s) }
            }
            TypeRef::Json => quote! { serde_json::json!({}) },
            TypeRef::File => quote! { seam_sdk::File::new(&b"sample"[..]).file_name("sample.txt") },
            // A type inside itself: the recursion ends here, where the spec lets it.
            TypeRef::Nullable(inner) if self.is_building(inner) => quote! { None },
            TypeRef::List(item) if self.is_building(item) => quote! { Vec::new() },
            TypeRef::Nullable(inner) => {
                let inner = self.exact(inner, c);
                quote! { Some(#inner) }
            }
            TypeRef::List(item) => {
                let count = list_len(c);
                let items_c = c.items.as_deref().cloned().unwrap_or_default();
                let items: Vec<TokenStream> =
                    (0..count).map(|_| self.exact(item, &items_c)).collect();
                quote! { vec![#(#items),*] }
            }
            TypeRef::Map(value) => {
                let value = self.exact(value, &Constraints::default());
                quote! { std::collections::BTreeMap::from([(String::from("key"), #value)]) }
            }
            TypeRef::Named(id) => self.named(*id),
        }
    }

    fn named(&mut self, id: TypeId) -> TokenStream {
        let def = &self.api.types[id];
        let name = ty(&def.name);
        match &def.kind {
            TypeKind::Struct(_) => self.request(id),
            TypeKind::StringEnum(e) => match e.variants.first() {
                Some(v) => {
                    let v = ty(&v.name);
                    quote! { #name::#v }
                }
                None => {
                    let fallback = ty(&e.fallback);
                    quote! { #name::#fallback(String::from("sample")) }
                }
            },
            // A variant that is not the union again, where one exists (`oneOf: [self, …]`
            // would otherwise never end).
            TypeKind::Tagged(_) | TypeKind::Untagged(_) if self.building.contains(&id) => {
                self.endless_value(&def.name)
            }
            TypeKind::Tagged(t) => match t
                .variants
                .iter()
                .find(|v| {
                    v.payload
                        .map_or(true, |p| !self.reaches_building(&TypeRef::Named(p), id))
                })
                .or(t.variants.first())
            {
                Some(v) => {
                    let variant = ty(&v.name);
                    match v.payload {
                        Some(p) => {
                            self.building.push(id);
                            let payload = self.request(p);
                            self.building.pop();
                            if super::common::boxed(self.api, def, &TypeRef::Named(p)) {
                                quote! { #name::#variant(Box::new(#payload)) }
                            } else {
                                quote! { #name::#variant(#payload) }
                            }
                        }
                        None => quote! { #name::#variant },
                    }
                }
                None => {
                    let fallback = ty(&t.fallback);
                    quote! { #name::#fallback(serde_json::json!({})) }
                }
            },
            TypeKind::Untagged(u) => match u
                .variants
                .iter()
                .find(|v| !self.reaches_building(&v.ty, id))
                .or(u.variants.first())
            {
                Some(v) => {
                    let variant = ty(&v.name);
                    self.building.push(id);
                    let value = self.exact(&v.ty, &Constraints::default());
                    self.building.pop();
                    if super::common::boxed(self.api, def, &v.ty) {
                        quote! { #name::#variant(Box::new(#value)) }
                    } else {
                        quote! { #name::#variant(#value) }
                    }
                }
                None => quote! { compile_error!("an untagged union without variants") },
            },
        }
    }
}

/// How many items a sample list holds: one, or as many as the spec asks for at least.
fn list_len(c: &Constraints) -> u64 {
    let min = c.min_items.unwrap_or(1).max(1);
    match c.max_items {
        Some(max) => min.min(max),
        None => min,
    }
}

/// A number in the spec's range: `preferred` when it is inside, else the nearest allowed end.
fn number(c: &Constraints, preferred: f64, integer: bool) -> f64 {
    let step = if integer { 1.0 } else { 0.5 };
    let low = c.minimum.map(|b| {
        if b.exclusive {
            b.value.0 + step
        } else {
            b.value.0
        }
    });
    let high = c.maximum.map(|b| {
        if b.exclusive {
            b.value.0 - step
        } else {
            b.value.0
        }
    });
    let mut n = preferred;
    if let Some(low) = low {
        n = n.max(low);
    }
    if let Some(high) = high {
        n = n.min(high);
    }
    if integer {
        n.ceil()
    } else {
        n
    }
}

/// A string of the spec's format, matching its pattern, within its lengths.
pub fn string(c: &Constraints) -> String {
    let min = c.min_length.unwrap_or(0) as usize;
    let max = c.max_length.map_or(usize::MAX, |m| m as usize);
    if let Some(pattern) = &c.pattern {
        if let Some(s) = super::pattern::sample(pattern, min, max) {
            return s;
        }
    }
    let base = match c.format.as_deref() {
        Some("uuid") => "00000000-0000-4000-8000-000000000000",
        Some("date-time") => "2025-01-01T00:00:00.000Z",
        Some("date") => "2025-01-01",
        Some("time") => "12:00:00",
        Some("email") => "jane@example.com",
        Some("uri" | "url") => "https://example.com/",
        Some("hostname") => "example.com",
        Some("ipv4") => "127.0.0.1",
        _ => "sample",
    };
    let mut s = base.to_owned();
    while s.chars().count() < min {
        s.push('x');
    }
    s.chars().take(max).collect()
}
