//! Requests are checked against the limits the spec states before they are sent (generated
//! `Validate`), with every broken rule named; turned off per client or per call, the same
//! request reaches the server, whose own validation (the fake's) answers instead.

#![cfg(all(
    feature = "connected_accounts",
    feature = "client_sessions",
    feature = "acs",
    feature = "undocumented",
    feature = "access_codes"
))]

mod support;

use std::net::{Ipv4Addr, TcpListener};

use seam_sdk::runtime::Validate;
use seam_sdk::types::{
    AccessCodesGetTimelineRequest, AcsCredentialsCreateRequest,
    AcsCredentialsCreateRequestAccessMethod, ClientSessionsCreateRequest,
    ConnectedAccountsUpdateRequest, CustomMetadataValue,
};
use seam_sdk::{Error, Seam};
use support::{seed, FakeSeam};

/// A client for an address where nothing listens: a request that left it would fail as a
/// transport error, so an `InvalidArgument` proves it was refused before sending.
fn unreachable_client() -> Seam {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .expect("a loopback port")
        .local_addr()
        .expect("its address")
        .port();
    Seam::builder()
        .api_key(seed::API_KEY)
        .endpoint(format!("http://127.0.0.1:{port}"))
        .build()
        .expect("a client")
}

fn refusal(result: seam_sdk::Result<impl std::fmt::Debug>) -> String {
    match result {
        Err(Error::InvalidArgument(message)) => message,
        other => panic!("expected a refusal before sending, got {other:?}"),
    }
}

#[tokio::test]
async fn the_flagship_update_refuses_51_keys_a_41_character_key_and_a_501_character_value() {
    let seam = unreachable_client();
    let accounts = seam.connected_accounts();

    let keys = (0..51).map(|i| (format!("key{i}"), CustomMetadataValue::from(true)));
    let message = refusal(
        accounts
            .update(ConnectedAccountsUpdateRequest::new("ca").custom_metadata(keys))
            .await,
    );
    assert!(
        message.contains("`custom_metadata`: at most 50 keys (has 51)"),
        "{message}"
    );

    let long_key = "k".repeat(41);
    let message = refusal(
        accounts
            .update(
                ConnectedAccountsUpdateRequest::new("ca")
                    .custom_metadata([(long_key.as_str(), "v")]),
            )
            .await,
    );
    assert!(
        message.contains(&format!(
            "`custom_metadata.{long_key}`: a key of at most 40 characters (has 41)"
        )),
        "{message}"
    );

    let long_value = "v".repeat(501);
    let message = refusal(
        accounts
            .update(
                ConnectedAccountsUpdateRequest::new("ca")
                    .custom_metadata([("k", long_value.as_str())]),
            )
            .await,
    );
    assert!(
        message.contains("`custom_metadata.k`: at most 500 characters (has 501)"),
        "{message}"
    );
    // 50 keys of 40 characters with 500-character values are within the limits.
    let most = (0..50).map(|i| {
        (
            format!("{i:0>40}"),
            CustomMetadataValue::from("v".repeat(500)),
        )
    });
    assert!(ConnectedAccountsUpdateRequest::new("ca")
        .custom_metadata(most)
        .violations()
        .is_empty());
}

#[tokio::test]
async fn a_request_breaking_several_rules_names_each_field_and_rule() {
    let request = ConnectedAccountsUpdateRequest::new("ca")
        .display_name("")
        .customer_key("")
        .custom_metadata([("k".repeat(41), "v".repeat(501))]);
    let rules: Vec<String> = request
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(rules.len(), 4, "{rules:#?}");
    let message = refusal(
        unreachable_client()
            .connected_accounts()
            .update(request)
            .await,
    );
    for rule in &rules {
        assert!(
            message.contains(rule.as_str()),
            "{rule} missing from: {message}"
        );
    }
    assert!(message.contains("breaks 4 of the limits"), "{message}");
    assert!(
        message.contains("POST /connected_accounts/update"),
        "{message}"
    );
}

#[test]
#[allow(deprecated)] // `user_identity_ids` is the spec's list with bounds on its size.
fn each_kind_of_rule_is_checked() {
    // Lengths: `display_name` is 1 to 255 characters.
    let name = |n: usize| ConnectedAccountsUpdateRequest::new("ca").display_name("n".repeat(n));
    assert!(name(255).violations().is_empty());
    assert_eq!(
        name(256).violations()[0].rule,
        "at most 255 characters (has 256)"
    );
    assert_eq!(
        name(0).violations()[0].rule,
        "at least 1 characters (has 0)"
    );
    // Ranges: the timeline's `limit` is 1 to 200.
    let limit = |n: f64| {
        AccessCodesGetTimelineRequest::new("ac")
            .limit(n)
            .violations()
    };
    assert!(limit(200.0).is_empty());
    assert_eq!(limit(0.0)[0].rule, "at least 1 (is 0)");
    assert_eq!(limit(201.0)[0].path, "limit");
    // Patterns: a credential's `code` is digits.
    let code = |c: &str| {
        AcsCredentialsCreateRequest::new(AcsCredentialsCreateRequestAccessMethod::Code)
            .code(c)
            .violations()
    };
    assert!(code("1234").is_empty());
    assert_eq!(code("12a4")[0].rule, "must match the pattern `^\\d+$`");
    // List sizes: a client session takes exactly one user identity, if any.
    let ids = |n: usize| {
        ClientSessionsCreateRequest::new()
            .user_identity_ids((0..n).map(|i| format!("ui{i}")))
            .violations()
    };
    assert!(ids(1).is_empty());
    assert_eq!(ids(0)[0].rule, "at least 1 items (has 0)");
    assert_eq!(ids(2)[0].rule, "at most 1 items (has 2)");
    // Formats are not enforced: IDs are not always UUIDs.
    assert!(ConnectedAccountsUpdateRequest::new("not-a-uuid")
        .violations()
        .is_empty());
}

#[tokio::test]
async fn with_checking_off_the_same_request_reaches_the_fake() {
    let fake = FakeSeam::start();
    let request = || {
        ConnectedAccountsUpdateRequest::new(seed::JOHN_CONNECTED_ACCOUNT_ID)
            .custom_metadata([("k".repeat(41), "v")])
    };

    // Off for one call: the fake's own validation answers.
    let seam = Seam::builder()
        .api_key(seed::API_KEY)
        .endpoint(fake.endpoint())
        .build()
        .expect("a client");
    match seam
        .connected_accounts()
        .update(request())
        .validate(false)
        .await
    {
        Err(Error::InvalidInput(e)) => assert!(
            !e.field_errors("custom_metadata").is_empty(),
            "the fake names the field: {e:?}"
        ),
        other => panic!("expected the fake's invalid_input, got {other:?}"),
    }
    // On (the default), the same request never leaves.
    refusal(seam.connected_accounts().update(request()).await);

    // Off for the client.
    let unchecked = Seam::builder()
        .api_key(seed::API_KEY)
        .endpoint(fake.endpoint())
        .validate_requests(false)
        .build()
        .expect("a client");
    assert!(matches!(
        unchecked.connected_accounts().update(request()).await,
        Err(Error::InvalidInput(_))
    ));
}
