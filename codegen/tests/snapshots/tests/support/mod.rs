//! A loopback server that records each request it is sent, for the wire tests: what goes on
//! the wire is what the spec asks for.

#![allow(dead_code)] // each test file uses its own part

use std::sync::{Arc, Mutex};

use codegen_snapshots::Seam;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request as the server saw it: method and target (`GET /orders?limit=5`), and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub line: String,
    /// The header lines, lower-cased.
    pub headers: String,
    pub body: String,
}

/// Serves `answer` to every request on a loopback port, recording what it was sent.
pub async fn recorder(answer: &'static str) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let endpoint = format!("http://{}", listener.local_addr().expect("its address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut data = Vec::new();
            let mut buffer = [0u8; 4096];
            // Headers, then as much body as `content-length` says.
            loop {
                let n = socket.read(&mut buffer).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buffer[..n]);
                let text = String::from_utf8_lossy(&data).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if data.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            let text = String::from_utf8_lossy(&data).to_string();
            let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
            let line = head.lines().next().unwrap_or_default();
            let line = line.rsplit_once(' ').map_or(line, |(l, _)| l).to_owned();
            log.lock().expect("log").push(Seen {
                line,
                headers: head.to_ascii_lowercase(),
                body: body.to_owned(),
            });
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    (endpoint, seen)
}

pub fn client(endpoint: &str) -> Seam {
    Seam(
        seam_sdk::Seam::builder()
            .api_key("seam_apikey_test")
            .endpoint(endpoint)
            .build()
            .expect("a client"),
    )
}

/// One part of a `multipart/form-data` body: its header lines (lower-cased) and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    pub headers: String,
    pub content: String,
}

/// The parts of a multipart body, split at the boundary its content type names (RFC 7578).
pub fn multipart_parts(seen: &Seen) -> Vec<FormPart> {
    let boundary = seen
        .headers
        .lines()
        .find_map(|l| l.strip_prefix("content-type: multipart/form-data; boundary="))
        .unwrap_or_else(|| panic!("a multipart content type: {}", seen.headers));
    let delimiter = format!("--{boundary}");
    let mut sections: Vec<&str> = seen.body.split(delimiter.as_str()).collect();
    assert_eq!(sections.remove(0), "", "nothing before the first boundary");
    assert_eq!(
        sections.pop(),
        Some("--\r\n"),
        "the body ends with the closing boundary"
    );
    sections
        .into_iter()
        .map(|section| {
            let section = section
                .strip_prefix("\r\n")
                .expect("a line break after the boundary");
            let section = section
                .strip_suffix("\r\n")
                .expect("a line break before the next");
            let (headers, content) = section
                .split_once("\r\n\r\n")
                .expect("headers, then content");
            FormPart {
                headers: headers.to_ascii_lowercase(),
                content: content.to_owned(),
            }
        })
        .collect()
}

#[path = "../../../../../seam-sdk/tests/support/node.rs"]
pub mod node;

#[path = "../../../../../seam-sdk/tests/support/steady.rs"]
pub mod steady;

/// The fixture spec `name` (`store.yaml`, `third_party/petstore-3.0.json`).
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(name)
}
