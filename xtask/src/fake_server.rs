//! `fake-server/`: the npm packages the tests, `compat` and `third-party` run or read (Seam's
//! fake server, Steady, svix, published `@seamapi/types` versions, ReadMe's
//! `@readme/oas-examples`), installed by `npm ci --prefix fake-server`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::ensure::with_path;
use crate::{process, DynError};

const MANIFEST: &str = "fake-server/package.json";
const LOCK: &str = "fake-server/package-lock.json";
const NODE_MODULES: &str = "fake-server/node_modules";
/// npm's record of what it installed, written by `npm ci` and `npm install`.
const INSTALLED: &str = "fake-server/node_modules/.package-lock.json";

/// Runs `npm ci --prefix fake-server` unless `fake-server/node_modules` already holds the
/// packages of `fake-server/package-lock.json` and every dependency of `package.json` is there.
/// Returns how long the install took, or `None` when none was needed.
pub(crate) fn ensure_installed(root: &Path) -> Result<Option<Duration>, DynError> {
    let lock_path = root.join(LOCK);
    let lock = fs::read_to_string(&lock_path).map_err(|e| with_path(e, "reading", &lock_path))?;
    let installed = fs::read_to_string(root.join(INSTALLED)).unwrap_or_default();
    // npm's record can outlive a partly deleted folder: look for each package too.
    let all_present = dependencies(root)?
        .iter()
        .all(|name| package_dir(root, name).join("package.json").is_file());
    if installed_matches_lock(&lock, &installed) && all_present {
        println!("fake-server/node_modules: installed, as fake-server/package-lock.json says");
        return Ok(None);
    }
    let started = Instant::now();
    process::run(
        Command::new("npm")
            .args(["ci", "--prefix", "fake-server", "--no-audit", "--no-fund"])
            .current_dir(root),
    )?;
    Ok(Some(started.elapsed()))
}

/// The names of the dependencies in `fake-server/package.json` (npm aliases included), sorted.
pub(crate) fn dependencies(root: &Path) -> Result<Vec<String>, DynError> {
    let path = root.join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(|e| with_path(e, "reading", &path))?;
    dependency_names(&text).ok_or_else(|| format!("{MANIFEST}: no `dependencies` object").into())
}

fn dependency_names(manifest: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(manifest).ok()?;
    let mut names: Vec<String> = value["dependencies"].as_object()?.keys().cloned().collect();
    names.sort();
    Some(names)
}

/// Where npm installs the package `name` (an alias's name, for an alias).
pub(crate) fn package_dir(root: &Path, name: &str) -> PathBuf {
    root.join(NODE_MODULES).join(name)
}

/// Whether `node_modules` holds the packages of `package-lock.json` at its versions, going by
/// npm's own record of the install (so an `npm ci` run by hand or by CI counts too). Optional
/// packages (builds for other platforms) may be missing, but not at another version.
fn installed_matches_lock(lock: &str, installed: &str) -> bool {
    /// Path → (version, optional), without "" (the project itself, which only the lock lists).
    fn packages(text: &str) -> Option<BTreeMap<String, (String, bool)>> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let packages = value["packages"].as_object()?;
        Some(
            packages
                .iter()
                .filter(|(path, _)| !path.is_empty())
                .map(|(path, package)| {
                    let version = package["version"].as_str().unwrap_or_default();
                    let optional = package["optional"].as_bool().unwrap_or(false);
                    (path.clone(), (version.to_string(), optional))
                })
                .collect(),
        )
    }
    let (Some(locked), Some(installed)) = (packages(lock), packages(installed)) else {
        return false;
    };
    let every_installed_is_locked = installed.iter().all(|(path, (version, _))| {
        locked
            .get(path)
            .is_some_and(|(locked_version, _)| locked_version == version)
    });
    let every_required_is_installed = locked
        .iter()
        .all(|(path, (_, optional))| *optional || installed.contains_key(path));
    every_installed_is_locked && every_required_is_installed
}

#[cfg(test)]
mod tests {
    use super::{dependency_names, installed_matches_lock};

    const LOCK: &str = r#"{"packages": {"": {"name": "x"},
        "node_modules/a": {"version": "1.0.0"}, "node_modules/b": {"version": "2.0.0"},
        "node_modules/b-other-os": {"version": "2.0.0", "optional": true}}}"#;

    #[test]
    fn an_install_matches_its_lock_file() {
        let installed = r#"{"packages": {
            "node_modules/b": {"version": "2.0.0"}, "node_modules/a": {"version": "1.0.0"}}}"#;
        assert!(installed_matches_lock(LOCK, installed));
        let with_optional = r#"{"packages": {"node_modules/a": {"version": "1.0.0"},
            "node_modules/b": {"version": "2.0.0"},
            "node_modules/b-other-os": {"version": "2.0.0", "optional": true}}}"#;
        assert!(installed_matches_lock(LOCK, with_optional));
    }

    #[test]
    fn a_changed_missing_or_extra_package_needs_a_new_install() {
        let changed = r#"{"packages": {
            "node_modules/a": {"version": "1.0.1"}, "node_modules/b": {"version": "2.0.0"}}}"#;
        let missing = r#"{"packages": {"node_modules/a": {"version": "1.0.0"}}}"#;
        let extra = r#"{"packages": {"node_modules/a": {"version": "1.0.0"},
            "node_modules/b": {"version": "2.0.0"}, "node_modules/c": {"version": "1.0.0"}}}"#;
        let optional_changed = r#"{"packages": {"node_modules/a": {"version": "1.0.0"},
            "node_modules/b": {"version": "2.0.0"},
            "node_modules/b-other-os": {"version": "2.0.1", "optional": true}}}"#;
        for installed in [changed, missing, extra, optional_changed, "", "not json"] {
            assert!(!installed_matches_lock(LOCK, installed), "{installed}");
        }
    }

    #[test]
    fn lists_dependencies_with_their_alias_names() {
        let manifest = r#"{"dependencies": {"svix": "1.99.1",
            "seam-types-1.405.0": "npm:@seamapi/types@1.405.0"}, "devDependencies": {"x": "1"}}"#;
        assert_eq!(
            dependency_names(manifest).unwrap(),
            ["seam-types-1.405.0", "svix"]
        );
        assert_eq!(dependency_names("{}"), None);
    }
}
