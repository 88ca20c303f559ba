//! `cargo xtask test [args…]`: every test, including those against the fake Seam server.
//!
//! 1. `npm ci --prefix fake-server`, when `fake-server/node_modules` is missing or does not hold
//!    the packages of `fake-server/package-lock.json` (going by npm's record of the install);
//! 2. `cargo test --workspace --all-features [args…]`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::ensure::with_path;
use crate::{process, DynError};

const LOCK: &str = "fake-server/package-lock.json";
/// npm's record of what it installed, written by `npm ci` and `npm install`.
const INSTALLED: &str = "fake-server/node_modules/.package-lock.json";
/// What the tests start; if it is missing the install is incomplete.
const SERVER: &str = "fake-server/node_modules/@seamapi/fake-seam-connect/dist/server.js";

pub(crate) fn run(root: &Path, extra_args: &[&str]) -> Result<(), DynError> {
    let mut timings: Vec<(String, Duration)> = Vec::new();

    let lock_path = root.join(LOCK);
    let lock = fs::read_to_string(&lock_path).map_err(|e| with_path(e, "reading", &lock_path))?;
    let installed = fs::read_to_string(root.join(INSTALLED)).unwrap_or_default();
    if installed_matches_lock(&lock, &installed) && root.join(SERVER).exists() {
        println!("fake Seam server: installed, as fake-server/package-lock.json says");
    } else {
        let started = Instant::now();
        process::run(
            Command::new("npm")
                .args(["ci", "--prefix", "fake-server", "--no-audit", "--no-fund"])
                .current_dir(root),
        )?;
        timings.push(("npm ci --prefix fake-server".into(), started.elapsed()));
    }

    let mut args = vec!["test", "--workspace", "--all-features"];
    args.extend_from_slice(extra_args);
    let started = Instant::now();
    let result = process::run(crate::cargo().args(&args).current_dir(root));
    timings.push((format!("cargo {}", args.join(" ")), started.elapsed()));

    for (step, time) in &timings {
        println!("{:>8.1} s  {step}", time.as_secs_f64());
    }
    result
}

/// Whether `node_modules` holds the packages of `package-lock.json` at its versions, going by
/// npm's own record of the install (so an `npm ci` run by hand or by CI counts too).
fn installed_matches_lock(lock: &str, installed: &str) -> bool {
    fn versions(text: &str) -> Option<BTreeMap<String, String>> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let packages = value["packages"].as_object()?;
        Some(
            packages
                .iter()
                // "" is the project itself, which only the lock file lists.
                .filter(|(path, _)| !path.is_empty())
                .map(|(path, package)| {
                    let version = package["version"].as_str().unwrap_or_default();
                    (path.clone(), version.to_string())
                })
                .collect(),
        )
    }
    matches!((versions(lock), versions(installed)), (Some(a), Some(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::installed_matches_lock;

    const LOCK: &str = r#"{"packages": {"": {"name": "x"},
        "node_modules/a": {"version": "1.0.0"}, "node_modules/b": {"version": "2.0.0"}}}"#;

    #[test]
    fn an_install_matches_its_lock_file() {
        let installed = r#"{"packages": {
            "node_modules/b": {"version": "2.0.0"}, "node_modules/a": {"version": "1.0.0"}}}"#;
        assert!(installed_matches_lock(LOCK, installed));
    }

    #[test]
    fn a_changed_missing_or_extra_package_needs_a_new_install() {
        let changed = r#"{"packages": {
            "node_modules/a": {"version": "1.0.1"}, "node_modules/b": {"version": "2.0.0"}}}"#;
        let missing = r#"{"packages": {"node_modules/a": {"version": "1.0.0"}}}"#;
        let extra = r#"{"packages": {"node_modules/a": {"version": "1.0.0"},
            "node_modules/b": {"version": "2.0.0"}, "node_modules/c": {"version": "1.0.0"}}}"#;
        for installed in [changed, missing, extra, "", "not json"] {
            assert!(!installed_matches_lock(LOCK, installed), "{installed}");
        }
    }
}
