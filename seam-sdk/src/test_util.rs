//! Test your code against Seam's fake server (feature `test-util`).
//!
//! [`FakeSeam`] runs [`@seamapi/fake-seam-connect`](https://www.npmjs.com/package/@seamapi/fake-seam-connect),
//! the fake of the Seam API that Seam's own SDKs test against, as a Node.js process: seeded
//! with the workspace, keys, accounts and devices listed in [`seed`], on a free loopback port,
//! with its own in-memory database (tests never see each other's writes), stopped when the
//! `FakeSeam` is dropped. It needs Node.js 20 or newer on `PATH`. This crate's own integration
//! tests use this very code.
//!
//! ```no_run
//! use seam_sdk::test_util::{seed, FakeSeam};
//! use seam_sdk::types::DevicesGetRequest;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Installed with `npm install @seamapi/fake-seam-connect` in `tests/fake`; without
//! // `.node_modules(…)` the fake is fetched and run by `npx`.
//! let fake = FakeSeam::builder().node_modules("tests/fake/node_modules").start()?;
//! let seam = fake.client()?; // the seeded API key, pointed at the fake
//! let device = seam
//!     .devices()
//!     .get(DevicesGetRequest::new().device_id(seed::AUGUST_DEVICE_1))
//!     .await?;
//! assert_eq!(device.device_id, seed::AUGUST_DEVICE_1);
//! # Ok(()) }
//! ```
//!
//! Where the fake differs from Seam (found by reading its code and calling it):
//! - Errors carry `type`, `message`, a Node `stack`, and for `invalid_input` a
//!   `validation_errors` object nested by field.
//! - `seam-request-id` is `request1`, `request2`… counted per process.
//! - An unknown bearer token is answered by the *last* auth scheme a route accepts: usually
//!   `401 unauthorized`, but `connected_accounts/get` answers `400 invalid_client_session_token`.
//! - `connected_accounts/update` merges `custom_metadata` into the stored map instead of
//!   replacing it.
//! - It implements about 80 routes (connected accounts, devices, locks, thermostats, noise
//!   sensors, access codes, ACS, client sessions, action attempts, events…), not every route of
//!   the API; others answer `404`.

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File};
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Seam, SeamBuilder};

/// What the fake's `--seed` puts in its database (its `src/lib/database/seed.ts`).
pub mod seed {
    /// API key of workspace [`WORKSPACE_ID`] ("My Workspace", a sandbox), which holds everything
    /// below.
    pub const API_KEY: &str = "seam_apikey1_token";
    /// API key of [`EMPTY_WORKSPACE_ID`] ("Empty Workspace"): lists come back empty.
    pub const EMPTY_WORKSPACE_API_KEY: &str = "seam_apikey2_token";
    /// Publishable key of [`WORKSPACE_ID`].
    pub const PUBLISHABLE_KEY: &str = "seam_pk1_token";
    /// Client session token (workspace [`WORKSPACE_ID`], user identifier key
    /// [`USER_IDENTIFIER_KEY`], connected account [`JOHN_CONNECTED_ACCOUNT_ID`]).
    pub const CLIENT_SESSION_TOKEN: &str = "seam_cst1_token";
    /// Personal access token of user `john_user_id` ([`JOHN_EMAIL`]); send it with the
    /// `seam-workspace: seed_workspace_1` header.
    pub const PERSONAL_ACCESS_TOKEN: &str = "seam_at1_longtoken";
    /// The seeded sandbox workspace, "My Workspace".
    pub const WORKSPACE_ID: &str = "seed_workspace_1";
    /// A second workspace, "Empty Workspace", with nothing in it.
    pub const EMPTY_WORKSPACE_ID: &str = "seed_workspace_2";

