//! `cargo xtask third-party [name…]`: the generator on public OpenAPI documents written by
//! others, linted.
//!
//! The documents are ReadMe's collection of real-world and test documents, the npm package
//! [`PACKAGE`] pinned in `fake-server/package.json` (installed by `npm ci --prefix fake-server`,
//! which this command runs when it is missing): every `*.json` directly in one of [`FOLDERS`],
//! in order of path. Each is generated (a panic of the generator is a failure; a refusal is
//! printed with the JSON path it names), and every generated tree is mounted as a module of one
//! check crate, written into a temporary folder of this run and linted with
//! `cargo clippy --all-features` with warnings denied.
//!
//! The check crate is built like the snapshot crate (`codegen/tests/snapshots/`): its root starts
//! with that crate's stand-in for the SDK's root (`Seam`, `runtime`, `codec`, `File`,
//! `Timestamp`, `delegating_client!`), copied at run time from [`SNAPSHOT_ROOT`] so the two
//! never drift apart; each document gets a client newtype of its own for its resource accessors
//! (two documents may both have `pets()`), and every feature a document's code is gated by
//! (`Generated::cargo_features`) is declared, and on by default.
//!
//! It fails when the generator panics on a document, when clippy finds anything in the code
//! (naming the documents whose modules it found it in), or when the documents refused, and
//! where, differ from [`REFUSED`]: a document newly refused or newly taken is noticed, as
//! `codegen/tests/third_party.rs` does for the vendored fixtures.
//!
//! What keeps it cheap:
//! - one `cargo clippy` for all documents: type checking plus lints, without code generation;
//! - the check crate builds into this workspace's target folder with the workspace's
//!   `Cargo.lock` (the same versions, and no registry lookup) and `[profile.*]` tables (the same
//!   build settings), so the registry dependencies the workspace compiled are reused where their
//!   features match. After the build, the versions the check crate resolved are compared with the
//!   workspace's lock file.
//!
//! Cargo files a package's build under a hash of its path relative to its workspace root: the
//! check crate is a workspace of its own, so every run of it lands in the same place, and
//! depends on this checkout's `seam-sdk` by absolute path, so another clone sharing the target
//! folder builds a `seam-sdk`, and a check crate, of its own. Each run writes the check crate
//! anew, newer than the last build, so cargo always checks it again.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::ensure::with_path;
use crate::process::run_reading_stdout;
use crate::scratch::Scratch;
use crate::{fake_server, DynError};

/// The npm package of documents, a dependency of `fake-server/package.json`.
const PACKAGE: &str = "@readme/oas-examples";
/// The folders of the package swept, each for the `*.json` files directly in it.
const FOLDERS: &[&str] = &["3.0/json", "3.1/json"];
/// The documents the generator refuses (path in the package), with the JSON path it names.
const REFUSED: &[(&str, &str)] = &[
    // A request body that is allOf a string and an integer: no value is both.
    (
        "3.0/json/schema-types.json",
        "#/paths/~1anything~1quirks~1polymorphism/put/requestBody/content/application~1json/schema/allOf/0",
    ),
    (
        "3.1/json/schema-types.json",
        "#/paths/~1anything~1quirks~1polymorphism/put/requestBody/content/application~1json/schema/allOf/0",
    ),
];
/// The snapshot crate's root, whose stand-in for the SDK's root the check crate starts with.
const SNAPSHOT_ROOT: &str = "codegen/tests/snapshots/src/lib.rs";
/// The line that starts the first mounted fixture in [`SNAPSHOT_ROOT`], where the stand-in ends.
const FIRST_MOUNT: &str = "#[rustfmt::skip]";
/// The check crate's package name.
const CHECK_PACKAGE: &str = "xtask-third-party-check";

/// One document of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Document {
    /// Its path in the package, with `/` separators: `3.0/json/petstore.json`.
    name: String,
    path: PathBuf,
    /// The module its code is mounted as in the check crate: `v30_petstore`.
    module: String,
}

