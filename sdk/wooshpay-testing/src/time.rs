//! Points in time as requests give them. WooshPay's own examples store milliseconds while its
//! descriptions (and Stripe-copied examples) say seconds, so a request's timestamp is read by
//! its size: below 10^11 it is seconds (10^11 seconds is the year 5138), otherwise
//! milliseconds (10^11 ms is March 1973). The sandbox stores milliseconds and compares instants.

/// The instant `value` names, in milliseconds since the epoch.
pub(crate) fn to_ms(value: i64) -> i64 {
    if value.unsigned_abs() < 100_000_000_000 {
        value.saturating_mul(1000)
    } else {
        value
    }
}

/// The first and last millisecond of the instant `value` names: a second spans a thousand.
pub(crate) fn span_ms(value: i64) -> (i64, i64) {
    let start = to_ms(value);
    if start == value {
        (start, start)
    } else {
        (start, start.saturating_add(999))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_milliseconds_name_the_same_instant() {
        assert_eq!(to_ms(1_754_736_504), 1_754_736_504_000);
        assert_eq!(to_ms(1_754_736_504_499), 1_754_736_504_499);
        assert_eq!(to_ms(0), 0);
    }
}
