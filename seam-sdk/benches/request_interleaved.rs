//! The request-overhead comparison of `benches/request.rs`, interleaved: the variants take turns
//! in short batches, in a rotating order, so a change of load on a shared machine (other builds,
//! frequency changes) touches them alike. Prints each variant's median time per request and the
//! SDK's ratio to each bare variant (the median over rounds of the per-round ratio).
//!
//! ```text
//! cargo bench -p seam-sdk --bench request_interleaved
//! ```
//!
//! The server runs in the client's runtime, so one thread does all the work and the times are
//! CPU time; `-- --server-thread` gives the server a thread of its own instead (then the times
//! include waking the other thread, which on an idle virtual machine is most of them).
//!
//! Run without `--bench` (as `cargo test --benches` does) it only makes a few requests.
//!
//! Target (issue 5): the SDK within 5% of the bare request. Results are in `BENCHMARKS.md`.

mod support;

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use seam_sdk::types::{ConnectedAccount, ConnectedAccountsUpdateRequest};
use seam_sdk::Seam;
use serde::Deserialize;
use serde_json::Value;

const ACCOUNT_ID: &str = "john_connected_account_id";

#[derive(Deserialize)]
struct Envelope {
    connected_account: ConnectedAccount,
}

struct Clients {
    seam: Seam,
    http: reqwest::Client,
    url: String,
}

#[derive(Clone, Copy)]
enum Variant {
    Sdk,
    BareValue,
    BareTyped,
    /// `BareTyped` sending the SDK's headers too, so it differs from `Sdk` by the runtime's
    /// work alone, not by bytes on the wire.
    BareTypedSdkHeaders,
}

const VARIANTS: [Variant; 4] = [
    Variant::Sdk,
    Variant::BareValue,
    Variant::BareTyped,
    Variant::BareTypedSdkHeaders,
];

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Sdk => "sdk",
            Variant::BareValue => "bare_value",
            Variant::BareTyped => "bare_typed",
            Variant::BareTypedSdkHeaders => "bare_typed+hdr",
        }
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    // Rounds × batch requests per variant: 600 × 50 = 30,000 each, about 3 s in all here.
    let (warmup, rounds, batch) = if full { (2_000, 600, 50) } else { (10, 3, 5) };

    // One runtime for all: reqwest's pooled connections belong to the runtime that opened them.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    // The server runs in the same runtime, so one thread does all the work (CPU time, no
    // thread wake-ups); with `--server-thread` it has a thread of its own.
    let body = Bytes::from_static(support::CONNECTED_ACCOUNTS_UPDATE.as_bytes());
    let handler: support::Handler = Arc::new(move |_| body.clone());
    let addr = if std::env::args().any(|a| a == "--server-thread") {
        support::serve(handler)
    } else {
        support::serve_on(&rt, handler)
    };
    let base = format!("http://{addr}");
    let clients = Clients {
        seam: Seam::builder()
            .api_key(support::API_KEY)
            .endpoint(&base)
            .build()
            .expect("a client"),
        // The bare variants share one client, with its own pool apart from the SDK's.
        http: reqwest::Client::new(),
        url: format!("{base}/connected_accounts/update"),
    };

    rt.block_on(async {
        for variant in VARIANTS {
            for _ in 0..warmup {
                request(&clients, variant).await;
            }
        }
        // per_request[variant][round]: mean nanoseconds per request of that round's batch.
        let mut per_request = vec![Vec::with_capacity(rounds); VARIANTS.len()];
        for round in 0..rounds {
            for k in 0..VARIANTS.len() {
                let v = (round + k) % VARIANTS.len();
                let started = Instant::now();
                for _ in 0..batch {
                    request(&clients, VARIANTS[v]).await;
                }
                per_request[v].push(started.elapsed().as_nanos() as f64 / batch as f64);
            }
        }
        report(&per_request, rounds * batch);
    });
}

/// One request of `variant`, its response decoded.
async fn request(clients: &Clients, variant: Variant) {
    match variant {
        Variant::Sdk => {
            let account = clients
                .seam
                .connected_accounts()
                .update(
                    ConnectedAccountsUpdateRequest::new(ACCOUNT_ID)
                        .automatically_manage_new_devices(true),
                )
                .await
                .expect("the update succeeds");
            std::hint::black_box(account);
        }
        Variant::BareValue => {
            let bytes = bare_send(clients, false).await;
            let mut body: Value = serde_json::from_slice(&bytes).expect("valid JSON");
            std::hint::black_box(body["connected_account"].take());
        }
        Variant::BareTyped | Variant::BareTypedSdkHeaders => {
            let sdk_headers = matches!(variant, Variant::BareTypedSdkHeaders);
            let bytes = bare_send(clients, sdk_headers).await;
            let body: Envelope = serde_json::from_slice(&bytes).expect("the account decodes");
            std::hint::black_box(body.connected_account);
        }
    }
}

/// The request a user without the SDK would write (as `benches/request.rs`); with
/// `sdk_headers`, also the headers the SDK adds (see `sdk_headers` in `src/client.rs`).
async fn bare_send(clients: &Clients, sdk_headers: bool) -> Bytes {
    let mut builder = clients.http.post(&clients.url);
    if sdk_headers {
        builder = builder
            .header("seam-sdk-name", "seam-sdk-rust")
            .header("seam-sdk-version", env!("CARGO_PKG_VERSION"))
            .header(
                reqwest::header::USER_AGENT,
                concat!("seam-sdk-rust/", env!("CARGO_PKG_VERSION")),
            )
            .header(reqwest::header::ACCEPT, "application/json");
    }
    builder
        .bearer_auth(support::API_KEY)
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

fn report(per_request: &[Vec<f64>], requests_each: usize) {
    println!(
        "{requests_each} requests per variant, interleaved in {} rounds",
        per_request[0].len()
    );
    println!(
        "{:<14} {:>10} {:>10} {:>10}",
        "variant", "p10", "median", "p90"
    );
    for (variant, times) in VARIANTS.iter().zip(per_request) {
        println!(
            "{:<14} {:>7.2} µs {:>7.2} µs {:>7.2} µs",
            variant.name(),
            quantile(times, 0.1) / 1e3,
            quantile(times, 0.5) / 1e3,
            quantile(times, 0.9) / 1e3,
        );
    }
    for (i, bare) in VARIANTS.iter().enumerate().skip(1) {
        let ratios: Vec<f64> = per_request[0]
            .iter()
            .zip(&per_request[i])
            .map(|(sdk, bare)| sdk / bare)
            .collect();
        println!(
            "sdk / {:<14} {:.3} (median of per-round ratios; p10 {:.3}, p90 {:.3})",
            bare.name(),
            quantile(&ratios, 0.5),
            quantile(&ratios, 0.1),
            quantile(&ratios, 0.9),
        );
    }
}

/// The `q` quantile of `values` (nearest rank).
fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[rank]
}
