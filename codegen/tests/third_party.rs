//! Public third-party OpenAPI documents, as their authors published them (where each comes
//! from: `fixtures/third_party/README.md`). Those the generator takes are also snapshotted and
//! compiled with clippy by the snapshot crate (`tests/snapshots.rs`); those it cannot take yet
//! must be refused with a fault that names the file and the JSON path, never a panic. The test
//! fails when either list changes, so a document newly taken or newly refused is noticed.

use std::path::Path;

/// Generated, snapshotted and compiled.
const TAKEN: &[&str] = &[
    "circular-request-bodies-3.0.json",
    "file-uploads-3.0.json",
    "petstore-3.0.json",
    "petstore-3.1.json",
    "petstore-expanded-3.0.json",
    "star-trek-3.0.json",
    "train-travel-3.1.json",
    "uspto-3.0.json",
];

/// Refused, with the JSON path of what the generator cannot take: none of these documents.
const REFUSED: &[(&str, &str)] = &[];

#[test]
fn third_party_documents_generate_or_are_refused_at_a_json_path() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/third_party");
    let mut taken = Vec::new();
    let mut refused = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match codegen::generate_from_path(&path) {
            Ok(generated) => {
                let methods = generated.files["api.txt"]
                    .lines()
                    .filter(|l| l.starts_with("seam."))
                    .count();
                eprintln!("{name}: {methods} methods");
                taken.push(name);
            }
            Err(e) => {
                assert_eq!(
                    e.file,
                    path.display().to_string(),
                    "the fault names the file"
                );
                eprintln!("{name}: refused at {}: {}", e.pointer, e.message);
                refused.push((name, e.pointer));
            }
        }
    }
    assert_eq!(taken, TAKEN);
    let expected: Vec<(String, String)> = REFUSED
        .iter()
        .map(|(n, p)| ((*n).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(refused, expected);
}
