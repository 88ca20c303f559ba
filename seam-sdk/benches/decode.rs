//! Decoding a large `devices().list` response: typed (`Vec<Device>`) against `serde_json::Value`,
//! on the same bytes, for 1,000 and 10,000 devices built from the fake server's device shapes.
//!
//! ```text
//! cargo bench -p seam-sdk --bench decode
//! ```
//!
//! - `envelope::*`: the whole response body `{"devices": [...], "pagination": {...}, "ok": true}`.
//!   `typed_as_sdk` decodes it the way the SDK's runtime does (only `devices` and `pagination`,
//!   other fields skipped unbuilt; the JSON path is tracked only if that fails); that decoder is
//!   private to the crate, so this mirrors it with a struct. `typed_tracked` decodes behind
//!   `serde_path_to_error` from the start (the runtime did until `dd56888`; it now does so only
//!   to name where a failed decode failed), to show what the tracking costs.
//! - `array::*`: the bare list `[...]` into `Vec<Device>` or `Value`.
//! - `loopback::*`: the real path end to end, through a loopback HTTP server: the SDK's
//!   `seam.devices().list(…).await` against bare `reqwest` + `serde_json::Value`.
//!
//! Target (issue 5): typed decode no slower than `Value`. Results are in `BENCHMARKS.md`.

mod support;

use std::sync::OnceLock;

use bytes::Bytes;
use divan::counter::BytesCount;
use divan::Bencher;
use seam_sdk::types::{Device, DevicesListRequest};
use seam_sdk::{Pagination, Seam};
use serde::Deserialize;
use serde_json::Value;

const SIZES: &[usize] = &[1_000, 10_000];

fn main() {
    divan::main();
}

/// The response body with `n` devices, built once per size.
fn envelope(n: usize) -> &'static [u8] {
    static BODIES: OnceLock<Vec<(usize, Vec<u8>)>> = OnceLock::new();
    let bodies = BODIES.get_or_init(|| {
        SIZES
            .iter()
            .map(|&n| (n, support::devices_list_body(support::devices(n), None)))
            .collect()
    });
    match bodies.iter().find(|(size, _)| *size == n) {
        Some((_, body)) => body,
        None => panic!("no body built for {n} devices"),
    }
}

/// `[...]`: the list alone, `n` devices.
fn array(n: usize) -> Vec<u8> {
    serde_json::to_vec(&support::devices(n)).expect("serializing a JSON value")
}

/// What the SDK reads from a list response; every other field is skipped.
#[derive(Deserialize)]
struct DevicesEnvelope {
    devices: Vec<Device>,
    #[serde(default)]
    #[allow(dead_code)] // Decoded as the runtime decodes it; the bench has no use for it.
    pagination: Option<Pagination>,
}

mod envelope {
    use super::*;

    #[divan::bench(args = SIZES)]
    fn value(bencher: Bencher, n: usize) {
        let body = envelope(n);
        bencher
            .counter(BytesCount::of_slice(body))
            .bench(|| serde_json::from_slice::<Value>(body).expect("valid JSON"));
    }

    #[divan::bench(args = SIZES)]
    fn typed_as_sdk(bencher: Bencher, n: usize) {
        let body = envelope(n);
        bencher.counter(BytesCount::of_slice(body)).bench(|| {
            let mut de = serde_json::Deserializer::from_slice(body);
            let decoded = DevicesEnvelope::deserialize(&mut de)
                .and_then(|v| de.end().map(|()| v))
                .unwrap_or_else(|_| tracked(body));
            assert_eq!(decoded.devices.len(), n);
            decoded
        });
    }

    #[divan::bench(args = SIZES)]
    fn typed_tracked(bencher: Bencher, n: usize) {
        let body = envelope(n);
        bencher.counter(BytesCount::of_slice(body)).bench(|| {
            let decoded = tracked(body);
            assert_eq!(decoded.devices.len(), n);
            decoded
        });
    }

    /// The decode behind `serde_path_to_error`, which the runtime runs to name a failure's path.
    fn tracked(body: &[u8]) -> DevicesEnvelope {
        let mut de = serde_json::Deserializer::from_slice(body);
        let mut track = serde_path_to_error::Track::new();
        let decoded = DevicesEnvelope::deserialize(serde_path_to_error::Deserializer::new(
            &mut de, &mut track,
        ))
        .unwrap_or_else(|e| panic!("the devices decode (at {}): {e}", track.path()));
        de.end().expect("nothing after the body");
        decoded
    }
}

mod array {
    use super::*;

    #[divan::bench(args = SIZES)]
    fn value(bencher: Bencher, n: usize) {
        let body = array(n);
        bencher
            .counter(BytesCount::of_slice(&body))
            .bench(|| serde_json::from_slice::<Value>(&body).expect("valid JSON"));
    }

    #[divan::bench(args = SIZES)]
    fn typed(bencher: Bencher, n: usize) {
        let body = array(n);
        bencher.counter(BytesCount::of_slice(&body)).bench(|| {
            let devices: Vec<Device> = serde_json::from_slice(&body).expect("the devices decode");
            assert_eq!(devices.len(), n);
            devices
        });
    }
}

mod loopback {
    use super::*;

    /// A loopback server that answers every request with the `n`-device body; its URL.
    fn server(n: usize) -> String {
        let body = Bytes::from_static(envelope(n));
        let addr = support::serve(std::sync::Arc::new(move |_| body.clone()));
        format!("http://{addr}")
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime")
    }

    /// `seam.devices().list(…).await`: the first page, decoded by the SDK's runtime.
    #[divan::bench(args = SIZES, sample_count = 30)]
    fn sdk(bencher: Bencher, n: usize) {
        let url = server(n);
        let rt = runtime();
        let seam = Seam::builder()
            .api_key(support::API_KEY)
            .endpoint(url)
            .build()
            .expect("a client");
        bencher
            .counter(BytesCount::of_slice(envelope(n)))
            .bench_local(|| {
                let devices = rt
                    .block_on(async { seam.devices().list(DevicesListRequest::new()).await })
                    .expect("the list decodes");
                assert_eq!(devices.len(), n);
                devices
            });
    }

    /// `reqwest` + `serde_json::from_slice::<Value>` on the same server.
    #[divan::bench(args = SIZES, sample_count = 30)]
    fn bare_value(bencher: Bencher, n: usize) {
        let url = format!("{}/devices/list", server(n));
        let rt = runtime();
        let http = reqwest::Client::new();
        bencher
            .counter(BytesCount::of_slice(envelope(n)))
            .bench_local(|| {
                rt.block_on(async {
                    let bytes = http
                        .post(&url)
                        .bearer_auth(support::API_KEY)
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(b"{}".as_slice())
                        .send()
                        .await
                        .expect("a response")
                        .bytes()
                        .await
                        .expect("a body");
                    let mut body: Value = serde_json::from_slice(&bytes).expect("valid JSON");
                    let devices = body["devices"].take();
                    assert_eq!(devices.as_array().map(Vec::len), Some(n));
                    devices
                })
            });
    }
}
