//! Where the Node oracles are installed, and a free loopback port to start one on. Shared by
//! the SDK's tests and the snapshot crate's (which mounts this file and `steady.rs` by path).

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};

/// `fake-server/node_modules` of this checkout, where `cargo xtask test` installs the
/// oracles: found from the testing crate's folder upwards.
pub fn node_modules_dir() -> PathBuf {
    let start = Path::new(env!("CARGO_MANIFEST_DIR"));
    start
        .ancestors()
        .find(|dir| dir.join("fake-server/package.json").is_file())
        .unwrap_or(start)
        .join("fake-server/node_modules")
}
/// `fake-server/node_modules/<file>`, where the oracles are installed; panics saying how to
/// install them if it is missing.
pub fn node_modules(file: &str) -> PathBuf {
    let path = node_modules_dir().join(file);
    if !path.is_file() {
        panic!(
            "the test oracles are not installed ({} is missing): run the tests with \
             `cargo xtask test`, which runs `npm ci --prefix fake-server` first",
            path.display()
        );
    }
    path
}

/// A port nothing listens on right now: bind port 0 on loopback, read it, release it.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("binding a loopback port");
    listener
        .local_addr()
        .expect("reading the bound port")
        .port()
}