/// What the generator made of one document.
enum Outcome {
    /// Generated, and written into the check crate; its `[features]` lines.
    Generated {
        features: String,
    },
    /// Refused: the JSON path the generator named.
    Refused {
        pointer: String,
    },
    Panicked,
}

/// One diagnostic clippy printed, with the module of the document it is in, if any.
#[derive(Debug)]
struct Diagnostic {
    module: Option<String>,
    error: bool,
    rendered: String,
}

pub(crate) fn command(root: &Path, only: &[&str]) -> Result<(), DynError> {
    let started = Instant::now();
    if let Some(took) = fake_server::ensure_installed(root)? {
        println!("npm ci --prefix fake-server: {:.1} s", took.as_secs_f64());
    }
    let package = fake_server::package_dir(root, PACKAGE);
    let all = documents(&package)?;
    let documents: Vec<&Document> = all
        .iter()
        .filter(|d| only.is_empty() || only.iter().any(|o| d.name.contains(o)))
        .collect();
    if documents.is_empty() {
        let names: Vec<&str> = all.iter().map(|d| d.name.as_str()).collect();
        return Err(format!(
            "no document of {PACKAGE} matches {only:?}; the documents are: {}",
            names.join(", ")
        )
        .into());
    }

    let scratch = Scratch::new("third-party")?;
    let check = scratch.path().join("check");
    let generate_started = Instant::now();
    let mut outcomes = Vec::new();
    let mut failures = Vec::new();
    for document in &documents {
        let step = Instant::now();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            codegen::generate_from_path(&document.path)
        }));
        let took = step.elapsed();
        let label = format!("{} ({})", document.name, document.module);
        let outcome = match result {
            Ok(Ok(generated)) => {
                let lines: usize = generated.files.values().map(|t| t.lines().count()).sum();
                println!(
                    "{label}: generated {} files, {lines} lines, {} warnings ({})",
                    generated.files.len(),
                    generated.warnings.len(),
                    millis(took)
                );
                let dir = check.join("src").join(&document.module);
                for (path, text) in &generated.files {
                    write(&dir.join(path), text)?;
                }
                Outcome::Generated {
                    features: generated.cargo_features,
                }
            }
            Ok(Err(e)) => {
                let expected = REFUSED.contains(&(document.name.as_str(), e.pointer.as_str()));
                let verdict = if expected { "expected" } else { "NOT EXPECTED" };
                println!(
                    "{label}: refused at {}: {} ({verdict})",
                    e.pointer, e.message
                );
                Outcome::Refused { pointer: e.pointer }
            }
            Err(_) => {
                // The panic's message is above, from the default hook.
                println!("{label}: FAILED: the generator panicked");
                failures.push(format!("{}: the generator panicked", document.name));
                Outcome::Panicked
            }
        };
        outcomes.push((*document, outcome));
    }
    let generate_time = generate_started.elapsed();
    let count = |kind: fn(&Outcome) -> bool| outcomes.iter().filter(|(_, o)| kind(o)).count();
    println!(
        "\n{} documents: {} generated, {} refused, {} panicked",
        outcomes.len(),
        count(|o| matches!(o, Outcome::Generated { .. })),
        count(|o| matches!(o, Outcome::Refused { .. })),
        count(|o| matches!(o, Outcome::Panicked)),
    );
    failures.extend(refusal_changes(&all, &outcomes, only.is_empty()));

    let generated: Vec<(&Document, &str)> = outcomes
        .iter()
        .filter_map(|(document, outcome)| match outcome {
            Outcome::Generated { features } => Some((*document, features.as_str())),
            _ => None,
        })
        .collect();
    let mut clippy_time = None;
    if !generated.is_empty() {
        write_check_crate(root, &check, &generated)?;
        println!(
            "checking the code of {} documents with clippy",
            generated.len()
        );
        let clippy_started = Instant::now();
        let result = clippy(root, &check, &generated);
        clippy_time = Some(clippy_started.elapsed());
        match result? {
            None => println!(
                "clippy: ok, {} documents ({:.1} s)",
                generated.len(),
                clippy_started.elapsed().as_secs_f64()
            ),
            Some(failure) => {
                println!("clippy: FAILED");
                failures.push(failure);
            }
        }
    }
    print_timings(
        documents.len(),
        generate_time,
        generated.len(),
        clippy_time,
        started.elapsed(),
    );
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

