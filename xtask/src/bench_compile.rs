//! `cargo xtask bench-compile [--runs N] [--vs REV]`: what compiling the SDK costs a user.
//!
//! For each feature set (the default, `--all-features`, and `connected_accounts` alone): builds
//! `seam-sdk` and its dependencies once, then `runs` times removes `seam-sdk`'s own artifacts
//! (`cargo clean -p seam-sdk`) and times `cargo build -p seam-sdk`, so only the crate itself is
//! compiled: a clean debug build (the workspace's `dev` profile) with dependencies prebuilt.
//! Peak memory is GNU time's maximum resident set of the build's process tree, which is the
//! `rustc` compiling `seam-sdk`. Everything is built in `target/bench-compile/`, so the main
//! target folder is left alone.
//!
//! With `--vs REV`, the same builds of the commit `REV` (its tree, from `git archive`, in a
//! temporary folder) run in turn with this checkout's, A B A B…, and the table gives each
//! side's median and the median of the pair-by-pair ratios A/B, which stays meaningful when
//! the machine's speed drifts. The copy's `seam-sdk` gets an extra empty feature so that its
//! build and this checkout's, in one target folder, never take each other's place.
//!
//! A benchmark, not a test: it prints a table and fails only if a build fails.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::compat::add_feature;
use crate::process::run;
use crate::scratch::Scratch;
use crate::DynError;

/// The feature added to the compared commit's `seam-sdk`, to keep its build apart.
const BASE_FEATURE: &str = "xtask-bench-base";

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

/// The command line: `--runs N` and `--vs REV`, in any order.
fn parse(args: &[&str]) -> Result<(usize, Option<String>), DynError> {
    let (mut runs, mut vs) = (1, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match (*arg, args.next()) {
            ("--runs", Some(n)) => {
                runs = n
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("--runs takes a positive number, not {n:?}"))?;
            }
            ("--vs", Some(rev)) => vs = Some((*rev).to_owned()),
            (other, _) => return Err(format!("unknown or incomplete argument: {other}").into()),
        }
    }
    Ok((runs, vs))
}

/// One side of the comparison: the workspace it builds, and the feature that sets it apart.
struct Side<'a> {
    name: &'a str,
    root: &'a Path,
    extra_feature: Option<&'a str>,
}

pub(crate) fn command(root: &Path, args: &[&str]) -> Result<(), DynError> {
    let (runs, vs) = parse(args)?;
    let target_dir = root.join("target/bench-compile");
    let gnu_time = Path::new(GNU_TIME).exists();
    if !gnu_time {
        println!("note: {GNU_TIME} is missing (Debian: apt-get install time); peak memory is not measured");
    }
    let scratch = Scratch::new("bench-compile")?;
    let base_root = scratch.path().join("base");
    let mut sides = vec![Side {
        name: "this checkout",
        root,
        extra_feature: None,
    }];
    if let Some(rev) = &vs {
        export_commit(root, rev, &base_root)?;
        add_feature(
            &base_root.join(crate::codegen_command::SDK_MANIFEST),
            BASE_FEATURE,
        )?;
        sides.push(Side {
            name: rev,
            root: &base_root,
            extra_feature: Some(BASE_FEATURE),
        });
    }
    let cargo_build = |side: &Side, features: &[&str]| {
        let mut command = crate::cargo();
        command
            .args(["build", "--package", "seam-sdk", "--target-dir"])
            .arg(&target_dir)
            .args(with_feature(features, side.extra_feature))
            .current_dir(side.root);
        command
    };

    let mut rows = Vec::new();
    for &(name, features) in FEATURE_SETS {
        println!("\n== {name}: dependencies first");
        for side in &sides {
            run(&mut cargo_build(side, features))?;
        }
        let mut samples: Vec<Vec<Sample>> = sides.iter().map(|_| Vec::new()).collect();
        for i in 1..=runs {
            for (side, samples) in sides.iter().zip(&mut samples) {
                run(crate::cargo()
                    .args(["clean", "--quiet", "--package", "seam-sdk", "--target-dir"])
                    .arg(&target_dir)
                    .current_dir(side.root))?;
                let load_before = load_average();
                let sample = timed_build(&cargo_build(side, features), gnu_time, &target_dir)?;
                println!(
                    "run {i}/{runs}, {}: {:.1} s, peak {}, load average {load_before} before, {} after",
                    side.name,
                    sample.seconds,
                    sample.peak_kb.map_or("-".into(), format_kb),
                    load_average(),
                );
                samples.push(sample);
            }
        }
        rows.push((name, samples));
    }

    println!(
        "\nseam-sdk alone: clean debug build (dev profile), dependencies prebuilt, {} generated lines",
        generated_lines(&root.join("seam-sdk/src/generated"))
    );
    if let Some(rev) = &vs {
        println!(
            "A: this checkout, B: {rev} ({} generated lines); runs in turn, A B A B…",
            generated_lines(&base_root.join("seam-sdk/src/generated"))
        );
    }
    println!(
        "{:<26} {:>6} {:>12} {:>12} {:>12}",
        "features", "runs", "time (min)", "time (med)", "peak memory"
    );
    for (name, sides_samples) in rows {
        for (side, samples) in sides.iter().zip(&sides_samples) {
            let label = if vs.is_some() {
                format!(
                    "{name}, {}",
                    if side.extra_feature.is_none() {
                        "A"
                    } else {
                        "B"
                    }
                )
            } else {
                name.to_owned()
            };
            let mut seconds: Vec<f64> = samples.iter().map(|s| s.seconds).collect();
            seconds.sort_by(f64::total_cmp);
            let peak = samples.iter().filter_map(|s| s.peak_kb).max();
            println!(
                "{label:<26} {:>6} {:>10.1} s {:>10.1} s {:>12}",
                seconds.len(),
                seconds[0],
                seconds[seconds.len() / 2],
                peak.map_or("-".into(), format_kb),
            );
        }
        if let [a, b] = sides_samples.as_slice() {
            let mut ratios: Vec<f64> = a
                .iter()
                .zip(b)
                .map(|(a, b)| a.seconds / b.seconds)
                .collect();
            ratios.sort_by(f64::total_cmp);
            let peak = |s: &[Sample]| s.iter().filter_map(|s| s.peak_kb).max();
            let memory = match (peak(a), peak(b)) {
                (Some(a), Some(b)) => format!("{:.2}", a as f64 / b as f64),
                _ => "-".to_owned(),
            };
            println!(
                "{:<26} {:>6} {:>12} {:>10.2}   {:>12}",
                format!("{name}, A/B"),
                ratios.len(),
                "",
                ratios[ratios.len() / 2],
                memory
            );
        }
    }
    Ok(())
}

