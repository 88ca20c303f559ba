//! The generator's output depends on the spec alone: the full SDK from `spec/openapi.json`,
//! generated twice in this process and once in a child process (fresh hash seeds, fresh
//! allocations), is the same to the byte.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Set in the child process to the file it writes its digests to.
const CHILD_OUTPUT: &str = "CODEGEN_DETERMINISM_DIGESTS";

/// Everything one generation produces, by name: the files, the cargo features, the warnings.
fn generate() -> BTreeMap<String, String> {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.json");
    let generated = codegen::generate_from_path(&spec).expect("the vendored spec generates");
    let mut outputs = generated.files;
    outputs.insert("(cargo features)".to_owned(), generated.cargo_features);
    outputs.insert("(warnings)".to_owned(), generated.warnings.join("\n"));
    outputs
}

/// One line per output: name, length, hash. `DefaultHasher::new()` has fixed keys, so two
/// processes of this binary hash the same bytes the same way.
fn digests(outputs: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    outputs
        .iter()
        .map(|(name, text)| {
            let mut h = DefaultHasher::new();
            text.hash(&mut h);
            (
                name.clone(),
                format!("{} bytes, hash {:016x}", text.len(), h.finish()),
            )
        })
        .collect()
}

/// The outputs that differ between two runs, each with what differs.
fn differences(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) if x == y => None,
            (Some(x), Some(y)) => Some(format!("{name}: {}", first_difference(x, y))),
            (x, _) => Some(format!(
                "{name}: only in the {} run",
                if x.is_some() { "first" } else { "second" }
            )),
        })
        .collect()
}

fn first_difference(x: &str, y: &str) -> String {
    match x.lines().zip(y.lines()).position(|(l, m)| l != m) {
        Some(i) => format!(
            "line {}: {:?} vs {:?}",
            i + 1,
            x.lines().nth(i).unwrap_or_default(),
            y.lines().nth(i).unwrap_or_default()
        ),
        None => format!("{x} vs {y}"),
    }
}

#[test]
fn the_full_sdk_is_the_same_bytes_in_every_run_and_process() {
    let first = generate();
    let second = generate();
    let diff = differences(&first, &second);
    assert!(
        diff.is_empty(),
        "two runs in one process differ:\n{}",
        diff.join("\n")
    );

    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism-digests.json");
    let _ = std::fs::remove_file(&out);
    let exe = std::env::current_exe().expect("the test binary's path");
    let child = Command::new(exe)
        .args([
            "--exact",
            "digests_for_the_parent_process",
            "--test-threads=1",
        ])
        .env(CHILD_OUTPUT, &out)
        .output()
        .expect("the test binary starts again");
    assert!(
        child.status.success(),
        "the child process failed ({}):\n{}{}",
        child.status,
        String::from_utf8_lossy(&child.stdout),
        String::from_utf8_lossy(&child.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("the child wrote its digests");
    let theirs: BTreeMap<String, String> =
        serde_json::from_str(&text).expect("the child's digests are JSON");
    let diff = differences(&digests(&first), &theirs);
    assert!(
        diff.is_empty(),
        "this process and a child process differ:\n{}",
        diff.join("\n")
    );
}

/// Not a test of its own: the child half of the test above, which runs this binary again
/// with `CODEGEN_DETERMINISM_DIGESTS` set. Without it, does nothing.
#[test]
fn digests_for_the_parent_process() {
    let Some(out) = std::env::var_os(CHILD_OUTPUT) else {
        return;
    };
    let text = serde_json::to_string_pretty(&digests(&generate())).expect("digests serialize");
    std::fs::write(out, text).expect("the digests file is writable");
}
