//! The parent side: runs workers (child processes of this same binary), times every input,
//! watches memory, rebuilds the input behind any panic, hang or crash, minimizes it, and
//! writes a report.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crate::corpus::Corpus;
use crate::inputs::{input_for, Input};
use crate::minimize::minimize;
use crate::worker::{Failure, Report, Verdict};

/// How a run is set up.
pub struct Options {
    pub seconds: u64,
    pub jobs: usize,
    pub seed: u64,
    /// An input running longer than this is a hang.
    pub timeout: Duration,
    /// A worker whose resident memory passes this has exhausted memory.
    pub rss_limit_mb: u64,
    /// Time allowed to minimize each distinct failure.
    pub minimize_seconds: u64,
    pub out: PathBuf,
}

/// A distinct failure: the first input that showed it, and how often it was seen.
struct Found {
    failure: Failure,
    count: u64,
    /// The first input that showed it; for hangs, crashes and memory, which say nothing of
    /// where they happened, the first few (they may be different bugs).
    examples: Vec<Example>,
}

struct Example {
    input: Input,
    seed: u64,
    index: u64,
}

/// How many inputs to keep of a failure that does not say where it happened.
const EXAMPLES_OF_COARSE_FAILURES: usize = 3;

#[derive(Default)]
struct Stats {
    execs: u64,
    generated: u64,
    rejected_by_load: u64,
    rejected: u64,
    failed: u64,
    /// Rejection messages (their start) and how often each was seen.
    reasons: BTreeMap<String, u64>,
    /// The slowest input that finished: time, seed, index.
    slowest: (Duration, u64, u64),
}

enum Event {
    Report(Report),
    /// The worker's stdout closed: it exited or was killed.
    Closed,
}

struct Worker {
    child: Child,
    /// Bumped on every restart, so lines from a killed worker are ignored.
    generation: u64,
    seed: u64,
    running: Option<(u64, Instant)>,
    last_memory_check: Instant,
}

