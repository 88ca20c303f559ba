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

/// Code written against names published by 0.1.0 (before Seam's spec moved these schemas into
/// components) still compiles and works: decoding, fields, patterns and enum variants.
#[test]
#[allow(deprecated)]
fn code_written_against_old_names_still_works() {
    use seam_sdk::types::{
        AccessGrantsUnmanagedGetAccessGrant, AccessMethodsUnmanagedListAccessMethodMode,
    };

    let mode: AccessMethodsUnmanagedListAccessMethodMode =
        serde_json::from_value(serde_json::json!("mobile_key")).expect("a mode");
    let named = match mode {
        AccessMethodsUnmanagedListAccessMethodMode::Code => "code",
        AccessMethodsUnmanagedListAccessMethodMode::MobileKey => "mobile key",
        _ => "other",
    };
    assert_eq!(named, "mobile key");

    let grant: AccessGrantsUnmanagedGetAccessGrant = serde_json::from_value(serde_json::json!({
        "access_grant_id": "7d2e1c5a-0000-4000-8000-000000000001",
        "access_method_ids": [],
        "created_at": "2026-08-21T00:00:00.000Z",
        "display_name": "Front door",
        "ends_at": null,
        "errors": [],
        "location_ids": [],
        "name": null,
        "pending_mutations": [],
        "requested_access_methods": [],
        "space_ids": [],
        "starts_at": "2026-08-21T00:00:00.000Z",
        "user_identity_id": "7d2e1c5a-0000-4000-8000-000000000002",
        "warnings": [],
        "workspace_id": "7d2e1c5a-0000-4000-8000-000000000003"
    }))
    .expect("an unmanaged access grant, decoded under its old name");
    let AccessGrantsUnmanagedGetAccessGrant { display_name, .. } = &grant;
    assert_eq!(display_name, "Front door");
}
