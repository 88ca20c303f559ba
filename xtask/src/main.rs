//! Project automation, run as `cargo xtask <command>` from any folder of the repository
//! (through the alias in `.cargo/config.toml`).
//!
//! - `cargo xtask codegen [--check] [--changelog] [--retire-aliases]`: regenerates
//!   `seam-sdk/src/generated/` from `spec/openapi.json`, keeping the names the committed
//!   listing published, and reports what changed in the public API (breaking, by cause, or
//!   additive) and the next version; with `--check` fails when the committed code differs
//!   from what the generator produces.
//! - `cargo xtask spec update <source>`: refreshes `spec/openapi.json`, and reports what the new
//!   spec changes in the public API.
//! - `cargo xtask test [args…]`: installs the fake Seam server when needed, then runs every test.
//! - `cargo xtask compat [name…]`: the generator on published versions of Seam's spec, linted.
//! - `cargo xtask third-party [name…]`: the generator on ReadMe's public OpenAPI documents
//!   (`@readme/oas-examples`), linted.
//! - `cargo xtask bench-compile [--runs N] [--vs REV]`: times the clean debug build of
//!   `seam-sdk` alone, or that and commit `REV`'s in turn, with their ratio.
//! - `cargo xtask fuzz [--seconds N]`: fuzzes the generator (`codegen/fuzz/`).
//! - `cargo xtask msrv`: fails when a locked dependency of `seam-sdk` needs a newer Rust than
//!   its `rust-version`.

