//! `cargo xtask codegen [--check]`: runs the generator on `spec/openapi.json` and makes
//! `seam-sdk/src/generated/` and the generated `[features]` block of `seam-sdk/Cargo.toml`
//! match its output, or in check mode reports every difference.
//!
//! Beside the code it writes `api.json`, the generator's listing of the public API, and after
//! writing it prints what changed in that API against the committed listing, breaking or
//! additive (`semver.rs`); `--changelog` records that under Unreleased in `CHANGELOG.md`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::ensure::{ensure_file_contents, normalize_newlines, with_path, Ensured};
use crate::{display_path, semver, DynError};

/// The spec the SDK is generated from, relative to the repository root.
pub(crate) const SPEC: &str = "spec/openapi.json";
/// The folder only codegen writes, relative to the repository root.
pub(crate) const GENERATED_DIR: &str = "seam-sdk/src/generated";
/// The folder of generated test modules (`route_calls.rs`), relative to the repository root.
pub(crate) const GENERATED_TESTS_DIR: &str = "seam-sdk/tests/generated";
/// The manifest holding the generated `[features]` block, relative to the repository root.
pub(crate) const SDK_MANIFEST: &str = "seam-sdk/Cargo.toml";
const FEATURES_BEGIN: &str = "# BEGIN GENERATED FEATURES";
const FEATURES_END: &str = "# END GENERATED FEATURES";

/// What one run did, or in check mode found.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Generated files (not counting `Cargo.toml`).
    pub(crate) files: usize,
    /// Lines in all generated files.
    pub(crate) lines: usize,
    /// Generated files written, new or changed.
    pub(crate) written: usize,
    /// Generated files already up to date.
    pub(crate) unchanged: usize,
    /// Whether the `[features]` block of `seam-sdk/Cargo.toml` was rewritten.
    pub(crate) features_written: bool,
    /// Generated files deleted because the generator no longer produces them.
    pub(crate) removed: Vec<String>,
    /// Check mode: what is not up to date.
    pub(crate) problems: Vec<Problem>,
}

/// One way the committed files differ from the generator's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The file differs; `diff` is an excerpt, committed → generated.
    OutOfDate { path: String, diff: String },
    /// The generator produces this file, but it is not there.
    Missing { path: String },
    /// The file is in the generated folder, but the generator no longer produces it.
    Stale { path: String },
}

impl Report {
    /// The message check mode fails with: every problem, then what to do.
    pub(crate) fn problem_summary(&self) -> String {
        let mut out = format!(
            "generated code is not up to date ({} {}):\n",
            self.problems.len(),
            if self.problems.len() == 1 {
                "file"
            } else {
                "files"
            }
        );
        for problem in &self.problems {
            match problem {
                Problem::OutOfDate { path, diff } => {
                    let _ = writeln!(out, "  {path} was not up to date:");
                    for line in diff.lines() {
                        let _ = writeln!(out, "      {line}");
                    }
                }
                Problem::Missing { path } => {
                    let _ = writeln!(out, "  {path} is missing");
                }
                Problem::Stale { path } => {
                    let _ = writeln!(out, "  {path} is no longer generated and should be removed");
                }
            }
        }
        out.push_str("run `cargo xtask codegen` and commit");
        out
    }
}

/// How many generator warnings are printed without `--verbose`.
const WARNINGS_SHOWN: usize = 5;

/// The flags of `cargo xtask codegen`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// Compare only; fail if anything differs.
    pub(crate) check: bool,
    /// Print every warning, and every change of the API report.
    pub(crate) verbose: bool,
    /// Record the API report under Unreleased in `CHANGELOG.md`.
    pub(crate) changelog: bool,
    /// Drop every deprecated alias the memory keeps (for a breaking release).
    pub(crate) retire_aliases: bool,
}

impl Options {
    pub(crate) fn parse(flags: &[&str]) -> Result<Options, DynError> {
        let mut options = Options::default();
        for flag in flags {
            match *flag {
                "--check" => options.check = true,
                "--verbose" | "-v" => options.verbose = true,
                "--changelog" => options.changelog = true,
                "--retire-aliases" => options.retire_aliases = true,
                other => return Err(format!("unknown flag for `codegen`: {other}").into()),
            }
        }
        if options.check && options.retire_aliases {
            return Err(
                "`--retire-aliases` rewrites the generated code; it does not go with `--check`"
                    .into(),
            );
        }
        if options.check && options.changelog {
            return Err("`--changelog` writes CHANGELOG.md; it does not go with `--check`".into());
        }
        Ok(options)
    }
}

