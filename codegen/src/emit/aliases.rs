//! Deprecated aliases: a name an earlier release published, kept for the type that took its
//! place (`lower/memory.rs` decides them), so code written against it still compiles.

use proc_macro2::TokenStream;
use quote::quote;

use super::common;
use crate::ir::{Alias, Api, Gate};

/// `pub type Old = New;`, deprecated, gated like its target unless the module already is.
pub fn alias_item(api: &Api, alias: &Alias, module_gate: &Gate) -> TokenStream {
    let target = &api.types[alias.target];
    let name = common::ty(&alias.name);
    let to = common::ty(&target.name);
    let gate = if target.gate == *module_gate {
        TokenStream::new()
    } else {
        common::cfg(&target.gate)
    };
    let doc = format!(
        " The name of [`{}`] up to seam-sdk {}, kept so code that names it still compiles.",
        target.name, alias.since
    );
    let note = format!(
        "renamed to `{}` after seam-sdk {}; this alias goes in a later breaking release",
        target.name, alias.since
    );
    quote! {
        #[doc = #doc]
        #[deprecated(note = #note)]
        #gate
        pub type #name = #to;
    }
}

/// The SDK's test of its aliases (`seam-sdk/tests/generated/aliases.rs`): each old name, used
/// as a type, is the type it names, so code written against a published name still compiles
/// and means what it meant.
pub fn alias_checks(api: &Api) -> TokenStream {
    let count = proc_macro2::Literal::usize_unsuffixed(api.aliases.len());
    let checks = api.aliases.iter().map(|a| {
        let target = &api.types[a.target];
        let gate = common::cfg(&target.gate);
        let (old, new) = (common::ty(&a.name), common::ty(&target.name));
        quote! {
            #gate
            same::<seam_sdk::types::#old, seam_sdk::types::#new>();
        }
    });
    quote! {
        //! Every deprecated alias of the generated types names the type that took its place.
        #![allow(deprecated)]

        use std::any::TypeId;

        fn same<Old: 'static, New: 'static>() {
            assert_eq!(TypeId::of::<Old>(), TypeId::of::<New>());
        }

        /// How many aliases the generated types keep.
        pub const ALIASES: usize = #count;

        /// Names each alias as a type (this compiles only if every alias exists) and checks it
        /// is its target.
        pub fn check_every_alias() {
            #(#checks)*
        }
    }
}