/// `features` (cargo's arguments) with `extra` added to what is built.
fn with_feature(features: &[&str], extra: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = features.iter().map(|f| (*f).to_owned()).collect();
    let Some(extra) = extra else {
        return out;
    };
    match out.iter().position(|a| a == "--features") {
        Some(at) => out[at + 1] = format!("{},{extra}", out[at + 1]),
        None => out.extend(["--features".to_owned(), extra.to_owned()]),
    }
    out
}

/// The tree of commit `rev`, written into `dir` by `git archive | tar`.
fn export_commit(root: &Path, rev: &str, dir: &Path) -> Result<(), DynError> {
    fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let archive = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["archive", "--format=tar", rev])
        .output()
        .map_err(|e| format!("git archive: {e}"))?;
    if !archive.status.success() {
        return Err(format!(
            "git archive {rev}: {}",
            String::from_utf8_lossy(&archive.stderr).trim()
        )
        .into());
    }
    let mut tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dir)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("tar: {e}"))?;
    if let Some(stdin) = tar.stdin.as_mut() {
        std::io::Write::write_all(stdin, &archive.stdout).map_err(|e| format!("tar: {e}"))?;
    }
    let status = tar.wait().map_err(|e| format!("tar: {e}"))?;
    if !status.success() {
        return Err(format!("tar -x of {rev} failed ({status})").into());
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

#[cfg(test)]
mod tests {
    use super::{parse, with_feature};

    #[test]
    fn reads_runs_and_a_commit_in_any_order() {
        assert_eq!(parse(&[]).unwrap(), (1, None));
        assert_eq!(
            parse(&["--vs", "749dc90", "--runs", "3"]).unwrap(),
            (3, Some("749dc90".to_owned()))
        );
        assert!(parse(&["--runs", "0"]).is_err());
        assert!(parse(&["--vs"]).is_err());
        assert!(parse(&["--fast"]).is_err());
    }

    #[test]
    fn the_base_feature_joins_the_features_built() {
        assert_eq!(with_feature(&[], Some("x")), ["--features", "x"]);
        assert_eq!(
            with_feature(&["--no-default-features", "--features", "a"], Some("x")),
            ["--no-default-features", "--features", "a,x"]
        );
        assert_eq!(with_feature(&["--all-features"], None), ["--all-features"]);
    }
}
