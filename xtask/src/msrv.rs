//! `cargo xtask msrv`: fails when a locked dependency of `seam-sdk` declares a higher
//! `rust-version` than `seam-sdk` does.
//!
//! The policy (README.md, "Minimum supported Rust version"): the MSRV is the highest
//! `rust-version` among the locked dependencies, so that `rust-version` tells the truth about
//! the tree users get with our lockfile's versions. No older toolchain is needed to check it:
//! `cargo metadata --locked` gives each package's `rust_version`, and the dependencies counted
//! are those `seam-sdk` builds with: normal and build dependencies, every optional one (all
//! features), for every target platform, transitively; not dev-dependencies.
//!
//! Which packages those are comes from `cargo tree -p seam-sdk -e normal,build --all-features
//! --target all`, not from `cargo metadata`'s `resolve` graph: that graph is the dependency
//! resolver's, before feature resolution, so it holds optional dependencies nothing turns on
//! (one named only in another's `dep?/feature`, as reqwest names quinn) and features that
//! only the workspace's dev-dependencies enable (tokio's `macros`); `cargo tree` resolves
//! features as a build of `seam-sdk` does. Our own code is checked against the same
//! `rust-version` by clippy's `incompatible_msrv` lint (std APIs newer than it), which CI runs
//! with warnings denied.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::DynError;

/// The package whose dependencies are checked.
const PACKAGE: &str = "seam-sdk";

pub(crate) fn command(root: &Path) -> Result<(), DynError> {
    let metadata: Value = serde_json::from_slice(&output(
        crate::cargo()
            .args([
                "metadata",
                "--format-version",
                "1",
                "--locked",
                "--all-features",
            ])
            .current_dir(root),
    )?)?;
    let tree = String::from_utf8(output(
        crate::cargo()
            .args(["tree", "--package", PACKAGE, "--locked", "--all-features"])
            .args(["--edges", "normal,build", "--target", "all"])
            .args(["--prefix", "depth", "--format", "{p}", "--charset", "ascii"])
            .current_dir(root),
    )?)?;
    let report = Report::new(&metadata, PACKAGE, &parse_tree(&tree)?)?;
    let offenders = report.offenders();
    if offenders.is_empty() {
        println!("{}", report.summary());
        return Ok(());
    }
    let mut message = format!(
        "{} declares rust-version {}, but {} of its locked dependencies declare more:\n",
        report.package,
        report.ours,
        offenders.len()
    );
    for dep in &offenders {
        message.push_str(&format!("  {}\n", dep.describe()));
    }
    message.push_str(&format!(
        "Either raise `rust-version` in seam-sdk/Cargo.toml to {} (in a \
         minor release: README.md, \"Minimum supported Rust version\"), or lock older versions \
         (`cargo update -p <crate> --precise <version>`).",
        report.needed()
    ));
    Err(message.into())
}

/// The standard output of `command`, which must succeed (its errors go to ours).
fn output(command: &mut Command) -> Result<Vec<u8>, DynError> {
    let shown = format!(
        "cargo {}",
        command
            .get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if !output.status.success() {
        return Err(format!("`{shown}` failed ({})", output.status).into());
    }
    Ok(output.stdout)
}

/// One line of `cargo tree --prefix depth --format {p}`: `2futures-core v0.3.34`, maybe
/// followed by ` (/path)`, ` (proc-macro)` or ` (*)` (already shown above).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TreeLine {
    depth: usize,
    name: String,
    /// Without the `v`.
    version: String,
}

/// Parses `cargo tree --prefix depth --format {p}` output; blank lines are skipped.
pub(crate) fn parse_tree(text: &str) -> Result<Vec<TreeLine>, String> {
    let mut lines = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let mut words = line[digits..].split_whitespace();
        let (Ok(depth), Some(name), Some(version)) = (
            line[..digits].parse::<usize>(),
            words.next(),
            words.next().and_then(|v| v.strip_prefix('v')),
        ) else {
            return Err(format!("unexpected `cargo tree` line: {line:?}"));
        };
        lines.push(TreeLine {
            depth,
            name: name.to_string(),
            version: version.to_string(),
        });
    }
    Ok(lines)
}

