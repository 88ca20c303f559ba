//! The examples (`examples/*.rs`) run against the fake Seam server, and the `test-util`
//! harness users get (`seam_sdk::test_util`) started the way the crate README tells them to.
//!
//! Each example keeps its logic in functions beside a short `main` that reads the environment
//! and arguments; this file includes the example files as modules (`#[path]`) and calls those
//! functions with a client of the fake. The code a reader copies is what runs, inside this one
//! test binary: no `cargo run --example` from a test (a nested cargo waiting on the build lock,
//! one more link per example, seconds each), and no environment variables set in a
//! multi-threaded test. Each `main` is compiled (and linted) as its own example by
//! `cargo clippy --all-targets`, not run.

#![cfg(all(
    feature = "connected_accounts",
    feature = "devices",
    feature = "events",
    feature = "locks"
))]

mod support;

// Each example's `main` is for `cargo run --example`, not for this file.
#[path = "../examples/list_devices.rs"]
#[allow(dead_code)]
mod list_devices;
#[path = "../examples/unlock_door.rs"]
#[allow(dead_code)]
mod unlock_door;
#[path = "../examples/update_connected_account.rs"]
#[allow(dead_code)]
mod update_connected_account;
#[path = "../examples/webhook_receiver.rs"]
#[allow(dead_code)]
mod webhook_receiver;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use seam_sdk::test_util::{self, FAKE_SEAM_PACKAGE};
use seam_sdk::types::{CustomMetadataValue, DevicesGetRequest};
use seam_sdk::webhooks::Webhook;
use seam_sdk::Error;
use support::{seed, FakeSeam};

#[tokio::test]
async fn unlock_door_unlocks_a_seeded_lock_and_waits() {
    let fake = FakeSeam::start();
    let seam = fake.client().expect("client");

    let device_id = unlock_door::first_unlockable(&seam)
        .await
        .expect("listing devices")
        .expect("the seed has a lock that unlocks remotely");
    assert!(
        [
            seed::AUGUST_DEVICE_1,
            seed::AUGUST_DEVICE_2,
            seed::SCHLAGE_DEVICE_1
        ]
        .contains(&device_id.as_str()),
        "{device_id} is not a seeded lock"
    );
    let (attempt, locked) = unlock_door::unlock(&seam, &device_id)
        .await
        .unwrap_or_else(|e| panic!("unlocking {device_id}: {e}\n{}", fake.log()));
    assert_eq!(attempt.action_type(), Some("UNLOCK_DOOR"));
    assert_eq!(attempt.status(), Some("success"));
    assert_eq!(locked, Some(false));
}

#[tokio::test]
async fn list_devices_prints_every_seeded_device() {
    let fake = FakeSeam::start();
    let seam = fake.client().expect("client");

    let mut out = Vec::new();
    let count = list_devices::print_devices(&seam, &mut out)
        .await
        .unwrap_or_else(|e| panic!("listing devices: {e}\n{}", fake.log()));
    let out = String::from_utf8(out).expect("UTF-8 output");
    assert_eq!(out.lines().count(), count);
    for device_id in [
        seed::AUGUST_DEVICE_1,
        seed::AUGUST_DEVICE_2,
        seed::ECOBEE_DEVICE_1,
        seed::MINUT_DEVICE_1,
        seed::SCHLAGE_DEVICE_1,
    ] {
        assert!(
            out.lines()
                .any(|line| line.starts_with(&format!("{device_id}\t"))),
            "{device_id} is missing from:\n{out}"
        );
    }
    assert!(out.contains("august_device_1\taugust_lock\t"), "{out}");
}

#[tokio::test]
async fn update_connected_account_sets_metadata_and_reports_bad_keys() {
    let fake = FakeSeam::start();
    let seam = fake.client().expect("client");
    let pairs = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };

    let account = update_connected_account::set_metadata(
        &seam,
        seed::JOHN_CONNECTED_ACCOUNT_ID,
        &pairs(&[("internal_account_id", "user-1"), ("vip", "true")]),
    )
    .await
    .unwrap_or_else(|e| panic!("updating: {e}\n{}", fake.log()));
    assert_eq!(
        account.connected_account_id,
        seed::JOHN_CONNECTED_ACCOUNT_ID
    );
    assert_eq!(
        account.custom_metadata.get("internal_account_id"),
        Some(&CustomMetadataValue::from("user-1"))
    );
    assert_eq!(
        account.custom_metadata.get("vip"),
        Some(&CustomMetadataValue::from(true))
    );

    let too_long = "k".repeat(41);
    match update_connected_account::set_metadata(
        &seam,
        seed::JOHN_CONNECTED_ACCOUNT_ID,
        &pairs(&[(&too_long, "v")]),
    )
    .await
    {
        Err(Error::InvalidArgument(message)) => assert!(message.contains(&too_long), "{message}"),
        other => panic!("a 41-character key should be refused before sending, got {other:?}"),
    }
}

