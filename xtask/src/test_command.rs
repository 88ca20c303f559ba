//! `cargo xtask test [args…]`: every test, including those against the fake Seam server.
//!
//! 1. `npm ci --prefix fake-server`, when `fake-server/node_modules` is missing or does not hold
//!    the packages of `fake-server/package-lock.json` (see [`crate::fake_server`]);
//! 2. `cargo test --workspace --all-features [args…]`.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::{fake_server, process, DynError};

pub(crate) fn run(root: &Path, extra_args: &[&str]) -> Result<(), DynError> {
    let mut timings: Vec<(String, Duration)> = Vec::new();
    if let Some(took) = fake_server::ensure_installed(root)? {
        timings.push(("npm ci --prefix fake-server".into(), took));
    }

    let mut args = vec!["test", "--workspace", "--all-features"];
    args.extend_from_slice(extra_args);
    let started = Instant::now();
    let result = process::run(crate::cargo().args(&args).current_dir(root));
    timings.push((format!("cargo {}", args.join(" ")), started.elapsed()));

    for (step, time) in &timings {
        println!("{:>8.1} s  {step}", time.as_secs_f64());
    }
    result
}