/// The documents of the package at `package`, in order of path, each with its module name.
fn documents(package: &Path) -> Result<Vec<Document>, DynError> {
    let mut documents = Vec::new();
    for folder in FOLDERS {
        let dir = package.join(folder);
        let mut files = Vec::new();
        for entry in fs::read_dir(&dir).map_err(|e| with_path(e, "reading", &dir))? {
            let path = entry?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
        files.sort();
        for path in files {
            let file = path.file_name().unwrap_or_default().to_string_lossy();
            let name = format!("{folder}/{file}");
            let module = module_name(&name);
            documents.push(Document { name, path, module });
        }
    }
    let mut modules = BTreeMap::new();
    for d in &documents {
        if let Some(other) = modules.insert(d.module.as_str(), d.name.as_str()) {
            return Err(format!("{other} and {} would both be module {}", d.name, d.module).into());
        }
    }
    Ok(documents)
}

/// The module a document's code is mounted as: `3.0/json/petstore-simple.json` is
/// `v30_petstore_simple`.
fn module_name(name: &str) -> String {
    let version = name.split('/').next().unwrap_or_default().replace('.', "");
    let stem = Path::new(name).file_stem().unwrap_or_default();
    let stem: String = stem
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("v{version}_{stem}")
}

/// The client newtype of a module: `v30_petstore_simple` is `V30PetstoreSimple`.
fn client_name(module: &str) -> String {
    module
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// How the documents refused differ from [`REFUSED`], one message each. `all` is every
/// document of the package; `everything` says whether every one was run (so an entry of
/// [`REFUSED`] that names no document is stale).
fn refusal_changes(
    all: &[Document],
    outcomes: &[(&Document, Outcome)],
    everything: bool,
) -> Vec<String> {
    let mut changes = Vec::new();
    let fix = "REFUSED (xtask/src/third_party.rs)";
    for (document, outcome) in outcomes {
        let expected = REFUSED
            .iter()
            .find(|(name, _)| *name == document.name)
            .map(|(_, pointer)| *pointer);
        match (outcome, expected) {
            (Outcome::Refused { pointer }, None) => changes.push(format!(
                "{}: newly refused, at {pointer}; if that is right, list it in {fix}",
                document.name
            )),
            (Outcome::Refused { pointer }, Some(expected)) if pointer != expected => {
                changes.push(format!(
                    "{}: refused at {pointer}, not at {expected} as {fix} says",
                    document.name
                ))
            }
            (Outcome::Generated { .. }, Some(expected)) => changes.push(format!(
                "{}: newly generated; remove it from {fix}, which lists it as refused at \
                 {expected}",
                document.name
            )),
            _ => {}
        }
    }
    if everything {
        for (name, _) in REFUSED {
            if !all.iter().any(|d| d.name == *name) {
                changes.push(format!(
                    "{name}: listed in {fix} as refused, but {PACKAGE} has no such document"
                ));
            }
        }
    }
    changes
}

/// Writes the check crate into `check`, whose `src/<module>/` folders hold the generated code:
/// its manifest, the workspace's lock file and its root, `src/lib.rs`.
fn write_check_crate(
    root: &Path,
    check: &Path,
    generated: &[(&Document, &str)],
) -> Result<(), DynError> {
    let workspace_manifest = read(&root.join("Cargo.toml"))?;
    let edition = workspace_edition(&workspace_manifest)
        .ok_or("Cargo.toml: no `edition` in [workspace.package]")?;
    let features = merge_features(generated)?;
    let manifest = check_manifest(
        &edition,
        &root.join("seam-sdk"),
        &features,
        &profile_tables(&workspace_manifest),
    );
    write(&check.join("Cargo.toml"), &manifest)?;
    let lock = root.join("Cargo.lock");
    fs::copy(&lock, check.join("Cargo.lock")).map_err(|e| with_path(e, "copying", &lock))?;
    let snapshot_root = read(&root.join(SNAPSHOT_ROOT))?;
    let stand_in = stand_in(&snapshot_root).ok_or_else(|| {
        format!(
            "{SNAPSHOT_ROOT}: no `{FIRST_MOUNT}` line, where the stand-in for the SDK's root ends"
        )
    })?;
    let documents: Vec<&Document> = generated.iter().map(|(d, _)| *d).collect();
    write(&check.join("src/lib.rs"), &check_root(stand_in, &documents))?;
    Ok(())
}

/// The `edition` of the `[workspace.package]` table.
fn workspace_edition(manifest: &str) -> Option<String> {
    let mut in_table = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[workspace.package]";
        } else if let Some(value) = line.strip_prefix("edition").map(str::trim_start) {
            if in_table {
                let value = value.strip_prefix('=')?.trim();
                return Some(value.trim_matches('"').to_owned());
            }
        }
    }
    None
}

