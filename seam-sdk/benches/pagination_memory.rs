//! Peak memory of streaming every item of a long paginated listing: `seam.devices().list(…)
//! .stream()` over 10,000 and 100,000 devices, 500 a page, from a loopback server that builds
//! each page when asked.
//!
//! ```text
//! cargo bench -p seam-sdk --bench pagination_memory
//! ```
//!
//! The server runs in this process; each measurement runs in a child process (this same binary,
//! started with `child …`) that holds only the client, so its peak resident set (`VmHWM` of
//! `/proc/self/status`) is the client's alone. The child reports its peak before the first
//! request (client built, runtime started) and after the last item; the growth is what
//! streaming cost. For contrast, `collect` keeps every item in a `Vec` (memory grows with the
//! listing, as it should): "flat" means `stream` grows by about one page whatever the length.
//!
//! Run without `--bench` (as `cargo test --benches` does) it only checks 2,000 items.
//!
//! Target (issue 5): memory flat in the number of items. Results are in `BENCHMARKS.md`.

mod support;

use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use futures_util::StreamExt;
use seam_sdk::types::DevicesListRequest;
use seam_sdk::Seam;
use serde_json::Value;

/// The spec's default page size for `/devices/list`.
const PAGE_SIZE: usize = 500;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [child, url, items, mode] = args.as_slice() {
        if child == "child" {
            let items = items.parse().expect("a number of items");
            child_main(url, items, Mode::parse(mode));
            return;
        }
    }
    let runs: &[(usize, Mode)] = if args.iter().any(|a| a == "--bench") {
        &[
            (10_000, Mode::Stream),
            (100_000, Mode::Stream),
            (10_000, Mode::Collect),
            (100_000, Mode::Collect),
        ]
    } else {
        &[(2_000, Mode::Stream)]
    };
    println!(
        "size_of::<Device>() = {} bytes (each decoded device, before its heap data)\n",
        std::mem::size_of::<seam_sdk::types::Device>()
    );
    println!(
        "{:<8} {:>8} {:>6} {:>14} {:>14} {:>10} {:>9} {:>12}",
        "mode", "items", "pages", "peak before", "peak after", "growth", "time", "items/s"
    );
    for &(items, mode) in runs {
        let report = run_child(items, mode);
        println!(
            "{:<8} {:>8} {:>6} {:>10} KiB {:>10} KiB {:>6} KiB {:>7.2} s {:>12.0}",
            mode.name(),
            report.items,
            items.div_ceil(PAGE_SIZE),
            report.before_kb,
            report.after_kb,
            report.after_kb.saturating_sub(report.before_kb),
            report.seconds,
            report.items as f64 / report.seconds,
        );
    }
}

#[derive(Clone, Copy)]
enum Mode {
    /// Read the stream item by item, keeping none.
    Stream,
    /// Keep every item.
    Collect,
}

impl Mode {
    fn parse(s: &str) -> Mode {
        match s {
            "stream" => Mode::Stream,
            "collect" => Mode::Collect,
            _ => panic!("unknown mode {s:?}"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Mode::Stream => "stream",
            Mode::Collect => "collect",
        }
    }
}

struct Report {
    items: usize,
    before_kb: u64,
    after_kb: u64,
    seconds: f64,
}

/// Starts a server for `items` devices, runs a child against it and reads its report.
fn run_child(items: usize, mode: Mode) -> Report {
    let addr = support::serve(page_handler(items));
    let exe = std::env::current_exe().expect("this program's path");
    let output = Command::new(exe)
        .args([
            "child",
            &format!("http://{addr}"),
            &items.to_string(),
            mode.name(),
        ])
        .output()
        .expect("running the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the child failed: {}\n{stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let fields: Vec<&str> = stdout.split_whitespace().collect();
    let [items, before_kb, after_kb, seconds] = fields.as_slice() else {
        panic!("unexpected child output: {stdout}");
    };
    Report {
        items: items.parse().expect("items"),
        before_kb: before_kb.parse().expect("kB"),
        after_kb: after_kb.parse().expect("kB"),
        seconds: seconds.parse().expect("seconds"),
    }
}

/// Pages of an `items`-long device listing: the request's `page_cursor` is the index of the
/// page's first item, and `limit` its length (default 500).
fn page_handler(items: usize) -> support::Handler {
    let shapes = support::device_shapes();
    Arc::new(move |request: &[u8]| {
        let request: Value = serde_json::from_slice(request).unwrap_or(Value::Null);
        let start = request["page_cursor"]
            .as_str()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0usize)
            .min(items);
        let limit = request["limit"].as_f64().map_or(PAGE_SIZE, |l| l as usize);
        let end = (start + limit.max(1)).min(items);
        let next = (end < items).then(|| end.to_string());
        Bytes::from(support::devices_list_body(
            support::devices_from(&shapes, start, end - start),
            next,
        ))
    })
}

/// The client side: streams the listing and prints `items peak_before_kb peak_after_kb seconds`.
fn child_main(url: &str, items: usize, mode: Mode) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let seam = Seam::builder()
        .api_key(support::API_KEY)
        .endpoint(url)
        .build()
        .expect("a client");
    let before = peak_rss_kb();
    let started = Instant::now();
    let count = rt.block_on(async {
        let mut stream = std::pin::pin!(seam.devices().list(DevicesListRequest::new()).stream());
        let mut kept = Vec::new();
        let mut count = 0usize;
        while let Some(device) = stream.next().await {
            let device = device.expect("every page decodes");
            assert_eq!(device.device_id, format!("device-{count:07}"));
            count += 1;
            if let Mode::Collect = mode {
                kept.push(device);
            }
        }
        count
    });
    let seconds = started.elapsed().as_secs_f64();
    let after = peak_rss_kb();
    assert_eq!(count, items, "every item arrives once");
    println!("{count} {before} {after} {seconds}");
}

/// The peak resident set size of this process so far, in KiB (`/proc` writes "kB").
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("reading /proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}
