//! The deprecated aliases the generator keeps for published names that went away
//! (`codegen/src/lower/memory.rs`): each one, used as a type, is the type that took its place,
//! so code written against an earlier release still compiles. The uses are generated
//! (`generated/aliases.rs`, written by `cargo xtask codegen`) from the same list as the aliases.

// Written by `cargo xtask codegen` (prettyplease), never by rustfmt.
#[rustfmt::skip]
#[path = "generated/aliases.rs"]
mod aliases;

#[test]
fn every_alias_is_the_type_that_took_its_place() {
    aliases::check_every_alias();
}

/// The listing beside the generated code says which aliases there are; the generated uses
/// must cover each of them.
#[test]
fn the_listing_and_the_uses_agree() {
    let listing = include_str!("../src/generated/api.json");
    let json: serde_json::Value = serde_json::from_str(listing).expect("api.json is JSON");
    let listed = json["aliases"].as_array().map_or(0, Vec::len);
    assert_eq!(listed, aliases::ALIASES);
}
