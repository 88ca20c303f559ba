//! `seam_sdk::webhooks` against the official `svix` npm package (pinned in
//! `fake-server/package.json`): every delivery here is signed by Svix's own
//! `Webhook.sign`, and Svix's own `Webhook.verify` judges the same delivery,
//! so each case checks that we agree with Svix as well as the outcome we
//! expect. All cases go through one `node` process, started by the first test
//! that needs it.

use std::collections::{BTreeMap, HashMap};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use seam_sdk::types::Event;
use seam_sdk::webhooks::{Webhook, WebhookError};
use seam_sdk::Error;
use serde::Deserialize;
use serde_json::{json, Value};

/// Signs every case with Svix and asks Svix's verifier about it. Reads
/// `[{name, sign: [{secret, id, timestamp, payload}], verify: {secret, payload,
/// headers}}]` on stdin; in header values `{N}` is the N-th signature
/// (`v1,<base64>`) and `{N.b64}` its base64 alone. Prints
/// `[{name, signatures, headers, svix}]`, `svix` being `"ok"` or Svix's error.
const SIGNER: &str = r#"
import { createRequire } from 'node:module';
import { join } from 'node:path';
const require = createRequire(join(process.argv[1], 'package.json'));
const { Webhook } = require('svix');
const { version } = require('svix/package.json');
let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = JSON.parse(input).map((c) => {
  const signatures = c.sign.map((s) =>
    new Webhook(s.secret).sign(s.id, new Date(s.timestamp * 1000), s.payload));
  const headers = {};
  for (const [name, value] of Object.entries(c.verify.headers)) {
    headers[name] = value.replace(/\{(\d+)(\.b64)?\}/g, (_, i, b64) =>
      b64 ? signatures[i].split(',')[1] : signatures[i]);
  }
  let svix;
  try {
    new Webhook(c.verify.secret).verify(c.verify.payload, headers);
    svix = 'ok';
  } catch (e) {
    svix = `${e.name}: ${e.message}`;
  }
  return { name: c.name, signatures, headers, svix, version };
});
process.stdout.write(JSON.stringify(out));
"#;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_c2VjcmV0LW9mLXNvbWVvbmUtZWxzZQ==";
/// 16 bytes, so its base64 ends in `==`.
const PADDED_SECRET: &str = "whsec_c2VjcmV0LXNpeHRlZW4hIQ==";

/// What a case should give.
#[derive(Clone, Debug, PartialEq)]
enum Expect {
    Ok,
    Refused(WebhookError),
}