/// Removes from `seeds` the files that already fail: mutating them would mostly find the same
/// failure again (each hang costing the whole time limit) and hide new ones.
pub fn drop_failing_seeds(options: &Options, seeds: &Path) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    for path in crate::corpus::files_in(seeds)? {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let text = fs::read_to_string(&path).unwrap_or_default();
        if let Verdict::Failed(failure) = check(&exe, options, &name, &text, options.timeout) {
            println!(
                "seed {name} already fails ({}); left out of this run",
                failure.kind
            );
            fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Runs the fuzzer and returns the number of distinct failures.
pub fn run(options: &Options, corpus: &Corpus) -> Result<usize, String> {
    fs::create_dir_all(&options.out)
        .map_err(|e| format!("cannot create {}: {e}", options.out.display()))?;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let (tx, rx) = mpsc::channel();
    let mut workers = Vec::new();
    for slot in 0..options.jobs {
        let seed = options.seed.wrapping_add(slot as u64 * 0x1_0000_0000);
        workers.push(spawn(&exe, options, slot, 0, seed, 0, &tx)?);
    }
    println!(
        "fuzzing for {} s with {} worker(s), seed {}, {} seed files + {} large specs sliced per input",
        options.seconds,
        options.jobs,
        options.seed,
        corpus.small.len(),
        corpus.large.len()
    );
    let started = Instant::now();
    let end = started + Duration::from_secs(options.seconds);
    let mut stats = Stats::default();
    let mut found: BTreeMap<(String, String), Found> = BTreeMap::new();
    let mut last_status = Instant::now();
    while Instant::now() < end {
        let mut record = |failure: Failure, seed: u64, index: u64, stats: &mut Stats| {
            stats.failed += 1;
            let key = (failure.kind.clone(), failure.signature.clone());
            let coarse = matches!(failure.kind.as_str(), "hang" | "crash" | "memory");
            let f = found.entry(key).or_insert_with(|| {
                println!("NEW {}: {}", failure.kind, failure.detail);
                Found {
                    failure,
                    count: 0,
                    examples: Vec::new(),
                }
            });
            f.count += 1;
            if f.examples.is_empty() || (coarse && f.examples.len() < EXAMPLES_OF_COARSE_FAILURES) {
                let example = Example {
                    input: input_for(corpus, seed, index),
                    seed,
                    index,
                };
                let stem = example_stem(&f.failure, f.examples.len());
                save_original(&options.out, &stem, &example.input);
                f.examples.push(example);
            }
        };
        let mut restarts = Vec::new();
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok((slot, generation, event)) => {
                let w: &mut Worker = &mut workers[slot];
                if generation == w.generation {
                    match event {
                        Event::Report(Report::Start(i)) => w.running = Some((i, Instant::now())),
                        Event::Report(Report::Done(i, verdict)) => {
                            if let Some((_, since)) = w.running.take() {
                                stats.slowest = stats.slowest.max((since.elapsed(), w.seed, i));
                            }
                            stats.execs += 1;
                            match verdict {
                                Verdict::Generated => stats.generated += 1,
                                Verdict::Rejected {
                                    while_loading,
                                    reason,
                                } => {
                                    if while_loading {
                                        stats.rejected_by_load += 1;
                                    } else {
                                        stats.rejected += 1;
                                    }
                                    *stats.reasons.entry(reason).or_default() += 1;
                                }
                                Verdict::Failed(f) => record(f, w.seed, i, &mut stats),
                            }
                        }
                        Event::Closed => {
                            let status = w.child.wait().ok();
                            let stderr = tail(&stderr_path(&options.out, slot));
                            let failure = crash(status, &stderr);
                            match w.running.take() {
                                Some((i, _)) => {
                                    stats.execs += 1;
                                    record(failure, w.seed, i, &mut stats);
                                    restarts.push((slot, i + 1));
                                }
                                None => {
                                    return Err(format!(
                                        "worker {slot} stopped between inputs: {}",
                                        failure.detail
                                    ))
                                }
                            }
                        }
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err("all workers are gone".into()),
        }
        for (slot, w) in workers.iter_mut().enumerate() {
            let Some((i, since)) = w.running else {
                continue;
            };
            let failure = if since.elapsed() > options.timeout {
                Some(Failure::new(
                    "hang",
                    "hang",
                    format!("still running after {:?}", options.timeout),
                ))
            } else if w.last_memory_check.elapsed() > Duration::from_millis(100) {
                w.last_memory_check = Instant::now();
                memory_failure(w.child.id(), options.rss_limit_mb)
            } else {
                None
            };
            if let Some(failure) = failure {
                // Ignore the error: the worker may have just exited on its own.
                let _ = w.child.kill();
                let _ = w.child.wait();
                w.running = None;
                stats.execs += 1;
                record(failure, w.seed, i, &mut stats);
                restarts.push((slot, i + 1));
            }
        }
        for (slot, start) in restarts {
            let generation = workers[slot].generation + 1;
            let seed = workers[slot].seed;
            workers[slot] = spawn(&exe, options, slot, generation, seed, start, &tx)?;
        }
        if last_status.elapsed() > Duration::from_secs(30) {
            last_status = Instant::now();
            print_stats(&stats, started.elapsed(), found.len());
        }
    }
    for w in &mut workers {
        let _ = w.child.kill();
        let _ = w.child.wait();
    }
    let elapsed = started.elapsed();
    print_stats(&stats, elapsed, found.len());
    let mut report = format!(
        "Fuzzed for {:.0} s (seed {}, {} worker(s)): {} inputs, {:.0}/s; {} generated, \
         {} rejected while loading, {} rejected later, {} failed ({} distinct).\n",
        elapsed.as_secs_f64(),
        options.seed,
        options.jobs,
        stats.execs,
        stats.execs as f64 / elapsed.as_secs_f64(),
        stats.generated,
        stats.rejected_by_load,
        stats.rejected,
        stats.failed,
        found.len()
    );
    let mut reasons: Vec<_> = stats.reasons.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1));
    report.push_str("Most common rejections:\n");
    for (reason, count) in reasons.iter().take(12) {
        report.push_str(&format!("  {count:>8}  {reason}\n"));
    }
    let (time, seed, index) = stats.slowest;
    report.push_str(&format!(
        "Slowest input that finished: {time:.2?} (seed {seed} input {index}).\n"
    ));
    for (n, f) in found.values().enumerate() {
        report.push_str(&format!(
            "\n[{}] {} (seen {} times)\n  {}\n",
            n + 1,
            f.failure.kind,
            f.count,
            f.failure.detail
        ));
        for (i, example) in f.examples.iter().enumerate() {
            let stem = example_stem(&f.failure, i);
            report.push_str(&minimize_example(&exe, options, &stem, example));
        }
    }
    let path = options.out.join("report.txt");
    fs::write(&path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("\n{report}\nreport written to {}", path.display());
    Ok(found.len())
}

/// A file name stem that stays the same for the same failure across runs:
/// `<kind>-<hash of the signature>`, then `-2`, `-3` for further examples.
fn example_stem(failure: &Failure, example: usize) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&failure.kind, &failure.signature).hash(&mut h);
    let stem = format!("{}-{:08x}", failure.kind, h.finish() as u32);
    match example {
        0 => stem,
        n => format!("{stem}-{}", n + 1),
    }
}

fn save_original(out: &Path, stem: &str, input: &Input) {
    let path = out.join(format!("{stem}.original.{}", extension(&input.file)));
    if let Err(e) = fs::write(&path, &input.text) {
        eprintln!("cannot write {}: {e}", path.display());
    }
}

/// The extension a saved input needs so the generator reads it the same way.
fn extension(file: &str) -> &'static str {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        "yaml"
    } else if lower.ends_with(".json") {
        "json"
    } else {
        // No extension: the generator sniffs the content; `.txt` keeps that.
        "txt"
    }
}

