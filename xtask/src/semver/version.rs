//! The crate's version (`seam-sdk/Cargo.toml`), the one a report asks the next release to
//! take, and which deprecated aliases a breaking release may retire.
//!
//! Below 1.0 a breaking change raises the minor version and anything else the patch; from 1.0
//! on, breaking raises the major, additive the minor, anything else the patch (Cargo's semver).

use std::fmt;
use std::path::Path;

use crate::codegen_command::SDK_MANIFEST;
use crate::DynError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Version {
    pub(crate) major: u64,
    pub(crate) minor: u64,
    pub(crate) patch: u64,
}

impl Version {
    /// `0.2.1` (a pre-release or build suffix is not ours to read).
    pub(crate) fn parse(text: &str) -> Option<Version> {
        let core = text.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let version = Version {
            major: parts.next()??,
            minor: parts.next()??,
            patch: parts.next()??,
        };
        parts.next().is_none().then_some(version)
    }

    /// The version of `seam-sdk`, from the `[package]` table of its manifest.
    pub(crate) fn of_sdk(root: &Path) -> Result<Version, DynError> {
        let path = root.join(SDK_MANIFEST);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        let mut in_package = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                in_package = line == "[package]";
            } else if let (true, Some(value)) = (in_package, line.strip_prefix("version")) {
                let value = value
                    .trim_start()
                    .trim_start_matches('=')
                    .trim()
                    .trim_matches('"');
                return Version::parse(value)
                    .ok_or_else(|| format!("{SDK_MANIFEST}: `{value}` is not a version").into());
            }
        }
        Err(format!("{SDK_MANIFEST}: no version in [package]").into())
    }

    /// The next release's version after changes that are `breaking` or `additive`.
    pub(crate) fn next(self, breaking: bool, additive: bool) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match (major, breaking, additive) {
            (0, true, _) => Version::new(0, minor + 1, 0),
            (0, false, _) => Version::new(0, minor, patch + 1),
            (_, true, _) => Version::new(major + 1, 0, 0),
            (_, false, true) => Version::new(major, minor + 1, 0),
            (_, false, false) => Version::new(major, minor, patch + 1),
        }
    }

    /// Why [`Version::next`] chose what it chose, in words.
    pub(crate) fn reason(breaking: bool, additive: bool) -> &'static str {
        match (breaking, additive) {
            (true, _) => "breaking changes",
            (false, true) => "additions only",
            (false, false) => "no addition or breaking change",
        }
    }

    /// Whether an alias made after release `since` has shipped in a release whose breaking
    /// line is older than this version's, so a breaking release from here may retire it: made
    /// after 0.1.x, it shipped in 0.2.0 at the latest, and goes in 0.3.0 (prepared at 0.2.x).
    pub(crate) fn may_retire(self, since: &str) -> bool {
        Version::parse(since).is_some_and(|since| since.breaking_line() < self.breaking_line())
    }

    /// What a breaking change raises: `(0, minor)` below 1.0, `(major, 0)` after.
    fn breaking_line(self) -> (u64, u64) {
        match self.major {
            0 => (0, self.minor),
            major => (major, 0),
        }
    }

    fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::Version;

    fn v(text: &str) -> Version {
        Version::parse(text).expect(text)
    }

    #[test]
    fn below_one_breaking_raises_the_minor_and_the_rest_the_patch() {
        assert_eq!(v("0.1.0").next(true, true).to_string(), "0.2.0");
        assert_eq!(v("0.1.3").next(false, true).to_string(), "0.1.4");
        assert_eq!(v("0.1.3").next(false, false).to_string(), "0.1.4");
        assert_eq!(v("1.4.2").next(true, false).to_string(), "2.0.0");
        assert_eq!(v("1.4.2").next(false, true).to_string(), "1.5.0");
        assert_eq!(v("1.4.2").next(false, false).to_string(), "1.4.3");
    }

    #[test]
    fn an_alias_retires_only_after_a_release_has_shipped_it() {
        assert!(!v("0.1.0").may_retire("0.1.0"));
        assert!(!v("0.1.5").may_retire("0.1.0"));
        assert!(v("0.2.0").may_retire("0.1.0"));
        assert!(v("0.2.3").may_retire("0.1.4"));
        assert!(!v("1.3.0").may_retire("1.0.0"));
        assert!(v("2.0.0").may_retire("1.9.0"));
        assert!(!v("0.2.0").may_retire("not a version"));
        assert_eq!(Version::parse("0.1"), None);
        assert_eq!(Version::parse("0.1.0-rc.1"), Some(v("0.1.0")));
    }
}
