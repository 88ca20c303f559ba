//! Snapshot tests: each fixture spec in `tests/fixtures/` and the code the generator makes of
//! it, kept as files in `tests/snapshots/src/<fixture>/` for review. The snapshot folder is a
//! crate of the workspace (`codegen-snapshots`), so the snapshots are compiled (and linted) by
//! every `cargo test --workspace` / `cargo clippy --workspace`.
//!
//! After an intended change to the generator: `UPDATE_SNAPSHOTS=1 cargo test -p codegen --test snapshots`,
//! then review the diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FIXTURES: &[&str] = &[
    "pets.yaml",
    "store.yaml",
    "widgets.json",
    "third_party/circular-request-bodies-3.0.json",
    "third_party/file-uploads-3.0.json",
    "third_party/petstore-3.0.json",
    "third_party/petstore-3.1.json",
    "third_party/petstore-expanded-3.0.json",
    "third_party/star-trek-3.0.json",
    "third_party/train-travel-3.1.json",
    "third_party/uspto-3.0.json",
];

/// The snapshot folder of a fixture: its file name without the extension, as an identifier
/// (`third_party/train-travel-3.1.json` → `train_travel_3_1`).
fn stem(fixture: &str) -> String {
    let name = fixture.rsplit('/').next().unwrap_or(fixture);
    let name = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    name.replace(['-', '.'], "_")
}

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn existing_files(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if path.is_dir() {
            existing_files(&path, &format!("{name}/"), out);
        } else {
            out.insert(name, std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
}

#[test]
fn generated_code_matches_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for fixture in FIXTURES {
        let generated = codegen::generate_from_path(&tests_dir().join("fixtures").join(fixture))
            .unwrap_or_else(|e| panic!("{e}"));
        let stem = stem(fixture);
        let dir = tests_dir().join("snapshots").join("src").join(&stem);
        let mut expected = generated.files.clone();
        expected.insert("FEATURES.toml".to_owned(), generated.cargo_features.clone());
        let mut actual = BTreeMap::new();
        existing_files(&dir, "", &mut actual);
        if actual == expected {
            continue;
        }
        if update {
            let _ = std::fs::remove_dir_all(&dir);
            for (path, text) in &expected {
                let target = dir.join(path);
                std::fs::create_dir_all(target.parent().expect("files sit in a folder"))
                    .expect("create folder");
                std::fs::write(target, text).expect("write snapshot");
            }
            continue;
        }
        for (path, text) in &expected {
            if actual.get(path) != Some(text) {
                stale.push(format!("{stem}/{path}"));
            }
        }
        stale.extend(
            actual
                .keys()
                .filter(|p| !expected.contains_key(*p))
                .map(|p| format!("{stem}/{p} (no longer generated)")),
        );
    }
    assert!(
        stale.is_empty(),
        "snapshots differ from the generator's output:\n  {}\nrun `UPDATE_SNAPSHOTS=1 cargo test -p codegen --test snapshots` and review the diff",
        stale.join("\n  ")
    );
}

#[test]
fn generation_is_deterministic() {
    for fixture in FIXTURES {
        let path = tests_dir().join("fixtures").join(fixture);
        let a = codegen::generate_from_path(&path).unwrap_or_else(|e| panic!("{e}"));
        let b = codegen::generate_from_path(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a, b, "{fixture}");
    }
}
