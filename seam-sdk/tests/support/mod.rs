//! Starts the fake Seam Connect server for integration tests: `mod support;` in a test file,
//! then `let fake = FakeSeam::start();` and point the client at `fake.endpoint()`.
//!
//! The fake is `@seamapi/fake-seam-connect`, pinned in `fake-server/package.json` and installed by
//! `cargo xtask test` (`npm ci --prefix fake-server`). Each [`FakeSeam`] is its own Node process
//! with its own in-memory database, seeded with [`seed`], on a free loopback port; it is killed
//! (and reaped) when the `FakeSeam` is dropped, so tests never see each other's writes. It starts
//! in about 0.3 s.
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

pub mod steady;

use std::fs::{self, File};
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

/// What `--seed` puts in the fake's database (its `src/lib/database/seed.ts`).
pub mod seed {
    /// API key of workspace [`WORKSPACE_ID`] ("My Workspace", a sandbox), which holds everything below.
    pub const API_KEY: &str = "seam_apikey1_token";
    /// API key of [`EMPTY_WORKSPACE_ID`] ("Empty Workspace"): lists come back empty.
    pub const EMPTY_WORKSPACE_API_KEY: &str = "seam_apikey2_token";
    /// Publishable key of [`WORKSPACE_ID`].
    pub const PUBLISHABLE_KEY: &str = "seam_pk1_token";
    /// Client session token (workspace [`WORKSPACE_ID`], user identifier key
    /// [`USER_IDENTIFIER_KEY`], connected account [`JOHN_CONNECTED_ACCOUNT_ID`]).
    pub const CLIENT_SESSION_TOKEN: &str = "seam_cst1_token";
    /// Personal access token of user `john_user_id` (john@example.com); send it with the
    /// `seam-workspace: seed_workspace_1` header.
    pub const PERSONAL_ACCESS_TOKEN: &str = "seam_at1_longtoken";
    pub const WORKSPACE_ID: &str = "seed_workspace_1";
    pub const EMPTY_WORKSPACE_ID: &str = "seed_workspace_2";

    /// Provider `august`, `user_identifier.email` john@example.com,
    /// `automatically_manage_new_devices: true`, `custom_metadata: {}`, `accepted_capabilities: []`.
    pub const JOHN_CONNECTED_ACCOUNT_ID: &str = "john_connected_account_id";
    /// Provider `schlage`, `user_identifier.email` jane@example.com.
    pub const JANE_CONNECTED_ACCOUNT_ID: &str = "jane_connected_account_id";
    /// Provider `assa_abloy_credential_service`, john@example.com.
    pub const JOHN_ASSA_CS_CONNECTED_ACCOUNT_ID: &str = "john_assa_cs_connected_account_id";
    pub const JOHN_EMAIL: &str = "john@example.com";

    /// `august_lock` "Front Door" of John's account, locked.
    pub const AUGUST_DEVICE_1: &str = "august_device_1";
    /// `august_lock` "Back Door" of John's account, locked.
    pub const AUGUST_DEVICE_2: &str = "august_device_2";
    /// `ecobee_thermostat` "Thermostat 1" of John's account, cooling at 24 °C.
    pub const ECOBEE_DEVICE_1: &str = "ecobee_device_1";
    /// `minut_sensor` "Minut Sensor 1" of John's account, with one noise threshold (60 dB).
    pub const MINUT_DEVICE_1: &str = "minut_device_1";
    /// `schlage_lock` "Bathroom Door" of Jane's account (note the id differs from the seed's key name).
    pub const SCHLAGE_DEVICE_1: &str = "schlage_device_id";

    /// A `visionline_system` ACS system on John's account.
    pub const VISIONLINE_ACS_SYSTEM_ID: &str = "visionline_acs_system_1";
    pub const USER_IDENTITY_ID: &str = "john_user_identity_id";
    pub const USER_IDENTIFIER_KEY: &str = "john_user_identifier_key";
}

/// How long [`FakeSeam::start`] waits for the fake to answer.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a port taken between choosing and binding it is retried with another.
const PORT_ATTEMPTS: usize = 3;

/// Starts the fake with the seed, then imports the fake's `server.js`. Two additions:
/// it exits when its stdin closes, which happens when the test process ends in any way (so a
/// crashed or killed test leaves no server behind), and it listens on 127.0.0.1 only (the fake
/// calls `listen(port)`, which would take every interface).
const BOOTSTRAP: &str = "\
import net from 'node:net';
import { pathToFileURL } from 'node:url';
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
await import(pathToFileURL(process.argv[1]).href);
";

