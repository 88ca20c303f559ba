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
        " The name [`{}`] had up to seam-sdk {}; kept so code that names it still compiles.",
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
