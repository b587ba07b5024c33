//! Reading WooshPay timestamps, which arrive in Unix seconds or milliseconds.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::types::Timestamp;

/// Values at or above this are milliseconds: as seconds they would lie after the year 5000,
/// as milliseconds they lie after March 1973, before any WooshPay object existed.
const MILLISECONDS_THRESHOLD: i64 = 100_000_000_000;

impl Timestamp {
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
    fn extreme_values_do_not_panic() {
        for raw in [i64::MIN, i64::MAX, -1, 99_999_999_999, 100_000_000_000] {
            let t = Timestamp(raw);
            let _ = (t.unix_millis(), t.unix_seconds(), t.is_milliseconds());
        }
    }
}
