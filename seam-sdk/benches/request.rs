//! What the SDK adds to one request: `seam.connected_accounts().update(…)` against the same
//! request made with bare `reqwest` + `serde_json`, same loopback server, same run.
//!
//! ```text
//! cargo bench -p seam-sdk --bench request
//! ```
//!
//! The server (keep-alive) answers every request with the fake Seam server's
//! `/connected_accounts/update` response. Each variant has its own current-thread runtime, with
//! its own `reqwest::Client` (so its own connection pool) and its own copy of the server running
//! in that runtime: client and server take turns on one thread, so the time is CPU time, not
//! thread wake-ups. The variants:
//!
//! - `sdk`: the SDK call, its response decoded into `ConnectedAccount`;
//! - `bare_value`: `reqwest` with a `json!({…})` body, the response into `serde_json::Value`;
//! - `bare_typed`: the same, the response into the SDK's `ConnectedAccount` (through a struct for
//!   the envelope), so the difference to `sdk` is the runtime alone, not typed decoding.
//!
//! Target (issue 5): the SDK within 5% of the bare request. Results are in `BENCHMARKS.md`.

mod support;

use std::sync::Arc;

use bytes::Bytes;
use divan::Bencher;
use seam_sdk::types::{ConnectedAccount, ConnectedAccountsUpdateRequest};
use seam_sdk::Seam;
use serde::Deserialize;
use serde_json::Value;

const ACCOUNT_ID: &str = "john_connected_account_id";

fn main() {
    divan::main();
}

/// A current-thread runtime running a loopback server; the server's base URL.
fn runtime_and_server() -> (tokio::runtime::Runtime, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let body = Bytes::from_static(support::CONNECTED_ACCOUNTS_UPDATE.as_bytes());
    let addr = support::serve_on(&runtime, Arc::new(move |_| body.clone()));
    (runtime, format!("http://{addr}"))
}

#[divan::bench(sample_count = 500, sample_size = 20)]
fn sdk(bencher: Bencher) {
    let (rt, base_url) = runtime_and_server();
    let seam = Seam::builder()
        .api_key(support::API_KEY)
        .endpoint(base_url)
        .build()
        .expect("a client");
    bencher.bench_local(|| {
        rt.block_on(async {
            seam.connected_accounts()
                .update(
                    ConnectedAccountsUpdateRequest::new(ACCOUNT_ID)
                        .automatically_manage_new_devices(true),
                )
                .await
                .expect("the update succeeds")
        })
    });
}

/// The request a user without the SDK would write.
async fn bare_send(http: &reqwest::Client, url: &str) -> Bytes {
    http.post(url)
        .bearer_auth(support::API_KEY)
        // What `RequestBuilder::json` does (the SDK builds reqwest without its `json` feature).
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(
            serde_json::to_vec(&serde_json::json!({
                "connected_account_id": ACCOUNT_ID,
                "automatically_manage_new_devices": true,
            }))
            .expect("serializing a JSON value"),
        )
        .send()
        .await
        .expect("a response")
        .error_for_status()
        .expect("a 2xx response")
        .bytes()
        .await
        .expect("a body")
}

#[divan::bench(sample_count = 500, sample_size = 20)]
fn bare_value(bencher: Bencher) {
    let (rt, base_url) = runtime_and_server();
    let http = reqwest::Client::new();
    let url = format!("{base_url}/connected_accounts/update");
    bencher.bench_local(|| {
        rt.block_on(async {
            let bytes = bare_send(&http, &url).await;
            let mut body: Value = serde_json::from_slice(&bytes).expect("valid JSON");
            body["connected_account"].take()
        })
    });
}

#[divan::bench(sample_count = 500, sample_size = 20)]
fn bare_typed(bencher: Bencher) {
    #[derive(Deserialize)]
    struct Envelope {
        connected_account: ConnectedAccount,
    }

    let (rt, base_url) = runtime_and_server();
    let http = reqwest::Client::new();
    let url = format!("{base_url}/connected_accounts/update");
    bencher.bench_local(|| {
        rt.block_on(async {
            let bytes = bare_send(&http, &url).await;
            let body: Envelope = serde_json::from_slice(&bytes).expect("the account decodes");
            body.connected_account
        })
    });
}
