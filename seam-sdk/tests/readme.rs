//! The repository README's Rust examples are compiled through the crate README.
//!
//! `cargo test` compiles `seam-sdk/README.md`'s examples as doc tests (`ReadmeDoctests` in
//! `src/lib.rs`); it cannot compile the repository README's the same way, because the published
//! package holds only the crate's own files. So every Rust block of the repository README must
//! also be, word for word, a block of the crate README.

use std::path::Path;

/// The fenced code blocks of `markdown` whose info string starts with `rust`.
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start().strip_prefix("```")) {
            (None, Some(info)) if info.starts_with("rust") => current = Some(String::new()),
            (Some(block), Some(_)) => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), None) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_repository_readme_example_is_a_crate_readme_example() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &Path| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    };
    let crate_blocks = rust_blocks(&read(&dir.join("README.md")));
    let missing: Vec<String> = rust_blocks(&read(&dir.join("../README.md")))
        .into_iter()
        .filter(|block| !crate_blocks.contains(block))
        .collect();
    assert!(
        missing.is_empty(),
        "these Rust examples of README.md are not in seam-sdk/README.md, whose examples \
         `cargo test` compiles: copy each there (the package has only that README)\n\n{}",
        missing.join("\n----\n")
    );
}

#[test]
fn rust_blocks_are_found_by_info_string() {
    let markdown = "text\n```rust,no_run\nlet a = 1;\n```\n```toml\nx = 1\n```\n```rust\nb\n```\n";
    assert_eq!(rust_blocks(markdown), ["let a = 1;\n", "b\n"]);
}