/// One delivery: who signs what, and what is presented to the verifiers.
struct Case {
    name: &'static str,
    /// `(secret, id, timestamp, payload)` for each signature.
    sign: Vec<(&'static str, &'static str, i64, String)>,
    secret: &'static str,
    payload: String,
    headers: Vec<(&'static str, String)>,
    expect: Expect,
}

/// What node gave for one case.
#[derive(Deserialize, Debug)]
struct Signed {
    name: String,
    signatures: Vec<String>,
    headers: BTreeMap<String, String>,
    /// `ok`, or the error Svix's verifier threw.
    svix: String,
    version: String,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64
}

fn svix_headers(id: &str, timestamp: i64, signature: &str) -> Vec<(&'static str, String)> {
    vec![
        ("svix-id", id.to_owned()),
        ("svix-timestamp", timestamp.to_string()),
        ("svix-signature", signature.to_owned()),
    ]
}

fn webhook_headers(id: &str, timestamp: i64, signature: &str) -> Vec<(&'static str, String)> {
    vec![
        ("webhook-id", id.to_owned()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature.to_owned()),
    ]
}

/// An event shape of the spec's `event` component, `lock.locked`.
fn lock_locked() -> String {
    json!({
        "event_id": "8a9d4f5c-1f2e-4b1a-9c3d-2e4f6a8b0c1d",
        "event_type": "lock.locked",
        "workspace_id": "ws_1",
        "created_at": "2025-01-02T03:04:05.000Z",
        "occurred_at": "2025-01-02T03:04:04.000Z",
        "device_id": "device_1",
        "connected_account_id": "ca_1",
        "method": "keycode",
        "access_code_id": "ac_1",
        "device_custom_metadata": {"room": "101"}
    })
    .to_string()
}

fn connected_account_connected() -> String {
    json!({
        "event_id": "e2",
        "event_type": "connected_account.connected",
        "workspace_id": "ws_1",
        "created_at": "2025-01-02T03:04:05.000Z",
        "occurred_at": "2025-01-02T03:04:05.000Z",
        "connected_account_id": "ca_2",
        "connect_webview_id": "cw_1",
        "event_description": "Connected — «Front Door» 🔒 café"
    })
    .to_string()
}

fn battery_status_changed() -> String {
    json!({
        "event_id": "e3",
        "event_type": "device.battery_status_changed",
        "workspace_id": "ws_1",
        "created_at": "2025-01-02T03:04:05.000Z",
        "occurred_at": "2025-01-02T03:04:05.000Z",
        "device_id": "device_3",
        "connected_account_id": "ca_1",
        "battery_status": "low",
        "battery_level": 0.18
    })
    .to_string()
}

/// An event type no version of this SDK knows.
fn unknown_event() -> String {
    json!({
        "event_id": "e4",
        "event_type": "lock.teleported",
        "workspace_id": "ws_1",
        "created_at": "2025-01-02T03:04:05.000Z",
        "occurred_at": "2025-01-02T03:04:05.000Z",
        "device_id": "device_1",
        "destination": "the moon"
    })
    .to_string()
}

/// Every case, signed at `t` (now).
fn cases(t: i64) -> Vec<Case> {
    let body = lock_locked;
    let signed_by = |secret: &'static str, id: &'static str, timestamp: i64| {
        vec![(secret, id, timestamp, body())]
    };
    let good = |name, headers| Case {
        name,
        sign: signed_by(SECRET, "msg_1", t),
        secret: SECRET,
        payload: body(),
        headers,
        expect: Expect::Ok,
    };
    let refused = |name, sign, payload, headers, error| Case {
        name,
        sign,
        secret: SECRET,
        payload,
        headers,
        expect: Expect::Refused(error),
    };
    let mut cases = vec![
        // Header sets and their names.
        good("svix headers", svix_headers("msg_1", t, "{0}")),
        good("webhook headers", webhook_headers("msg_1", t, "{0}")),
        good(
            "capitalised svix headers",
            vec![
                ("Svix-Id", "msg_1".into()),
                ("SVIX-TIMESTAMP", t.to_string()),
                ("Svix-Signature", "{0}".into()),
            ],
        ),
        good(
            "svix id with webhook timestamp and signature",
            vec![
                ("svix-id", "msg_1".into()),
                ("webhook-timestamp", t.to_string()),
                ("webhook-signature", "{0}".into()),
            ],
        ),
        good(
            "svix headers win over wrong webhook headers",
            [
                svix_headers("msg_1", t, "{0}"),
                webhook_headers("msg_other", t + 1, "v1,AAAA"),
            ]
            .concat(),
        ),
        refused(
            "wrong svix headers are not rescued by webhook headers",
            signed_by(SECRET, "msg_1", t),
            body(),
            [
                svix_headers("msg_other", t, "{0}"),
                webhook_headers("msg_1", t, "{0}"),
            ]
            .concat(),
            WebhookError::InvalidSignature,
        ),
        refused(
            "an empty svix id hides the webhook id",
            signed_by(SECRET, "msg_1", t),
            body(),
            vec![
                ("svix-id", String::new()),
                ("webhook-id", "msg_1".into()),
                ("svix-timestamp", t.to_string()),
                ("svix-signature", "{0}".into()),
            ],
            WebhookError::MissingHeader("webhook-id"),
        ),
        refused(
            "no signature header",
            signed_by(SECRET, "msg_1", t),
            body(),
            svix_headers("msg_1", t, "{0}")[..2].to_vec(),
            WebhookError::MissingHeader("webhook-signature"),
        ),
        refused(
            "no timestamp header",
            signed_by(SECRET, "msg_1", t),
            body(),
            vec![
                ("svix-id", "msg_1".into()),
                ("svix-signature", "{0}".into()),
            ],
            WebhookError::MissingHeader("webhook-timestamp"),
        ),
        // Several signatures in one header (secret rotation).
        Case {
            sign: vec![
                (OTHER_SECRET, "msg_1", t, body()),
                (SECRET, "msg_1", t, body()),
            ],
            ..good(
                "a bad then a good signature",
                svix_headers("msg_1", t, "{0} {1}"),
            )
        },
        Case {
            sign: vec![
                (SECRET, "msg_1", t, body()),
                (OTHER_SECRET, "msg_1", t, body()),
            ],
            ..good(
                "a good then a bad signature",
                svix_headers("msg_1", t, "{0} {1}"),
            )
        },
        refused(
            "two bad signatures",
            vec![
                (OTHER_SECRET, "msg_1", t, body()),
                (PADDED_SECRET, "msg_1", t, body()),
            ],
            body(),
            svix_headers("msg_1", t, "{0} {1}"),
            WebhookError::InvalidSignature,
        ),
        refused(
            "a good signature under an unknown version",
            signed_by(SECRET, "msg_1", t),
            body(),
            svix_headers("msg_1", t, "v2,{0.b64}"),
            WebhookError::InvalidSignature,
        ),
        // What the signature covers.
        refused(
            "a changed body",
            signed_by(SECRET, "msg_1", t),
            body().replace("device_1", "device_2"),
            svix_headers("msg_1", t, "{0}"),
            WebhookError::InvalidSignature,
        ),
        refused(
            "a changed id",
            signed_by(SECRET, "msg_1", t),
            body(),
            svix_headers("msg_2", t, "{0}"),
            WebhookError::InvalidSignature,
        ),
        refused(
            "a changed timestamp",
            signed_by(SECRET, "msg_1", t),
            body(),
            svix_headers("msg_1", t - 1, "{0}"),
            WebhookError::InvalidSignature,
        ),
        refused(
            "a wrong secret",
            signed_by(OTHER_SECRET, "msg_1", t),
            body(),
            svix_headers("msg_1", t, "{0}"),
            WebhookError::InvalidSignature,
        ),
        // The five-minute window.
        Case {
            sign: signed_by(SECRET, "msg_1", t - 200),
            ..good("200 s old", svix_headers("msg_1", t - 200, "{0}"))
        },
        Case {
            sign: signed_by(SECRET, "msg_1", t + 200),
            ..good("200 s ahead", svix_headers("msg_1", t + 200, "{0}"))
        },
        refused(
            "a stale timestamp",
            signed_by(SECRET, "msg_1", t - 400),
            body(),
            svix_headers("msg_1", t - 400, "{0}"),
            WebhookError::TimestampOutOfTolerance,
        ),
        refused(
            "a future timestamp",
            signed_by(SECRET, "msg_1", t + 400),
            body(),
            svix_headers("msg_1", t + 400, "{0}"),
            WebhookError::TimestampOutOfTolerance,
        ),
        refused(
            "a timestamp that is not a number",
            signed_by(SECRET, "msg_1", t),
            body(),
            vec![
                ("svix-id", "msg_1".into()),
                ("svix-timestamp", "soon".into()),
                ("svix-signature", "{0}".into()),
            ],
            WebhookError::InvalidTimestamp,
        ),
        good(
            "a timestamp with a leading zero",
            vec![
                ("svix-id", "msg_1".into()),
                ("svix-timestamp", format!("0{t}")),
                ("svix-signature", "{0}".into()),
            ],
        ),
        // Secret forms.
        Case {
            secret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ..good(
                "verified with a bare base64 secret",
                svix_headers("msg_1", t, "{0}"),
            )
        },
        Case {
            sign: signed_by("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", t),
            ..good(
                "signed with a bare base64 secret",
                svix_headers("msg_1", t, "{0}"),
            )
        },
        Case {
            sign: signed_by(PADDED_SECRET, "msg_1", t),
            secret: "whsec_c2VjcmV0LXNpeHRlZW4hIQ",
            ..good(
                "a secret without its base64 padding",
                svix_headers("msg_1", t, "{0}"),
            )
        },
    ];
    // Events, signed by Svix and sent with Svix's headers.
    for (name, payload) in [
        ("event lock.locked", lock_locked()),
        (
            "event connected_account.connected",
            connected_account_connected(),
        ),
        (
            "event device.battery_status_changed",
            battery_status_changed(),
        ),
        ("event of an unknown type", unknown_event()),
    ] {
        cases.push(Case {
            name,
            sign: vec![(SECRET, "msg_event", t, payload.clone())],
            secret: SECRET,
            payload,
            headers: svix_headers("msg_event", t, "{0}"),
            expect: Expect::Ok,
        });
    }
    cases
}

/// Every case with what Svix made of it, signed once for all tests.
fn oracle() -> &'static [(Case, Signed)] {
    static ORACLE: OnceLock<Vec<(Case, Signed)>> = OnceLock::new();
    ORACLE.get_or_init(|| {
        let cases = cases(now());
        let input: Vec<Value> = cases
            .iter()
            .map(|c| {
                json!({
                    "name": c.name,
                    "sign": c.sign.iter().map(|(secret, id, timestamp, payload)| json!({
                        "secret": secret, "id": id, "timestamp": timestamp, "payload": payload
                    })).collect::<Vec<_>>(),
                    "verify": {
                        "secret": c.secret,
                        "payload": c.payload,
                        "headers": c.headers.iter().cloned().collect::<BTreeMap<_, _>>(),
                    },
                })
            })
            .collect();
        let signed: Vec<Signed> = serde_json::from_slice(&run_node(&Value::from(input)))
            .expect("the svix script prints JSON");
        assert_eq!(signed.len(), cases.len());
        for (case, signed) in cases.iter().zip(&signed) {
            assert_eq!(case.name, signed.name);
        }
        cases.into_iter().zip(signed).collect()
    })
}

