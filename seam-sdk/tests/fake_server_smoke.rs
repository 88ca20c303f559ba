//! The fake Seam server starts, serves its seed over plain HTTP, and stops with its handle.

mod support;

use std::net::{Ipv4Addr, TcpStream};
use std::time::{Duration, Instant};

use support::{seed, FakeSeam};

#[tokio::test]
async fn serves_the_seeded_connected_account() {
    let fake = FakeSeam::start();
    assert!(fake.endpoint().starts_with("http://127.0.0.1:"));

    let response = reqwest::Client::new()
        .post(format!("{}/connected_accounts/get", fake.endpoint()))
        .bearer_auth(seed::API_KEY)
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"connected_account_id":"{}"}}"#,
            seed::JOHN_CONNECTED_ACCOUNT_ID
        ))
        .send()
        .await
        .expect("the fake answers");

    assert_eq!(response.status(), 200, "log:\n{}", fake.log());
    assert!(response.headers().contains_key("seam-request-id"));
    let body: serde_json::Value =
        serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body");
    let account = &body["connected_account"];
    assert_eq!(
        account["connected_account_id"],
        seed::JOHN_CONNECTED_ACCOUNT_ID
    );
    assert_eq!(account["user_identifier"]["email"], seed::JOHN_EMAIL);
    assert_eq!(account["automatically_manage_new_devices"], true);
}

#[test]
fn two_fakes_run_side_by_side_and_stop_when_dropped() {
    let first = FakeSeam::start();
    let second = FakeSeam::start();
    assert_ne!(first.port(), second.port());

    let port = first.port();
    drop(first);
    // Killed and reaped in `drop`: nothing listens on its port any more.
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
        assert!(
            Instant::now() < deadline,
            "port {port} still answers after drop"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The other one is untouched.
    assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, second.port())).is_ok());
}
