//! Every route of the spec, called through the public async SDK against Steady, a mock that
//! validates each request against `spec/openapi.json` and answers with a response generated
//! from it (see `support/steady.rs`).
//!
//! The calls are generated from the generator's IR (`generated/route_calls.rs`, written by
//! `cargo xtask codegen`): each route once with only its required fields and once more with
//! every field set, nested ones included, and each variant of a request union on its own. A
//! call passes when Steady accepts the request (no `sdk-issue` diagnostic) and the response
//! decodes into the generated type.
//!
//! Where Steady and the SDK disagree and Steady is the one that is wrong, the case is listed in
//! [`STEADY_FAULTS`] with the reason; the test fails if a listed case starts passing or an
//! unlisted one fails, so the list cannot grow unnoticed.

mod support;

// Written by `cargo xtask codegen` (prettyplease), never by rustfmt.
#[rustfmt::skip]
#[path = "generated/route_calls.rs"]
mod route_calls;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use route_calls::{route_calls, EVERY_FEATURE, ROUTES_IN_SPEC};
use seam_sdk::{Error, RetryPolicy, Seam};
use support::steady::Steady;

/// Calls Steady answers wrongly, by route and form, with the reason (checked against the spec).
const STEADY_FAULTS: &[(&str, &str, &str)] = &[];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_is_accepted_by_steady_and_its_response_decodes() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.json");
    let steady = Steady::start(&spec);
    let seam = Seam::builder()
        .api_key("seam_apikey_steady")
        .endpoint(steady.endpoint())
        .timeout(Duration::from_secs(10))
        // A failure is a finding; retrying it would only hide or repeat it.
        .retry_policy(RetryPolicy::default().max_retries(0))
        .build()
        .expect("a client for Steady");

    oracle_rejects_a_request_that_breaks_the_spec(&steady).await;

    let calls = route_calls();
    let mut routes = BTreeSet::new();
    let mut every_field = 0;
    let mut failures = Vec::new();
    let mut listed_but_passing = Vec::new();
    for call in &calls {
        routes.insert(call.route);
        if call.form.ends_with("every field") {
            every_field += 1;
        }
        let listed = STEADY_FAULTS
            .iter()
            .find(|(route, form, _)| *route == call.route && *form == call.form);
        match ((call.call)(&seam).await, listed) {
            (Ok(()), None) | (Err(_), Some(_)) => {}
            (Ok(()), Some(_)) => listed_but_passing.push(format!("{} ({})", call.route, call.form)),
            (Err(error), None) => failures.push(describe(call.route, call.form, &error)),
        }
    }

    // Written past libtest's capture, so every run's output shows the count.
    let _ = writeln!(
        std::io::stderr(),
        "Steady: {} of {ROUTES_IN_SPEC} routes exercised in {} calls ({every_field} with every \
         optional field set); {} rejected or undecodable, {} listed as Steady's faults",
        routes.len(),
        calls.len(),
        failures.len(),
        STEADY_FAULTS.len(),
    );
    if EVERY_FEATURE {
        assert_eq!(routes.len(), ROUTES_IN_SPEC, "every route has a call");
    }
    assert!(
        failures.is_empty(),
        "{} calls failed:\n{}\n--- Steady's log ---\n{}",
        failures.len(),
        failures.join("\n"),
        tail(&steady.log(), 200),
    );
    assert!(
        listed_but_passing.is_empty(),
        "listed in STEADY_FAULTS but now passing (remove them): {listed_but_passing:?}"
    );
}

/// The control: Steady is only a judge if it refuses what the spec forbids. A body without
/// the flagship route's required `connected_account_id` must come back `400` with an `E3xxx`
/// diagnostic of category `sdk-issue`.
async fn oracle_rejects_a_request_that_breaks_the_spec(steady: &Steady) {
    let response = reqwest::Client::new()
        .post(format!("{}/connected_accounts/update", steady.endpoint()))
        .bearer_auth("seam_apikey_steady")
        .header("content-type", "application/json")
        .body(r#"{"automatically_manage_new_devices": true}"#)
        .send()
        .await
        .expect("Steady answers");
    let status = response.status().as_u16();
    let body = response.text().await.expect("a body");
    assert_eq!(
        status, 400,
        "Steady accepted a request missing a required field: {body}"
    );
    assert!(
        body.contains("\"category\":\"sdk-issue\"") && body.contains("\"code\":\"E3"),
        "Steady's rejection carries no sdk-issue diagnostic: {body}"
    );
}

fn describe(route: &str, form: &str, error: &Error) -> String {
    let kind = match error {
        Error::Decode(_) => "response did not decode",
        e if e.status() == Some(400) => "request rejected",
        _ => "failed",
    };
    format!("- {route} ({form}): {kind}: {error}")
}

/// The last `lines` lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
