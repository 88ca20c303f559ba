//! Mounts each fixture's generated tree (written by `codegen/tests/snapshots.rs`) beside a
//! stand-in for the SDK's root, so the snapshots compile against the real runtime.
//!
//! Generated code reaches the runtime only through `crate::Seam`, `crate::runtime` and
//! `crate::codec`; this file provides those three names and nothing else.

use std::ops::Deref;

/// The client the fixtures' resource handles borrow: the real one, under this crate's root.
#[derive(Clone, Debug)]
pub struct Seam(pub seam_sdk::Seam);

impl Deref for Seam {
    type Target = seam_sdk::Seam;

    fn deref(&self) -> &seam_sdk::Seam {
        &self.0
    }
}

#[doc(hidden)]
pub mod runtime {
    pub use seam_sdk::runtime::*;
}

#[doc(hidden)]
pub mod codec {
    pub use seam_sdk::codec::*;
}

#[rustfmt::skip]
#[path = "pets/mod.rs"]
pub mod pets;

#[rustfmt::skip]
#[path = "widgets/mod.rs"]
pub mod widgets;
