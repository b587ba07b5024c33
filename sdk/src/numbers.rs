//! Reading the numeric unions the docs' contradictions require.

use crate::types::{IntegerOrNumber, IntegerOrString};

impl IntegerOrString {
    /// The value as an integer, whether it arrived as `5` or `"5"`; `None` for a string that is
    /// not an integer (e.g. `"inf"` for an open-ended tier).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            IntegerOrString::Int64(n) => Some(*n),
            IntegerOrString::String(s) => s.trim().parse().ok(),
        }
    }
}

impl IntegerOrNumber {
    /// The value as a float, whichever form it arrived in.
    pub fn as_f64(&self) -> f64 {
        match self {
            IntegerOrNumber::Int64(n) => *n as f64,
            IntegerOrNumber::Double(x) => *x,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_or_string_reads_both_forms() {
        let from_int: IntegerOrString = serde_json::from_str("5").unwrap();
        let from_str: IntegerOrString = serde_json::from_str("\"5\"").unwrap();
        assert_eq!(from_int.as_i64(), Some(5));
        assert_eq!(from_str.as_i64(), Some(5));
        assert_eq!(
            serde_json::to_string(&from_str).unwrap(),
            "\"5\"",
            "kept as it came"
        );
        let open: IntegerOrString = serde_json::from_str("\"inf\"").unwrap();
        assert_eq!(open.as_i64(), None);
    }

    #[test]
    fn integer_or_number_reads_both_forms() {
        let whole: IntegerOrNumber = serde_json::from_str("10").unwrap();
        let fraction: IntegerOrNumber = serde_json::from_str("12.5").unwrap();
        assert_eq!(whole.as_f64(), 10.0);
        assert_eq!(fraction.as_f64(), 12.5);
        assert_eq!(serde_json::to_string(&whole).unwrap(), "10");
    }
}
