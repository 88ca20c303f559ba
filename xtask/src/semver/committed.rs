//! The old side of a report, the listing committed beside the generated code, and the
//! report printed against it by `codegen` and `spec update`.

use std::path::Path;
use std::process::Command;

use codegen::surface::Surface;

use super::{compare, Report, Version, CHANGELOG, LISTING};
use crate::codegen_command::GENERATED_DIR;
use crate::{display_path, DynError};

/// The old side of a report: the committed listing, and where it was read.
pub(crate) struct Baseline {
    pub(crate) surface: Surface,
    pub(crate) from: String,
}

/// The listing committed at `HEAD`, or failing that (no git, or no listing committed yet) the
/// one in the working tree; `None` when there is neither. A listing that cannot be read (an
/// older format) is reported and skipped, never an error: the regeneration matters more.
pub(crate) fn baseline(root: &Path) -> Option<Baseline> {
    let relative = format!("{GENERATED_DIR}/{LISTING}");
    let committed = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &format!("HEAD:{relative}")])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok());
    let (text, from) = match committed {
        Some(text) => (text, format!("{relative} at HEAD")),
        None => {
            let path = root.join(&relative);
            let text = std::fs::read_to_string(&path).ok()?;
            (text, display_path(root, &path))
        }
    };
    match Surface::from_json(&text) {
        Ok(surface) => Some(Baseline { surface, from }),
        Err(e) => {
            eprintln!("warning: {from} cannot be read ({e}); no API report this time");
            None
        }
    }
}

/// The generator's memory (`codegen::memory`): the listing in the working tree, which the
/// last `cargo xtask codegen` wrote beside the code, as published by the crate's current
/// version. Without one (or one of an older format), names follow the rules alone.
pub(crate) fn memory(root: &Path) -> Result<codegen::Memory, DynError> {
    let release = Version::of_sdk(root)?.to_string();
    let path = root.join(GENERATED_DIR).join(LISTING);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(codegen::Memory::default());
    };
    Ok(match Surface::from_json(&text) {
        Ok(surface) => surface.memory(&release),
        Err(e) => {
            let shown = display_path(root, &path);
            eprintln!("warning: {shown} cannot be read ({e}); names follow the rules alone");
            codegen::Memory::default()
        }
    })
}

/// Prints what `new` changes against `baseline` (see [`baseline`]): the summary and counts,
/// then the changes (all of them with `verbose`, else the first of each class).
pub(crate) fn print_report(
    baseline: Option<&Baseline>,
    new: &Surface,
    verbose: bool,
) -> Option<Report> {
    let Some(base) = baseline else {
        println!(
            "API report: no committed listing ({GENERATED_DIR}/{LISTING}) to compare with yet"
        );
        return None;
    };
    let report = compare(&base.surface, new);
    let limit = if verbose { usize::MAX } else { SHOWN_PER_CLASS };
    print!("{}", report.render(&base.from, limit));
    Some(report)
}

/// How many lines of each class the report prints without `--verbose`.
const SHOWN_PER_CLASS: usize = 15;

/// `spec update`: what the new spec changes in the API, before anything is regenerated. A
/// spec the generator refuses is only warned about here: the spec is updated all the same,
/// and `cargo xtask codegen` says what is wrong.
pub(crate) fn print_spec_report(root: &Path, spec: &Path) {
    let generated = match memory(root)
        .map_err(|e| e.to_string())
        .and_then(|m| codegen::generate_from_path_with(spec, &m).map_err(|e| e.to_string()))
    {
        Ok(generated) => generated,
        Err(e) => {
            eprintln!("warning: no API report: the new spec does not generate: {e}");
            return;
        }
    };
    let report = print_report(baseline(root).as_ref(), &generated.surface, false);
    if report.is_some_and(|r| !r.is_empty()) {
        println!("`cargo xtask codegen --changelog` regenerates and records this in {CHANGELOG}");
    }
}
