//! Checking a request against the limits its spec states, before it is sent: lengths, ranges,
//! patterns, list sizes, and the limits Seam documents only in prose (custom metadata: at most
//! 50 keys of at most 40 characters), which the generator reads from `codegen/rules.yaml`.
//!
//! Every request type implements [`Validate`] (generated from the spec); a call checks its
//! request unless the client ([`SeamBuilder::validate_requests`](crate::SeamBuilder)) or the
//! call turns it off, and a request that breaks rules is refused with
//! [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming every field path and every
//! rule broken. Formats (`uuid`, `date-time`…) are not checked: IDs are not always UUIDs, and
//! timestamps vary.

use std::collections::BTreeMap;
use std::fmt;

/// A rule a request breaks: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The field's path in the request: `custom_metadata.internal_id`, `devices[2].name`.
    pub path: String,
    /// The rule, as a sentence: "at most 40 characters (has 41)".
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.path, self.rule)
    }
}

/// What a request checks of itself. Generated for every request type from its spec; the
/// default checks nothing.
pub trait Validate {
    /// Adds every rule `self`, found at `path`, breaks to `out`.
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        let _ = (path, out);
    }

    /// Every rule the request breaks; empty when it may be sent.
    fn violations(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        self.validate_at("", &mut out);
        out
    }
}

/// A request body that is one value (a list, a string) with the checks the spec states for it:
/// what a generated method sends where no request type checks itself.
#[doc(hidden)]
pub struct Checked<'r, T> {
    value: &'r T,
    check: fn(&T, &mut Vec<Violation>),
}

impl<'r, T> Checked<'r, T> {
    /// `value`, checked by `check`.
    pub fn new(value: &'r T, check: fn(&T, &mut Vec<Violation>)) -> Self {
        Checked { value, check }
    }
}

impl<T: serde::Serialize> serde::Serialize for Checked<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T> Validate for Checked<'_, T> {
    fn validate_at(&self, _path: &str, out: &mut Vec<Violation>) {
        (self.check)(self.value, out);
    }
}

macro_rules! no_rules {
    ($($t:ty),*) => { $(impl Validate for $t {})* };
}
no_rules!(
    (),
    String,
    bool,
    i64,
    f64,
    crate::Timestamp,
    crate::File,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>
);

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(path, out);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&format!("{path}[{i}]"), out);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate_at(&rules::field(path, key), out);
        }
    }
}

/// The value of a field, however the generated type holds it (`T`, `Option<T>`, the
/// `Option<Option<T>>` of a nullable field of a request): `None` when there is none to check.
pub trait Present<T> {
    /// The value, if there is one.
    fn present(&self) -> Option<&T>;
}

impl<T> Present<T> for T {
    fn present(&self) -> Option<&T> {
        Some(self)
    }
}

impl<T> Present<T> for Option<T> {
    fn present(&self) -> Option<&T> {
        self.as_ref()
    }
}

impl<T> Present<T> for Option<Option<T>> {
    fn present(&self) -> Option<&T> {
        self.as_ref().and_then(Option::as_ref)
    }
}

/// The checks generated code calls, one per kind of rule; each adds what is broken to `out`.
#[doc(hidden)]
pub mod rules {
    use super::Violation;

    /// `path.name` (or `name` at the top).
    pub fn field(path: &str, name: &str) -> String {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    }

    fn broken(out: &mut Vec<Violation>, path: &str, rule: String) {
        out.push(Violation {
            path: path.to_owned(),
            rule,
        });
    }

    /// `minLength` / `maxLength`, in characters.
    pub fn length(
        path: &str,
        value: Option<&str>,
        min: Option<u64>,
        max: Option<u64>,
        out: &mut Vec<Violation>,
    ) {
        let Some(value) = value else { return };
        let n = value.chars().count() as u64;
        if let Some(min) = min.filter(|&m| n < m) {
            broken(out, path, format!("at least {min} characters (has {n})"));
        }
        if let Some(max) = max.filter(|&m| n > m) {
            broken(out, path, format!("at most {max} characters (has {n})"));
        }
    }