    /// Provider `august`, `user_identifier.email` [`JOHN_EMAIL`],
    /// `automatically_manage_new_devices: true`, `custom_metadata: {}`, `accepted_capabilities: []`.
    pub const JOHN_CONNECTED_ACCOUNT_ID: &str = "john_connected_account_id";
    /// Provider `schlage`, `user_identifier.email` jane@example.com.
    pub const JANE_CONNECTED_ACCOUNT_ID: &str = "jane_connected_account_id";
    /// Provider `assa_abloy_credential_service`, [`JOHN_EMAIL`].
    pub const JOHN_ASSA_CS_CONNECTED_ACCOUNT_ID: &str = "john_assa_cs_connected_account_id";
    /// The e-mail address of John, the seeded user, and of two of the connected accounts.
    pub const JOHN_EMAIL: &str = "john@example.com";

    /// `august_lock` "Front Door" of John's account, locked.
    pub const AUGUST_DEVICE_1: &str = "august_device_1";
    /// `august_lock` "Back Door" of John's account, locked.
    pub const AUGUST_DEVICE_2: &str = "august_device_2";
    /// `ecobee_thermostat` "Thermostat 1" of John's account, cooling at 24 °C.
    pub const ECOBEE_DEVICE_1: &str = "ecobee_device_1";
    /// `minut_sensor` "Minut Sensor 1" of John's account, with one noise threshold (60 dB).
    pub const MINUT_DEVICE_1: &str = "minut_device_1";
    /// `schlage_lock` "Bathroom Door" of Jane's account (the id differs from the seed's key name).
    pub const SCHLAGE_DEVICE_1: &str = "schlage_device_id";

    /// A `visionline_system` ACS system on John's account.
    pub const VISIONLINE_ACS_SYSTEM_ID: &str = "visionline_acs_system_1";
    /// John's user identity.
    pub const USER_IDENTITY_ID: &str = "john_user_identity_id";
    /// The user identifier key of [`CLIENT_SESSION_TOKEN`]'s client session.
    pub const USER_IDENTIFIER_KEY: &str = "john_user_identifier_key";
}

/// The npm package [`FakeSeamBuilder::npx`] runs unless told another: the version this crate's
/// own tests are pinned to.
pub const FAKE_SEAM_PACKAGE: &str = "@seamapi/fake-seam-connect@1.86.0";

/// How many times a port taken between choosing and binding it is retried with another.
const PORT_ATTEMPTS: usize = 3;

/// Runs the fake's server script after two additions: it exits when its stdin closes, which
/// happens when the test process ends in any way (so a crashed or killed test leaves no server
/// behind), and it listens on 127.0.0.1 only (the fake calls `listen(port)`, which would take
/// every interface).
///
/// `argv[2]` is the `node_modules` holding the fake, or `-` to look for it beside each folder
/// of `PATH` (`npx` puts `<its cache>/node_modules/.bin` there); the rest is passed on.
const BOOTSTRAP: &str = "\
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
const [modules, ...rest] = process.argv.slice(2);
const roots = modules !== '-' ? [modules] : (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, '..'));
const dir = roots
  .map((root) => path.join(root, '@seamapi', 'fake-seam-connect'))
  .find((d) => fs.existsSync(path.join(d, 'package.json')));
if (!dir) {
  console.error(`@seamapi/fake-seam-connect is not installed in ${modules !== '-' ? modules : 'a node_modules on PATH'}`);
  process.exit(1);
}
const { bin } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const server = path.join(dir, typeof bin === 'string' ? bin : Object.values(bin)[0]);
process.argv = [process.argv[0], server, ...rest];
await import(pathToFileURL(server).href);
";

/// Where the fake comes from.
#[derive(Clone, Debug)]
enum Source {
    NodeModules(PathBuf),
    Npx(String),
}

/// Options for starting a [`FakeSeam`]; from [`FakeSeam::builder`].
#[derive(Clone, Debug)]
#[must_use = "call `start` to start the fake"]
pub struct FakeSeamBuilder {
    source: Source,
    start_timeout: Option<Duration>,
    log_dir: Option<PathBuf>,
    envs: Vec<(OsString, OsString)>,
}

