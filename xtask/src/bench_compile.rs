//! `cargo xtask bench-compile [--runs N]`: what compiling the SDK costs a user.
//!
//! For each feature set (the default, `--all-features`, and `connected_accounts` alone): builds
//! `seam-sdk` and its dependencies once, then `runs` times removes `seam-sdk`'s own artifacts
//! (`cargo clean -p seam-sdk`) and times `cargo build -p seam-sdk`, so only the crate itself is
//! compiled: a clean debug build (the workspace's `dev` profile) with dependencies prebuilt.
//! Peak memory is GNU time's maximum resident set of the build's process tree, which is the
//! `rustc` compiling `seam-sdk`. Everything is built in `target/bench-compile/`, so the main
//! target folder is left alone.
//!
//! A benchmark, not a test: it prints a table and fails only if a build fails.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::process::run;
use crate::DynError;

/// GNU time, which reports the peak resident set of what it runs.
const GNU_TIME: &str = "/usr/bin/time";

/// The feature sets measured: a name for the table, and cargo's arguments.
const FEATURE_SETS: &[(&str, &[&str])] = &[
    ("default features", &[]),
    ("--all-features", &["--all-features"]),
    (
        "connected_accounts only",
        &["--no-default-features", "--features", "connected_accounts"],
    ),
];

pub(crate) fn command(root: &Path, args: &[&str]) -> Result<(), DynError> {
    let runs = match args {
        [] => 1,
        ["--runs", n] => n
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("--runs takes a positive number, not {n:?}"))?,
        _ => return Err(format!("unknown arguments: {}", args.join(" ")).into()),
    };
    let target_dir = root.join("target/bench-compile");
    let gnu_time = Path::new(GNU_TIME).exists();
    if !gnu_time {
        println!("note: {GNU_TIME} is missing (Debian: apt-get install time); peak memory is not measured");
    }
    let cargo_build = |extra: &[&str]| {
        let mut command = crate::cargo();
        command
            .args(["build", "--package", "seam-sdk", "--target-dir"])
            .arg(&target_dir)
            .args(extra)
            .current_dir(root);
        command
    };

    let mut rows = Vec::new();
    for &(name, features) in FEATURE_SETS {
        println!("\n== {name}: dependencies first");
        run(&mut cargo_build(features))?;
        let mut samples = Vec::new();
        for i in 1..=runs {
            run(crate::cargo()
                .args(["clean", "--quiet", "--package", "seam-sdk", "--target-dir"])
                .arg(&target_dir)
                .current_dir(root))?;
            let load_before = load_average();
            let sample = timed_build(&cargo_build(features), gnu_time, &target_dir)?;
            println!(
                "run {i}/{runs}: {:.1} s, peak {}, load average {load_before} before, {} after",
                sample.seconds,
                sample.peak_kb.map_or("-".into(), format_kb),
                load_average(),
            );
            samples.push(sample);
        }
        rows.push((name, samples));
    }

    println!(
        "\nseam-sdk alone: clean debug build (dev profile), dependencies prebuilt, {} generated lines",
        generated_lines(&root.join("seam-sdk/src/generated"))
    );
    println!(
        "{:<26} {:>6} {:>12} {:>12} {:>12}",
        "features", "runs", "time (min)", "time (med)", "peak memory"
    );
    for (name, mut samples) in rows {
        samples.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
        let peak = samples.iter().filter_map(|s| s.peak_kb).max();
        println!(
            "{name:<26} {:>6} {:>10.1} s {:>10.1} s {:>12}",
            samples.len(),
            samples[0].seconds,
            samples[samples.len() / 2].seconds,
            peak.map_or("-".into(), format_kb),
        );
    }
    Ok(())
}

struct Sample {
    seconds: f64,
    peak_kb: Option<u64>,
}

/// Runs the build under GNU time (when there is one), quietly; its wall time and peak memory.
fn timed_build(build: &Command, gnu_time: bool, target_dir: &Path) -> Result<Sample, DynError> {
    let report = target_dir.join("bench-compile-time.txt");
    let mut command = if gnu_time {
        let mut c = Command::new(GNU_TIME);
        c.args(["--format", "%e %M", "--output"])
            .arg(&report)
            .arg(build.get_program());
        c
    } else {
        Command::new(build.get_program())
    };
    command.args(build.get_args()).arg("--quiet");
    for (name, value) in build.get_envs() {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    if let Some(dir) = build.get_current_dir() {
        command.current_dir(dir);
    }
    let started = Instant::now();
    run(&mut command)?;
    let mut sample = Sample {
        seconds: started.elapsed().as_secs_f64(),
        peak_kb: None,
    };
    if gnu_time {
        let text = fs::read_to_string(&report).map_err(|e| format!("{}: {e}", report.display()))?;
        // The last line: earlier ones would be GNU time's notes (e.g. a signal).
        let fields: Vec<&str> = text
            .lines()
            .last()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        if let [seconds, kb] = fields.as_slice() {
            sample.seconds = seconds.parse().unwrap_or(sample.seconds);
            sample.peak_kb = kb.parse().ok();
        }
    }
    Ok(sample)
}

/// GNU time's `%M` is in KiB.
fn format_kb(kb: u64) -> String {
    format!("{:.2} GiB", kb as f64 / (1024.0 * 1024.0))
}

/// The 1-minute load average, as `/proc/loadavg` gives it; `?` where there is none.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

/// Lines of the `.rs` files under `dir`.
fn generated_lines(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                generated_lines(&path)
            } else if path.extension().is_some_and(|e| e == "rs") {
                fs::read_to_string(&path).map_or(0, |s| s.lines().count())
            } else {
                0
            }
        })
        .sum()
}
