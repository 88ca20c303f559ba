//! Generates the Seam SDK's Rust code from an OpenAPI 3.0 document.
//!
//! The road a spec travels, one direction only:
//! [`load`] (JSON or YAML into `openapiv3::OpenAPI`) → [`lower`] (into the [`ir`]) →
//! [`emit`] (token streams) → [`format`] (`prettyplease`, plus the header line).

use std::collections::BTreeMap;
use std::path::Path;

/// Everything the generator produces for one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Generated files, keyed by their path relative to `seam-sdk/src/generated/`, with `/` separators.
    pub files: BTreeMap<String, String>,
    /// The `[features]` entries the generated code expects in `seam-sdk/Cargo.toml`, one per line,
    /// to be placed between the `# BEGIN GENERATED FEATURES` and `# END GENERATED FEATURES` markers.
    pub cargo_features: String,
    /// Constructs the generator could not type exactly and generated as `serde_json::Value`.
    pub warnings: Vec<String>,
}

/// Loads, lowers, emits and formats the spec at `path`.
pub fn generate_from_path(path: &Path) -> Result<Generated, Error> {
    todo!("{path:?}")
}

/// An error naming the file and the JSON path of the fault.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {pointer}: {message}")]
pub struct Error {
    pub file: String,
    pub pointer: String,
    pub message: String,
}
