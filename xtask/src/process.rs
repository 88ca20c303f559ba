//! Running other programs (cargo, npm, node, tar, curl) with errors a person can act on.

use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use crate::DynError;

/// Runs `command` with inherited stdio, failing unless it exits successfully.
pub(crate) fn run(command: &mut Command) -> Result<(), DynError> {
    let shown = show(command);
    println!("$ {shown}");
    let status = command.status().map_err(|e| spawn_error(&shown, e))?;
    if !status.success() {
        return Err(format!("`{shown}` failed ({status})").into());
    }
    Ok(())
}

/// Runs `command` with its standard error inherited, handing each line of its standard output
/// to `line` as it comes, and returns how it exited; fails only when it cannot be started or read.
pub(crate) fn run_reading_stdout(
    command: &mut Command,
    mut line: impl FnMut(&str),
) -> Result<ExitStatus, DynError> {
    let shown = show(command);
    println!("$ {shown}");
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| spawn_error(&shown, e))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    for text in BufReader::new(stdout).lines() {
        line(&text.map_err(|e| format!("reading the output of `{shown}`: {e}"))?);
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for `{shown}`: {e}"))?;
    Ok(status)
}

/// The command line, for messages. Arguments with spaces are quoted; inline scripts are elided.
fn show(command: &Command) -> String {
    // `cargo` rather than the toolchain's full path to it.
    let program = Path::new(command.get_program());
    let program = program.file_name().unwrap_or(program.as_os_str());
    let mut parts = vec![program.to_string_lossy().into_owned()];
    for arg in command.get_args() {
        let arg = arg.to_string_lossy();
        let arg = if arg.contains('\n') {
            "<script>".to_string()
        } else {
            arg.into_owned()
        };
        parts.push(if arg.contains(' ') {
            format!("'{arg}'")
        } else {
            arg
        });
    }
    parts.join(" ")
}

fn spawn_error(shown: &str, error: io::Error) -> DynError {
    let program = shown.split(' ').next().unwrap_or(shown);
    let hint = match program {
        "node" | "npm" => " (install Node.js 20 or newer, with npm)",
        _ => "",
    };
    if error.kind() == io::ErrorKind::NotFound {
        format!("`{program}` was not found on PATH{hint}").into()
    } else {
        format!("could not start `{shown}`: {error}").into()
    }
}