/// A Rust version as `rust-version` spells it: `1.88` or `1.88.0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RustVersion {
    major: u64,
    minor: u64,
    patch: u64,
}

impl RustVersion {
    /// Parses `major.minor[.patch]`; `None` for anything else.
    pub(crate) fn parse(text: &str) -> Option<RustVersion> {
        let mut parts = text.trim().split('.');
        let mut next = |required: bool| match parts.next() {
            Some(part) => part.parse::<u64>().ok(),
            None if required => None,
            None => Some(0),
        };
        let version = RustVersion {
            major: next(true)?,
            minor: next(true)?,
            patch: next(false)?,
        };
        parts.next().is_none().then_some(version)
    }
}

impl fmt::Display for RustVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.patch == 0 {
            write!(f, "{}.{}", self.major, self.minor)
        } else {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        }
    }
}

/// One dependency in the tree of the package checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dependency {
    name: String,
    version: String,
    /// `None`: the package declares no `rust-version`.
    rust_version: Option<RustVersion>,
    /// Package names from the checked package down to this one, both included.
    path: Vec<String>,
}

impl Dependency {
    fn describe(&self) -> String {
        let needs = self
            .rust_version
            .map_or_else(|| "-".to_string(), |v| v.to_string());
        format!(
            "{needs:<7} {} {}  ({})",
            self.name,
            self.version,
            self.path.join(" → ")
        )
    }
}

/// A package's `rust-version` and those of everything it builds with.
#[derive(Clone, Debug)]
pub(crate) struct Report {
    package: String,
    ours: RustVersion,
    /// Sorted by name and version.
    dependencies: Vec<Dependency>,
}

impl Report {
    /// The report for `package` (a workspace member, the root of `tree`), with each package of
    /// `tree` and its `rust-version` from `cargo metadata`'s JSON.
    pub(crate) fn new(
        metadata: &Value,
        package: &str,
        tree: &[TreeLine],
    ) -> Result<Report, String> {
        let mut rust_versions: BTreeMap<(&str, &str), Option<&str>> = BTreeMap::new();
        for p in metadata["packages"]
            .as_array()
            .ok_or("`cargo metadata` gave no packages")?
        {
            if let (Some(name), Some(version)) = (p["name"].as_str(), p["version"].as_str()) {
                rust_versions.insert((name, version), p["rust_version"].as_str());
            }
        }
        let parse = |name: &str, text: &str| {
            RustVersion::parse(text)
                .ok_or_else(|| format!("{name}'s rust-version {text:?} is not a Rust version"))
        };

        let Some((root, rest)) = tree.split_first() else {
            return Err("`cargo tree` printed nothing".into());
        };
        if root.name != package || root.depth != 0 {
            return Err(format!(
                "`cargo tree` starts with {}, not {package}",
                root.name
            ));
        }
        let ours = rust_versions
            .get(&(root.name.as_str(), root.version.as_str()))
            .ok_or_else(|| format!("`cargo metadata` does not list {package} {}", root.version))?
            .ok_or_else(|| format!("{package} declares no rust-version"))?;
        let ours = parse(package, ours)?;

        // The edges `cargo tree` shows, `(*)` lines included: each line's package depends on
        // the line's. A package expanded under one parent is marked `(*)` under the others, so
        // the shortest path to one below it needs the whole graph.
        type Key<'t> = (&'t str, &'t str);
        let root_key: Key = (&root.name, &root.version);
        let mut stack: Vec<Key> = vec![root_key];
        let mut edges: BTreeMap<Key, Vec<Key>> = BTreeMap::new();
        for line in rest {
            if line.depth == 0 || line.depth > stack.len() {
                return Err(format!(
                    "`cargo tree` jumps to depth {} at {}",
                    line.depth, line.name
                ));
            }
            stack.truncate(line.depth);
            let key: Key = (&line.name, &line.version);
            edges.entry(stack[line.depth - 1]).or_default().push(key);
            stack.push(key);
        }
        // Breadth first from the root: each package with a shortest path to it.
        let mut found: BTreeMap<Key, Dependency> = BTreeMap::new();
        let mut queue = VecDeque::from([(root_key, vec![root.name.clone()])]);
        while let Some((key, path)) = queue.pop_front() {
            for &child in edges.get(&key).into_iter().flatten() {
                if child == root_key || found.contains_key(&child) {
                    continue;
                }
                let (name, version) = child;
                let rust_version = match rust_versions.get(&child) {
                    None => return Err(format!("`cargo metadata` does not list {name} {version}")),
                    Some(None) => None,
                    Some(Some(text)) => Some(parse(name, text)?),
                };
                let mut child_path = path.clone();
                child_path.push(name.to_string());
                found.insert(
                    child,
                    Dependency {
                        name: name.to_string(),
                        version: version.to_string(),
                        rust_version,
                        path: child_path.clone(),
                    },
                );
                queue.push_back((child, child_path));
            }
        }
        let mut dependencies: Vec<Dependency> = found.into_values().collect();
        dependencies.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
        Ok(Report {
            package: package.to_string(),
            ours,
            dependencies,
        })
    }

