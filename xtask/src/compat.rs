//! `cargo xtask compat`: the generator on other versions of Seam's spec.
//!
//! For each spec in `codegen/tests/specs/` (published versions of `@seamapi/types`), copies the
//! workspace to a temporary folder, generates the SDK there from that spec, and runs clippy on
//! it with every feature and warnings denied: the generator must make compiling, lint-free code
//! of specs it was not tuned on. The build shares this workspace's target folder, so
//! dependencies are compiled once.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::codegen_command::sync;
use crate::process::run;
use crate::DynError;

/// Folders never copied: build output, installed packages, history.
const SKIP: &[&str] = &["target", "node_modules", ".git"];

pub(crate) fn command(root: &Path, only: &[&str]) -> Result<(), DynError> {
    let specs_dir = root.join("codegen/tests/specs");
    let mut specs: Vec<PathBuf> = fs::read_dir(&specs_dir)
        .map_err(|e| format!("{}: {e}", specs_dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .filter(|p| only.is_empty() || only.iter().any(|o| p.to_string_lossy().contains(o)))
        .collect();
    specs.sort();
    if specs.is_empty() {
        return Err(format!("no specs in {} match {only:?}", specs_dir.display()).into());
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    for spec in specs {
        let started = Instant::now();
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let generated = codegen::generate_from_path(&spec)?;
        let copy = std::env::temp_dir().join(format!("seam-compat-{name}"));
        let _ = fs::remove_dir_all(&copy);
        copy_tree(root, &copy)?;
        let report = sync(&copy, &generated, false)?;
        println!(
            "{name}: generated {} files, {} lines, {} warnings; checking with clippy",
            report.files,
            report.lines,
            generated.warnings.len()
        );
        let result = run(crate::cargo()
            .args([
                "clippy",
                "--quiet",
                "--package",
                "seam-sdk",
                "--all-features",
                "--lib",
                "--manifest-path",
            ])
            .arg(copy.join("Cargo.toml"))
            .args(["--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", &target));
        let _ = fs::remove_dir_all(&copy);
        result.map_err(|e| {
            format!(
                "{name}: the SDK generated from {} does not pass clippy: {e}",
                spec.display()
            )
        })?;
        println!("{name}: ok ({:.1} s)", started.elapsed().as_secs_f64());
    }
    Ok(())
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
