//! Starts Steady (`@stdy/cli`, pinned in `fake-server/package.json`), the mock server that
//! serves an OpenAPI document: it answers every route with a response generated from the spec
//! and rejects, with `400` and a diagnostic (`E3xxx`, category `sdk-issue`), any request that
//! does not match it. Stainless-generated SDKs run their endpoint tests against it.
//!
//! Steady is a native binary (`@stdy/cli-<platform>-<arch>/bin/steady`). A small Node script
//! starts it and kills it when its stdin closes, which happens when the test process ends in
//! any way, so no mock outlives a test. It listens on 127.0.0.1 only, on a free port.

use std::fs::{self, File};
use std::io::ErrorKind;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use super::node::{free_port, node_modules, node_modules_dir};

/// How long [`Steady::start`] waits for the mock to listen (it loads the spec in about 0.3 s).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Finds the platform's Steady binary in `argv[1]` (a `node_modules`), runs it with the other
/// arguments, forwards its exit, and kills it when stdin closes.
const LAUNCHER: &str = "\
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
const [modules, ...args] = process.argv.slice(1);
const require = createRequire(path.join(modules, 'index.js'));
const exe = process.platform === 'win32' ? 'steady.exe' : 'steady';
const pkg = require.resolve(`@stdy/cli-${process.platform}-${process.arch}/package.json`);
const child = spawn(path.join(path.dirname(pkg), 'bin', exe), args, { stdio: ['ignore', 'inherit', 'inherit'] });
const stop = () => { child.kill(); process.exit(0); };
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
child.on('exit', (code) => process.exit(code ?? 1));
";

/// A running Steady serving one spec. Killed when dropped.
pub struct Steady {
    child: Child,
    /// Held open: the launcher kills Steady when it closes.
    stdin: Option<ChildStdin>,
    port: u16,
    log_path: PathBuf,
}

impl Steady {
    /// Starts Steady on `spec`, on a free loopback port, rejecting requests that break the spec.
    ///
    /// Panics with its log if it does not start.
    pub fn start(spec: &Path) -> Steady {
        // Fails with how to install it when Steady is not there.
        node_modules("@stdy/cli/package.json");
        let port = free_port();
        let log_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("steady");
        fs::create_dir_all(&log_dir).expect("creating Steady's log folder");
        let log_path = log_dir.join(format!("{port}.log"));
        let log = File::create(&log_path).expect("creating Steady's log file");
        let child = Command::new("node")
            .args(["--input-type=module", "-e", LAUNCHER, "--"])
            .arg(node_modules_dir())
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--log-level", "details", "--no-color"])
            .arg(spec)
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
        let mut steady = Steady {
            stdin: None,
            child,
            port,
            log_path,
        };
        steady.stdin = steady.child.stdin.take();
        if let Err(reason) = steady.wait_until_listening() {
            steady.stop();
            panic!(
                "Steady did not start: {reason}\n--- log ---\n{}",
                steady.log()
            );
        }
        steady
    }

    /// The base URL to give the client.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What Steady has printed so far: one line per request, with its diagnostics.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        while started.elapsed() < START_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("it exited ({status})"));
            }
            if TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "nothing listened on {address} within {START_TIMEOUT:?}"
        ))
    }

    /// Closes the launcher's stdin (it kills Steady and exits), then reaps it; kills it if
    /// it has not gone within a few seconds.
    fn stop(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Steady {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            eprintln!("Steady's log kept at {}", self.log_path.display());
        } else {
            let _ = fs::remove_file(&self.log_path);
        }
    }
}
