//! The generator's memory: what an earlier generation published, read back from the listing
//! committed beside the generated code (`seam-sdk/src/generated/api.json`, see [`surface`]).
//!
//! Lowering reads it to keep published names (`lower/memory.rs`): a type that stands for a
//! place of the spec that still exists keeps the name it was published under, and a name that
//! cannot stay lives on as a deprecated alias. It holds data only; with an empty memory (a
//! first generation, any document but the SDK's own) names follow the rules alone.
//!
//! [`surface`]: crate::surface

/// The names, places and shapes an earlier generation published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    /// The release this memory describes (the crate's version when it was written): a new
    /// alias is dated after it.
    pub release: String,
    pub types: Vec<Published>,
    pub methods: Vec<PublishedMethod>,
    /// Deprecated aliases the earlier generation kept for names that went away.
    pub aliases: Vec<Alias>,
}

/// A published type: its name, the places it stood for, and its members with their types as
/// written (`Option<Box<AccessCode>>`), through which the places of its children are found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Published {
    pub name: String,
    /// JSON pointers, as [`crate::ir::TypeDef::places`].
    pub places: Vec<String>,
    /// Struct fields: JSON name and Rust type as written.
    pub fields: Vec<(String, String)>,
    pub variants: Vec<PublishedVariant>,
}

/// A union variant: its Rust name, the tag values that choose it (tagged unions), and its
/// payload's type as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishedVariant {
    pub name: String,
    pub tag_values: Vec<String>,
    pub ty: Option<String>,
}

/// A published method: its name on its handle (`get`), its route (`POST /access_codes/get`),
/// and the request and return types as written (`AccessCodesGetRequest`, `Call<AccessCode>`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishedMethod {
    pub name: String,
    pub route: String,
    pub request: Option<String>,
    pub returns: String,
}

/// A deprecated alias: the old name, the type it names, and the release after which the
/// rename happened (it first ships in the next one).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Alias {
    pub name: String,
    pub target: String,
    pub since: String,
}
