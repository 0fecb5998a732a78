//! [`Timestamp`]: an instant in UTC, RFC 3339 on the wire.
//!
//! A few lines instead of a date library: the app only shows times through
//! the browser's `Intl`, and date libraries cost the wasm build more than
//! the rest of the contract. The server converts from and to `chrono` with
//! this crate's `chrono` feature.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// An instant, in milliseconds since the Unix epoch (UTC): the precision of
/// the server's clock and database.
///
/// Written like `chrono` writes a `DateTime<Utc>`: `2026-11-22T07:21:26Z`,
/// or `2026-11-22T07:21:26.120Z` when the milliseconds are not zero. Read
/// from any RFC 3339 time (offsets are converted to UTC; digits beyond the
/// millisecond are dropped).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// Reads an RFC 3339 time (`T`, `t` or a space between date and time;
    /// `Z`, `z` or `±HH:MM` after it).
    pub fn parse(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        let num = |from: usize, len: usize| -> Option<i64> {
            let digits = b.get(from..from + len)?;
            digits.iter().try_fold(0i64, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
            })
        };
        let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
        if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
            return None;
        }
        let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let mut at = 19;
        let mut ms = 0;
        if sep(at, b".") {
            at += 1;
            let start = at;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                if at - start < 3 {
                    ms = ms * 10 + i64::from(b[at] - b'0');
                }
                at += 1;
            }
            if at == start {
                return None;
            }
            for _ in (at - start)..3 {
                ms *= 10;
            }
        }
        let offset_minutes = match b.get(at)? {
            b'Z' | b'z' if at + 1 == b.len() => 0,
            sign @ (b'+' | b'-') if at + 6 == b.len() && sep(at + 3, b":") => {
                let (h, m) = (num(at + 1, 2)?, num(at + 4, 2)?);
                if h > 23 || m > 59 {
                    return None;
                }
                let minutes = h * 60 + m;
                if *sign == b'-' {
                    -minutes
                } else {
                    minutes
                }
            }
            _ => return None,
        };
        // A leap second (:60) counts as the next second's start.
        let seconds =
            days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
                - offset_minutes * 60;
        Some(Timestamp(seconds * 1000 + ms))
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// RFC 3339 in UTC, as on the wire.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.div_euclid(1000);
        let ms = self.0.rem_euclid(1000);
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        let s = seconds.rem_euclid(86_400);
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}")?;
        } else {
            write!(f, "{year:+05}")?;
        }
        write!(
            f,
            "-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            s / 3600,
            s / 60 % 60,
            s % 60
        )?;
        if ms != 0 {
            write!(f, ".{ms:03}")?;
        }
        f.write_str("Z")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 time")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Timestamp, E> {
                Timestamp::parse(s).ok_or_else(|| E::invalid_value(de::Unexpected::Str(s), &self))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(feature = "chrono")]
mod chrono_conversions {
    use super::Timestamp;
    use chrono::{DateTime, Utc};

    /// Drops what is finer than a millisecond.
    impl From<DateTime<Utc>> for Timestamp {
        fn from(t: DateTime<Utc>) -> Self {
            Timestamp(t.timestamp_millis())
        }
    }

    /// Out-of-range instants (years beyond ±262,000) become the epoch.
    impl From<Timestamp> for DateTime<Utc> {
        fn from(t: Timestamp) -> Self {
            DateTime::from_timestamp_millis(t.0).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        Timestamp::parse(s).expect(s).millis()
    }

    #[test]
    fn reads_rfc_3339() {
        assert_eq!(at("1970-01-01T00:00:00Z"), 0);
        assert_eq!(at("2026-11-22T07:21:26Z"), 1_795_332_086_000);
        assert_eq!(at("2026-11-22T07:21:26.1Z"), 1_795_332_086_100);
        assert_eq!(at("2026-11-22T07:21:26.120Z"), 1_795_332_086_120);
        assert_eq!(at("2026-11-22T07:21:26.123456789Z"), 1_795_332_086_123);
        assert_eq!(at("2026-11-22t08:21:26+01:00"), 1_795_332_086_000);
        assert_eq!(at("2026-11-22 02:21:26-05:00"), 1_795_332_086_000);
        assert_eq!(at("1969-12-31T23:59:59.999z"), -1);
        assert_eq!(at("2024-02-29T00:00:00Z"), 1_709_164_800_000);
        assert_eq!(at("2016-12-31T23:59:60Z"), at("2017-01-01T00:00:00Z"));
        for bad in [
            "",
            "2026-11-22",
            "2026-11-22T07:21:26",
            "2026-11-22T07:21:26.Z",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T07:21:26+0100",
            "2026-11-22T07:21:26Zjunk",
            "2026/11/22T07:21:26Z",
            "+2026-11-22T07:21:26Z",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn writes_like_chrono_and_round_trips() {
        for (ms, s) in [
            (0, "1970-01-01T00:00:00Z"),
            (1_795_332_086_000, "2026-11-22T07:21:26Z"),
            (1_795_332_086_120, "2026-11-22T07:21:26.120Z"),
            (1_795_332_086_007, "2026-11-22T07:21:26.007Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00Z"),
            (253_402_300_799_000, "9999-12-31T23:59:59Z"),
        ] {
            let t = Timestamp::from_millis(ms);
            assert_eq!(t.to_string(), s);
            assert_eq!(Timestamp::parse(s), Some(t));
        }
        assert_eq!(
            Timestamp::from_millis(253_402_300_800_000).to_string(),
            "+10000-01-01T00:00:00Z"
        );
    }

    #[test]
    fn json_is_a_string() {
        let t = Timestamp::from_millis(1_795_332_086_120);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2026-11-22T07:21:26.120Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("12").is_err());
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn converts_with_chrono_and_writes_the_same_text() {
        use chrono::{DateTime, Utc};
        for ms in [0, 1_795_332_086_000, 1_795_332_086_120, -1, 951_782_400_000] {
            let c = DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
            let t = Timestamp::from(c);
            assert_eq!(t.millis(), ms);
            assert_eq!(DateTime::<Utc>::from(t), c);
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                serde_json::to_string(&c).unwrap()
            );
        }
    }
}
