//! Generates the Seam SDK's Rust code from an OpenAPI 3.0 or 3.1 document.
//!
//! The road a spec travels, one direction only:
//! [`load`] (JSON or YAML into `openapiv3::OpenAPI`) → [`lower`] (into the [`ir`]) →
//! [`emit`] (token streams) → [`format`] (`prettyplease`, plus the header line).
//! Nothing here names an endpoint or a schema of Seam's: the spec decides what is generated.

pub mod emit;
mod error;
pub mod format;
pub mod ir;
pub mod load;
mod locate;
pub mod lower;
pub mod matching;
pub mod memory;
pub mod naming;
mod openapi31;
pub mod surface;

use std::collections::BTreeMap;
use std::path::Path;

pub use error::{Error, Fault};
pub use memory::Memory;

/// Everything the generator produces for one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Generated files, keyed by their path relative to `seam-sdk/src/generated/`, with `/` separators.
    pub files: BTreeMap<String, String>,
    /// Generated test modules, keyed by their path relative to `seam-sdk/tests/generated/`:
    /// `route_calls.rs`, a call of every route (see `emit::route_calls`), and `aliases.rs`,
    /// a use of every deprecated alias (`emit::alias_checks`).
    pub test_files: BTreeMap<String, String>,
    /// The `[features]` entries the generated code expects in `seam-sdk/Cargo.toml`, one per line,
    /// to be placed between the `# BEGIN GENERATED FEATURES` and `# END GENERATED FEATURES` markers.
    pub cargo_features: String,
    /// Constructs generated as `serde_json::Value`: free-form in the spec, or not typed by this
    /// generator (the latter start with the JSON path and say "not supported").
    pub warnings: Vec<String>,
    /// The public API of the generated code, for semver reports (`xtask` commits it as
    /// `api.json` beside the code).
    pub surface: surface::Surface,
}

/// Below this many files per thread, splitting the work costs more than it saves.
const FILES_PER_THREAD: usize = 16;

/// `each` of `items` on every core the machine offers (none but this thread when the items are
/// few), while this thread also runs `beside`; the results in the order of `items`.
fn in_parallel<T: Sync, R: Send, B>(
    items: &[T],
    each: impl Fn(&T) -> R + Sync,
    beside: impl FnOnce() -> B,
) -> (Vec<R>, B) {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.min(items.len() / FILES_PER_THREAD).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(at) else {
                return done;
            };
            done.push((at, each(item)));
        }
    };
    let (mut done, beside) = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let beside = beside();
        let mut done = work();
        for helper in helpers {
            // A panic in a helper is a bug of the generator: pass it on as it is.
            done.extend(
                helper
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        (done, beside)
    });
    done.sort_by_key(|(at, _)| *at);
    (done.into_iter().map(|(_, r)| r).collect(), beside)
}

/// Loads, lowers, emits and formats the spec at `path`, with names by the rules alone.
pub fn generate_from_path(path: &Path) -> Result<Generated, Error> {
    generate_from_path_with(path, &Memory::default())
}

/// Loads, lowers, emits and formats the spec at `path`, keeping the names `memory` published.
pub fn generate_from_path_with(path: &Path, memory: &Memory) -> Result<Generated, Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error {
        file: file.clone(),
        pointer: "#".to_owned(),
        message: format!("cannot read the file: {e}"),
    })?;
    generate_from_str_with(&file, &text, memory)
}

/// Loads, lowers, emits and formats a spec given as text; `file` names it in errors and picks
/// the format by extension (`.yaml`/`.yml`: YAML, `.json`: JSON, otherwise by content).
pub fn generate_from_str(file: &str, text: &str) -> Result<Generated, Error> {
    generate_from_str_with(file, text, &Memory::default())
}

/// [`generate_from_str`], keeping the names `memory` published (see [`memory`]).
pub fn generate_from_str_with(file: &str, text: &str, memory: &Memory) -> Result<Generated, Error> {
    let spec = load::load_str(file, text)?;
    let api = lower::lower(&spec, memory).map_err(|f| f.in_file(file))?;
    let format = |path: &str, tokens| {
        format::format_file(path, tokens).map_err(|message| Error {
            file: file.to_owned(),
            pointer: "#".to_owned(),
            message,
        })
    };
    let emit::Plan { files: index, jobs } = emit::plan(&api);
    let mut files = BTreeMap::new();
    for (path, tokens) in index {
        let text = format(&path, tokens)?;
        files.insert(path, text);
    }
    // The test files are the main thread's share while the others render jobs.
    let (rendered, test_files) = in_parallel(
        &jobs,
        |job| format(&job.path, emit::render(&api, job)),
        || {
            let calls = "route_calls.rs";
            let aliases = "aliases.rs";
            Ok::<_, Error>(BTreeMap::from([
                (calls.to_owned(), format(calls, emit::route_calls(&api))?),
                (
                    aliases.to_owned(),
                    format(aliases, emit::alias_checks(&api))?,
                ),
            ]))
        },
    );
    for (job, text) in jobs.iter().zip(rendered) {
        files.insert(job.path.clone(), text?);
    }
    let test_files = test_files?;
    files.insert("api.txt".to_owned(), emit::listing(&api));
    Ok(Generated {
        files,
        test_files,
        cargo_features: emit::cargo_features(&api),
        surface: surface::surface(&api),
        warnings: api.warnings,
    })
}