/// The `[profile.*]` tables of a manifest, as written.
fn profile_tables(manifest: &str) -> String {
    let mut out = String::new();
    let mut in_profile = false;
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_profile = trimmed.starts_with("[profile.");
            if in_profile && !out.is_empty() {
                out.push('\n');
            }
        }
        if in_profile && !trimmed.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Every feature of every document, by name, with what it turns on (`[]`, written as the
/// generator wrote it); `default` is left out. Two documents may declare one feature (`pet`),
/// but not differently.
fn merge_features(generated: &[(&Document, &str)]) -> Result<BTreeMap<String, String>, DynError> {
    let mut features: BTreeMap<String, (String, &str)> = BTreeMap::new();
    for (document, lines) in generated {
        for line in lines.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, value) = line.split_once(" = ").ok_or_else(|| {
                format!(
                    "{}: a feature line not `name = [...]`: {line}",
                    document.name
                )
            })?;
            if name == "default" {
                continue;
            }
            match features.get(name) {
                Some((other, by)) if other != value => {
                    return Err(format!(
                        "feature {name} is {other} in {by} but {value} in {}",
                        document.name
                    )
                    .into())
                }
                Some(_) => {}
                None => {
                    features.insert(name.to_owned(), (value.to_owned(), &document.name));
                }
            }
        }
    }
    Ok(features
        .into_iter()
        .map(|(name, (value, _))| (name, value))
        .collect())
}

