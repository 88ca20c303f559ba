//! The child side: runs inputs through the generator and reports what happened, one line each,
//! so the supervisor can time every input and rebuild the one a crash or hang interrupted.

use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::inputs::input_for;

/// What one input did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Generated, and every `.rs` file parses.
    Generated,
    /// Refused with an error naming a JSON path: fine. `reason` is the start of the message,
    /// to tell the supervisor what stops inputs most often.
    Rejected { while_loading: bool, reason: String },
    /// A broken promise: a panic, an error without a JSON path, output that is not Rust;
    /// or, seen from the supervisor, a hang, a crash of the process, too much memory.
    Failed(Failure),
}

/// A failure, with a `signature` that stays the same while an input is minimized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub kind: String,
    /// Panic location, or what was wrong; compared during minimization.
    pub signature: String,
    /// Everything known: the panic message, the bad pointer, the syn error.
    pub detail: String,
}

impl Failure {
    pub fn new(kind: &str, signature: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            kind: kind.to_owned(),
            signature: signature.into(),
            detail: detail.into(),
        }
    }
}

/// A line the worker prints.
#[derive(Debug, Serialize, Deserialize)]
pub enum Report {
    /// Input `index` is about to run.
    Start(u64),
    /// Input `index` finished.
    Done(u64, Verdict),
}

static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

/// Replaces the panic hook with one that records the message and location instead of printing.
fn quiet_panics() {
    panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(a panic without a message)".to_owned());
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some((message, location));
        }
    }));
}

/// Runs one input through the whole generator and judges the result.
pub fn judge(file: &str, text: &str) -> Verdict {
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| codegen::generate_from_str(file, text)));
    match outcome {
        Err(_) => {
            let (message, location) = LAST_PANIC
                .lock()
                .ok()
                .and_then(|mut l| l.take())
                .unwrap_or_default();
            Verdict::Failed(Failure::new(
                "panic",
                location.clone(),
                format!("panicked at {location}: {message}"),
            ))
        }
        Ok(Err(e)) if !e.pointer.starts_with('#') => Verdict::Failed(Failure::new(
            "bad-pointer",
            "an error whose pointer does not start with #",
            e.to_string(),
        )),
        Ok(Err(e)) if e.pointer == "#" && e.message.starts_with("generator bug") => {
            Verdict::Failed(Failure::new(
                "invalid-tokens",
                token_signature(&e.message),
                e.message,
            ))
        }
        Ok(Err(e)) => Verdict::Rejected {
            while_loading: e.message.starts_with("not ") && e.message.contains("valid"),
            reason: e
                .message
                .chars()
                .take_while(|c| !matches!(c, '"' | '\n'))
                .take(70)
                .collect(),
        },
        Ok(Ok(generated)) => {
            for (path, text) in &generated.files {
                if !path.ends_with(".rs") {
                    continue;
                }
                if let Err(e) = syn::parse_file(text) {
                    return Verdict::Failed(Failure::new(
                        "unparsable-output",
                        format!("syn: {e}"),
                        format!("{path} does not parse: {e}"),
                    ));
                }
            }
            Verdict::Generated
        }
    }
}

/// What tells invalid-token failures apart: the kind of file (`types`, `resources`…) and the
/// parser's complaint, from "generator bug: the tokens for types/x.rs are not valid Rust: …".
fn token_signature(message: &str) -> String {
    let (file, complaint) = message
        .strip_prefix("generator bug: the tokens for ")
        .and_then(|rest| rest.split_once(" are not valid Rust: "))
        .unwrap_or(("", message));
    let folder = file.split_once('/').map_or("", |(folder, _)| folder);
    format!("{folder}: {complaint}")
}

/// Runs inputs `start..` of the run with `seed`, reporting each on stdout, until killed.
pub fn run(corpus: &Corpus, seed: u64, start: u64) -> ! {
    quiet_panics();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for index in start.. {
        let input = input_for(corpus, seed, index);
        line(&mut out, &Report::Start(index));
        let verdict = judge(&input.file, &input.text);
        line(&mut out, &Report::Done(index, verdict));
    }
    unreachable!("the loop above never ends")
}

/// Judges one file and prints the verdict as JSON: the supervisor's isolated check.
pub fn check(file: &str, text: &str) {
    quiet_panics();
    let verdict = judge(file, text);
    println!("{}", serde_json::to_string(&verdict).unwrap_or_default());
}

fn line(out: &mut impl Write, report: &Report) {
    let text = serde_json::to_string(report).unwrap_or_default();
    // The supervisor must see `Start` before the generator runs, so flush every line.
    let written = writeln!(out, "{text}").and_then(|()| out.flush());
    if written.is_err() {
        // The supervisor is gone.
        std::process::exit(0);
    }
}