fn minimize_example(exe: &Path, options: &Options, stem: &str, example: &Example) -> String {
    let ext = extension(&example.input.file);
    let name = format!("{stem}.{ext}");
    let check_timeout = options.timeout;
    let original = check(exe, options, &name, &example.input.text, check_timeout);
    let mut out = format!("  example: seed {} input {}\n", example.seed, example.index);
    let Verdict::Failed(again) = original else {
        out.push_str(&format!(
            "    does not reproduce alone ({original:?}); input kept as {stem}.original.{ext}\n"
        ));
        return out;
    };
    let same = |v: &Verdict| matches!(v, Verdict::Failed(g) if g.kind == again.kind && g.signature == again.signature);
    let deadline = Instant::now() + Duration::from_secs(options.minimize_seconds);
    let mut checks = 0;
    let small = minimize(&name, &example.input.text, deadline, &mut |text| {
        checks += 1;
        same(&check(exe, options, &name, text, check_timeout))
    });
    let path = options.out.join(&name);
    if let Err(e) = fs::write(&path, &small) {
        out.push_str(&format!("    cannot write {}: {e}\n", path.display()));
    }
    let last = check(exe, options, &name, &small, check_timeout);
    let detail = match &last {
        Verdict::Failed(g) => g.detail.clone(),
        other => format!("{other:?}"),
    };
    out.push_str(&format!(
        "    minimized in {checks} checks from {} to {} bytes: {}\n    now: {detail}\n",
        example.input.text.len(),
        small.len(),
        path.display()
    ));
    out
}

