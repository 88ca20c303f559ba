//! `CHANGELOG.md`, in the Keep a Changelog style: `cargo xtask codegen --changelog` merges a
//! report under `## [Unreleased]`, each class under its own `### Breaking` / `### Added` /
//! `### Changed` heading. Items already there are not written twice, so running it again (or
//! after `spec update` and `codegen`, which report against the same committed listing) adds
//! nothing; everything else in the file is kept as it is. The section's first line names the
//! version the release takes, from the crate's current one and the headings the section
//! holds ([`Version::next`]).

use std::fs;
use std::io;
use std::path::Path;

use super::render::CLASSES;
use super::{Class, Report, Version};
use crate::ensure::{ensure_file_contents, normalize_newlines, with_path};
use crate::DynError;

/// The changelog, relative to the repository root.
pub(crate) const CHANGELOG: &str = "CHANGELOG.md";

/// A new changelog: the preamble and an empty Unreleased section.
const NEW_CHANGELOG: &str = "\
# Changelog

Notable changes to `seam-sdk`, in the format of
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/). The crate follows
[Semantic Versioning](https://semver.org/spec/v2.0.0.html): a release with an entry under
**Breaking** raises the major version (the minor one before 1.0).

`cargo xtask codegen --changelog` adds what a regeneration changes in the generated API under
Unreleased; reword or regroup entries freely, an entry already there is not added again.

## [Unreleased]
";

/// Merges `report` into the changelog at the root (created if missing), for a crate now at
/// `current`; returns how many items were new.
pub(crate) fn write_changelog(
    root: &Path,
    report: &Report,
    current: Version,
) -> Result<usize, DynError> {
    let path = root.join(CHANGELOG);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => NEW_CHANGELOG.to_owned(),
        Err(e) => return Err(with_path(e, "reading", &path).into()),
    };
    let (merged, added) = merge(&text, report, current);
    ensure_file_contents(&path, &merged, false)?;
    Ok(added)
}

/// The line of the Unreleased section that names the next version.
const NEXT: &str = "Next version: ";

/// `text` with the report's items under `## [Unreleased]` (added above the first release when
/// missing), and how many of them were not there yet.
pub(crate) fn merge(text: &str, report: &Report, current: Version) -> (String, usize) {
    let mut lines: Vec<String> = normalize_newlines(text).lines().map(String::from).collect();
    let is_release = |l: &str| l.starts_with("## ");
    let start = match lines
        .iter()
        .position(|l| is_release(l) && l.to_ascii_lowercase().contains("[unreleased]"))
    {
        Some(at) => at,
        None => {
            let mut at = lines
                .iter()
                .position(|l| is_release(l))
                .unwrap_or(lines.len());
            if at > 0 && !lines[at - 1].trim().is_empty() {
                lines.insert(at, String::new());
                at += 1;
            }
            let mut unreleased = vec!["## [Unreleased]".to_owned()];
            if at < lines.len() {
                unreleased.push(String::new());
            }
            lines.splice(at..at, unreleased);
            at
        }
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| is_release(l))
        .map_or(lines.len(), |i| start + 1 + i);

    // The section: what precedes its first `###` heading, then each heading and its lines.
    let mut preamble: Vec<String> = Vec::new();
    let mut subsections: Vec<(String, Vec<String>)> = Vec::new();
    for line in &lines[start + 1..end] {
        if line.starts_with("### ") {
            subsections.push((line.clone(), Vec::new()));
        } else if let Some((_, body)) = subsections.last_mut() {
            body.push(line.clone());
        } else {
            preamble.push(line.clone());
        }
    }

    let mut added = 0;
    for (rank, class) in CLASSES.iter().enumerate() {
        let items = report.items(*class);
        if items.is_empty() {
            continue;
        }
        let heading = format!("### {}", class.heading());
        let at = match subsections
            .iter()
            .position(|(h, _)| h.trim().eq_ignore_ascii_case(&heading))
        {
            Some(at) => at,
            None => {
                // Before the first heading of a later class (or any other heading).
                let at = subsections
                    .iter()
                    .position(|(h, _)| class_rank(h).map_or(true, |r| r > rank))
                    .unwrap_or(subsections.len());
                subsections.insert(at, (heading, Vec::new()));
                at
            }
        };
        let body = &mut subsections[at].1;
        trim_blank(body);
        for item in items {
            if !body.iter().any(|l| l.trim_end() == item) {
                body.push(item);
                added += 1;
            }
        }
    }

    // What the whole section holds decides the next version, not this report alone.
    let holds = |class: Class| {
        subsections.iter().any(|(h, body)| {
            class_rank(h) == CLASSES.iter().position(|c| *c == class)
                && body.iter().any(|l| l.starts_with("- "))
        })
    };
    let (breaking, additive) = (holds(Class::Breaking), holds(Class::Added));
    let next = current.next(breaking, additive);
    let why = Version::reason(breaking, additive);
    preamble.retain(|l| !l.starts_with(NEXT));
    trim_blank(&mut preamble);
    if !preamble.is_empty() {
        preamble.insert(0, String::new());
    }
    preamble.insert(0, format!("{NEXT}**{next}** (from {current}: {why})."));

    let mut section = vec![lines[start].clone()];
    trim_blank(&mut preamble);
    if !preamble.is_empty() {
        section.push(String::new());
        section.append(&mut preamble);
    }
    for (heading, mut body) in subsections {
        trim_blank(&mut body);
        section.push(String::new());
        section.push(heading);
        if !body.is_empty() {
            section.push(String::new());
            section.append(&mut body);
        }
    }
    if end < lines.len() {
        section.push(String::new());
    }
    lines.splice(start..end, section);
    let mut out = lines.join("\n");
    out.push('\n');
    (out, added)
}

/// The rank of a heading among [`CLASSES`], if it is one of theirs.
fn class_rank(heading: &str) -> Option<usize> {
    CLASSES.iter().position(|c| {
        heading
            .trim()
            .eq_ignore_ascii_case(&format!("### {}", c.heading()))
    })
}

/// Removes blank lines at both ends.
fn trim_blank(lines: &mut Vec<String>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let leading = lines.iter().take_while(|l| l.trim().is_empty()).count();
    lines.drain(..leading);
}