impl FakeSeamBuilder {
    /// Runs the fake installed in `dir`, a `node_modules` folder holding
    /// `@seamapi/fake-seam-connect` (`npm install --save-dev @seamapi/fake-seam-connect`, or a
    /// `package.json` of your own pinning it). Starts in about 0.3 s, offline.
    pub fn node_modules(mut self, dir: impl Into<PathBuf>) -> Self {
        self.source = Source::NodeModules(dir.into());
        self
    }

    /// Runs the fake through `npx --yes --package <package>` (the default, with
    /// [`FAKE_SEAM_PACKAGE`]): npm downloads it into its cache the first time, which needs the
    /// network and can take a minute; later starts reuse the cache.
    pub fn npx(mut self, package: impl Into<String>) -> Self {
        self.source = Source::Npx(package.into());
        self
    }

    /// How long [`start`](Self::start) waits for the fake to answer: by default 30 s from a
    /// `node_modules`, 180 s through `npx` (which may download it first).
    pub fn start_timeout(mut self, timeout: Duration) -> Self {
        self.start_timeout = Some(timeout);
        self
    }

    /// The folder for the fake's log (`<port>.log`, removed on drop unless the thread is
    /// panicking) and its start script; by default `seam-fake-server` in the system's
    /// temporary folder.
    pub fn log_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.log_dir = Some(dir.into());
        self
    }

    /// Sets an environment variable of the fake's process (`NODE_OPTIONS`, for one).
    pub fn env(mut self, name: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.envs.push((name.into(), value.into()));
        self
    }

    /// Starts a fresh, seeded fake on a free loopback port and waits until it answers HTTP.
    ///
    /// Blocks until then (about 0.3 s from a `node_modules`). Fails, with the fake's log, if
    /// `node` (or `npx`) is missing or the fake does not answer within the start timeout.
    pub fn start(&self) -> Result<FakeSeam, StartError> {
        let log_dir = self
            .log_dir
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("seam-fake-server"));
        fs::create_dir_all(&log_dir)
            .map_err(|e| StartError::new(format!("creating {}: {e}", log_dir.display())))?;
        let mut last = None;
        for _ in 0..PORT_ATTEMPTS {
            match self.try_start(&log_dir) {
                Ok(fake) => return Ok(fake),
                // Another process took the port between our probe and the fake's bind.
                Err(error) if error.log.contains("EADDRINUSE") => last = Some(error),
                Err(error) => return Err(error),
            }
        }
        let log = last.map(|e| e.log).unwrap_or_default();
        Err(StartError {
            reason: format!("no free port in {PORT_ATTEMPTS} tries"),
            log,
        })
    }

    /// Starts one fake; on failure returns its log, after stopping it.
    fn try_start(&self, log_dir: &Path) -> Result<FakeSeam, StartError> {
        let port = free_port().map_err(|e| StartError::new(format!("finding a free port: {e}")))?;
        let log_path = log_dir.join(format!("{port}.log"));
        let script_path = log_dir.join(format!("{port}.mjs"));
        let log = File::create(&log_path)
            .map_err(|e| StartError::new(format!("creating {}: {e}", log_path.display())))?;
        let log_copy = log
            .try_clone()
            .map_err(|e| StartError::new(format!("sharing {}: {e}", log_path.display())))?;
        fs::write(&script_path, BOOTSTRAP)
            .map_err(|e| StartError::new(format!("writing {}: {e}", script_path.display())))?;

        let (mut command, modules, timeout) = match &self.source {
            Source::NodeModules(dir) => (
                Command::new("node"),
                dir.as_os_str().to_owned(),
                Duration::from_secs(30),
            ),
            Source::Npx(package) => {
                let mut command = Command::new(if cfg!(windows) { "npx.cmd" } else { "npx" });
                command.args(["--yes", "--package", package, "--", "node"]);
                (command, OsString::from("-"), Duration::from_secs(180))
            }
        };
        command
            .arg(&script_path)
            .arg(modules)
            .arg("--seed")
            .env("PORT", port.to_string())
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(log_copy)
            .stderr(log);
        let program = command.get_program().to_string_lossy().into_owned();
        let mut child = command.spawn().map_err(|error| {
            let _ = fs::remove_file(&script_path);
            StartError::new(if error.kind() == ErrorKind::NotFound {
                format!("`{program}` is not on PATH: install Node.js 20 or newer")
            } else {
                format!("could not start `{program}`: {error}")
            })
        })?;
        let stdin = child.stdin.take();
        let mut fake = FakeSeam {
            child,
            stdin,
            port,
            log_path,
            script_path,
        };
        match fake.wait_until_ready(self.start_timeout.unwrap_or(timeout)) {
            Ok(()) => Ok(fake),
            Err(reason) => {
                fake.stop();
                Err(StartError {
                    reason,
                    log: fake.log(),
                })
            }
        }
    }
}

