//! The one place that writes generated output: [`ensure_file_contents`].

use std::fs;
use std::io;
use std::path::Path;

use crate::diff;

/// How many differing lines a stale file's diff excerpt shows.
const DIFF_EXCERPT_LINES: usize = 20;

/// What [`ensure_file_contents`] found, and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ensured {
    /// The file already held the contents (up to line endings).
    Unchanged,
    /// The file differed and was rewritten.
    Updated,
    /// The file did not exist and was written.
    Created,
    /// Check mode: the file differs. `diff` is a short unified-diff excerpt, file → expected.
    OutOfDate { diff: String },
    /// Check mode: the file does not exist.
    Missing,
}

/// Makes `path` hold `contents`, rust-analyzer style.
///
/// Line endings are normalised before comparing, so a checkout with CRLF endings is not stale.
/// Equal: nothing happens. Different or missing: in check mode the difference is reported
/// (never written); otherwise the file and its parent folders are written.
pub(crate) fn ensure_file_contents(
    path: &Path,
    contents: &str,
    check: bool,
) -> io::Result<Ensured> {
    let existing = match fs::read_to_string(path) {
        Ok(existing) => Some(existing),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(with_path(error, "reading", path)),
    };
    let expected = normalize_newlines(contents);
    if let Some(existing) = &existing {
        let existing = normalize_newlines(existing);
        if existing == expected {
            return Ok(Ensured::Unchanged);
        }
        if check {
            let diff = diff::unified_excerpt(&existing, &expected, DIFF_EXCERPT_LINES);
            return Ok(Ensured::OutOfDate { diff });
        }
    } else if check {
        return Ok(Ensured::Missing);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| with_path(e, "creating", parent))?;
    }
    fs::write(path, contents).map_err(|e| with_path(e, "writing", path))?;
    Ok(if existing.is_some() {
        Ensured::Updated
    } else {
        Ensured::Created
    })
}

/// `\r\n` (and a lone `\r`) become `\n`.
pub(crate) fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// An I/O error whose message names the file, since `io::Error` alone does not.
pub(crate) fn with_path(error: io::Error, doing: &str, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{doing} {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_dir::TestDir;

    #[test]
    fn writes_a_missing_file_and_its_folders() {
        let dir = TestDir::new("ensure-create");
        let path = dir.path().join("a/b/c.rs");
        assert_eq!(
            ensure_file_contents(&path, "x\n", false).unwrap(),
            Ensured::Created
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "x\n");
    }

    #[test]
    fn leaves_an_equal_file_alone_even_with_crlf_endings() {
        let dir = TestDir::new("ensure-equal");
        let path = dir.path().join("c.rs");
        fs::write(&path, "a\r\nb\r\n").unwrap();
        for check in [true, false] {
            assert_eq!(
                ensure_file_contents(&path, "a\nb\n", check).unwrap(),
                Ensured::Unchanged
            );
        }
        // Untouched: the CRLF endings are still there.
        assert_eq!(fs::read_to_string(&path).unwrap(), "a\r\nb\r\n");
    }

    #[test]
    fn rewrites_a_different_file() {
        let dir = TestDir::new("ensure-update");
        let path = dir.path().join("c.rs");
        fs::write(&path, "old\n").unwrap();
        assert_eq!(
            ensure_file_contents(&path, "new\n", false).unwrap(),
            Ensured::Updated
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
    }

    #[test]
    fn check_mode_reports_and_never_writes() {
        let dir = TestDir::new("ensure-check");
        let stale = dir.path().join("stale.rs");
        fs::write(&stale, "keep\nold\n").unwrap();
        let outcome = ensure_file_contents(&stale, "keep\nnew\n", true).unwrap();
        let Ensured::OutOfDate { diff } = &outcome else {
            panic!("expected OutOfDate, got {outcome:?}");
        };
        assert!(diff.contains("-old"), "{diff}");
        assert!(diff.contains("+new"), "{diff}");
        assert_eq!(fs::read_to_string(&stale).unwrap(), "keep\nold\n");

        let missing = dir.path().join("missing.rs");
        assert_eq!(
            ensure_file_contents(&missing, "x\n", true).unwrap(),
            Ensured::Missing
        );
        assert!(!missing.exists());
    }
}