#[tokio::test]
async fn webhook_receiver_accepts_signed_deliveries_only() {
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let fake = FakeSeam::start();
    let seam = fake.client().expect("client");
    let door = seam
        .devices()
        .get(DevicesGetRequest::new().device_id(seed::AUGUST_DEVICE_1))
        .await
        .expect("the seeded door");
    let app = webhook_receiver::app(seam, Webhook::new(SECRET).expect("secret"));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("binding a port");
    let url = format!(
        "http://{}/webhooks",
        listener.local_addr().expect("address")
    );
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let body = serde_json::json!({
        "event_id": "7f6c0d1e-6d8d-4c8e-9c4b-2f7a4f0e9b11",
        "event_type": "lock.unlocked",
        "device_id": seed::AUGUST_DEVICE_1,
        "connected_account_id": seed::JOHN_CONNECTED_ACCOUNT_ID,
        "workspace_id": seed::WORKSPACE_ID,
        "created_at": "2026-01-01T00:00:00.000Z",
        "occurred_at": "2026-01-01T00:00:00.000Z",
        "method": "remote",
    })
    .to_string();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64;
    let post = |signature: String| {
        reqwest::Client::new()
            .post(&url)
            .header("svix-id", "msg_1")
            .header("svix-timestamp", now.to_string())
            .header("svix-signature", signature)
            .body(body.clone())
            .timeout(Duration::from_secs(10))
            .send()
    };

    let signature =
        seam_sdk::webhooks::sign(SECRET, "msg_1", now, body.as_bytes()).expect("signing");
    let response = post(signature).await.expect("delivering");
    assert_eq!(response.status(), 200);
    // The receiver looked the door up through the API (else it names the id, and the error).
    assert_eq!(
        response.text().await.expect("body"),
        format!("{} was unlocked", door.display_name)
    );

    let forged = seam_sdk::webhooks::sign(
        "whsec_AAAAAAAAAAAAAAAAAAAAAAAA",
        "msg_1",
        now,
        body.as_bytes(),
    )
    .expect("signing");
    let response = post(forged).await.expect("delivering");
    assert_eq!(response.status(), 400);

    server.abort();
}

/// The npx route of `test_util`, as the crate README gives it to users (the other tests start
/// the fake from `fake-server/node_modules`). npm's cache is preferred to the network: it
/// holds the package once `cargo xtask test` has run `npm ci --prefix fake-server`.
#[test]
fn test_util_starts_the_fake_through_npx() {
    let fake = test_util::FakeSeam::builder()
        .env("npm_config_prefer_offline", "true")
        .log_dir(Path::new(env!("CARGO_TARGET_TMPDIR")).join("fake-seam"))
        .start()
        .unwrap_or_else(|error| panic!("{error}"));
    let seam = fake.client().expect("client");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut out = Vec::new();
    let count = runtime
        .block_on(list_devices::print_devices(&seam, &mut out))
        .unwrap_or_else(|e| panic!("listing devices: {e}\n{}", fake.log()));
    assert!(count >= 5, "{}", String::from_utf8_lossy(&out));
    // Dropping stops it (through npx too): nothing answers on its port any more.
    let address = fake.endpoint().trim_start_matches("http://").to_string();
    drop(fake);
    assert!(
        std::net::TcpStream::connect(&address).is_err(),
        "the fake still answers on {address} after drop"
    );
}

/// `test_util`'s default npx package is the version the tests run, `fake-server/package.json`'s.
#[test]
fn npx_package_is_the_pinned_version() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fake-server/package.json");
    let manifest = std::fs::read_to_string(&path).expect("reading fake-server/package.json");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("parsing it");
    let pinned = manifest["dependencies"]["@seamapi/fake-seam-connect"]
        .as_str()
        .expect("fake-server/package.json pins @seamapi/fake-seam-connect");
    assert_eq!(
        FAKE_SEAM_PACKAGE,
        format!("@seamapi/fake-seam-connect@{pinned}"),
        "seam_sdk::test_util::FAKE_SEAM_PACKAGE should name the version fake-server/ pins"
    );
}