/// A running, seeded fake Seam server. Stopped when dropped.
///
/// Each one is its own process with its own database, so tests can run in parallel.
pub struct FakeSeam {
    child: Child,
    /// Held open: the fake exits when it closes.
    stdin: Option<ChildStdin>,
    port: u16,
    log_path: PathBuf,
    script_path: PathBuf,
}

impl fmt::Debug for FakeSeam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeSeam")
            .field("endpoint", &self.endpoint())
            .field("pid", &self.child.id())
            .field("log_path", &self.log_path)
            .finish()
    }
}

impl FakeSeam {
    /// Options for starting a fake: where it is installed, timeouts, its environment. With
    /// none, [`start`](FakeSeamBuilder::start) runs [`FAKE_SEAM_PACKAGE`] through `npx`.
    pub fn builder() -> FakeSeamBuilder {
        FakeSeamBuilder {
            source: Source::Npx(FAKE_SEAM_PACKAGE.to_string()),
            start_timeout: None,
            log_dir: None,
            envs: Vec::new(),
        }
    }

    /// The base URL to give the client: `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The loopback port the fake listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A client builder pointed at the fake, with no credentials yet.
    pub fn client_builder(&self) -> SeamBuilder {
        Seam::builder().endpoint(self.endpoint())
    }

    /// A client of the seeded workspace: [`seed::API_KEY`], pointed at the fake.
    pub fn client(&self) -> crate::Result<Seam> {
        self.client_builder().api_key(seed::API_KEY).build()
    }

    /// What the fake has printed so far (its stdout and stderr).
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// The file the fake's output goes to.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Polls until `GET /health` answers 200, the process exits, or `timeout` passes.
    fn wait_until_ready(&mut self, timeout: Duration) -> Result<(), String> {
        let started = Instant::now();
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let mut last_error = String::from("no answer yet");
        while started.elapsed() < timeout {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the fake exited before it answered ({status})"));
            }
            match health_check(address) {
                Ok(()) => return Ok(()),
                Err(error) => last_error = error,
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "the fake did not answer on {address} within {timeout:?}: {last_error}"
        ))
    }

    /// Closes its stdin (the fake exits on that, even when `npx` started it and killing `npx`
    /// would not reach it), then kills the process if need be and reaps it.
    fn stop(&mut self) {
        drop(self.stdin.take());
        let closed = Instant::now();
        while closed.elapsed() < Duration::from_secs(1) {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        // Fails only if it already exited, which `wait` then collects.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_file(&self.script_path);
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

/// Why a [`FakeSeam`] did not start.
#[derive(Debug, Clone)]
pub struct StartError {
    reason: String,
    log: String,
}

impl StartError {
    fn new(reason: String) -> StartError {
        StartError {
            reason,
            log: String::new(),
        }
    }

    /// What the fake printed before it was stopped (empty if it never ran).
    pub fn log(&self) -> &str {
        &self.log
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the fake Seam server did not start: {}", self.reason)?;
        if !self.log.is_empty() {
            write!(f, "\n--- fake server log ---\n{}", self.log)?;
        }
        Ok(())
    }
}

impl std::error::Error for StartError {}

/// A port nothing listens on right now: bind port 0 on loopback, read it, release it.
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
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