/// The command: generate, write or compare, print warnings, timing and a summary.
pub(crate) fn command(root: &Path, options: Options) -> Result<(), DynError> {
    let Options {
        check,
        verbose,
        changelog,
        retire_aliases,
    } = options;
    let started = Instant::now();
    let mut memory = semver::memory(root)?;
    if retire_aliases {
        retire(&mut memory, semver::Version::of_sdk(root)?);
    }
    let generated = codegen::generate_from_path_with(&root.join(SPEC), &memory)?;
    let generate_time = started.elapsed();
    let shown = if verbose { usize::MAX } else { WARNINGS_SHOWN };
    for warning in generated.warnings.iter().take(shown) {
        eprintln!("warning: {warning}");
    }
    if generated.warnings.len() > shown {
        eprintln!(
            "warning: … and {} more (`cargo xtask codegen --verbose` lists them all)",
            generated.warnings.len() - shown
        );
    }

    // Read before writing: without a committed listing, the one on disk is the old side.
    let baseline = if check { None } else { semver::baseline(root) };
    let started = Instant::now();
    let report = sync(root, &generated, check)?;
    let sync_time = started.elapsed();

    let timing = format!(
        "generate {:.2} s, {} {:.2} s",
        generate_time.as_secs_f64(),
        if check { "compare" } else { "write" },
        sync_time.as_secs_f64()
    );
    let warnings = match generated.warnings.len() {
        0 => String::new(),
        n => format!(", {n} warnings"),
    };
    if check {
        if !report.problems.is_empty() {
            println!(
                "codegen --check: {} files, {} lines; {} not up to date{warnings} ({timing})",
                report.files,
                report.lines,
                report.problems.len(),
            );
            return Err(report.problem_summary().into());
        }
        println!(
            "codegen --check: up to date: {} files, {} lines{warnings} ({timing})",
            report.files, report.lines,
        );
    } else {
        println!(
            "codegen: {} files, {} lines: {} written, {} unchanged, {} removed; \
             Cargo.toml features {}{warnings} ({timing})",
            report.files,
            report.lines,
            report.written,
            report.unchanged,
            report.removed.len(),
            if report.features_written {
                "written"
            } else {
                "unchanged"
            },
        );
        for path in &report.removed {
            println!("  removed {path}");
        }
        let api = semver::print_report(baseline.as_ref(), &generated.surface, verbose);
        let current = semver::Version::of_sdk(root)?;
        if let Some(api) = api.as_ref().filter(|api| !api.is_empty()) {
            println!("{}", api.next_version_line(current));
        }
        if changelog {
            record(root, api.as_ref(), current)?;
        }
    }
    Ok(())
}

/// `--retire-aliases`: forgets the aliases a release has shipped (see
/// [`semver::Version::may_retire`]), so this generation drops them; says which go and stay.
fn retire(memory: &mut codegen::Memory, version: semver::Version) {
    let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut memory.aliases)
        .into_iter()
        .partition(|a| version.may_retire(&a.since));
    println!(
        "--retire-aliases at {version}: {} aliases retired, {} kept (too recent: not yet in a release)",
        gone.len(),
        kept.len()
    );
    memory.aliases = kept;
}

/// `--changelog`: merges the API report into `CHANGELOG.md`.
fn record(
    root: &Path,
    api: Option<&semver::Report>,
    current: semver::Version,
) -> Result<(), DynError> {
    let changelog = semver::CHANGELOG;
    match api {
        Some(api) if !api.is_empty() => {
            let added = semver::write_changelog(root, api, current)?;
            println!("{changelog}: {added} new entries under Unreleased");
        }
        _ => println!("{changelog}: no API change to record"),
    }
    Ok(())
}

