//! The fuzzer's corpus, run on every `cargo test`: inputs that once crashed or hung the generator,
//! and a few that reach corners worth keeping. Each file in `tests/fuzz_regressions/` must either
//! generate (every `.rs` file parsing) or fail with an error whose JSON path starts with `#`
//! (other than the formatter's "generator bug"): never panic, overflow the stack or hang. The file's name is what the generator is told, so
//! its extension picks JSON (`.json`), YAML (`.yaml`) or sniffing (`.txt`).
//!
//! Each input runs in a child process (this test binary again), so a stack overflow, which
//! aborts the process, or a hang fails that input alone and every failing input is listed.
//!
//! The fuzzer itself is `cargo xtask fuzz` (see `codegen/fuzz/README.md`); CI runs only this.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generous: a debug build, on a busy machine (every input here takes under a second when the
/// generator keeps its promise). The fuzzer's own limit, in release, is 2 s.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The stack of a program's main thread on Linux, where `cargo xtask codegen` runs the generator.
const STACK: usize = 8 << 20;

/// Set in a child process to the input it checks.
const CHILD_INPUT: &str = "CODEGEN_FUZZ_REGRESSION_INPUT";

#[test]
fn every_input_generates_or_fails_with_a_json_path() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus folder exists")
        .map(|entry| entry.expect("a readable folder entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| check_in_child(path).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} inputs broke the generator's promise:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

/// Not a test of its own: the child half of the test above, run with `CODEGEN_FUZZ_REGRESSION_INPUT`
/// set to one input. Without it, does nothing.
#[test]
fn one_input_for_the_parent_process() {
    let Some(path) = std::env::var_os(CHILD_INPUT) else {
        return;
    };
    let path = PathBuf::from(path);
    // libtest's threads have small stacks; give the generator a main thread's.
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let verdict = std::thread::Builder::new()
        .name(name.unwrap_or_default())
        .stack_size(STACK)
        .spawn(move || judge(&path))
        .expect("a thread starts")
        .join();
    match verdict {
        Ok(Ok(())) => {}
        Ok(Err(why)) => panic!("{why}"),
        Err(_) => panic!("the generator panicked (message above)"),
    }
}

/// The promise, for one input.
fn judge(path: &Path) -> Result<(), String> {
    let name = path.file_name().expect("a file name").to_string_lossy();
    let text = std::fs::read_to_string(path).map_err(|e| format!("unreadable: {e}"))?;
    match codegen::generate_from_str(&name, &text) {
        Err(e) if !e.pointer.starts_with('#') => Err(format!("error without a JSON path: {e}")),
        // The formatter's own words for emitted tokens that are not Rust.
        Err(e) if e.message.starts_with("generator bug") => Err(e.to_string()),
        Err(_) => Ok(()),
        Ok(generated) => generated
            .files
            .iter()
            .filter(|(path, _)| path.ends_with(".rs"))
            .try_for_each(|(path, text)| {
                syn::parse_file(text)
                    .map(drop)
                    .map_err(|e| format!("generated {path} does not parse: {e}"))
            }),
    }
}

/// Runs [`one_input_for_the_parent_process`] on `path` in a child process, with a time limit.
fn check_in_child(path: &Path) -> Result<(), String> {
    let name = path.file_name().expect("a file name").to_string_lossy();
    let log =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz_regression-{name}.log"));
    let log_file = std::fs::File::create(&log).expect("the log file can be created");
    let mut child = Command::new(std::env::current_exe().expect("the test binary's path"))
        .args(["--exact", "one_input_for_the_parent_process"])
        .args(["--nocapture", "--test-threads=1"])
        .env(CHILD_INPUT, path)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().expect("the log file can be shared"))
        .stderr(log_file)
        .spawn()
        .expect("the test binary starts again");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            // Ignore the error: the child may have just finished.
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{name}: still running after {TIME_LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if status.success() {
        return Ok(());
    }
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    let why: Vec<&str> = output
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("running ") && !l.starts_with("test "))
        .filter(|l| !l.starts_with("stack backtrace:") && !l.starts_with("note: "))
        .take(6)
        .collect();
    Err(format!("{name} ({status}):\n  {}", why.join("\n  ")))
}
