//! `codegen/rules.yaml`: what the generator knows of the API beyond its spec, read once.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::ir::{Constraints, TypeRef};

/// The rules file, compiled in so that generating stays a pure function of the spec.
const RULES: &str = include_str!("../../rules.yaml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub secrets: SecretRule,
    /// Limits by field name, for map fields.
    limits: BTreeMap<String, MapLimits>,
    /// Deliberate renames of published types, old name → new name (`lower/memory.rs`).
    #[serde(default)]
    pub renames: BTreeMap<String, String>,
}

/// Limits on a map field the spec states only in prose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapLimits {
    max_keys: Option<u64>,
    max_key_length: Option<u64>,
}

/// Which fields carry credentials.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretRule {
    names: Vec<String>,
    suffixes: Vec<String>,
    formats: Vec<String>,
}

impl Rules {
    /// The rules of `codegen/rules.yaml`. A malformed file is a bug of this crate, caught by
    /// its tests, so this panics with the reason.
    pub fn load() -> Rules {
        serde_yaml::from_str(RULES)
            .unwrap_or_else(|e| panic!("codegen/rules.yaml does not parse: {e}"))
    }

    /// Adds the prose limits of field `json_name`, when it is a map, to its constraints.
    pub fn apply_limits(&self, json_name: &str, ty: &TypeRef, constraints: &mut Constraints) {
        let (Some(limits), TypeRef::Map(_)) = (self.limits.get(json_name), ty.non_null()) else {
            return;
        };
        if let Some(max) = limits.max_keys {
            constraints.max_properties =
                Some(constraints.max_properties.map_or(max, |m| m.min(max)));
        }
        if let Some(max) = limits.max_key_length {
            constraints.max_key_length = Some(max);
        }
    }
}

impl SecretRule {
    /// Whether the field `json_name`, of type `ty` and with `constraints`, carries a credential.
    pub fn applies(&self, json_name: &str, ty: &TypeRef, constraints: &Constraints) -> bool {
        if !matches!(ty.non_null(), TypeRef::String) {
            return false;
        }
        self.names.iter().any(|n| n == json_name)
            || self
                .suffixes
                .iter()
                .any(|s| json_name.ends_with(s.as_str()))
            || constraints
                .format
                .as_ref()
                .is_some_and(|f| self.formats.contains(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_file_parses_and_names_credentials() {
        let rules = Rules::load();
        let none = Constraints::default();
        let secret = |name: &str| rules.secrets.applies(name, &TypeRef::String, &none);
        assert!(secret("token"));
        assert!(secret("client_session_token"));
        assert!(secret("secret"));
        assert!(!secret("token_id"));
        assert!(!secret("display_name"));
        assert!(!rules.secrets.applies("token", &TypeRef::Bool, &none));
        let password = Constraints {
            format: Some("password".into()),
            ..Constraints::default()
        };
        assert!(rules.secrets.applies("pin", &TypeRef::String, &password));
    }

    #[test]
    fn prose_limits_apply_to_map_fields_of_that_name() {
        let rules = Rules::load();
        let map = TypeRef::Map(Box::new(TypeRef::String));
        let mut c = Constraints::default();
        rules.apply_limits("custom_metadata", &map, &mut c);
        assert_eq!((c.max_properties, c.max_key_length), (Some(50), Some(40)));
        let mut other = Constraints::default();
        rules.apply_limits("custom_metadata", &TypeRef::String, &mut other);
        rules.apply_limits("metadata", &map, &mut other);
        assert!(other.is_empty());
    }
}