/// Makes the generated folder and the features block match `generated` (or, in check mode,
/// reports how they differ). Nothing is written in check mode.
pub(crate) fn sync(
    root: &Path,
    generated: &codegen::Generated,
    check: bool,
) -> Result<Report, DynError> {
    let mut report = Report::default();
    // The API listing is the committed old side of the next report (`semver.rs`).
    let mut files = generated.files.clone();
    files.insert(semver::LISTING.to_owned(), generated.surface.to_json());
    let outputs = [
        (GENERATED_DIR, &files),
        (GENERATED_TESTS_DIR, &generated.test_files),
    ];
    for (dir, files) in outputs {
        let dir = root.join(dir);
        for (relative, contents) in files {
            let path = dir.join(checked_relative_path(relative)?);
            let outcome = ensure_file_contents(&path, contents, check)?;
            match outcome {
                Ensured::Unchanged => report.unchanged += 1,
                Ensured::Updated | Ensured::Created => report.written += 1,
                _ => {}
            }
            report.record_problem(display_path(root, &path), outcome);
            report.files += 1;
            report.lines += contents.lines().count();
        }
    }

    let manifest = root.join(SDK_MANIFEST);
    let text = fs::read_to_string(&manifest).map_err(|e| with_path(e, "reading", &manifest))?;
    let updated = replace_block(
        &text,
        FEATURES_BEGIN,
        FEATURES_END,
        &generated.cargo_features,
    )
    .map_err(|message| format!("{}: {message}", display_path(root, &manifest)))?;
    let outcome = ensure_file_contents(&manifest, &updated, check)?;
    report.features_written = matches!(outcome, Ensured::Updated | Ensured::Created);
    report.record_problem(display_path(root, &manifest), outcome);

    for (dir, files) in outputs {
        let dir = root.join(dir);
        for relative in stale_files(&dir, files.keys().map(String::as_str))? {
            let path = dir.join(&relative);
            let shown = display_path(root, &path);
            if check {
                report.problems.push(Problem::Stale { path: shown });
            } else {
                fs::remove_file(&path).map_err(|e| with_path(e, "removing", &path))?;
                remove_empty_parents(&path, &dir);
                report.removed.push(shown);
            }
        }
    }
    Ok(report)
}

impl Report {
    fn record_problem(&mut self, path: String, outcome: Ensured) {
        match outcome {
            Ensured::OutOfDate { diff } => self.problems.push(Problem::OutOfDate { path, diff }),
            Ensured::Missing => self.problems.push(Problem::Missing { path }),
            Ensured::Unchanged | Ensured::Updated | Ensured::Created => {}
        }
    }
}

/// A generated file's key as a relative path, refusing anything that would leave the folder.
fn checked_relative_path(relative: &str) -> Result<PathBuf, DynError> {
    let parts: Vec<&str> = relative.split('/').collect();
    let bad = relative.is_empty()
        || relative.contains('\\')
        || parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == "..");
    if bad {
        return Err(format!("the generator returned a bad file path: {relative:?}").into());
    }
    Ok(parts.iter().collect())
}

/// Files under `dir` (as `/`-separated relative paths, sorted) that are not in `produced`.
/// A missing `dir` has none.
pub(crate) fn stale_files<'a>(
    dir: &Path,
    produced: impl IntoIterator<Item = &'a str>,
) -> io::Result<Vec<String>> {
    let produced: BTreeSet<&str> = produced.into_iter().collect();
    let mut existing = Vec::new();
    if dir.exists() {
        collect_files(dir, "", &mut existing)?;
    }
    existing.sort();
    Ok(existing
        .into_iter()
        .filter(|file| !produced.contains(file.as_str()))
        .collect())
}

fn collect_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| with_path(e, "listing", dir))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        if entry.file_type()?.is_dir() {
            collect_files(&entry.path(), &format!("{relative}/"), out)?;
        } else {
            out.push(relative);
        }
    }
    Ok(())
}