/// `fake-server/`, where `svix` is installed; panics with what to do if it
/// is not.
fn fake_server_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fake-server");
    let svix = dir.join("node_modules/svix/package.json");
    if !svix.is_file() {
        panic!(
            "the `svix` npm package is not installed ({} is missing): run the tests with \
             `cargo xtask test`, or run `npm ci --prefix fake-server` first",
            svix.display()
        );
    }
    dir
}

/// Runs [`SIGNER`] on `input`; its stdout.
fn run_node(input: &Value) -> Vec<u8> {
    let dir = fake_server_dir();
    let mut child = Command::new("node")
        .args(["--input-type=module", "-e", SIGNER])
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| {
            if error.kind() == ErrorKind::NotFound {
                panic!("`node` is not on PATH: install Node.js 20 or newer to run these tests")
            }
            panic!("could not start node: {error}")
        });
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.to_string().as_bytes())
        .expect("writing the cases to node");
    let output = child.wait_with_output().expect("waiting for node");
    if !output.status.success() {
        panic!(
            "the svix signing script failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    output.stdout
}

/// The case named `name`, and Svix's part.
fn case(name: &str) -> &'static (Case, Signed) {
    oracle()
        .iter()
        .find(|(c, _)| c.name == name)
        .unwrap_or_else(|| panic!("no case named {name:?}"))
}

