//! Verifying the webhooks Seam sends.
//!
//! Seam signs webhooks the [Standard Webhooks](https://www.standardwebhooks.com/)
//! way, through Svix: three headers carry a message id, a timestamp (Unix
//! seconds) and one or more signatures (`v1,<base64>`, separated by spaces),
//! each an HMAC-SHA256 of `<id>.<timestamp>.<body>` keyed with the endpoint's
//! secret (`whsec_<base64>`). Deliveries name the headers `svix-id`,
//! `svix-timestamp` and `svix-signature`; the unbranded `webhook-id`,
//! `webhook-timestamp` and `webhook-signature` are accepted too. As in
//! Svix's own verifier, each `svix-` header is read first and its
//! `webhook-` twin only when it is absent, and names match in any case.
//!
//! ```
//! # fn f(body: &[u8], headers: &reqwest::header::HeaderMap) -> seam_sdk::Result<()> {
//! use seam_sdk::webhooks::Webhook;
//!
//! let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//! let event: serde_json::Value = webhook.verify(body, headers)?;
//! // With the `events` feature (on by default), typed:
//! // let event: seam_sdk::types::Event = webhook.verify_event(body, headers)?;
//! # Ok(()) }
//! ```
//!
//! Verify the raw body exactly as received: re-serialized JSON has a
//! different signature. `tests/webhooks_svix.rs` checks all of this against
//! deliveries signed, and verdicts given, by the `svix` npm package.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use ring::hmac;
use serde::de::DeserializeOwned;

use crate::error::{DecodeError, Error, Result};

/// Default tolerance between a webhook's timestamp and the local clock.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a webhook was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The secret is not base64 (after an optional `whsec_`), or is empty.
    #[error("the webhook secret is not valid base64 (expected `whsec_…`)")]
    InvalidSecret,
    /// A required header is absent or empty under both its names. Holds the
    /// unbranded name (`webhook-id`, `webhook-timestamp` or
    /// `webhook-signature`); Svix's name is the same with `svix-`.
    #[error(
        "neither the `svix-{}` nor the `{}` header is present",
        .0.trim_start_matches("webhook-"),
        .0
    )]
    MissingHeader(&'static str),
    /// The timestamp header is not a whole number of seconds.
    #[error("the `svix-timestamp` / `webhook-timestamp` header is not a Unix timestamp")]
    InvalidTimestamp,
    /// The timestamp is further from now than the tolerance: a replay or a
    /// badly wrong clock.
    #[error("the webhook timestamp is outside the tolerance window")]
    TimestampOutOfTolerance,
    /// No signature matches the body.
    #[error("no webhook signature matches the payload")]
    InvalidSignature,
}

/// Where the webhook headers come from: an `http::HeaderMap` (axum, hyper,
/// reqwest), a map of strings, or a slice of pairs. Names are matched
/// without regard to case.
pub trait WebhookHeaders {
    /// The value of the header `name` (given in lower case).
    fn header(&self, name: &str) -> Option<&str>;
}

impl WebhookHeaders for reqwest::header::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| v.to_str().ok())
    }
}