fn check_manifest(
    edition: &str,
    seam_sdk: &Path,
    features: &BTreeMap<String, String>,
    profiles: &str,
) -> String {
    let defaults: Vec<String> = features.keys().map(|name| format!("\"{name}\"")).collect();
    let mut out = format!(
        "# Written by `cargo xtask third-party`: the code generated from each document of\n\
         # {PACKAGE}, mounted as a module of src/lib.rs.\n\
         [package]\n\
         name = \"{CHECK_PACKAGE}\"\n\
         version = \"0.0.0\"\n\
         edition = \"{edition}\"\n\
         publish = false\n\
         \n\
         [lib]\n\
         path = \"src/lib.rs\"\n\
         \n\
         [dependencies]\n\
         seam-sdk = {{ path = {}, default-features = false }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\
         \n\
         [workspace]\n\
         \n\
         # Every feature of every document, all on.\n\
         [features]\n\
         default = [{}]\n",
        toml_string(&seam_sdk.to_string_lossy()),
        defaults.join(", ")
    );
    for (name, value) in features {
        let _ = writeln!(out, "{name} = {value}");
    }
    if !profiles.is_empty() {
        out.push_str("\n# The workspace's, so its compiled dependencies are reused.\n");
        out.push_str(profiles);
    }
    out
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The snapshot crate's root up to its first mounted fixture: its stand-in for the SDK's root.
fn stand_in(snapshot_root: &str) -> Option<&str> {
    let mut offset = 0;
    for line in snapshot_root.split_inclusive('\n') {
        if line.trim() == FIRST_MOUNT {
            return Some(snapshot_root[..offset].trim_end());
        }
        offset += line.len();
    }
    None
}

/// The check crate's `src/lib.rs`: the stand-in, then each document's module, client and
/// resource accessors.
fn check_root(stand_in: &str, documents: &[&Document]) -> String {
    let mut out = format!(
        "// Written by `cargo xtask third-party`. Up to the first module: the snapshot crate's\n\
         // stand-in for the SDK's root ({SNAPSHOT_ROOT}).\n\n{stand_in}\n"
    );
    for Document { name, module, .. } in documents {
        let client = client_name(module);
        let _ = write!(
            out,
            "\n#[rustfmt::skip]\n\
             #[path = \"{module}/mod.rs\"]\n\
             pub mod {module};\n\
             \n\
             /// A client of its own for `{name}`.\n\
             #[derive(Clone, Debug)]\n\
             pub struct {client}(pub Seam);\n\
             \n\
             delegating_client!({client});\n\
             \n\
             {module}::resources::resource_accessors!({client}; crate::{module}::resources);\n"
        );
    }
    out
}

/// Runs clippy on the check crate, printing its diagnostics. `None` when it passes, else what
/// failed, naming the documents whose modules have diagnostics.
fn clippy(
    root: &Path,
    check: &Path,
    generated: &[(&Document, &str)],
) -> Result<Option<String>, DynError> {
    let target = crate::target_dir(root)?;
    let modules: BTreeSet<&str> = generated.iter().map(|(d, _)| d.module.as_str()).collect();
    let mut diagnostics = Vec::new();
    let status = run_reading_stdout(
        crate::cargo()
            .args([
                "clippy",
                "--quiet",
                "--all-features",
                "--message-format=json",
            ])
            .args(["--", "--deny", "warnings"])
            .current_dir(check)
            .env("CARGO_TARGET_DIR", &target),
        |line| {
            if let Some(diagnostic) = diagnostic(line, &modules) {
                print!("{}", diagnostic.rendered);
                diagnostics.push(diagnostic);
            }
        },
    )?;
    if !status.success() {
        return Ok(Some(clippy_failure(
            &status.to_string(),
            &diagnostics,
            generated,
        )));
    }
    let unlocked = unlocked_packages(
        &read(&root.join("Cargo.lock"))?,
        &read(&check.join("Cargo.lock"))?,
    );
    if !unlocked.is_empty() {
        return Ok(Some(format!(
            "the check crate was built with versions Cargo.lock does not have: {}",
            unlocked.join(", ")
        )));
    }
    Ok(None)
}

/// The failure message of a clippy run that failed: the documents with diagnostics, each with
/// how many errors and warnings.
fn clippy_failure(
    status: &str,
    diagnostics: &[Diagnostic],
    generated: &[(&Document, &str)],
) -> String {
    let mut counts: BTreeMap<Option<&str>, (usize, usize)> = BTreeMap::new();
    for d in diagnostics {
        let count = counts.entry(d.module.as_deref()).or_default();
        if d.error {
            count.0 += 1;
        } else {
            count.1 += 1;
        }
    }
    if counts.is_empty() {
        return format!(
            "`cargo clippy` on the check crate failed ({status}) without a diagnostic; \
             its output is above"
        );
    }
    let mut lines = vec![format!(
        "clippy fails on the code generated from {} of {} documents:",
        counts.keys().filter(|m| m.is_some()).count(),
        generated.len()
    )];
    for (module, (errors, warnings)) in counts {
        let place = match module {
            Some(module) => generated
                .iter()
                .find(|(d, _)| d.module == module)
                .map_or(module.to_owned(), |(d, _)| {
                    format!("{} (src/{module}/)", d.name)
                }),
            None => "in no document's module".to_owned(),
        };
        lines.push(format!("  {place}: {errors} errors, {warnings} warnings"));
    }
    lines.join("\n")
}

/// The error or warning in one of cargo's JSON messages (`--message-format=json`), if it is
/// one, with the module it is in: the first file under `src/<module>/` among its spans (and the
/// macro definitions they expand), else the first `src/<module>/` or `<module>::` its text names.
fn diagnostic(json_line: &str, modules: &BTreeSet<&str>) -> Option<Diagnostic> {
    let value: serde_json::Value = serde_json::from_str(json_line).ok()?;
    if value["reason"] != "compiler-message" {
        return None;
    }
    let message = &value["message"];
    let level = message["level"].as_str().unwrap_or_default();
    if !matches!(level, "error" | "warning") && !level.starts_with("error:") {
        return None;
    }
    let rendered = message["rendered"].as_str().unwrap_or_default().to_owned();
    let mut files = Vec::new();
    message_files(message, &mut files);
    let module = files
        .iter()
        .find_map(|file| module_of_file(file, modules))
        .or_else(|| {
            modules.iter().copied().find(|m| {
                rendered.contains(&format!("src/{m}/")) || rendered.contains(&format!("{m}::"))
            })
        })
        .map(str::to_owned);
    Some(Diagnostic {
        module,
        error: level != "warning",
        rendered,
    })
}

/// The files of a message's spans, of the macro definitions they expand, and of its children's.
fn message_files<'a>(message: &'a serde_json::Value, files: &mut Vec<&'a str>) {
    fn span_files<'a>(span: &'a serde_json::Value, files: &mut Vec<&'a str>) {
        if let Some(file) = span["file_name"].as_str() {
            files.push(file);
        }
        let expansion = &span["expansion"];
        if expansion.is_object() {
            span_files(&expansion["span"], files);
            span_files(&expansion["def_site_span"], files);
        }
    }
    for span in message["spans"].as_array().into_iter().flatten() {
        span_files(span, files);
    }
    for child in message["children"].as_array().into_iter().flatten() {
        message_files(child, files);
    }
}