/// Our verdict on a case, with the headers as Svix saw them.
fn ours(signed: &Signed, secret: &str, payload: &str) -> Result<Value, Error> {
    Webhook::new(secret)?.verify(payload.as_bytes(), &signed.headers)
}

/// Checks the named cases: our verdict is the expected one, and Svix agrees
/// about accepting or refusing.
fn check(names: &[&str]) {
    for name in names {
        let (case, signed) = case(name);
        let verdict = ours(signed, case.secret, &case.payload);
        let context = || {
            format!(
                "case {name:?}: headers {:?}, svix {} said {:?}, we said {verdict:?}",
                signed.headers, signed.version, signed.svix
            )
        };
        match (&case.expect, &verdict) {
            (Expect::Ok, Ok(v)) => assert_eq!(
                v,
                &serde_json::from_str::<Value>(&case.payload).unwrap(),
                "{}",
                context()
            ),
            (Expect::Refused(want), Err(Error::Webhook(got))) => {
                assert_eq!(want, got, "{}", context())
            }
            _ => panic!("expected {:?}; {}", case.expect, context()),
        }
        assert_eq!(
            signed.svix == "ok",
            case.expect == Expect::Ok,
            "Svix disagrees with the expected outcome; {}",
            context()
        );
    }
}

#[test]
fn svix_signed_deliveries_verify_under_either_header_set() {
    check(&[
        "svix headers",
        "webhook headers",
        "capitalised svix headers",
        "svix id with webhook timestamp and signature",
    ]);
    // The signature is Svix's, not one we could have made up.
    let (_, signed) = case("svix headers");
    assert_eq!(signed.signatures.len(), 1);
    assert!(signed.signatures[0].starts_with("v1,"), "{signed:?}");
}