    /// The dependencies that declare a higher `rust-version` than ours, highest first.
    pub(crate) fn offenders(&self) -> Vec<&Dependency> {
        let mut offenders: Vec<&Dependency> = self
            .dependencies
            .iter()
            .filter(|d| d.rust_version.is_some_and(|v| v > self.ours))
            .collect();
        offenders.sort_by_key(|d| std::cmp::Reverse(d.rust_version));
        offenders
    }

    /// The highest `rust-version` among the dependencies, or ours if none is higher.
    pub(crate) fn needed(&self) -> RustVersion {
        self.dependencies
            .iter()
            .filter_map(|d| d.rust_version)
            .max()
            .map_or(self.ours, |v| v.max(self.ours))
    }

    /// One paragraph for a passing check: the highest dependencies and how many were read.
    fn summary(&self) -> String {
        let highest = self
            .dependencies
            .iter()
            .filter_map(|d| d.rust_version)
            .max();
        let declared = self
            .dependencies
            .iter()
            .filter(|d| d.rust_version.is_some())
            .count();
        let mut text = format!(
            "msrv: {} declares rust-version {}; {} locked dependencies (normal and build, all \
             features, every target), {} of them with a rust-version",
            self.package,
            self.ours,
            self.dependencies.len(),
            declared
        );
        match highest {
            None => text.push('.'),
            Some(highest) => {
                text.push_str(&format!(", need at most {highest}:"));
                for dep in self
                    .dependencies
                    .iter()
                    .filter(|d| d.rust_version == Some(highest))
                {
                    text.push_str(&format!("\n  {}", dep.describe()));
                }
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{parse_tree, Report, RustVersion, TreeLine};

    fn v(text: &str) -> RustVersion {
        RustVersion::parse(text).expect("a version")
    }

    #[test]
    fn versions_compare_by_number_with_patch_optional() {
        assert_eq!(v("1.88"), v("1.88.0"));
        assert!(v("1.88") > v("1.87.9"));
        assert!(v("1.100") > v("1.99"));
        assert!(v("1.88.1") > v("1.88"));
        assert_eq!(v("1.88").to_string(), "1.88");
        assert_eq!(v("1.88.1").to_string(), "1.88.1");
        for bad in ["", "1", "1.x", "1.88.0.1", "1.88-beta", "v1.88"] {
            assert_eq!(RustVersion::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn tree_lines_give_depth_name_and_version() {
        let text = "0seam-sdk v0.1.0 (/work/main/seam-sdk)\n1tokio v1.54.1\n2tokio-macros v2.6.0 (proc-macro)\n\n1tokio v1.54.1 (*)\n";
        let lines = parse_tree(text).expect("parsed");
        let line = |depth, name: &str, version: &str| TreeLine {
            depth,
            name: name.into(),
            version: version.into(),
        };
        assert_eq!(
            lines,
            [
                line(0, "seam-sdk", "0.1.0"),
                line(1, "tokio", "1.54.1"),
                line(2, "tokio-macros", "2.6.0"),
                line(1, "tokio", "1.54.1"),
            ]
        );
        for bad in ["seam-sdk v0.1.0", "1tokio", "1tokio 1.54.1"] {
            assert!(parse_tree(bad).is_err(), "{bad:?}");
        }
    }

    /// `cargo metadata`'s packages, reduced to name, version and rust_version.
    fn metadata(packages: &[(&str, &str, Option<&str>)]) -> serde_json::Value {
        json!({
            "packages": packages.iter().map(|(name, version, rust_version)| json!({
                "name": name, "version": version, "rust_version": rust_version,
            })).collect::<Vec<_>>(),
        })
    }

    fn tree(text: &str) -> Vec<TreeLine> {
        parse_tree(text).expect("a tree")
    }

    const TREE: &str = "\
0sdk v0.1.0 (/repo/sdk)
1http v1.0.0
2url v2.0.0
3icu v2.4.0
4cc v1.2.0
1time v0.3.55
1url v2.0.0 (*)
1icu v1.5.0
";

    fn packages() -> Vec<(&'static str, &'static str, Option<&'static str>)> {
        vec![
            ("sdk", "0.1.0", Some("1.80")),
            ("http", "1.0.0", Some("1.70")),
            ("url", "2.0.0", None),
            ("icu", "2.4.0", Some("1.88")),
            ("icu", "1.5.0", Some("1.67")),
            ("cc", "1.2.0", Some("1.63")),
            ("time", "0.3.55", Some("1.88.0")),
            // In the workspace, not in the tree: never counted.
            ("bench", "1.0.0", Some("1.95")),
        ]
    }

    #[test]
    fn every_package_of_the_tree_counts_once_with_its_shortest_path() {
        let report = Report::new(&metadata(&packages()), "sdk", &tree(TREE)).expect("a report");
        let found: Vec<(&str, &str)> = report
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("cc", "1.2.0"),
                ("http", "1.0.0"),
                ("icu", "1.5.0"),
                ("icu", "2.4.0"),
                ("time", "0.3.55"),
                ("url", "2.0.0"),
            ]
        );
        let cc = &report.dependencies[0];
        assert_eq!(cc.path, ["sdk", "url", "icu", "cc"]);
        // Shown in full under `http`, then again (`(*)`) right under the root: what it pulls
        // in is reached through the shorter path.
        let url = &report.dependencies[5];
        assert_eq!(url.path, ["sdk", "url"]);

        let offenders = report.offenders();
        let names: Vec<String> = offenders.iter().map(|d| d.describe()).collect();
        assert_eq!(
            names,
            [
                "1.88    icu 2.4.0  (sdk → url → icu)",
                "1.88    time 0.3.55  (sdk → time)",
            ]
        );
        assert_eq!(report.needed(), v("1.88"));
    }

    #[test]
    fn equal_lower_or_missing_rust_versions_pass() {
        let mut packages = packages();
        packages[0].2 = Some("1.88.0");
        let report = Report::new(&metadata(&packages), "sdk", &tree(TREE)).expect("a report");
        assert!(report.offenders().is_empty());
        assert_eq!(report.needed(), v("1.88"));
        let summary = report.summary();
        assert!(
            summary.contains("6 locked dependencies (normal and build, all features, every target), 5 of them with a rust-version, need at most 1.88:\n  1.88    icu 2.4.0"),
            "{summary}"
        );
        assert!(
            summary.ends_with("1.88    time 0.3.55  (sdk → time)"),
            "{summary}"
        );
    }

    #[test]
    fn a_package_without_rust_version_or_missing_from_metadata_is_an_error() {
        let mut unversioned = packages();
        unversioned[0].2 = None;
        let error = Report::new(&metadata(&unversioned), "sdk", &tree(TREE)).expect_err("none");
        assert!(error.contains("sdk declares no rust-version"), "{error}");

        let error =
            Report::new(&metadata(&packages()[..3]), "sdk", &tree(TREE)).expect_err("time missing");
        assert!(error.contains("does not list time 0.3.55"), "{error}");

        let error =
            Report::new(&metadata(&packages()), "other", &tree(TREE)).expect_err("another root");
        assert!(error.contains("starts with sdk, not other"), "{error}");
    }
}
