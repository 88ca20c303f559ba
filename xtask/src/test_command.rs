//! `cargo xtask test [args…]`: every test, including those against the fake Seam server.
//!
//! 1. `npm ci --prefix fake-server`, when `fake-server/node_modules` is missing or was installed
//!    from another `package-lock.json`;
//! 2. `cargo test --workspace --all-features [args…]`.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::ensure::with_path;
use crate::{process, DynError};

/// Where the installed lock file is remembered. `npm ci` deletes `node_modules` first, so the
/// stamp never outlives the install it describes.
const STAMP: &str = "fake-server/node_modules/.xtask-installed-package-lock.json";
const LOCK: &str = "fake-server/package-lock.json";
/// What the tests start; if it is missing the install is incomplete.
const SERVER: &str = "fake-server/node_modules/@seamapi/fake-seam-connect/dist/server.js";

pub(crate) fn run(root: &Path, extra_args: &[&str]) -> Result<(), DynError> {
    let mut timings: Vec<(String, Duration)> = Vec::new();

    let lock_path = root.join(LOCK);
    let lock = fs::read_to_string(&lock_path).map_err(|e| with_path(e, "reading", &lock_path))?;
    let installed = fs::read_to_string(root.join(STAMP)).ok();
    if installed.as_deref() == Some(lock.as_str()) && root.join(SERVER).exists() {
        println!("fake Seam server: installed (fake-server/package-lock.json unchanged)");
    } else {
        let started = Instant::now();
        process::run(
            Command::new("npm")
                .args(["ci", "--prefix", "fake-server", "--no-audit", "--no-fund"])
                .current_dir(root),
        )?;
        fs::write(root.join(STAMP), &lock)
            .map_err(|e| with_path(e, "writing", &root.join(STAMP)))?;
        timings.push(("npm ci --prefix fake-server".into(), started.elapsed()));
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut args = vec!["test", "--workspace", "--all-features"];
    args.extend_from_slice(extra_args);
    let started = Instant::now();
    let result = process::run(Command::new(&cargo).args(&args).current_dir(root));
    timings.push((format!("cargo {}", args.join(" ")), started.elapsed()));

    for (step, time) in &timings {
        println!("{:>8.1} s  {step}", time.as_secs_f64());
    }
    result
}