impl<S: std::hash::BuildHasher> WebhookHeaders for HashMap<String, String, S> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl WebhookHeaders for BTreeMap<String, String> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> WebhookHeaders for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> WebhookHeaders for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<T: WebhookHeaders + ?Sized> WebhookHeaders for &T {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

/// A webhook endpoint's verifier. Its `Debug` output hides the secret.
#[derive(Clone)]
pub struct Webhook {
    key: hmac::Key,
    tolerance: Duration,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("secret", &"***")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// The secret's base64, read as Svix reads it: the standard alphabet, with
/// or without `=` padding, ignoring unused trailing bits.
const SECRET_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Each header under Svix's name, then the unbranded one.
const ID: (&str, &str) = ("svix-id", "webhook-id");
const TIMESTAMP: (&str, &str) = ("svix-timestamp", "webhook-timestamp");
const SIGNATURE: (&str, &str) = ("svix-signature", "webhook-signature");

impl Webhook {
    /// A verifier for the endpoint secret `whsec_<base64>`. As with Svix,
    /// the prefix and the base64 padding are optional; unlike Svix, a secret
    /// that decodes to nothing (`""`, `whsec_`) is refused, since anyone
    /// could sign with it.
    pub fn new(secret: &str) -> Result<Webhook> {
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let bytes = SECRET_BASE64
            .decode(encoded)
            .ok()
            .filter(|b| !b.is_empty())
            .ok_or(Error::Webhook(WebhookError::InvalidSecret))?;
        Ok(Webhook {
            key: hmac::Key::new(hmac::HMAC_SHA256, &bytes),
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// How far the webhook's timestamp may be from now (default 5 minutes).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Webhook {
        self.tolerance = tolerance;
        self
    }

    /// Checks the signature and timestamp of a webhook, then decodes its
    /// body into `T`.
    pub fn verify<T: DeserializeOwned>(
        &self,
        payload: &[u8],
        headers: &(impl WebhookHeaders + ?Sized),
    ) -> Result<T> {
        self.verify_at(payload, headers, SystemTime::now())
    }

    /// Checks a webhook and decodes it as a Seam [`Event`](crate::types::Event).
    #[cfg(feature = "events")]
    pub fn verify_event(
        &self,
        payload: &[u8],
        headers: &(impl WebhookHeaders + ?Sized),
    ) -> Result<crate::types::Event> {
        self.verify(payload, headers)
    }

    /// [`verify`](Self::verify) as if the time were `now`.
    pub fn verify_at<T: DeserializeOwned>(
        &self,
        payload: &[u8],
        headers: &(impl WebhookHeaders + ?Sized),
        now: SystemTime,
    ) -> Result<T> {
        self.check_signature(payload, headers, now)?;
        serde_json::from_slice(payload).map_err(|source| {
            Error::Decode(Box::new(DecodeError::new(
                "webhook".into(),
                0,
                String::new(),
                payload,
                None,
                source,
            )))
        })
    }

    fn check_signature(
        &self,
        payload: &[u8],
        headers: &(impl WebhookHeaders + ?Sized),
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        // Svix's order: the `svix-` header if present (even empty), else the
        // `webhook-` one; an empty value counts as missing.
        let get = |(svix, standard): (&'static str, &'static str)| match headers
            .header(svix)
            .or_else(|| headers.header(standard))
        {
            Some(value) if !value.is_empty() => Ok(value),
            _ => Err(WebhookError::MissingHeader(standard)),
        };
        let id = get(ID)?;
        let timestamp = get(TIMESTAMP)?;
        let signatures = get(SIGNATURE)?;

        let seconds: i64 = timestamp
            .trim()
            .parse()
            .map_err(|_| WebhookError::InvalidTimestamp)?;
        let now_seconds = match now.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            Err(e) => -(e.duration().as_secs() as i64),
        };
        if seconds.abs_diff(now_seconds) > self.tolerance.as_secs() {
            return Err(WebhookError::TimestampOutOfTolerance);
        }

        // The number, not the header's text, is signed (as Svix does): a
        // header `01700000000` signs as `1700000000`.
        let mut signed = format!("{id}.{seconds}.").into_bytes();
        signed.extend_from_slice(payload);

        for candidate in signatures.split_whitespace() {
            let Some(("v1", encoded)) = candidate.split_once(',') else {
                continue;
            };
            let Ok(signature) = STANDARD.decode(encoded) else {
                continue;
            };
            // `ring::hmac::verify` compares in constant time.
            if hmac::verify(&self.key, &signed, &signature).is_ok() {
                return Ok(());
            }
        }
        Err(WebhookError::InvalidSignature)
    }
}

/// Signs like Seam does, for tests of code that receives webhooks.
#[doc(hidden)]
pub fn sign(secret: &str, id: &str, timestamp: i64, payload: &[u8]) -> Result<String> {
    let webhook = Webhook::new(secret)?;
    let mut signed = format!("{id}.{timestamp}.").into_bytes();
    signed.extend_from_slice(payload);
    let tag = hmac::sign(&webhook.key, &signed);
    Ok(format!("v1,{}", STANDARD.encode(tag.as_ref())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const NOW: i64 = 1_700_000_000;
    const BODY: &[u8] = br#"{"event_id":"e1","event_type":"lock.unlocked","device_id":"d1"}"#;

    fn at(seconds: i64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds as u64)
    }

    fn headers(signature: &str, timestamp: i64) -> Vec<(String, String)> {
        vec![
            ("Webhook-Id".into(), "msg_1".into()),
            ("webhook-timestamp".into(), timestamp.to_string()),
            ("webhook-signature".into(), signature.into()),
        ]
    }

    /// The example of the svix docs (checked with Python's `hmac` too), so
    /// that `sign` and `verify` cannot share a mistake.
    #[test]
    fn known_vector_from_the_standard() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let payload = br#"{"test": 2432232314}"#;
        let sig = sign(
            secret,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            payload,
        )
        .unwrap();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn good_signature_verifies() {
        let sig = sign(SECRET, "msg_1", NOW, BODY).unwrap();
        let w = Webhook::new(SECRET).unwrap();
        let v: Value = w
            .verify_at(BODY, headers(&sig, NOW).as_slice(), at(NOW + 60))
            .unwrap();
        assert_eq!(v["event_type"], json!("lock.unlocked"));
        // One of several signatures is enough (secret rotation).
        let several = format!("v1,AAAA v2,xyz {sig}");
        let _: Value = w
            .verify_at(BODY, headers(&several, NOW).as_slice(), at(NOW))
            .unwrap();
    }

    #[test]
    fn changed_body_is_refused() {
        let sig = sign(SECRET, "msg_1", NOW, BODY).unwrap();
        let w = Webhook::new(SECRET).unwrap();
        let changed = br#"{"event_id":"e1","event_type":"lock.unlocked","device_id":"d2"}"#;
        let err = w
            .verify_at::<Value>(changed, headers(&sig, NOW).as_slice(), at(NOW))
            .unwrap_err();
        assert!(
            matches!(err, Error::Webhook(WebhookError::InvalidSignature)),
            "{err:?}"
        );
    }

    #[test]
    fn stale_and_future_timestamps_are_refused() {
        let w = Webhook::new(SECRET).unwrap();
        let old = NOW - 301;
        let sig = sign(SECRET, "msg_1", old, BODY).unwrap();
        let err = w
            .verify_at::<Value>(BODY, headers(&sig, old).as_slice(), at(NOW))
            .unwrap_err();
        assert!(
            matches!(err, Error::Webhook(WebhookError::TimestampOutOfTolerance)),
            "{err:?}"
        );
        let future = NOW + 301;
        let sig = sign(SECRET, "msg_1", future, BODY).unwrap();
        let err = w
            .verify_at::<Value>(BODY, headers(&sig, future).as_slice(), at(NOW))
            .unwrap_err();
        assert!(matches!(
            err,
            Error::Webhook(WebhookError::TimestampOutOfTolerance)
        ));
        // A wider window accepts it.
        let w = w.with_tolerance(Duration::from_secs(600));
        let _: Value = w
            .verify_at(BODY, headers(&sig, future).as_slice(), at(NOW))
            .unwrap();
    }

    #[test]
    fn wrong_secret_is_refused() {
        let sig = sign("whsec_c2VjcmV0LW9mLXNvbWVvbmUtZWxzZQ==", "msg_1", NOW, BODY).unwrap();
        let w = Webhook::new(SECRET).unwrap();
        let err = w
            .verify_at::<Value>(BODY, headers(&sig, NOW).as_slice(), at(NOW))
            .unwrap_err();
        assert!(matches!(
            err,
            Error::Webhook(WebhookError::InvalidSignature)
        ));
    }

    #[test]
    fn missing_and_bad_headers() {
        let w = Webhook::new(SECRET).unwrap();
        let err = w
            .verify_at::<Value>(BODY, &[("webhook-id", "x")], at(NOW))
            .unwrap_err();
        assert!(matches!(
            err,
            Error::Webhook(WebhookError::MissingHeader("webhook-timestamp"))
        ));
        let h = [
            ("webhook-id", "x"),
            ("webhook-timestamp", "yesterday"),
            ("webhook-signature", "v1,AAAA"),
        ];
        let err = w.verify_at::<Value>(BODY, &h, at(NOW)).unwrap_err();
        assert!(matches!(
            err,
            Error::Webhook(WebhookError::InvalidTimestamp)
        ));
        assert!(matches!(
            Webhook::new("whsec_not base64!").unwrap_err(),
            Error::Webhook(WebhookError::InvalidSecret)
        ));
    }

    #[test]
    fn svix_headers_come_first() {
        let sig = sign(SECRET, "msg_1", NOW, BODY).unwrap();
        let w = Webhook::new(SECRET).unwrap();
        let svix = [
            ("Svix-Id", "msg_1".to_owned()),
            ("svix-timestamp", NOW.to_string()),
            ("SVIX-SIGNATURE", sig.clone()),
        ];
        let _: Value = w.verify_at(BODY, &svix, at(NOW)).unwrap();
        // A wrong `webhook-` twin is not read when the `svix-` header is there…
        let mut both = svix.to_vec();
        both.push(("webhook-signature", "v1,AAAA".to_owned()));
        let _: Value = w.verify_at(BODY, both.as_slice(), at(NOW)).unwrap();
        // …and a wrong `svix-` header is not rescued by a right `webhook-` one.
        let mut both = headers(&sig, NOW);
        both.push(("svix-signature".into(), "v1,AAAA".into()));
        let err = w
            .verify_at::<Value>(BODY, both.as_slice(), at(NOW))
            .unwrap_err();
        assert!(
            matches!(err, Error::Webhook(WebhookError::InvalidSignature)),
            "{err:?}"
        );
        // An empty value is missing, as with Svix.
        let h = [
            ("svix-id", ""),
            ("webhook-id", "msg_1"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", "v1,AAAA"),
        ];
        let err = w.verify_at::<Value>(BODY, &h, at(NOW)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "webhook verification failed: neither the `svix-id` nor the `webhook-id` header is present"
        );
    }

    #[test]
    fn timestamp_is_signed_as_a_number() {
        let sig = sign(SECRET, "msg_1", NOW, BODY).unwrap();
        let w = Webhook::new(SECRET).unwrap();
        let h = [
            ("webhook-id", "msg_1".to_owned()),
            ("webhook-timestamp", format!("0{NOW}")),
            ("webhook-signature", sig),
        ];
        let _: Value = w.verify_at(BODY, &h, at(NOW)).unwrap();
    }

    #[test]
    fn secret_prefix_and_padding_are_optional_but_emptiness_is_not() {
        // 16 bytes: 22 characters of base64, then `==`.
        let padded = "whsec_c2VjcmV0LXNpeHRlZW4hIQ==";
        let sig = sign(padded, "msg_1", NOW, BODY).unwrap();
        for secret in [
            padded,
            "c2VjcmV0LXNpeHRlZW4hIQ==",
            "whsec_c2VjcmV0LXNpeHRlZW4hIQ",
        ] {
            let w = Webhook::new(secret).unwrap();
            let _: Value = w
                .verify_at(BODY, headers(&sig, NOW).as_slice(), at(NOW))
                .unwrap_or_else(|e| panic!("{secret}: {e}"));
        }
        for empty in ["", "whsec_"] {
            assert!(matches!(
                Webhook::new(empty).unwrap_err(),
                Error::Webhook(WebhookError::InvalidSecret)
            ));
        }
    }

    #[test]
    fn header_map_works() {
        let sig = sign(SECRET, "msg_1", NOW, BODY).unwrap();
        let mut map = reqwest::header::HeaderMap::new();
        for (k, v) in headers(&sig, NOW) {
            map.insert(
                reqwest::header::HeaderName::from_bytes(k.to_ascii_lowercase().as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        let w = Webhook::new(SECRET).unwrap();
        let _: Value = w.verify_at(BODY, &map, at(NOW)).unwrap();
    }

    #[test]
    fn secret_is_never_printed() {
        let w = Webhook::new(SECRET).unwrap();
        assert!(!format!("{w:?}").contains("MfKQ9r8"));
        let err = Webhook::new("whsec_s3cr3t!!").unwrap_err();
        assert!(!err.to_string().contains("s3cr3t"));
        assert!(!format!("{err:?}").contains("s3cr3t"));
    }
}