#[test]
fn svix_headers_are_read_before_webhook_headers() {
    check(&[
        "svix headers win over wrong webhook headers",
        "wrong svix headers are not rescued by webhook headers",
        "an empty svix id hides the webhook id",
    ]);
}

#[test]
fn missing_headers_are_named() {
    check(&["no signature header", "no timestamp header"]);
    let (case, signed) = case("no signature header");
    let err = ours(signed, case.secret, &case.payload).unwrap_err();
    assert_eq!(
        err.to_string(),
        "webhook verification failed: neither the `svix-signature` nor the `webhook-signature` \
         header is present"
    );
}

#[test]
fn one_good_signature_among_several_is_enough() {
    check(&[
        "a bad then a good signature",
        "a good then a bad signature",
        "two bad signatures",
        "a good signature under an unknown version",
    ]);
    let (_, signed) = case("a bad then a good signature");
    let sent = &signed.headers["svix-signature"];
    assert_eq!(sent.split(' ').count(), 2, "{sent}");
}

#[test]
fn body_id_and_timestamp_are_all_signed() {
    check(&["a changed body", "a changed id", "a changed timestamp"]);
}

#[test]
fn a_wrong_secret_is_refused() {
    check(&["a wrong secret"]);
}

#[test]
fn timestamps_must_be_within_five_minutes() {
    check(&[
        "200 s old",
        "200 s ahead",
        "a stale timestamp",
        "a future timestamp",
        "a timestamp that is not a number",
        "a timestamp with a leading zero",
    ]);
}

#[test]
fn the_secret_prefix_and_padding_are_optional_as_in_svix() {
    check(&[
        "verified with a bare base64 secret",
        "signed with a bare base64 secret",
        "a secret without its base64 padding",
    ]);
}

#[test]
fn every_header_container_matches_names_in_any_case() {
    let (case, signed) = case("capitalised svix headers");
    check(&[case.name]);
    let webhook = Webhook::new(case.secret).unwrap();
    let body = case.payload.as_bytes();
    let pairs: Vec<(String, String)> = signed
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert!(
        pairs.iter().any(|(k, _)| k == "SVIX-TIMESTAMP"),
        "{pairs:?}"
    );
    let hash: HashMap<String, String> = pairs.iter().cloned().collect();
    let mut map = reqwest::header::HeaderMap::new();
    for (k, v) in &pairs {
        map.insert(
            reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            v.parse().unwrap(),
        );
    }
    let _: Value = webhook.verify(body, pairs.as_slice()).unwrap();
    let _: Value = webhook.verify(body, &hash).unwrap();
    let _: Value = webhook.verify(body, &signed.headers).unwrap();
    let _: Value = webhook.verify(body, &map).unwrap();
}

/// Verifies a Svix-signed event case into the typed `Event`.
fn event(name: &str) -> Event {
    check(&[name]);
    let (case, signed) = case(name);
    Webhook::new(case.secret)
        .unwrap()
        .verify_event(case.payload.as_bytes(), &signed.headers)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn signed_events_decode_to_their_typed_variants() {
    let Event::LockLocked(locked) = event("event lock.locked") else {
        panic!("not LockLocked")
    };
    assert_eq!(locked.device_id, "device_1");
    assert_eq!(locked.access_code_id.as_deref(), Some("ac_1"));
    assert_eq!(locked.method.as_str(), "keycode");

    let Event::ConnectedAccountConnected(connected) = event("event connected_account.connected")
    else {
        panic!("not ConnectedAccountConnected")
    };
    assert_eq!(connected.connected_account_id, "ca_2");
    assert_eq!(connected.connect_webview_id.as_deref(), Some("cw_1"));
    assert_eq!(
        connected.event_description.as_deref(),
        Some("Connected — «Front Door» 🔒 café")
    );

    let Event::DeviceBatteryStatusChanged(battery) = event("event device.battery_status_changed")
    else {
        panic!("not DeviceBatteryStatusChanged")
    };
    assert_eq!(battery.battery_status.as_str(), "low");
    assert_eq!(battery.battery_level, 0.18);
}

#[test]
fn an_unknown_event_type_decodes_to_unknown() {
    let event = event("event of an unknown type");
    assert_eq!(event.event_type(), Some("lock.teleported"));
    let Event::Unknown(raw) = &event else {
        panic!("not Unknown: {event:?}")
    };
    assert_eq!(raw["destination"], "the moon");
}
