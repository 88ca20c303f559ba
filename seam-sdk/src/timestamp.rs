//! [`Timestamp`]: a date-time as the server sent it, with conversions to the
//! date-time crates behind cargo features.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A date-time field (`format: date-time` in Seam's spec), kept as the exact
/// string the server sent.
///
/// Decoding never fails on a timestamp: Seam sends RFC 3339 in UTC
/// (`2024-05-01T12:00:00.000Z`), but an older account, a fake server or a
/// future format would otherwise fail the whole response. The string goes
/// back to the server unchanged, and converts to a date-time type when you ask:
///
/// | cargo feature | to | from |
/// | --- | --- | --- |
/// | `jiff` | [`to_jiff`](Self::to_jiff) → `jiff::Timestamp` | `From<jiff::Timestamp>` |
/// | `chrono` | [`to_chrono`](Self::to_chrono) → `chrono::DateTime<Utc>` | `From<chrono::DateTime<Tz>>` |
/// | `time` | [`to_offset_date_time`](Self::to_offset_date_time) → `time::OffsetDateTime` | `From<time::OffsetDateTime>` |
///
/// The conversions parse RFC 3339 (any offset, any precision) and fail with a
/// [`TimestampParseError`] that keeps the string; values built from a
/// date-time are written as RFC 3339 in UTC, as Seam's requests expect.
///
/// ```
/// use seam_sdk::Timestamp;
///
/// let at = Timestamp::from("2024-05-01T12:00:00.000Z");
/// assert_eq!(at.as_str(), "2024-05-01T12:00:00.000Z");
/// assert_eq!(serde_json::to_string(&at).unwrap(), r#""2024-05-01T12:00:00.000Z""#);
/// ```
///
/// Equality, hashing and ordering compare the strings: two spellings of one
/// instant (`…Z` and `…+00:00`) are different values, and the order is
/// chronological only between timestamps written alike (as Seam writes them).
/// Convert to a date-time type to compare instants.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// A timestamp holding `value` as it is (nothing is checked).
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The string as received (or as given).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The string, by value.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether the string is empty (the value of a required timestamp the
    /// server left out).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Parses the string as RFC 3339 into a `jiff::Timestamp`.
    #[cfg(feature = "jiff")]
    pub fn to_jiff(&self) -> Result<jiff::Timestamp, TimestampParseError> {
        self.0
            .parse::<jiff::Timestamp>()
            .map_err(|e| TimestampParseError::new(&self.0, e))
    }

    /// Parses the string as RFC 3339 into a `chrono::DateTime<Utc>`.
    #[cfg(feature = "chrono")]
    pub fn to_chrono(&self) -> Result<chrono::DateTime<chrono::Utc>, TimestampParseError> {
        chrono::DateTime::parse_from_rfc3339(&self.0)
            .map(|at| at.with_timezone(&chrono::Utc))
            .map_err(|e| TimestampParseError::new(&self.0, e))
    }

    /// Parses the string as RFC 3339 into a `time::OffsetDateTime` (with the
    /// offset the string has).
    #[cfg(feature = "time")]
    pub fn to_offset_date_time(&self) -> Result<time::OffsetDateTime, TimestampParseError> {
        time::OffsetDateTime::parse(&self.0, &time::format_description::well_known::Rfc3339)
            .map_err(|e| TimestampParseError::new(&self.0, e))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Timestamp {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Timestamp {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<&String> for Timestamp {
    fn from(value: &String) -> Self {
        Self(value.clone())
    }
}

impl From<Timestamp> for String {
    fn from(value: Timestamp) -> Self {
        value.0
    }
}

/// Never fails: any string is kept as it is.
impl FromStr for Timestamp {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(s))
    }
}

/// A `Timestamp` reads as the string it holds, so code written when these
/// fields were `String` keeps working (`at.len()`, `opt.as_deref()`).
impl std::ops::Deref for Timestamp {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Timestamp {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Timestamp {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Timestamp {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Timestamp {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

/// Written as RFC 3339 (`2024-05-01T12:00:00Z`, fractional seconds when there are any).
#[cfg(feature = "jiff")]
impl From<jiff::Timestamp> for Timestamp {
    fn from(value: jiff::Timestamp) -> Self {
        Self(value.to_string())
    }
}

/// Written as RFC 3339 in UTC (`2024-05-01T12:00:00Z`, fractional seconds when there are any).
#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for Timestamp {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        Self(
            value
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        )
    }
}

/// Written as RFC 3339 in UTC (`2024-05-01T12:00:00Z`, fractional seconds
/// when there are any). Years RFC 3339 cannot write (before 0 or after 9999)
/// are written in ISO 8601's extended form (`+10000-01-01T…`).
#[cfg(feature = "time")]
impl From<time::OffsetDateTime> for Timestamp {
    fn from(value: time::OffsetDateTime) -> Self {
        use time::format_description::well_known::{Iso8601, Rfc3339};
        let utc = value.to_offset(time::UtcOffset::UTC);
        let text = utc
            .format(&Rfc3339)
            .or_else(|_| utc.format(&Iso8601::DEFAULT))
            // Formatting into a String fails only on an I/O error, which a String never gives.
            .unwrap_or_default();
        Self(text)
    }
}

/// A [`Timestamp`] whose string is not an RFC 3339 date-time (or is out of the
/// target type's range).
#[derive(Debug)]
pub struct TimestampParseError {
    input: String,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TimestampParseError {
    #[allow(dead_code)] // used only with a date-time feature
    fn new(input: &str, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self {
            input: input.to_owned(),
            source: Box::new(source),
        }
    }

    /// The string that could not be parsed.
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for TimestampParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an RFC 3339 timestamp: {}",
            self.input, self.source
        )
    }
}

impl std::error::Error for TimestampParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_any_string_and_serializes_it_back_unchanged() {
        for raw in [
            "2024-05-01T12:00:00.000Z",
            "yesterday",
            "",
            "2024-05-01 12:00",
        ] {
            let json = serde_json::to_string(raw).unwrap();
            let at: Timestamp = serde_json::from_str(&json).unwrap();
            assert_eq!(at.as_str(), raw);
            assert_eq!(at, raw);
            assert_eq!(at.to_string(), raw);
            assert_eq!(format!("{at:?}"), format!("{raw:?}"));
            assert_eq!(serde_json::to_string(&at).unwrap(), json);
        }
        assert_eq!(Timestamp::default(), "");
        assert!(Timestamp::default().is_empty());
        assert!(serde_json::from_str::<Timestamp>("12").is_err());
    }

    #[test]
    fn orders_and_hashes_by_the_string() {
        let a = Timestamp::from("2024-05-01T12:00:00Z");
        let b = Timestamp::from(String::from("2024-05-02T12:00:00Z"));
        assert!(a < b);
        let set: std::collections::HashSet<Timestamp> = [a.clone(), a.clone(), b].into();
        assert_eq!(set.len(), 2);
        assert!(set.contains("2024-05-01T12:00:00Z"));
    }

    #[test]
    fn reads_as_a_str_like_the_string_it_replaces() {
        let at = Timestamp::from("2024-05-01T12:00:00Z");
        let maybe: Option<Timestamp> = serde_json::from_str(r#""2024-05-01T12:00:00Z""#).unwrap();
        assert_eq!(maybe.as_deref(), Some("2024-05-01T12:00:00Z"));
        assert!(at.starts_with("2024-05"));
        assert_eq!(at.len(), 20);
        let s: &str = &at;
        assert_eq!(s, at.as_str());
        assert_eq!("2024-05-01T12:00:00Z".parse::<Timestamp>().unwrap(), at);
        assert_eq!(String::from(at.clone()), at.into_string());
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn jiff_round_trip() {
        let at = Timestamp::from("2024-05-01T12:00:00.250Z");
        let parsed = at.to_jiff().unwrap();
        assert_eq!(parsed.as_millisecond(), 1_714_564_800_250);
        assert_eq!(Timestamp::from(parsed), "2024-05-01T12:00:00.25Z");
        // An offset other than Z is read as the instant it names.
        let offset = Timestamp::from("2024-05-01T14:00:00+02:00")
            .to_jiff()
            .unwrap();
        assert_eq!(offset.as_second(), 1_714_564_800);
        assert_eq!(Timestamp::from(offset), "2024-05-01T12:00:00Z");

        let err = Timestamp::from("yesterday").to_jiff().unwrap_err();
        assert_eq!(err.input(), "yesterday");
        assert!(err
            .to_string()
            .starts_with("\"yesterday\" is not an RFC 3339 timestamp"));
        assert!(std::error::Error::source(&err).is_some());
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_round_trip() {
        use chrono::{FixedOffset, TimeZone};
        let at = Timestamp::from("2024-05-01T12:00:00.250Z");
        let parsed = at.to_chrono().unwrap();
        assert_eq!(parsed.timestamp_millis(), 1_714_564_800_250);
        assert_eq!(Timestamp::from(parsed), "2024-05-01T12:00:00.250Z");
        let offset = Timestamp::from("2024-05-01T14:00:00+02:00")
            .to_chrono()
            .unwrap();
        assert_eq!(offset.timestamp(), 1_714_564_800);
        assert_eq!(Timestamp::from(offset), "2024-05-01T12:00:00Z");
        // Any time zone is written in UTC.
        let paris = FixedOffset::east_opt(2 * 3600)
            .unwrap()
            .with_ymd_and_hms(2024, 5, 1, 14, 0, 0)
            .unwrap();
        assert_eq!(Timestamp::from(paris), "2024-05-01T12:00:00Z");

        let err = Timestamp::from("2024-13-01T00:00:00Z")
            .to_chrono()
            .unwrap_err();
        assert_eq!(err.input(), "2024-13-01T00:00:00Z");
        assert!(err.to_string().contains("is not an RFC 3339 timestamp"));
    }

    #[cfg(feature = "time")]
    #[test]
    fn time_round_trip() {
        let at = Timestamp::from("2024-05-01T12:00:00.250Z");
        let parsed = at.to_offset_date_time().unwrap();
        assert_eq!(parsed.unix_timestamp_nanos(), 1_714_564_800_250_000_000);
        assert_eq!(Timestamp::from(parsed), "2024-05-01T12:00:00.25Z");
        let offset = Timestamp::from("2024-05-01T14:00:00+02:00")
            .to_offset_date_time()
            .unwrap();
        assert_eq!(offset.offset().whole_hours(), 2);
        assert_eq!(offset.unix_timestamp(), 1_714_564_800);
        assert_eq!(Timestamp::from(offset), "2024-05-01T12:00:00Z");

        let err = Timestamp::from("").to_offset_date_time().unwrap_err();
        assert_eq!(err.input(), "");
        assert!(err
            .to_string()
            .starts_with("\"\" is not an RFC 3339 timestamp"));
    }
}
