//! When a failed attempt is tried again, and how long to wait first.
//!
//! # The rule
//!
//! A failure is retried (up to [`RetryPolicy::max_retries`] times) when the
//! server cannot have acted on the request, or when acting twice is harmless:
//!
//! | failure | retried |
//! | --- | --- |
//! | HTTP 429 Too Many Requests | always (the request was refused, not run) |
//! | could not connect (refused, DNS, TLS handshake) | always (nothing was sent) |
//! | HTTP 502, 503, 504 | only for idempotent routes, unless [`RetryPolicy::retry_non_idempotent`] |
//! | connection dropped after the request was sent | only for idempotent routes, unless [`RetryPolicy::retry_non_idempotent`] |
//! | per-attempt timeout | never: the call fails with [`Error::Timeout`](crate::Error::Timeout) |
//! | any other status (400, 401, 404, 500…) | never |
//!
//! A route is idempotent when the generator marks it so
//! ([`Route::idempotent`](crate::runtime::Route)): reads such as `get` and
//! `list`. Creates, updates and actions (`unlock_door`) are not: a 502 may
//! come from a proxy after Seam already acted.
//!
//! Waits grow exponentially from [`RetryPolicy::initial_backoff`] (100 ms,
//! 200 ms, 400 ms…, capped at [`RetryPolicy::max_backoff`]) with ±20 %
//! jitter. A `Retry-After` header (seconds or an HTTP date) on a 429 or 503
//! replaces the computed wait; if it asks for longer than
//! [`RetryPolicy::max_retry_after`], or past the call's overall deadline,
//! the error is returned at once instead.

use std::time::{Duration, SystemTime};

/// How failed attempts are retried. See the [module docs](self) for the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2).
    pub max_retries: u32,
    /// Wait before the first retry (default 100 ms); doubles each retry.
    pub initial_backoff: Duration,
    /// Upper bound of a computed wait (default 5 s).
    pub max_backoff: Duration,
    /// Longest `Retry-After` honoured (default 60 s); a longer one fails the
    /// call at once.
    pub max_retry_after: Duration,
    /// Also retry 502/503/504 and dropped connections on routes that are not
    /// idempotent (default `false`).
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets [`max_retries`](Self::max_retries).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Sets [`initial_backoff`](Self::initial_backoff).
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Sets [`max_backoff`](Self::max_backoff).
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Sets [`max_retry_after`](Self::max_retry_after).
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Sets [`retry_non_idempotent`](Self::retry_non_idempotent).
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Whether a failure of this kind may be retried on this route.
    pub(crate) fn allows(&self, failure: Failure, idempotent: bool) -> bool {
        let may_repeat = idempotent || self.retry_non_idempotent;
        match failure {
            Failure::Status(429) | Failure::Connect => true,
            Failure::Status(502..=504) | Failure::AfterSend => may_repeat,
            Failure::Status(_) | Failure::Refused => false,
        }
    }

    /// The wait before retry number `retry` (0 for the first retry), with
    /// `jitter` in `[0, 1)` spreading it over ±20 %.
    pub(crate) fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(30));
        let base = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        base.mul_f64(0.8 + 0.4 * jitter.clamp(0.0, 1.0))
            .min(self.max_backoff)
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered with this status.
    Status(u16),
    /// No connection was made: the request was not sent.
    Connect,
    /// The connection failed after the request may have been sent.
    AfterSend,
    /// The request could not be written (a content type that is not one): it was not sent,
    /// and sending it again would fail the same way.
    Refused,
}

/// A random number in `[0, 1)` for jitter, without a `rand` dependency:
/// std's `RandomState` is seeded randomly per process and per call.
pub(crate) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses a `Retry-After` value: delay seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`), relative to `now`. A date in the past
/// means "now"; anything unreadable is ignored.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_secs_f64(secs.min(u32::MAX as f64)));
        }
        return None;
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses the IMF-fixdate form of an HTTP date (RFC 9110 §5.6.7), the only
/// one servers may send: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(s: &str) -> Option<SystemTime> {
    let rest = s.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let h: u64 = hms.next()?.parse().ok()?;
    let m: u64 = hms.next()?.parse().ok()?;
    let sec: u64 = hms.next()?.parse().ok()?;
    if parts.next()? != "GMT" || parts.next().is_some() || !(1..=31).contains(&day) {
        return None;
    }
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day as i64);
    let secs = days.checked_mul(86_400)? + (h * 3600 + m * 60 + sec) as i64;
    let secs = u64::try_from(secs).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(0, 0.5), Duration::from_millis(100));
        assert_eq!(p.backoff(1, 0.5), Duration::from_millis(200));
        assert_eq!(p.backoff(2, 0.5), Duration::from_millis(400));
        assert_eq!(p.backoff(0, 0.0), Duration::from_millis(80));
        assert_eq!(p.backoff(0, 0.999_999_9).as_millis(), 119);
        assert_eq!(p.backoff(10, 0.5), Duration::from_secs(5));
        assert_eq!(p.backoff(u32::MAX, 1.0), Duration::from_secs(5));
    }

    #[test]
    fn jitter_is_in_range_and_varies() {
        let samples: Vec<f64> = (0..50).map(|_| jitter()).collect();
        assert!(samples.iter().all(|j| (0.0..1.0).contains(j)));
        assert!(samples.windows(2).any(|w| w[0] != w[1]));
    }

    #[test]
    fn which_failures_are_retried() {
        let p = RetryPolicy::default();
        assert!(p.allows(Failure::Status(429), false));
        assert!(p.allows(Failure::Connect, false));
        assert!(p.allows(Failure::Status(503), true));
        assert!(!p.allows(Failure::Status(503), false));
        assert!(!p.allows(Failure::AfterSend, false));
        assert!(p.allows(Failure::AfterSend, true));
        assert!(!p.allows(Failure::Status(500), true));
        assert!(!p.allows(Failure::Status(400), true));
        assert!(!p.allows(Failure::Refused, true));
        let opted_in = RetryPolicy::default().retry_non_idempotent(true);
        assert!(opted_in.allows(Failure::Status(502), false));
        assert!(opted_in.allows(Failure::AfterSend, false));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // 2015-10-21 07:28:00
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(
            parse_retry_after("Wed, 21 Foo 2015 07:28:30 GMT", now),
            None
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 PST", now),
            None
        );
    }

    #[test]
    fn http_date_epoch() {
        assert_eq!(
            parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"),
            Some(SystemTime::UNIX_EPOCH)
        );
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777))
        );
    }
}
