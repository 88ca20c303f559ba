//! What the SDK benches share: a minimal HTTP/1.1 server on loopback, and response bodies built
//! from the fake Seam server's device shapes (`fixtures/devices_list.json`).
//!
//! The server answers every request on a keep-alive connection with `200 OK` and the body its
//! handler returns for the request body; it listens on `127.0.0.1` only, on a port the system
//! picks, and ends with the process. [`serve`] runs it in a thread of its own; [`serve_on`] in
//! the client's own runtime, so client and server take turns on one thread and a request costs
//! CPU time only, not the wake-ups of another thread (which, on an idle virtual machine, cost
//! more than the request itself).

#![allow(dead_code)] // Each bench uses part of it.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// `POST /devices/list` of `@seamapi/fake-seam-connect --seed`: five devices of four kinds.
pub const DEVICES_LIST: &str = include_str!("../fixtures/devices_list.json");
/// `POST /connected_accounts/update` of the same fake server.
pub const CONNECTED_ACCOUNTS_UPDATE: &str =
    include_str!("../fixtures/connected_accounts_update.json");

/// The API key the benches send; the loopback server does not check it.
pub const API_KEY: &str = "seam_apikey1_token";

/// Turns a request body into a response body.
pub type Handler = Arc<dyn Fn(&[u8]) -> Bytes + Send + Sync>;

/// Starts the server in a thread of its own; returns its address.
pub fn serve(handler: Handler) -> SocketAddr {
    let (listener, addr) = bind();
    std::thread::Builder::new()
        .name("bench-http-server".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
                .expect("a tokio runtime for the server");
            runtime.block_on(accept(listener, handler));
        })
        .expect("starting the server thread");
    addr
}

/// Starts the server as a task of `runtime` (it runs while the runtime does, e.g. during the
/// client's `block_on`); returns its address.
pub fn serve_on(runtime: &tokio::runtime::Runtime, handler: Handler) -> SocketAddr {
    let (listener, addr) = bind();
    runtime.spawn(accept(listener, handler));
    addr
}

fn bind() -> (std::net::TcpListener, SocketAddr) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding a loopback port");
    listener
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    let addr = listener.local_addr().expect("the listener's address");
    (listener, addr)
}

/// Serves every connection of `listener`, each in its own task.
async fn accept(listener: std::net::TcpListener, handler: Handler) {
    let listener = TcpListener::from_std(listener).expect("a tokio listener");
    while let Ok((stream, _)) = listener.accept().await {
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(stream, handler.clone()));
    }
}

/// Answers the requests of one connection until the client closes it.
async fn connection(mut stream: TcpStream, handler: Handler) -> std::io::Result<()> {
    let mut input: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut output: Vec<u8> = Vec::with_capacity(16 * 1024);
    loop {
        let head_len = loop {
            if let Some(i) = input.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            input.reserve(16 * 1024);
            if stream.read_buf(&mut input).await? == 0 {
                return Ok(());
            }
        };
        let total = head_len + content_length(&input[..head_len]);
        while input.len() < total {
            input.reserve(total - input.len());
            if stream.read_buf(&mut input).await? == 0 {
                return Ok(());
            }
        }
        let body = handler(&input[head_len..total]);
        input.drain(..total);
        output.clear();
        output.extend_from_slice(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 seam-request-id: bench\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        );
        output.extend_from_slice(&body);
        stream.write_all(&output).await?;
    }
}

/// The `Content-Length` of a request head; 0 when absent.
fn content_length(head: &[u8]) -> usize {
    let head = String::from_utf8_lossy(head);
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

/// The fixture's devices, each a JSON object.
pub fn device_shapes() -> Vec<Value> {
    let list: Value = serde_json::from_str(DEVICES_LIST).expect("the fixture is JSON");
    match &list["devices"] {
        Value::Array(devices) if !devices.is_empty() => devices.clone(),
        _ => panic!("fixtures/devices_list.json has no `devices`"),
    }
}

/// `count` devices: the fixture's shapes in turn, each with its own `device_id`.
pub fn devices(count: usize) -> Vec<Value> {
    devices_from(&device_shapes(), 0, count)
}

/// Devices `start..start + count` of an endless list cycling through `shapes`.
pub fn devices_from(shapes: &[Value], start: usize, count: usize) -> Vec<Value> {
    (start..start + count)
        .map(|i| {
            let mut device = shapes[i % shapes.len()].clone();
            device["device_id"] = Value::String(format!("device-{i:07}"));
            device
        })
        .collect()
}

/// The body of a `/devices/list` response holding `devices`, as Seam sends it.
pub fn devices_list_body(devices: Vec<Value>, next_page_cursor: Option<String>) -> Vec<u8> {
    let body = serde_json::json!({
        "devices": devices,
        "pagination": {
            "has_next_page": next_page_cursor.is_some(),
            "next_page_cursor": next_page_cursor,
            "next_page_url": null,
        },
        "ok": true,
    });
    serde_json::to_vec(&body).expect("serializing a JSON value")
}
