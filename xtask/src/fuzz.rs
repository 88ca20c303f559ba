//! `cargo xtask fuzz [options]`: builds the generator's fuzzer (the `fuzz` example of `codegen`,
//! optimized) and runs it; options pass through (`--seconds N`, `--jobs N`, `--seed N`…).
//! See `codegen/fuzz/README.md`.

use std::path::Path;

use crate::{process, DynError};

pub(crate) fn command(root: &Path, args: &[&str]) -> Result<(), DynError> {
    process::run(
        crate::cargo()
            .current_dir(root)
            .args(["run", "--release", "--quiet", "--package", "codegen"])
            .args(["--example", "fuzz", "--"])
            .args(args),
    )
}
