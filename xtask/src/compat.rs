//! `cargo xtask compat [name…]`: the generator on the specs Seam actually shipped.
//!
//! The published versions of `@seamapi/types` swept are the dependencies of
//! `fake-server/package.json` named `seam-types-<version>` (npm aliases, installed by
//! `npm ci --prefix fake-server`, which this command runs when they are missing). For each, in
//! order of version: Node writes the spec (the default export of the package's spec module, as
//! `spec update` does), the generator writes the SDK into a copy of the workspace, and clippy
//! checks the SDK with every feature and warnings denied. The generator must make compiling,
//! lint-free code of specs it was not tuned on.
//!
//! What keeps it cheap:
//! - one copy, in a temporary folder of this run, regenerated in place version after version,
//!   building into this workspace's target folder: dependencies are compiled once, and each
//!   version recompiles `seam-sdk` alone;
//! - `cargo clippy --lib`: type checking plus lints, without code generation; the tests, examples
//!   and doc tests of `seam-sdk` are written against the current spec, so they are not built.
//!
//! The copy's `seam-sdk` gets one extra, empty feature, [`COPY_FEATURE`]. Cargo files a
//! package's build by its path relative to the workspace root and its features, and tells fresh
//! from stale by file times: without the feature, the copy's build would land where this
//! checkout's `cargo clippy --all-features` keeps its own, and a later clippy here could take
//! the copy's result (from another spec) for its own.
//!
//! The sweep is also a regeneration walk: each version is generated with the memory of names
//! the one before it published (`codegen::memory`), as a maintainer regenerates release after
//! release, and then the vendored spec with the memory of the last. A step fails when the
//! report against the step before holds a breaking change caused by naming (a type of a
//! persisting place renamed with no alias); clippy compiles the aliases each step keeps.
//!
//! The vendored specs in `codegen/tests/specs/` are copies of two of these versions, kept for
//! the generator's own tests; they are not swept a second time.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use codegen::surface::Surface;

use crate::codegen_command::{sync, SDK_MANIFEST, SPEC};
use crate::ensure::with_path;
use crate::process::run;
use crate::scratch::Scratch;
use crate::semver::{self, Cause};
use crate::{fake_server, spec, DynError};

/// The prefix of the `fake-server/package.json` dependencies that are versions to sweep.
const VERSION_PREFIX: &str = "seam-types-";
/// The feature added to the copy's `seam-sdk` to keep its build apart from this checkout's.
const COPY_FEATURE: &str = "xtask-compat-copy";
/// Folders never copied: build output, installed packages, history.
const SKIP: &[&str] = &["target", "node_modules", ".git"];

/// Where one version's time went.
struct Timing {
    name: String,
    spec: Duration,
    generate: Duration,
    clippy: Duration,
    passed: bool,
}

pub(crate) fn command(root: &Path, only: &[&str]) -> Result<(), DynError> {
    let started = Instant::now();
    let all = published_versions(&fake_server::dependencies(root)?);
    let versions: Vec<&String> = all
        .iter()
        .filter(|name| only.is_empty() || only.iter().any(|o| name.contains(o)))
        .collect();
    if versions.is_empty() {
        return Err(format!(
            "no version in fake-server/package.json matches {only:?}; the versions are: {}",
            all.join(", ")
        )
        .into());
    }
    if let Some(took) = fake_server::ensure_installed(root)? {
        println!("npm ci --prefix fake-server: {:.1} s", took.as_secs_f64());
    }
    let target = crate::target_dir(root)?;

    let scratch = Scratch::new("compat")?;
    let copy = scratch.path().join("workspace");
    copy_tree(root, &copy)?;
    add_feature(&copy.join(SDK_MANIFEST), COPY_FEATURE)?;
    let spec_file = scratch.path().join("openapi.json");

    let mut timings = Vec::new();
    let mut failures = Vec::new();
    // The walk: what the step before published.
    let mut memory = codegen::Memory::default();
    let mut previous: Option<(String, Surface)> = None;
    for name in versions {
        let package = fake_server::package_dir(root, name);
        let mut step = Instant::now();
        let mut lap = || std::mem::replace(&mut step, Instant::now()).elapsed();

        spec::export_npm_spec(&package, &spec_file).map_err(|e| format!("{name}: {e}"))?;
        let spec_time = lap();
        let generated = match codegen::generate_from_path_with(&spec_file, &memory) {
            Ok(generated) => generated,
            Err(e) => {
                println!("{name}: FAILED: the generator refused it");
                failures.push(format!("{name}: the generator failed: {e}"));
                continue;
            }
        };
        if let Err(e) = walk_step(previous.as_ref(), name, &generated.surface) {
            failures.push(e);
        }
        memory = generated.surface.memory(name);
        previous = Some((name.clone(), generated.surface.clone()));
        let report = sync(&copy, &generated, false)?;
        let generate_time = lap();
        println!(
            "{name}: generated {} files, {} lines ({} rewritten), {} warnings; checking with clippy",
            report.files,
            report.lines,
            report.written,
            generated.warnings.len()
        );
        let result = run(crate::cargo()
            .args(["clippy", "--quiet", "--locked", "--package", "seam-sdk"])
            .args(["--all-features", "--lib", "--", "--deny", "warnings"])
            .current_dir(&copy)
            .env("CARGO_TARGET_DIR", &target));
        let timing = Timing {
            name: name.clone(),
            spec: spec_time,
            generate: generate_time,
            clippy: lap(),
            passed: result.is_ok(),
        };
        let total = timing.spec + timing.generate + timing.clippy;
        match result {
            Ok(()) => println!("{name}: ok ({:.1} s)", total.as_secs_f64()),
            Err(e) => {
                println!("{name}: FAILED ({:.1} s)", total.as_secs_f64());
                failures.push(format!(
                    "{name}: the SDK generated from it does not pass clippy: {e}"
                ));
            }
        }
        timings.push(timing);
    }
    if only.is_empty() {
        let vendored = "the vendored spec";
        match codegen::generate_from_path_with(&root.join(SPEC), &memory) {
            Ok(generated) => {
                if let Err(e) = walk_step(previous.as_ref(), vendored, &generated.surface) {
                    failures.push(e);
                }
            }
            Err(e) => failures.push(format!("{vendored}: the generator failed: {e}")),
        }
    }
    print_timings(&timings, started.elapsed());
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

/// One step of the walk: what `new` changes against the step before, and an error naming each
/// breaking change that naming caused.
fn walk_step(
    previous: Option<&(String, Surface)>,
    name: &str,
    new: &Surface,
) -> Result<(), String> {
    let Some((from, old)) = previous else {
        return Ok(());
    };
    let report = semver::compare(old, new);
    let naming = report.items_caused_by(Cause::Naming);
    println!(
        "{name}: against {from}: {}; {} aliases",
        report.summary(),
        new.aliases.len()
    );
    if naming.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{name}: {} breaking changes against {from} come from naming, with no alias:\n{}",
        naming.len(),
        naming.join("\n")
    ))
}