/// The module a file of the check crate belongs to: `src/<module>/…`.
fn module_of_file<'m>(file: &str, modules: &BTreeSet<&'m str>) -> Option<&'m str> {
    let file = file.replace('\\', "/");
    let first = file.strip_prefix("src/")?.split('/').next()?;
    modules.get(first).copied()
}

/// The packages from a registry (or git) that `check_lock` has at a version `workspace_lock`
/// does not, as `name version`.
fn unlocked_packages(workspace_lock: &str, check_lock: &str) -> Vec<String> {
    let workspace = locked_packages(workspace_lock);
    locked_packages(check_lock)
        .into_iter()
        .filter(|package| !workspace.contains(package))
        .map(|(name, version)| format!("{name} {version}"))
        .collect()
}

/// The (name, version) of each package with a `source` in a `Cargo.lock` (not a path package).
fn locked_packages(lock: &str) -> BTreeSet<(String, String)> {
    let mut packages = BTreeSet::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|line| {
                let value = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
                Some(value.trim().trim_matches('"').to_owned())
            })
        };
        if let (Some(name), Some(version), Some(_)) =
            (field("name"), field("version"), field("source"))
        {
            packages.insert((name, version));
        }
    }
    packages
}

fn print_timings(
    documents: usize,
    generate: Duration,
    checked: usize,
    clippy: Option<Duration>,
    total: Duration,
) {
    println!("\nthird-party timings (s):");
    println!(
        "  generate {documents:>3} documents {:>7.1}",
        generate.as_secs_f64()
    );
    if let Some(clippy) = clippy {
        println!(
            "  clippy   {checked:>3} documents {:>7.1}",
            clippy.as_secs_f64()
        );
    }
    println!(
        "  {:.1} s in all (with the check crate and any install)",
        total.as_secs_f64()
    );
}

