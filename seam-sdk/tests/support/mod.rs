//! Starts the fake Seam Connect server for integration tests: `mod support;` in a test file,
//! then `let fake = FakeSeam::start();` and point the client at `fake.endpoint()`.
//!
//! A thin wrapper over `seam_sdk::test_util` (feature `test-util`, which the crate's
//! dev-dependency on itself turns on for the tests): the harness users get is the one these
//! tests run. What this adds is the repository's own install of the fake,
//! `@seamapi/fake-seam-connect` pinned in `fake-server/package.json` and installed by
//! `cargo xtask test` (`npm ci --prefix fake-server`), and logs in cargo's per-target temporary
//! folder. Each [`FakeSeam`] is its own Node process with its own in-memory database, seeded
//! with [`seed`], on a free loopback port; it is killed (and reaped) when the `FakeSeam` is
//! dropped, so tests never see each other's writes. It starts in about 0.3 s.
//!
//! What the fake does differently from Seam (found by reading its code and calling it):
//! - An unknown bearer token is answered by the *last* auth scheme a route accepts. Most routes
//!   (`connected_accounts/update`, `/list`, `/delete`…) end with the API key:
//!   `401 {"type": "unauthorized", "message": "API Key not found"}`. But
//!   `connected_accounts/get` ends with client sessions, so a wrong key there gives
//!   `400 {"type": "invalid_client_session_token"}`. No `Authorization` header at all gives `401`.
//! - Errors carry `type`, `message`, a Node `stack`, and for `invalid_input` a
//!   `validation_errors` object nested by field (zod's `format()`:
//!   `{"_errors": [], "custom_metadata": {"_errors": [], "<key>": {"_errors": ["…"]}}}`).
//! - `seam-request-id` is `request1`, `request2`… counted per process.
//! - `connected_accounts/update` merges `custom_metadata` into the stored map instead of
//!   replacing it, and accepts only `connected_account_id`, `automatically_manage_new_devices`
//!   and `custom_metadata` (keys at most 40 characters).
//! - It implements 104 routes: 80 public (77 of them among the spec's 316 paths, plus
//!   `/health`, `/health/get_health` and `/connect_webviews/view`), 17 `/internal/…` and 7
//!   `/_fake/…` helpers. For connected accounts: `get`, `list`, `update` and `delete`, not `sync`.

#![allow(dead_code)] // Each test file uses a different part of this module.

pub mod node;
pub mod steady;

use std::ops::Deref;
use std::path::Path;

use seam_sdk::test_util;

use node::{node_modules, node_modules_dir};
#[allow(unused_imports)] // Not every test file reads the seed.
pub use seam_sdk::test_util::seed;

/// A running, seeded fake Seam server (a [`test_util::FakeSeam`]). Killed when dropped.
pub struct FakeSeam(test_util::FakeSeam);

impl FakeSeam {
    /// Starts a fresh, seeded fake on a free loopback port and waits until it answers HTTP.
    ///
    /// Blocks for about 0.3 s. Panics with the server's log if it does not start.
    pub fn start() -> FakeSeam {
        // Checked first, for its message saying how to install the fake.
        node_modules("@seamapi/fake-seam-connect/dist/server.js");
        let fake = test_util::FakeSeam::builder()
            .node_modules(node_modules_dir())
            .log_dir(Path::new(env!("CARGO_TARGET_TMPDIR")).join("fake-seam"))
            .start()
            .unwrap_or_else(|error| panic!("{error}"));
        FakeSeam(fake)
    }
}

impl Deref for FakeSeam {
    type Target = test_util::FakeSeam;

    fn deref(&self) -> &test_util::FakeSeam {
        &self.0
    }
}
