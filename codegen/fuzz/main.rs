//! The generator's fuzzer, on stable Rust: `cargo xtask fuzz [--seconds N]`
//! (see `codegen/fuzz/README.md`).
//!
//! Every input (arbitrary bytes, byte edits of seed files, structure-aware edits of the vendored
//! spec and the fixtures) must either generate, with every `.rs` file parsing, or fail with an
//! error whose JSON path starts with `#`. Panics, hangs, crashes and runaway memory are
//! failures; each distinct one is minimized and written to `target/fuzz/`.

mod corpus;
mod inputs;
mod minimize;
mod mutate;
mod rng;
mod supervisor;
mod tree;
mod vocab;
mod worker;

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
Usage: fuzz [options]            fuzz, then minimize and report each distinct failure
       fuzz check <file>         run one file through the generator and print the verdict
       fuzz minimize <file>      shrink a failing file while it fails the same way
       fuzz input <seed> <index> [<seeds>]
                                 print an input a run made (its seeds: <out>/seeds)
       fuzz worker <seed> <start> <seeds>
                                 (internal) run inputs, reporting each on stdout

Options:
  --seconds N           how long to fuzz (default 60)
  --jobs N              worker processes (default 1)
  --seed N              run seed (default: from the clock)
  --timeout-ms N        an input running longer is a hang (default 2000)
  --rss-limit-mb N      a worker holding more memory has exhausted it (default 2048)
  --minimize-seconds N  time to minimize each distinct failure (default 120)
  --out DIR             where failures and the report go (default target/fuzz)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let codegen_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = match args.as_slice() {
        ["worker", seed, start, seeds] => match (seed.parse(), start.parse()) {
            (Ok(seed), Ok(start)) => corpus::Corpus::load(codegen_dir, Some(Path::new(seeds)))
                .map(|c| worker::run(&c, seed, start)),
            _ => Err(format!("bad worker arguments\n\n{USAGE}")),
        },
        ["check", file] => std::fs::read(file)
            .map_err(|e| format!("cannot read {file}: {e}"))
            .map(|bytes| worker::check(file, &String::from_utf8_lossy(&bytes))),
        ["minimize", file, rest @ ..] => {
            parse_options(rest, codegen_dir).and_then(|options| minimize_file(&options, file))
        }
        ["input", seed, index, seeds @ ..] => match (seed.parse(), index.parse(), seeds) {
            (Ok(seed), Ok(index), [] | [_]) => {
                let seeds = seeds.first().map(Path::new);
                corpus::Corpus::load(codegen_dir, seeds).map(|c| {
                    let input = inputs::input_for(&c, seed, index);
                    eprintln!("file name: {}", input.file);
                    print!("{}", input.text);
                })
            }
            _ => Err(format!("bad input arguments\n\n{USAGE}")),
        },
        ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            Ok(())
        }
        rest => parse_options(rest, codegen_dir).and_then(|options| {
            let seeds = options.out.join("seeds");
            corpus::Corpus::snapshot(codegen_dir, &seeds)?;
            supervisor::drop_failing_seeds(&options, &seeds)?;
            let corpus = corpus::Corpus::load(codegen_dir, Some(&seeds))?;
            match supervisor::run(&options, &corpus)? {
                0 => Ok(()),
                n => Err(format!("{n} distinct failure(s); see the report above")),
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_options(args: &[&str], codegen_dir: &Path) -> Result<supervisor::Options, String> {
    let mut options = supervisor::Options {
        seconds: 60,
        jobs: 1,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        timeout: Duration::from_millis(2000),
        rss_limit_mb: 2048,
        minimize_seconds: 120,
        out: codegen_dir.join("../target/fuzz"),
    };
    let mut rest = args;
    while let [flag, value, tail @ ..] = rest {
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag} takes a number, not {value:?}"))
        };
        match *flag {
            "--seconds" => options.seconds = number()?,
            "--jobs" => options.jobs = number()?.max(1) as usize,
            "--seed" => options.seed = number()?,
            "--timeout-ms" => options.timeout = Duration::from_millis(number()?),
            "--rss-limit-mb" => options.rss_limit_mb = number()?,
            "--minimize-seconds" => options.minimize_seconds = number()?,
            "--out" => options.out = value.into(),
            _ => return Err(format!("unknown option {flag}\n\n{USAGE}")),
        }
        rest = tail;
    }
    if !rest.is_empty() {
        return Err(format!("unknown arguments: {}\n\n{USAGE}", rest.join(" ")));
    }
    Ok(options)
}

/// Shrinks a saved failing input, writing `<file>.min.<ext>` beside it.
fn minimize_file(options: &supervisor::Options, file: &str) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let path = Path::new(file);
    let name = path
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    let verdict = supervisor::check(&exe, options, &name, &text, options.timeout);
    let worker::Verdict::Failed(failure) = verdict else {
        return Err(format!("{file} does not fail: {verdict:?}"));
    };
    println!("{}: {}", failure.kind, failure.detail);
    let deadline = std::time::Instant::now() + Duration::from_secs(options.minimize_seconds);
    let small = minimize::minimize(&name, &text, deadline, &mut |candidate| {
        matches!(
            supervisor::check(&exe, options, &name, candidate, options.timeout),
            worker::Verdict::Failed(g) if g.kind == failure.kind && g.signature == failure.signature
        )
    });
    let ext = path
        .extension()
        .map_or("txt".into(), |e| e.to_string_lossy());
    let out = path.with_extension(format!("min.{ext}"));
    std::fs::write(&out, &small).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "{} bytes -> {} bytes: {}",
        text.len(),
        small.len(),
        out.display()
    );
    Ok(())
}
