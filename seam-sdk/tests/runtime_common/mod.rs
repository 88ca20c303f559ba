//! A scriptable HTTP/1.1 server on 127.0.0.1 for the runtime tests: plain
//! tokio sockets writing raw bytes, so it can misbehave in ways a real server
//! framework would not allow (truncated bodies, dropped connections, stalls).
//! It records every request it read, so tests can count attempts.

#![allow(dead_code)] // each test file uses a different part

use std::sync::{Arc, Mutex};
use std::time::Duration;

use seam_sdk::runtime::{HttpMethod, ResponseShape, Route};
use seam_sdk::{RetryPolicy, Seam};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// Path and query string.
    pub target: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

/// What the server does with one request.
pub enum Reply {
    /// Writes these bytes as the whole response, then closes.
    Raw(Vec<u8>),
    /// Waits, then replies.
    Slow(Duration, Box<Reply>),
    /// Closes the connection without answering.
    Drop,
}

impl Reply {
    /// A complete response with a body and `Content-Length`.
    pub fn with(
        status: u16,
        extra_headers: &[(&str, &str)],
        content_type: &str,
        body: &str,
    ) -> Reply {
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\nseam-request-id: req-{status}\r\n",
            reason(status),
            body.len()
        );
        for (k, v) in extra_headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        Reply::Raw(bytes)
    }

    pub fn json(status: u16, body: Value) -> Reply {
        Reply::with(status, &[], "application/json", &body.to_string())
    }

    pub fn ok(body: Value) -> Reply {
        Reply::json(200, body)
    }

    /// Seam's error envelope.
    pub fn error(status: u16, error_type: &str, message: &str) -> Reply {
        Reply::json(
            status,
            serde_json::json!({"error": {"type": error_type, "message": message}, "ok": false}),
        )
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

type Handler = dyn Fn(usize, &Request) -> Reply + Send + Sync;

/// The running server; stops when dropped.
pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Starts a server on a free loopback port; `handler` gets the request's
    /// index (0 for the first request the server read) and the request.
    pub async fn start(
        handler: impl Fn(usize, &Request) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let (handler, recorded) = (handler.clone(), recorded.clone());
                tokio::spawn(async move {
                    // Bounded: a stuck client never keeps a task forever.
                    let _ = tokio::time::timeout(
                        Duration::from_secs(10),
                        serve(socket, handler, recorded),
                    )
                    .await;
                });
            }
        });
        Server {
            url,
            requests,
            task,
        }
    }

    /// Every request read so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("lock").clone()
    }

    /// How many requests the server read.
    pub fn attempts(&self) -> usize {
        self.requests.lock().expect("lock").len()
    }

    /// A client of this server with an API key and default options.
    pub fn client(&self) -> Seam {
        Seam::builder()
            .api_key(API_KEY)
            .endpoint(&self.url)
            .retry_policy(RetryPolicy::default())
            .build()
            .expect("client")
    }
}

/// The API key test clients use; tests check it never leaks.
pub const API_KEY: &str = "seam_testkey_5ecret5ecret";

async fn serve(mut socket: TcpStream, handler: Arc<Handler>, recorded: Arc<Mutex<Vec<Request>>>) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    let index = {
        let mut all = recorded.lock().expect("lock");
        all.push(request.clone());
        all.len() - 1
    };
    let mut reply = handler(index, &request);
    loop {
        match reply {
            Reply::Slow(delay, next) => {
                tokio::time::sleep(delay).await;
                reply = *next;
            }
            Reply::Drop => return,
            Reply::Raw(bytes) => {
                let _ = socket.write_all(&bytes).await;
                let _ = socket.shutdown().await;
                return;
            }
        }
    }
}

async fn read_request(socket: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

/// A read: 5xx and dropped connections may be retried.
pub const READ: Route = Route {
    method: HttpMethod::Post,
    path: "/things/get",
    path_params: &[],
    query_params: &[],
    response: ResponseShape::Key("thing"),
    idempotent: true,
    body: seam_sdk::runtime::BodyEncoding::Json,
};

/// A write: only 429 and connection failures are retried.
pub const WRITE: Route = Route {
    method: HttpMethod::Post,
    path: "/things/create",
    path_params: &[],
    query_params: &[],
    response: ResponseShape::Key("thing"),
    idempotent: false,
    body: seam_sdk::runtime::BodyEncoding::Json,
};