/// Removes the folders between `file` and `top` (exclusive) that are now empty.
fn remove_empty_parents(file: &Path, top: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        // `remove_dir` fails on a non-empty folder, which is where we stop.
        if current == top || !current.starts_with(top) || fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

/// `text` with the lines between the `begin` and `end` marker lines replaced by `body`.
///
/// The markers stay. Line endings become `\n`; `body` gets a final newline if it lacks one.
pub(crate) fn replace_block(
    text: &str,
    begin: &str,
    end: &str,
    body: &str,
) -> Result<String, String> {
    let text = normalize_newlines(text);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let find = |marker: &str, from: usize| {
        lines[from..]
            .iter()
            .position(|line| line.trim() == marker)
            .map(|i| i + from)
    };
    let begin_at = find(begin, 0).ok_or_else(|| format!("no `{begin}` line"))?;
    let end_at =
        find(end, begin_at + 1).ok_or_else(|| format!("no `{end}` line after `{begin}`"))?;
    if find(begin, begin_at + 1).is_some() {
        return Err(format!("more than one `{begin}` line"));
    }

    let mut out: String = lines[..=begin_at].concat();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let body = normalize_newlines(body);
    let body = body.trim_end_matches('\n');
    if !body.is_empty() {
        out.push_str(body);
        out.push('\n');
    }
    out.push_str(&lines[end_at..].concat());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::test_dir::TestDir;

    /// `cargo test` fails when the committed generated code is stale, like `codegen --check`.
    #[test]
    fn generated_code_is_up_to_date() {
        let root = crate::repo_root();
        let memory = semver::memory(&root).expect("the memory of names");
        let generated = codegen::generate_from_path_with(&root.join(SPEC), &memory)
            .unwrap_or_else(|error| panic!("codegen failed: {error}"));
        let report = sync(&root, &generated, true).expect("comparing generated files");
        assert!(report.problems.is_empty(), "{}", report.problem_summary());
    }

    const MANIFEST: &str = "[package]\nname = \"seam-sdk\"\n\n[features]\ndefault = []\n\
        # BEGIN GENERATED FEATURES\nold = []\n# END GENERATED FEATURES\nextra = []\n";

    fn generated(files: &[(&str, &str)], features: &str) -> codegen::Generated {
        codegen::Generated {
            files: files
                .iter()
                .map(|(path, contents)| (path.to_string(), contents.to_string()))
                .collect::<BTreeMap<_, _>>(),
            test_files: BTreeMap::new(),
            cargo_features: features.to_string(),
            warnings: Vec::new(),
            surface: Default::default(),
        }
    }

    fn fake_repo(name: &str) -> TestDir {
        let dir = TestDir::new(name);
        dir.write(SDK_MANIFEST, MANIFEST);
        dir.write(&format!("{GENERATED_DIR}/mod.rs"), "old mod\n");
        dir.write(&format!("{GENERATED_DIR}/types/gone.rs"), "gone\n");
        dir.write(&format!("{GENERATED_DIR}/types/same.rs"), "same\n");
        dir
    }

    #[test]
    fn parses_flags_in_any_order() {
        assert_eq!(Options::parse(&[]).unwrap(), Options::default());
        let both = Options {
            check: true,
            verbose: true,
            ..Options::default()
        };
        assert_eq!(Options::parse(&["--verbose", "--check"]).unwrap(), both);
        assert!(Options::parse(&["--chek"]).is_err());
        let changelog = Options::parse(&["--changelog"]).unwrap();
        assert!(changelog.changelog && !changelog.check);
        assert!(Options::parse(&["--check", "--changelog"]).is_err());
        assert!(
            Options::parse(&["--retire-aliases"])
                .unwrap()
                .retire_aliases
        );
        assert!(Options::parse(&["--check", "--retire-aliases"]).is_err());
    }

    #[test]
    fn replaces_only_the_lines_between_the_markers() {
        let out = replace_block(
            MANIFEST,
            FEATURES_BEGIN,
            FEATURES_END,
            "a = []\nb = [\"a\"]",
        )
        .unwrap();
        assert_eq!(
            out,
            "[package]\nname = \"seam-sdk\"\n\n[features]\ndefault = []\n\
             # BEGIN GENERATED FEATURES\na = []\nb = [\"a\"]\n# END GENERATED FEATURES\nextra = []\n"
        );
        let emptied = replace_block(&out, FEATURES_BEGIN, FEATURES_END, "").unwrap();
        assert!(emptied.contains("# BEGIN GENERATED FEATURES\n# END GENERATED FEATURES\n"));
    }

    #[test]
    fn refuses_missing_or_repeated_markers() {
        let no_end = "# BEGIN GENERATED FEATURES\n";
        assert!(replace_block(no_end, FEATURES_BEGIN, FEATURES_END, "").is_err());
        let end_first = "# END GENERATED FEATURES\n# BEGIN GENERATED FEATURES\n";
        assert!(replace_block(end_first, FEATURES_BEGIN, FEATURES_END, "").is_err());
        let twice = format!("{FEATURES_BEGIN}\n{FEATURES_END}\n{FEATURES_BEGIN}\n{FEATURES_END}\n");
        assert!(replace_block(&twice, FEATURES_BEGIN, FEATURES_END, "").is_err());
    }

    #[test]
    fn finds_stale_files_sorted_and_relative() {
        let dir = fake_repo("stale");
        let generated_dir = dir.path().join(GENERATED_DIR);
        let stale = stale_files(&generated_dir, ["mod.rs"]).unwrap();
        assert_eq!(stale, ["types/gone.rs", "types/same.rs"]);
        assert!(stale_files(&dir.path().join("nowhere"), [])
            .unwrap()
            .is_empty());
    }

    #[test]
    fn check_mode_reports_every_difference_and_writes_nothing() {
        let dir = fake_repo("check");
        let wanted = generated(
            &[
                ("mod.rs", "new mod\n"),
                ("types/same.rs", "same\n"),
                ("types/new.rs", "new\n"),
            ],
            "a = []\n",
        );
        let report = sync(dir.path(), &wanted, true).unwrap();
        let paths: Vec<(&str, &str)> = report
            .problems
            .iter()
            .map(|p| match p {
                Problem::OutOfDate { path, .. } => ("out of date", path.as_str()),
                Problem::Missing { path } => ("missing", path.as_str()),
                Problem::Stale { path } => ("stale", path.as_str()),
            })
            .collect();
        assert_eq!(
            paths,
            [
                ("missing", "seam-sdk/src/generated/api.json"),
                ("out of date", "seam-sdk/src/generated/mod.rs"),
                ("missing", "seam-sdk/src/generated/types/new.rs"),
                ("out of date", "seam-sdk/Cargo.toml"),
                ("stale", "seam-sdk/src/generated/types/gone.rs"),
            ]
        );
        assert_eq!((report.unchanged, report.written), (1, 0));
        let summary = report.problem_summary();
        assert!(
            summary.contains("      -old mod\n      +new mod\n"),
            "{summary}"
        );
        assert!(
            summary.ends_with("run `cargo xtask codegen` and commit"),
            "{summary}"
        );
        // Nothing changed on disk.
        assert_eq!(dir.read(SDK_MANIFEST), MANIFEST);
        assert_eq!(dir.read(&format!("{GENERATED_DIR}/mod.rs")), "old mod\n");
        assert!(dir
            .path()
            .join(GENERATED_DIR)
            .join("types/gone.rs")
            .exists());
    }

    #[test]
    fn write_mode_writes_removes_and_is_then_up_to_date() {
        let dir = fake_repo("write");
        dir.write(&format!("{GENERATED_DIR}/old_group/only.rs"), "x\n");
        let wanted = generated(
            &[
                ("mod.rs", "new mod\n"),
                ("types/same.rs", "same\n"),
                ("types/new.rs", "new\n"),
            ],
            "a = []\n",
        );
        let report = sync(dir.path(), &wanted, false).unwrap();
        assert!(report.problems.is_empty());
        // The three files, and the API listing (of no API: six lines).
        assert_eq!((report.files, report.lines), (4, 9));
        assert_eq!((report.written, report.unchanged), (3, 1));
        assert_eq!(
            dir.read(&format!("{GENERATED_DIR}/{}", semver::LISTING)),
            codegen::surface::Surface::default().to_json()
        );
        assert!(report.features_written);
        assert_eq!(
            report.removed,
            [
                "seam-sdk/src/generated/old_group/only.rs",
                "seam-sdk/src/generated/types/gone.rs"
            ]
        );
        assert!(!dir.path().join(GENERATED_DIR).join("old_group").exists());
        assert!(dir
            .read(SDK_MANIFEST)
            .contains(&format!("{FEATURES_BEGIN}\na = []\n{FEATURES_END}")));

        let again = sync(dir.path(), &wanted, true).unwrap();
        assert!(again.problems.is_empty(), "{}", again.problem_summary());
        assert_eq!((again.unchanged, again.features_written), (4, false));
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        for bad in ["", "/abs.rs", "../x.rs", "a//b.rs", "a/./b.rs", "a\\b.rs"] {
            assert!(checked_relative_path(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            checked_relative_path("a/b.rs").unwrap(),
            Path::new("a").join("b.rs")
        );
    }
}
