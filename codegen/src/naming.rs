//! Naming rules: how spec names become Rust identifiers.
//!
//! Every name the generator emits passes through here, so the rules live in one place:
//! words are split on separators, case changes and digit boundaries; type names are
//! `PascalCase`, members `snake_case`; Rust keywords become raw identifiers (or take a
//! trailing `_` where a raw identifier is not allowed); collisions are resolved by a
//! numeric suffix in the order names are claimed.

use std::collections::BTreeSet;

/// Splits `s` into lowercase words: `connected_accounts` → `[connected, accounts]`,
/// `errorCode` → `[error, code]`, `LOCK_DOOR` → `[lock, door]`, `HTTPServer` → `[http, server]`.
pub fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let (false, Some(&prev)) = (cur.is_empty(), i.checked_sub(1).and_then(|j| chars.get(j)))
        {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(|n| n.is_lowercase()));
            if boundary {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `connected_account` → `ConnectedAccount`. Never empty, never starts with a digit.
pub fn pascal(s: &str) -> String {
    let mut out = String::new();
    for w in words(s) {
        let mut cs = w.chars();
        if let Some(first) = cs.next() {
            out.extend(first.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    if out.is_empty() {
        return "Empty".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `ConnectedAccounts` → `connected_accounts`. Never empty, never starts with a digit.
pub fn snake(s: &str) -> String {
    let mut out = words(s).join("_");
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The singular of an English plural as used in this API's field names:
/// `errors` → `error`, `accepted_capabilities` → `accepted_capability`; words that do not
/// look like plurals (`status`, `address`, `access`) are left alone.
pub fn singular(s: &str) -> String {
    if let Some(stem) = s.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if s.ends_with("sses") || s.ends_with("xes") || s.ends_with("ches") || s.ends_with("shes") {
        return s[..s.len() - 2].to_owned();
    }
    if s.ends_with("ss") || s.ends_with("us") || s.ends_with("is") || s.len() < 3 {
        return s.to_owned();
    }
    s.strip_suffix('s').unwrap_or(s).to_owned()
}

const STRICT_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Whether `s` is a Rust keyword (strict or reserved, any edition).
pub fn is_keyword(s: &str) -> bool {
    STRICT_KEYWORDS.contains(&s)
}

/// The source text of a member identifier for `name` (already snake case):
/// `type` → `r#type`, `self` → `self_`, anything else unchanged.
pub fn member_ident(name: &str) -> String {
    if NON_RAW.contains(&name) {
        format!("{name}_")
    } else if is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// An enum variant name for `name` (already Pascal case): `Self` cannot be one.
pub fn variant_ident(name: &str) -> String {
    if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name.to_owned()
    }
}

/// A module (and file) name for `name` (already snake case): keywords take a trailing `_`, so
/// the module declaration and the file name always agree (`self` → `self_`, `self_.rs`).
pub fn module_name(name: &str) -> String {
    if is_keyword(name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// The Rust type name for `name` (already Pascal case): names the prelude or the generated
/// code's own imports use are suffixed so they never shadow them.
pub fn type_ident(name: &str) -> String {
    const TAKEN: &[&str] = &[
        "Self",
        "Option",
        "Result",
        "Vec",
        "String",
        "Box",
        "Some",
        "None",
        "Ok",
        "Err",
        "Seam",
        "Call",
        "Route",
        "Value",
        "Map",
        "BTreeMap",
        "Serialize",
        "Deserialize",
        "Default",
        "Error",
        "Clone",
        "Copy",
        "Debug",
        "Send",
        "Sync",
        "Sized",
        "From",
        "Into",
    ];
    if TAKEN.contains(&name) {
        format!("{name}Type")
    } else {
        name.to_owned()
    }
}

/// A set of names in which each new name is made unique by a numeric suffix (`Name2`, `Name3`…).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// Claims `name`, or the first free `name2`, `name3`… and returns what was claimed.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let sep = if name.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{name}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// Whether `name` is already claimed.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_on_separators_and_case() {
        assert_eq!(words("connected_accounts"), ["connected", "accounts"]);
        assert_eq!(words("errorCode"), ["error", "code"]);
        assert_eq!(words("LOCK_DOOR"), ["lock", "door"]);
        assert_eq!(words("HTTPServer"), ["http", "server"]);
        assert_eq!(words("[provider]"), ["provider"]);
        assert_eq!(words("seam/customer/v1"), ["seam", "customer", "v1"]);
        assert_eq!(words("_dev"), ["dev"]);
    }

    #[test]
    fn pascal_and_snake_case() {
        assert_eq!(pascal("connected_account"), "ConnectedAccount");
        assert_eq!(pascal("LOCK_DOOR"), "LockDoor");
        assert_eq!(pascal("2fa"), "V2fa");
        assert_eq!(pascal(""), "Empty");
        assert_eq!(pascal("acs_users.list"), "AcsUsersList");
        assert_eq!(snake("ConnectedAccounts"), "connected_accounts");
        assert_eq!(snake("unlock_door"), "unlock_door");
        assert_eq!(snake("24h"), "_24h");
        assert_eq!(snake("--"), "value");
    }

    #[test]
    fn singularizes_plural_field_names() {
        assert_eq!(singular("errors"), "error");
        assert_eq!(singular("accepted_capabilities"), "accepted_capability");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("address"), "address");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(singular("ids"), "id");
    }

    #[test]
    fn escapes_keywords() {
        assert_eq!(member_ident("type"), "r#type");
        assert_eq!(member_ident("move"), "r#move");
        assert_eq!(member_ident("self"), "self_");
        assert_eq!(member_ident("crate"), "crate_");
        assert_eq!(member_ident("name"), "name");
        assert_eq!(type_ident("Option"), "OptionType");
        assert_eq!(type_ident("Self"), "SelfType");
        assert_eq!(module_name("self"), "self_");
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("devices"), "devices");
        assert_eq!(type_ident("Device"), "Device");
    }

    #[test]
    fn namespace_resolves_collisions_by_suffix() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("Device"), "Device");
        assert_eq!(ns.claim("Device"), "Device2");
        assert_eq!(ns.claim("Device"), "Device3");
        assert_eq!(ns.claim("V1"), "V1");
        assert_eq!(ns.claim("V1"), "V1_2");
        assert!(ns.contains("Device2"));
    }
}