fn millis(duration: Duration) -> String {
    format!("{} ms", duration.as_millis())
}

fn read(path: &Path) -> Result<String, DynError> {
    Ok(fs::read_to_string(path).map_err(|e| with_path(e, "reading", path))?)
}

fn write(path: &Path, contents: &str) -> Result<(), DynError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| with_path(e, "creating", parent))?;
    }
    fs::write(path, contents).map_err(|e| with_path(e, "writing", path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    use super::{
        check_root, client_name, diagnostic, merge_features, module_name, profile_tables,
        refusal_changes, stand_in, unlocked_packages, workspace_edition, Document, Outcome,
        REFUSED,
    };

    fn document(name: &str) -> Document {
        Document {
            name: name.to_owned(),
            path: PathBuf::from(name),
            module: module_name(name),
        }
    }

    #[test]
    fn each_document_is_a_module_with_a_client_of_its_own() {
        assert_eq!(
            module_name("3.0/json/petstore-simple-no-tags.json"),
            "v30_petstore_simple_no_tags"
        );
        assert_eq!(module_name("3.1/json/readme.json"), "v31_readme");
        assert_eq!(
            client_name("v30_petstore_simple_no_tags"),
            "V30PetstoreSimpleNoTags"
        );
        let root = check_root("pub struct Seam;", &[&document("3.1/json/webhooks.json")]);
        assert!(root.contains("#[path = \"v31_webhooks/mod.rs\"]\npub mod v31_webhooks;\n"));
        assert!(root.contains("delegating_client!(V31Webhooks);\n"));
        assert!(root.contains(
            "v31_webhooks::resources::resource_accessors!(V31Webhooks; crate::v31_webhooks::resources);"
        ));
    }

    #[test]
    fn the_stand_in_is_the_snapshot_root_up_to_its_first_module() {
        let root = "//! Docs.\n\nmacro_rules! m { () => {} }\n\n\
                    #[rustfmt::skip]\n#[path = \"a/mod.rs\"]\npub mod a;\n";
        assert_eq!(
            stand_in(root),
            Some("//! Docs.\n\nmacro_rules! m { () => {} }")
        );
        assert_eq!(stand_in("pub mod a;\n"), None);
        // The real one: it must still have the stand-in the check crate needs.
        let real = std::fs::read_to_string(crate::repo_root().join(super::SNAPSHOT_ROOT)).unwrap();
        let stand_in = stand_in(&real).expect("the snapshot root mounts its fixtures");
        assert!(stand_in.contains("macro_rules! delegating_client"));
        assert!(stand_in.contains("pub struct Seam("));
    }

    #[test]
    fn features_are_merged_and_all_on() {
        let (a, b) = (document("3.0/json/a.json"), document("3.0/json/b.json"));
        let merged = merge_features(&[
            (&a, "default = [\"pet\"]\npet = []\nundocumented = []\n"),
            (
                &b,
                "default = [\"pet\", \"store\"]\npet = []\nstore = []\nundocumented = []\n",
            ),
        ])
        .unwrap();
        let names: Vec<&str> = merged.keys().map(String::as_str).collect();
        assert_eq!(names, ["pet", "store", "undocumented"]);
        let clash = merge_features(&[(&a, "pet = []\n"), (&b, "pet = [\"store\"]\n")]);
        assert!(clash.unwrap_err().to_string().contains("feature pet"));
    }

    #[test]
    fn the_check_crate_takes_the_workspaces_edition_and_profiles() {
        let manifest = "[workspace]\nmembers = []\n\n[workspace.package]\nedition = \"2021\"\n\n\
                        [profile.dev]\ndebug = 0\n\n[profile.dev.package.\"*\"]\ndebug = false\n";
        assert_eq!(workspace_edition(manifest).as_deref(), Some("2021"));
        assert_eq!(
            profile_tables(manifest),
            "[profile.dev]\ndebug = 0\n\n[profile.dev.package.\"*\"]\ndebug = false\n"
        );
        assert_eq!(workspace_edition("[package]\nedition = \"2021\"\n"), None);
    }

    #[test]
    fn a_change_in_what_is_refused_is_a_failure() {
        let (name, pointer) = REFUSED[0];
        let (refused, other) = (document(name), document("3.0/json/petstore.json"));
        let all = [refused.clone(), other.clone()];
        let as_listed = [(
            &refused,
            Outcome::Refused {
                pointer: pointer.to_owned(),
            },
        )];
        assert!(refusal_changes(&all, &as_listed, false).is_empty());
        let elsewhere = [(
            &refused,
            Outcome::Refused {
                pointer: "#/x".to_owned(),
            },
        )];
        let taken = [(
            &refused,
            Outcome::Generated {
                features: String::new(),
            },
        )];
        let newly = [(
            &other,
            Outcome::Refused {
                pointer: "#/y".to_owned(),
            },
        )];
        for outcomes in [&elsewhere[..], &taken, &newly] {
            assert_eq!(refusal_changes(&all, outcomes, false).len(), 1);
        }
        // Every document run: the other entry of REFUSED names none of `all`.
        assert!(!refusal_changes(&all, &as_listed, true).is_empty());
    }

    #[test]
    fn diagnostics_are_put_in_the_module_of_their_document() {
        let modules = BTreeSet::from(["v30_a", "v31_b"]);
        let lines = [
            r#"{"reason":"compiler-artifact"}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","rendered":"error: x\n","spans":[{"file_name":"src/v31_b/types/mod.rs"}],"children":[]}}"#,
            // Expanded from a macro of v30_a, invoked in src/lib.rs.
            r#"{"reason":"compiler-message","message":{"level":"warning","rendered":"warning: y\n","spans":[{"file_name":"src/lib.rs","expansion":{"span":{"file_name":"src/lib.rs"},"def_site_span":{"file_name":"src/v30_a/resources/mod.rs"}}}],"children":[]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","rendered":"error: aborting\n","spans":[],"children":[]}}"#,
            r#"{"reason":"compiler-message","message":{"level":"note","rendered":"note\n","spans":[],"children":[]}}"#,
        ];
        let found: Vec<_> = lines
            .iter()
            .filter_map(|l| diagnostic(l, &modules))
            .collect();
        let modules: Vec<Option<&str>> = found.iter().map(|d| d.module.as_deref()).collect();
        assert_eq!(modules, [Some("v31_b"), Some("v30_a"), None]);
        let errors: Vec<bool> = found.iter().map(|d| d.error).collect();
        assert_eq!(errors, [true, false, true]);
    }

    #[test]
    fn versions_the_workspace_does_not_lock_are_found() {
        let workspace = "version = 4\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.1\"\nsource = \"registry+x\"\n\n[[package]]\nname = \"xtask\"\nversion = \"0.1.0\"\n";
        let same = "[[package]]\nname = \"serde\"\nversion = \"1.0.1\"\nsource = \"registry+x\"\n\n[[package]]\nname = \"check\"\nversion = \"0.0.0\"\n";
        let newer = "[[package]]\nname = \"serde\"\nversion = \"1.0.2\"\nsource = \"registry+x\"\n";
        assert!(unlocked_packages(workspace, same).is_empty());
        assert_eq!(unlocked_packages(workspace, newer), ["serde 1.0.2"]);
    }
}