    /// `minimum` / `maximum`, each with whether the bound itself is excluded.
    pub fn range(
        path: &str,
        value: Option<f64>,
        min: Option<(f64, bool)>,
        max: Option<(f64, bool)>,
        out: &mut Vec<Violation>,
    ) {
        let Some(v) = value else { return };
        if let Some((m, exclusive)) = min {
            if v < m || (exclusive && v == m) {
                let word = if exclusive { "more than" } else { "at least" };
                broken(out, path, format!("{word} {m} (is {v})"));
            }
        }
        if let Some((m, exclusive)) = max {
            if v > m || (exclusive && v == m) {
                let word = if exclusive { "less than" } else { "at most" };
                broken(out, path, format!("{word} {m} (is {v})"));
            }
        }
    }

    /// `minItems` / `maxItems`, and for maps the number of keys.
    pub fn count(
        path: &str,
        len: Option<usize>,
        min: Option<u64>,
        max: Option<u64>,
        what: &str,
        out: &mut Vec<Violation>,
    ) {
        let Some(n) = len.map(|n| n as u64) else {
            return;
        };
        if let Some(min) = min.filter(|&m| n < m) {
            broken(out, path, format!("at least {min} {what} (has {n})"));
        }
        if let Some(max) = max.filter(|&m| n > m) {
            broken(out, path, format!("at most {max} {what} (has {n})"));
        }
    }

    /// The length of each key of a map, in characters.
    pub fn key_length<'k>(
        path: &str,
        keys: Option<impl Iterator<Item = &'k String>>,
        max: u64,
        out: &mut Vec<Violation>,
    ) {
        for key in keys.into_iter().flatten() {
            let n = key.chars().count() as u64;
            if n > max {
                broken(
                    out,
                    &field(path, key),
                    format!("a key of at most {max} characters (has {n})"),
                );
            }
        }
    }

    /// `pattern`: the value must match the regular expression somewhere (as JSON Schema says:
    /// unanchored unless the pattern anchors itself).
    pub fn pattern(path: &str, value: Option<&str>, pattern: &str, out: &mut Vec<Violation>) {
        let Some(value) = value else { return };
        match regex_lite::Regex::new(pattern) {
            Ok(re) if !re.is_match(value) => {
                broken(out, path, format!("must match the pattern `{pattern}`"));
            }
            // A pattern this engine cannot read is the server's to check.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rules::*;
    use super::*;

    #[test]
    fn each_rule_names_the_path_and_what_is_broken() {
        let mut out = Vec::new();
        length(
            "name",
            Some("é".repeat(5).as_str()),
            Some(1),
            Some(4),
            &mut out,
        );
        length("name", Some(""), Some(1), None, &mut out);
        length("absent", None, Some(1), None, &mut out);
        range(
            "limit",
            Some(0.0),
            Some((0.0, true)),
            Some((10.0, false)),
            &mut out,
        );
        range(
            "limit",
            Some(11.0),
            Some((0.0, true)),
            Some((10.0, false)),
            &mut out,
        );
        count("ids", Some(0), Some(1), None, "items", &mut out);
        key_length("m", Some(["k".repeat(41)].iter()), 40, &mut out);
        pattern("code", Some("12a"), r"^\d+$", &mut out);
        pattern("code", Some("123"), r"^\d+$", &mut out);
        let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "`name`: at most 4 characters (has 5)",
                "`name`: at least 1 characters (has 0)",
                "`limit`: more than 0 (is 0)",
                "`limit`: at most 10 (is 11)",
                "`ids`: at least 1 items (has 0)",
                &format!(
                    "`m.{}`: a key of at most 40 characters (has 41)",
                    "k".repeat(41)
                ),
                "`code`: must match the pattern `^\\d+$`",
            ]
        );
    }

    #[test]
    fn containers_pass_their_paths_down() {
        struct Named(String);
        impl Validate for Named {
            fn validate_at(&self, path: &str, out: &mut Vec<Violation>) {
                length(&field(path, "name"), Some(&self.0), None, Some(2), out);
            }
        }
        let list = vec![Named("ok".into()), Named("long".into())];
        assert_eq!(list.violations()[0].path, "[1].name");
        let map = BTreeMap::from([("a".to_owned(), Some(Named("long".into())))]);
        assert_eq!(map.violations()[0].path, "a.name");
        let nested: Option<Option<String>> = Some(None);
        assert_eq!(Present::<String>::present(&nested), None);
    }
}
