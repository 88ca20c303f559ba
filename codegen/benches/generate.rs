//! How long the generator takes on the vendored spec: the whole pipeline, then each stage on
//! its own (each fed with the previous stage's output, built outside the timed loop).
//!
//! ```text
//! cargo bench -p codegen --bench generate
//! ```
//!
//! Target (issue 5): the whole spec generated in under 0.5 s. Results are in `BENCHMARKS.md`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use codegen::{emit, format, ir, load, lower};
use divan::Bencher;
use proc_macro2::TokenStream;

const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.json");
const SPEC_FILE: &str = "spec/openapi.json";

fn main() {
    divan::main();
}

fn spec_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(SPEC_PATH).unwrap_or_else(|e| panic!("reading {SPEC_PATH}: {e}"))
    })
}

fn spec() -> &'static openapiv3::OpenAPI {
    static SPEC: OnceLock<openapiv3::OpenAPI> = OnceLock::new();
    SPEC.get_or_init(|| load::load_str(SPEC_FILE, spec_text()).expect("the vendored spec loads"))
}

fn api() -> &'static ir::Api {
    static API: OnceLock<ir::Api> = OnceLock::new();
    API.get_or_init(|| lower::lower(spec(), &Default::default()).expect("the vendored spec lowers"))
}

/// Every stage, as `cargo xtask codegen` runs it (also the `api.txt` listing and the features).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn pipeline(bencher: Bencher) {
    let text = spec_text();
    bencher.bench(|| {
        codegen::generate_from_str(SPEC_FILE, text).expect("the vendored spec generates")
    });
}

mod stage {
    use super::*;

    /// Reference point: the same bytes parsed into `serde_json::Value`.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn json_value(bencher: Bencher) {
        let text = spec_text();
        bencher.bench(|| serde_json::from_str::<serde_json::Value>(text).expect("valid JSON"));
    }

    /// JSON text → `openapiv3::OpenAPI`.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn load(bencher: Bencher) {
        let text = spec_text();
        bencher.bench(|| super::load::load_str(SPEC_FILE, text).expect("the vendored spec loads"));
    }

    /// `openapiv3::OpenAPI` → IR.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn lower(bencher: Bencher) {
        let spec = spec();
        bencher.bench(|| {
            super::lower::lower(spec, &Default::default()).expect("the vendored spec lowers")
        });
    }

    /// IR → one token stream per file.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn emit(bencher: Bencher) {
        let api = api();
        bencher.bench(|| super::emit::emit(api));
    }

    /// Token streams → formatted text, every file (the clone of the tokens is not timed).
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn format(bencher: Bencher) {
        // Token streams are neither `Send` nor `Sync`, so they are built here, not in a static.
        let tokens: BTreeMap<String, TokenStream> = super::emit::emit(api());
        bencher
            .with_inputs(|| tokens.clone())
            .bench_local_values(|files| {
                files
                    .into_iter()
                    .map(|(path, tokens)| {
                        super::format::format_file(&path, tokens).expect("generated code parses")
                    })
                    .map(|text| text.len())
                    .sum::<usize>()
            });
    }
}

/// Not stages: where a stage's time goes, and what it could cost, for the findings in
/// `BENCHMARKS.md`.
mod parts {
    use super::*;
    use serde::Deserialize;

    /// `load` without its two safety nets (the `Value` tree for version checks and fault
    /// locations, and path tracking): JSON text straight into `openapiv3::OpenAPI`.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn load_direct(bencher: Bencher) {
        let text = spec_text();
        bencher.bench(|| {
            serde_json::from_str::<openapiv3::OpenAPI>(text).expect("the vendored spec loads")
        });
    }

    /// The second half of `load` without path tracking: the `Value` tree into
    /// `openapiv3::OpenAPI`.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn load_from_value_untracked(bencher: Bencher) {
        let tree: serde_json::Value = serde_json::from_str(spec_text()).expect("valid JSON");
        bencher.bench(|| openapiv3::OpenAPI::deserialize(&tree).expect("the vendored spec loads"));
    }

    /// The first half of `format`: every file's tokens into a `syn::File`.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn format_parse(bencher: Bencher) {
        let tokens: BTreeMap<String, TokenStream> = super::emit::emit(api());
        bencher
            .with_inputs(|| tokens.clone())
            .bench_local_values(|files| {
                files
                    .into_values()
                    .map(|tokens| syn::parse2::<syn::File>(tokens).expect("generated code parses"))
                    .collect::<Vec<_>>()
            });
    }

    /// The second half of `format`: every `syn::File` printed by `prettyplease`.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn format_unparse(bencher: Bencher) {
        let files: Vec<syn::File> = super::emit::emit(api())
            .into_values()
            .map(|tokens| syn::parse2(tokens).expect("generated code parses"))
            .collect();
        bencher.bench_local(|| {
            files
                .iter()
                .map(|file| prettyplease::unparse(file).len())
                .sum::<usize>()
        });
    }
}