/// A running, seeded fake Seam server. Killed when dropped.
pub struct FakeSeam {
    child: Child,
    /// Held open: the fake exits when it closes.
    _stdin: ChildStdin,
    port: u16,
    log_path: PathBuf,
}

impl FakeSeam {
    /// Starts a fresh, seeded fake on a free loopback port and waits until it answers HTTP.
    ///
    /// Blocks for about 0.3 s. Panics with the server's log if it does not start.
    pub fn start() -> FakeSeam {
        let server = server_path();
        let mut last_log = String::new();
        for _ in 0..PORT_ATTEMPTS {
            match FakeSeam::try_start(&server) {
                Ok(fake) => return fake,
                // Another process took the port between our probe and the fake's bind.
                Err(log) if log.contains("EADDRINUSE") => last_log = log,
                Err(log) => panic!("the fake Seam server did not start:\n{log}"),
            }
        }
        panic!("the fake Seam server found no free port in {PORT_ATTEMPTS} tries:\n{last_log}");
    }

    /// The base URL to give the client: `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// What the fake has printed so far (its stdout and stderr).
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Starts one fake; on failure returns its log, after killing it.
    fn try_start(server: &Path) -> Result<FakeSeam, String> {
        let port = free_port();
        let log_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fake-seam");
        fs::create_dir_all(&log_dir).expect("creating the fake server's log folder");
        let log_path = log_dir.join(format!("{port}.log"));
        let log = File::create(&log_path).expect("creating the fake server's log file");
        let mut child = Command::new("node")
            .args(["--input-type=module", "-e", BOOTSTRAP, "--"])
            .arg(server)
            .arg("--seed")
            .env("PORT", port.to_string())
            .stdin(Stdio::piped())
            .stdout(log.try_clone().expect("sharing the log file"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|error| {
                if error.kind() == ErrorKind::NotFound {
                    panic!("`node` is not on PATH: install Node.js 20 or newer to run these tests")
                }
                panic!("could not start node: {error}")
            });
        let stdin = child.stdin.take().expect("stdin is piped");
        let mut fake = FakeSeam {
            child,
            _stdin: stdin,
            port,
            log_path,
        };
        match fake.wait_until_ready() {
            Ok(()) => Ok(fake),
            Err(reason) => {
                fake.stop();
                Err(format!("{reason}\n--- fake server log ---\n{}", fake.log()))
            }
        }
    }

    /// Polls until `GET /health` answers 200, the process exits, or [`START_TIMEOUT`] passes.
    fn wait_until_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let mut last_error = String::from("no answer yet");
        while started.elapsed() < START_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("node exited before the fake answered ({status})"));
            }
            match health_check(address) {
                Ok(()) => return Ok(()),
                Err(error) => last_error = error,
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "the fake did not answer on {address} within {START_TIMEOUT:?}: {last_error}"
        ))
    }

    /// Kills the process and waits for it, so no zombie remains.
    fn stop(&mut self) {
        // Fails only if it already exited, which `wait` then collects.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for FakeSeam {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!("fake Seam server log kept at {}", self.log_path.display());
        } else {
            let _ = fs::remove_file(&self.log_path);
        }
    }
}

/// `fake-server/node_modules/@seamapi/fake-seam-connect/dist/server.js`, which must exist.
fn server_path() -> PathBuf {
    node_modules("@seamapi/fake-seam-connect/dist/server.js")
}

/// `fake-server/node_modules/<file>`, where the oracles are installed; panics saying how to
/// install them if it is missing.
fn node_modules(file: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fake-server/node_modules")
        .join(file);
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
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("binding a loopback port");
    listener
        .local_addr()
        .expect("reading the bound port")
        .port()
}

/// One `GET /health` over a fresh connection; `Ok` on a `200` status line.
fn health_check(address: SocketAddr) -> Result<(), String> {
    let timeout = Duration::from_secs(2);
    let mut stream =
        TcpStream::connect_timeout(&address, timeout).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    stream
        .set_write_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    let request = format!("GET /health HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| format!("read: {e}"))?;
    let status_line = String::from_utf8_lossy(&response)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    if status_line.starts_with("HTTP/1.1 200") {
        Ok(())
    } else {
        Err(format!("GET /health answered {status_line:?}"))
    }
}
