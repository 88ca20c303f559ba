//! Project automation, run as `cargo xtask <command>` from any folder of the repository
//! (through the alias in `.cargo/config.toml`).
//!
//! - `cargo xtask codegen [--check]`: regenerates `seam-sdk/src/generated/` from `spec/openapi.json`,
//!   or with `--check` fails when the committed code differs from what the generator produces.
//! - `cargo xtask spec update <source>`: refreshes `spec/openapi.json`.
//! - `cargo xtask test [args…]`: installs the fake Seam server when needed, then runs every test.
//! - `cargo xtask bench-compile [--runs N]`: times the clean debug build of `seam-sdk` alone.
//! - `cargo xtask fuzz [--seconds N]`: fuzzes the generator (`codegen/fuzz/`).

mod bench_compile;
mod codegen_command;
mod compat;
mod diff;
mod ensure;
mod fuzz;
mod process;
mod spec;
mod test_command;
#[cfg(test)]
mod test_dir;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The error type of every command: a message for a person, already formatted.
pub(crate) type DynError = Box<dyn std::error::Error>;

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  codegen [--check] [--verbose]
                           Regenerate seam-sdk/src/generated/ from spec/openapi.json.
                           With --check, change nothing and fail if the committed code is stale.
                           With --verbose, list every generator warning, not just the first ones.
  spec update <source>     Replace spec/openapi.json. <source> is a .json/.yaml/.yml file,
                           an http(s) URL, or a version of the npm package @seamapi/types
                           (for example 1.977.0, or `latest`).
  test [args...]           Install the fake Seam server (npm ci --prefix fake-server) if needed,
                           then run `cargo test --workspace --all-features [args...]`.
  compat [name...]         Generate the SDK from each older spec in codegen/tests/specs/
                           (or those whose file name contains a given name) in a copy of the
                           workspace, and run clippy on it with warnings denied.
  bench-compile [--runs N] Time the clean debug build of seam-sdk alone (dependencies prebuilt)
                           and its peak memory, for the default features, --all-features and
                           connected_accounts alone, in target/bench-compile/.
  fuzz [--seconds N] [--jobs N] [--seed N]
                           Fuzz the generator (see codegen/fuzz/README.md); failures and a
                           report go to target/fuzz/.
  help                     Show this message.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = repo_root();
    let result = match args.as_slice() {
        ["codegen", flags @ ..] => codegen_command::Options::parse(flags)
            .and_then(|options| codegen_command::command(&root, options)),
        ["spec", "update", source] => spec::update(&root, source),
        ["test", rest @ ..] => test_command::run(&root, rest),
        ["compat", only @ ..] => compat::command(&root, only),
        ["fuzz", rest @ ..] => fuzz::command(&root, rest),
        ["bench-compile", rest @ ..] => bench_compile::command(&root, rest),
        [] | ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("unknown arguments: {}\n\n{USAGE}", args.join(" ")).into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root: the parent of this crate's folder, so commands work from any folder.
pub(crate) fn repo_root() -> PathBuf {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask_dir
        .parent()
        .expect("xtask lives in a folder of the repository")
        .to_path_buf()
}

/// `path` relative to the repository root, with `/` separators, for messages.
pub(crate) fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
