//! WooshPay timestamps: reading them, which arrive in Unix seconds or milliseconds, and making
//! them for requests. The spec declares seconds (the docs' descriptions say so; their examples
//! are in milliseconds), so a timestamp made here holds Unix seconds and requests send seconds.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::types::Timestamp;

/// Values at or above this are milliseconds: as seconds they would lie after the year 5000,
/// as milliseconds they lie after March 1973, before any WooshPay object existed.
const MILLISECONDS_THRESHOLD: i64 = 100_000_000_000;

impl Timestamp {
    /// A point in time given in Unix seconds (what requests send).
    pub fn from_unix_seconds(seconds: i64) -> Timestamp {
        Timestamp(seconds)
    }

    /// A point in time given in Unix milliseconds, held (and sent) in whole seconds, the unit
    /// the spec declares: the milliseconds within the second are dropped.
    pub fn from_unix_millis(millis: i64) -> Timestamp {
        Timestamp(millis.div_euclid(1000))
    }

    /// The raw value as received.
    pub fn raw(&self) -> i64 {
        self.0
    }

    /// Whether the raw value is in milliseconds (13 digits, as WooshPay's examples) rather
    /// than seconds (10 digits, as its descriptions say).
    pub fn is_milliseconds(&self) -> bool {
        self.0.unsigned_abs() >= MILLISECONDS_THRESHOLD as u64
    }

    /// Milliseconds since the Unix epoch, whichever unit was received.
    pub fn unix_millis(&self) -> i64 {
        if self.is_milliseconds() {
            self.0
        } else {
            self.0.saturating_mul(1000)
        }
    }

    /// Whole seconds since the Unix epoch, whichever unit was received.
    pub fn unix_seconds(&self) -> i64 {
        if self.is_milliseconds() {
            self.0.div_euclid(1000)
        } else {
            self.0
        }
    }

    /// The point in time, whichever unit was received.
    pub fn to_system_time(&self) -> SystemTime {
        let millis = self.unix_millis();
        let offset = Duration::from_millis(millis.unsigned_abs());
        if millis >= 0 {
            UNIX_EPOCH + offset
        } else {
            UNIX_EPOCH - offset
        }
    }
}

impl From<SystemTime> for Timestamp {
    /// The point in time in whole Unix seconds (times before 1970 included).
    fn from(time: SystemTime) -> Timestamp {
        let seconds = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => {
                let before = before.duration();
                // A time a fraction of a second before a whole second belongs to the one before.
                let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                let fraction = i64::from(before.subsec_nanos() > 0);
                whole.saturating_add(fraction).saturating_neg()
            }
        };
        Timestamp(seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_seconds_and_milliseconds_alike() {
        let seconds = Timestamp(1_668_688_178);
        let millis = Timestamp(1_668_688_178_000);
        assert!(!seconds.is_milliseconds());
        assert!(millis.is_milliseconds());
        assert_eq!(seconds.to_system_time(), millis.to_system_time());
        assert_eq!(seconds.unix_seconds(), 1_668_688_178);
        assert_eq!(millis.unix_seconds(), 1_668_688_178);
        assert_eq!(seconds.unix_millis(), 1_668_688_178_000);
        assert_eq!(
            Timestamp(1_754_736_504_499).unix_millis(),
            1_754_736_504_499
        );
        assert_eq!(Timestamp(0).to_system_time(), UNIX_EPOCH);
        assert_eq!(millis.raw(), 1_668_688_178_000);
    }

    #[test]
    fn requests_are_made_in_seconds() {
        let t = Timestamp::from(UNIX_EPOCH + Duration::from_millis(1_668_688_178_999));
        assert_eq!(t.raw(), 1_668_688_178);
        assert_eq!(Timestamp::from_unix_millis(1_668_688_178_999), t);
        assert_eq!(Timestamp::from_unix_seconds(1_668_688_178), t);
        assert_eq!(
            Timestamp::from(UNIX_EPOCH - Duration::from_millis(1500)).raw(),
            -2
        );
        assert_eq!(Timestamp::from_unix_millis(-1500).raw(), -2);
    }

    #[test]
    fn extreme_values_do_not_panic() {
        for raw in [i64::MIN, i64::MAX, -1, 99_999_999_999, 100_000_000_000] {
            let t = Timestamp(raw);
            let _ = (t.unix_millis(), t.unix_seconds(), t.is_milliseconds());
        }
    }
}