mod bench_compile;
mod codegen_command;
mod compat;
mod diff;
mod ensure;
mod fake_server;
mod fuzz;
mod msrv;
mod process;
mod scratch;
mod semver;
mod spec;
mod test_command;
#[cfg(test)]
mod test_dir;
mod third_party;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// The error type of every command: a message for a person, already formatted.
pub(crate) type DynError = Box<dyn std::error::Error>;

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  codegen [--check] [--verbose] [--changelog] [--retire-aliases]
                           Regenerate seam-sdk/src/generated/ from spec/openapi.json, keeping
                           the type names the listing beside it (api.json) published (a name
                           that cannot stay becomes a deprecated alias), then report what
                           changed in the public API against the committed listing (api.json
                           at HEAD): methods, types, fields, enum values and union variants,
                           breaking (by cause: the spec, or naming) or additive, and the
                           version the next release takes.
                           With --check, change nothing and fail if the committed code is stale.
                           With --verbose, list every generator warning and every API change.
                           With --changelog, also add the API changes under Unreleased in
                           CHANGELOG.md, with the next version.
                           With --retire-aliases, drop every deprecated alias (only in a
                           release that is breaking anyway: see the README, Versioning).
  spec update <source>     Replace spec/openapi.json, and report what the new spec changes in
                           the public API. <source> is a .json/.yaml/.yml file, an http(s) URL,
                           or a version of the npm package @seamapi/types (for example
                           1.977.0, or `latest`).
  test [args...]           Install the fake Seam server (npm ci --prefix fake-server) if needed,
                           then run `cargo test --workspace --all-features [args...]`.
  compat [name...]         Generate the SDK from each published @seamapi/types version pinned
                           in fake-server/package.json (seam-types-<version>; or those whose
                           name contains a given name) in one copy of the workspace, and run
                           clippy on it with warnings denied. Installs them if needed.
  third-party [name...]    Generate code from every OpenAPI document of @readme/oas-examples
                           (pinned in fake-server/package.json; 3.0/json and 3.1/json, or those
                           whose path contains a given name) and run clippy on it, in one crate,
                           with warnings denied. Fails on a panic of the generator, on any
                           diagnostic, or when the documents refused differ from those expected.
  bench-compile [--runs N] [--vs REV]
                           Time the clean debug build of seam-sdk alone (dependencies prebuilt)
                           and its peak memory, for the default features, --all-features and
                           connected_accounts alone, in target/bench-compile/. With --vs REV,
                           build commit REV's seam-sdk in turn with this one's (A B A B…) and
                           print the median ratio of each pair.
  fuzz [--seconds N] [--jobs N] [--seed N]
                           Fuzz the generator (see codegen/fuzz/README.md); failures and a
                           report go to target/fuzz/.
  msrv                     Fail when a locked dependency of seam-sdk (normal or build, all
                           features, every target) declares a higher rust-version than
                           seam-sdk's, listing each with the path that pulls it in.
  help                     Show this message.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = match find_repo_root() {
        Ok(root) => root,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = match args.as_slice() {
        ["codegen", flags @ ..] => codegen_command::Options::parse(flags)
            .and_then(|options| codegen_command::command(&root, options)),
        ["spec", "update", source] => spec::update(&root, source),
        ["test", rest @ ..] => test_command::run(&root, rest),
        ["compat", only @ ..] => compat::command(&root, only),
        ["third-party", only @ ..] => third_party::command(&root, only),
        ["fuzz", rest @ ..] => fuzz::command(&root, rest),
        ["bench-compile", rest @ ..] => bench_compile::command(&root, rest),
        ["msrv"] => msrv::command(&root),
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

/// The repository to act on, found at run time: never the path this binary was compiled in,
/// because clones of the repository that share a target folder share this binary too.
///
/// Cargo sets `CARGO_MANIFEST_DIR` in the environment of what `cargo run` starts (here
/// `<root>/xtask`, for the checkout cargo was run in); without it (the binary started by hand)
/// the root is searched for up from the current folder.
fn find_repo_root() -> Result<PathBuf, DynError> {
    let cwd = std::env::current_dir().map_err(|e| format!("reading the current folder: {e}"))?;
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    pick_repo_root(manifest_dir.as_deref(), &cwd, is_repo_root).ok_or_else(|| {
        format!(
            "{} is not inside this repository (no parent folder has a Cargo.toml with \
             [workspace] and an xtask/ folder); run `cargo xtask` from the repository",
            cwd.display()
        )
        .into()
    })
}

/// The first folder that `is_root` accepts going up from cargo's manifest folder, or failing
/// that (no such variable, or it names a folder outside any repository) from the current folder.
fn pick_repo_root(
    manifest_dir: Option<&Path>,
    cwd: &Path,
    is_root: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    manifest_dir
        .into_iter()
        .chain([cwd])
        .find_map(|start| start.ancestors().find(|dir| is_root(dir)))
        .map(Path::to_path_buf)
}

/// A workspace root with this automation: a `Cargo.toml` declaring `[workspace]`, and `xtask/`.
fn is_repo_root(dir: &Path) -> bool {
    dir.join("xtask").is_dir()
        && fs::read_to_string(dir.join("Cargo.toml"))
            .is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"))
}

/// The repository root, for tests (which cargo also starts with `CARGO_MANIFEST_DIR` set).
#[cfg(test)]
pub(crate) fn repo_root() -> PathBuf {
    find_repo_root().expect("finding the repository")
}

/// A `cargo` command: the cargo that started this one (cargo sets `CARGO` for what it runs),
/// else `cargo` on PATH. It leaves out what `cargo run` set for xtask itself (`CARGO_PKG_NAME`,
/// `CARGO_MANIFEST_DIR`…): some build scripts watch those names (ring's does), so inheriting them
/// reran such scripts, and rebuilt their crates, whenever builds alternated between
/// `cargo xtask …` and plain cargo.
pub(crate) fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (name, _) in std::env::vars_os() {
        if set_by_cargo_run(&name) {
            command.env_remove(name);
        }
    }
    command
}

/// The target folder cargo builds this workspace in (`CARGO_TARGET_DIR`, cargo's configuration,
/// or `target/`), so that what `compat` and `third-party` build elsewhere shares its compiled
/// dependencies.
pub(crate) fn target_dir(root: &Path) -> Result<PathBuf, DynError> {
    let output = cargo()
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start `cargo metadata`: {e}"))?;
    if !output.status.success() {
        return Err(format!("`cargo metadata` failed ({})", output.status).into());
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let dir = metadata["target_directory"]
        .as_str()
        .ok_or("`cargo metadata` named no target_directory")?;
    Ok(PathBuf::from(dir))
}

/// Whether cargo sets the variable `name` for the program `cargo run` starts (only there).
fn set_by_cargo_run(name: &OsStr) -> bool {
    name.to_str().is_some_and(|name| {
        name.starts_with("CARGO_PKG_")
            || matches!(
                name,
                "CARGO_MANIFEST_DIR"
                    | "CARGO_MANIFEST_PATH"
                    | "CARGO_MANIFEST_LINKS"
                    | "CARGO_CRATE_NAME"
                    | "CARGO_BIN_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
                    | "OUT_DIR"
            )
    })
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

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{is_repo_root, pick_repo_root, set_by_cargo_run};
    use crate::test_dir::TestDir;

    /// Two clones, `/a` and `/b`, as `is_repo_root` would see them.
    fn clone_root(dir: &Path) -> bool {
        dir == Path::new("/a") || dir == Path::new("/b")
    }

    #[test]
    fn the_root_comes_from_cargos_manifest_folder_at_run_time() {
        let picked = pick_repo_root(Some(Path::new("/b/xtask")), Path::new("/a/x"), clone_root);
        assert_eq!(picked, Some(PathBuf::from("/b")));
    }

    #[test]
    fn without_cargo_the_root_is_found_up_from_the_current_folder() {
        let picked = pick_repo_root(None, Path::new("/a/seam-sdk/src"), clone_root);
        assert_eq!(picked, Some(PathBuf::from("/a")));
        let elsewhere = Some(Path::new("/c/d"));
        let picked = pick_repo_root(elsewhere, Path::new("/a/x"), clone_root);
        assert_eq!(picked, Some(PathBuf::from("/a")));
        assert_eq!(pick_repo_root(elsewhere, Path::new("/c"), clone_root), None);
    }

    /// A second clone is recognised as a repository of its own, wherever this binary was built.
    #[test]
    fn another_clone_is_its_own_root() {
        let clone = TestDir::new("clone");
        clone.write("Cargo.toml", "[workspace]\nmembers = [\"xtask\"]\n");
        clone.write("xtask/Cargo.toml", "[package]\nname = \"xtask\"\n");
        clone.write("seam-sdk/src/lib.rs", "");
        let inside = clone.path().join("seam-sdk/src");
        assert_eq!(
            pick_repo_root(None, &inside, is_repo_root).as_deref(),
            Some(clone.path())
        );
        let xtask = clone.path().join("xtask");
        assert_eq!(
            pick_repo_root(Some(&xtask), Path::new("/"), is_repo_root).as_deref(),
            Some(clone.path())
        );
        assert_ne!(
            Some(clone.path()),
            Path::new(env!("CARGO_MANIFEST_DIR")).parent()
        );
    }

    #[test]
    fn cargo_runs_without_what_cargo_run_set_for_xtask() {
        for name in [
            "CARGO_MANIFEST_DIR",
            "CARGO_PKG_NAME",
            "CARGO_PKG_VERSION_MAJOR",
        ] {
            assert!(set_by_cargo_run(name.as_ref()), "{name}");
        }
        for name in [
            "CARGO",
            "CARGO_TARGET_DIR",
            "CARGO_HOME",
            "RUSTFLAGS",
            "PATH",
        ] {
            assert!(!set_by_cargo_run(name.as_ref()), "{name}");
        }
    }

    #[test]
    fn a_member_crate_is_not_the_root() {
        let clone = TestDir::new("member");
        clone.write("Cargo.toml", "[package]\nname = \"x\"\n");
        clone.write("xtask/Cargo.toml", "");
        assert!(!is_repo_root(clone.path()));
    }
}