/// The dependency names that are published spec versions, in order of version.
fn published_versions(dependencies: &[String]) -> Vec<String> {
    let mut versions: Vec<String> = dependencies
        .iter()
        .filter(|name| name.starts_with(VERSION_PREFIX))
        .cloned()
        .collect();
    versions.sort_by_cached_key(|name| {
        let version = &name[VERSION_PREFIX.len()..];
        let numbers: Vec<u64> = version
            .split(['.', '-', '+'])
            .map_while(|part| part.parse().ok())
            .collect();
        (numbers, name.clone())
    });
    versions
}

fn print_timings(timings: &[Timing], total: Duration) {
    println!("\ncompat timings (s):");
    println!(
        "  {:<20} {:>6} {:>9} {:>7} {:>7}",
        "version", "spec", "generate", "clippy", "total"
    );
    for t in timings {
        println!(
            "  {:<20} {:>6.1} {:>9.1} {:>7.1} {:>7.1}{}",
            t.name,
            t.spec.as_secs_f64(),
            t.generate.as_secs_f64(),
            t.clippy.as_secs_f64(),
            (t.spec + t.generate + t.clippy).as_secs_f64(),
            if t.passed { "" } else { "  FAILED" }
        );
    }
    println!(
        "  {} versions, {:.1} s in all (with the copy and any install)",
        timings.len(),
        total.as_secs_f64()
    );
}

/// Adds an empty feature `name` to the `[features]` table of `manifest`: what keeps the build
/// of a copy of the workspace apart from this checkout's in one target folder.
pub(crate) fn add_feature(manifest: &Path, name: &str) -> Result<(), DynError> {
    let text = fs::read_to_string(manifest).map_err(|e| with_path(e, "reading", manifest))?;
    let text = with_feature(&text, name)
        .ok_or_else(|| format!("{}: no [features] table", manifest.display()))?;
    fs::write(manifest, text).map_err(|e| with_path(e, "writing", manifest))?;
    Ok(())
}

/// `manifest` with an empty feature `name` first in its `[features]` table.
fn with_feature(manifest: &str, name: &str) -> Option<String> {
    let header = manifest
        .lines()
        .position(|line| line.trim() == "[features]")?;
    let mut lines: Vec<&str> = manifest.lines().collect();
    let feature = format!("{name} = []");
    lines.insert(header + 1, &feature);
    Some(lines.join("\n") + "\n")
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), DynError> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if SKIP.iter().any(|s| name == *s) {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if entry.file_type()?.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            fs::copy(&src, &dst).map_err(|e| format!("copying {}: {e}", src.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{published_versions, with_feature};

    #[test]
    fn the_copy_feature_goes_first_in_the_features_table() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = []\n";
        assert_eq!(
            with_feature(manifest, "extra").unwrap(),
            "[package]\nname = \"x\"\n\n[features]\nextra = []\ndefault = []\n"
        );
        assert_eq!(with_feature("[package]\n", "extra"), None);
    }

    #[test]
    fn sweeps_the_seam_types_aliases_in_order_of_version() {
        let dependencies = [
            "@seamapi/fake-seam-connect",
            "seam-types-1.956.0",
            "seam-types-1.1000.0",
            "seam-types-1.405.0",
            "svix",
        ]
        .map(String::from);
        assert_eq!(
            published_versions(&dependencies),
            [
                "seam-types-1.405.0",
                "seam-types-1.956.0",
                "seam-types-1.1000.0"
            ]
        );
    }
}