/// Runs `text` as file `name` through a fresh `check` process: isolated from this one, timed,
/// and watched for memory.
pub fn check(exe: &Path, options: &Options, name: &str, text: &str, timeout: Duration) -> Verdict {
    let dir = options.out.join("check");
    let input = dir.join(name);
    let (stdout_path, stderr_path) = (dir.join("stdout"), dir.join("stderr"));
    let spawned = fs::create_dir_all(&dir)
        .and_then(|()| fs::write(&input, text))
        .and_then(|()| {
            Command::new(exe)
                .arg("check")
                .arg(&input)
                .stdin(Stdio::null())
                .stdout(File::create(&stdout_path)?)
                .stderr(File::create(&stderr_path)?)
                .spawn()
        });
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => return Verdict::Failed(Failure::new("harness", "harness", e.to_string())),
    };
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) => {}
            Err(_) => break None,
        }
        let failure = if started.elapsed() > timeout {
            Some(Failure::new(
                "hang",
                "hang",
                format!("still running after {timeout:?}"),
            ))
        } else {
            memory_failure(child.id(), options.rss_limit_mb)
        };
        if let Some(failure) = failure {
            let _ = child.kill();
            let _ = child.wait();
            return Verdict::Failed(failure);
        }
        thread::sleep(Duration::from_millis(2));
    };
    let stdout = fs::read_to_string(&stdout_path).unwrap_or_default();
    match serde_json::from_str(stdout.trim()) {
        Ok(verdict) => verdict,
        Err(_) => Verdict::Failed(crash(status, &tail(&stderr_path))),
    }
}

fn spawn(
    exe: &Path,
    options: &Options,
    slot: usize,
    generation: u64,
    seed: u64,
    start: u64,
    tx: &Sender<(usize, u64, Event)>,
) -> Result<Worker, String> {
    let stderr = File::create(stderr_path(&options.out, slot))
        .map_err(|e| format!("cannot create a worker's stderr file: {e}"))?;
    let mut child = Command::new(exe)
        .args(["worker", &seed.to_string(), &start.to_string()])
        .arg(options.out.join("seeds"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start a worker: {e}"))?;
    let stdout = child.stdout.take().ok_or("a worker without stdout")?;
    let tx = tx.clone();
    thread::spawn(move || forward(slot, generation, stdout, tx));
    Ok(Worker {
        child,
        generation,
        seed,
        running: None,
        last_memory_check: Instant::now(),
    })
}

/// Passes a worker's report lines to the supervisor, then says it closed.
fn forward(
    slot: usize,
    generation: u64,
    stdout: std::process::ChildStdout,
    tx: Sender<(usize, u64, Event)>,
) {
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if let Ok(report) = serde_json::from_str(&line) {
            if tx.send((slot, generation, Event::Report(report))).is_err() {
                return;
            }
        }
    }
    let _ = tx.send((slot, generation, Event::Closed));
}

fn stderr_path(out: &Path, slot: usize) -> PathBuf {
    out.join(format!("worker-{slot}.stderr"))
}

/// The last few lines a dead process wrote to stderr.
fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join("\n")
}

/// The failure a process that died mid-input stands for.
fn crash(status: Option<ExitStatus>, stderr: &str) -> Failure {
    let status = status.map_or_else(|| "unknown status".to_owned(), |s| s.to_string());
    let signature = if stderr.contains("overflowed its stack") {
        "stack overflow"
    } else if stderr.contains("memory allocation") {
        "allocation failure"
    } else {
        "crash"
    };
    Failure::new(
        "crash",
        signature,
        format!("{signature} ({status}): {stderr}"),
    )
}

/// A memory failure if process `pid` holds more than `limit_mb` MiB (Linux only; elsewhere never).
fn memory_failure(pid: u32, limit_mb: u64) -> Option<Failure> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    (kb / 1024 > limit_mb).then(|| {
        Failure::new(
            "memory",
            "memory",
            format!("resident memory {} MiB > limit {limit_mb} MiB", kb / 1024),
        )
    })
}

fn print_stats(stats: &Stats, elapsed: Duration, distinct: usize) {
    println!(
        "{:>5.0} s: {} inputs ({:.0}/s): {} generated, {} rejected while loading, \
         {} rejected later, {} failed ({distinct} distinct)",
        elapsed.as_secs_f64(),
        stats.execs,
        stats.execs as f64 / elapsed.as_secs_f64().max(0.001),
        stats.generated,
        stats.rejected_by_load,
        stats.rejected,
        stats.failed
    );
}
