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

/// Integer literals (`.quantity(2)` is an `i32`) and unsigned counts.
macro_rules! from_integers {
    ($target:ty: $($ty:ty),*) => {$(
        impl From<$ty> for $target {
            fn from(value: $ty) -> Self {
                <$target>::Int64(i64::from(value))
            }
        }
    )*};
}

from_integers!(IntegerOrString: i32, u32, i16, u16, i8, u8);
from_integers!(IntegerOrNumber: i32, u32, i16, u16, i8, u8);

/// The string form, kept as given (`"inf"` for an open-ended tier).
impl From<&str> for IntegerOrString {
    fn from(value: &str) -> Self {
        IntegerOrString::String(value.to_string())
    }
}

/// The string form, kept as given.
impl From<String> for IntegerOrString {
    fn from(value: String) -> Self {
        IntegerOrString::String(value)
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
    fn each_json_type_goes_where_an_untagged_reading_put_it() {
        use serde_json::json;
        let string = |v| serde_json::from_value::<IntegerOrString>(v);
        let number = |v| serde_json::from_value::<IntegerOrNumber>(v);
        assert_eq!(string(json!(-3)).unwrap(), IntegerOrString::Int64(-3));
        assert_eq!(
            string(json!("inf")).unwrap(),
            IntegerOrString::String("inf".into())
        );
        // A float, a too large whole number, `null`, a list: neither form takes them.
        for value in [json!(2.5), json!(u64::MAX), json!(null), json!([1])] {
            let error = string(value.clone()).unwrap_err().to_string();
            assert!(error.contains("an integer or a string"), "{value}: {error}");
        }
        assert_eq!(number(json!(7)).unwrap(), IntegerOrNumber::Int64(7));
        assert_eq!(number(json!(12.5)).unwrap(), IntegerOrNumber::Double(12.5));
        assert_eq!(
            number(json!(u64::MAX)).unwrap(),
            IntegerOrNumber::Double(u64::MAX as f64)
        );
        let error = number(json!("7")).unwrap_err().to_string();
        assert!(error.contains("an integer or a number"), "{error}");
        // From bytes, the decoder the SDK reads responses with.
        let read: Vec<IntegerOrString> = serde_json::from_str(r#"[1, "2", "x\u0031"]"#).unwrap();
        assert_eq!(
            read,
            [
                IntegerOrString::Int64(1),
                IntegerOrString::String("2".into()),
                IntegerOrString::String("x1".into())
            ]
        );
    }

    #[test]
    fn literals_convert_without_a_suffix() {
        fn set(value: impl Into<IntegerOrString>) -> IntegerOrString {
            value.into()
        }
        assert_eq!(set(2), IntegerOrString::Int64(2));
        assert_eq!(set(7_u8), IntegerOrString::Int64(7));
        assert_eq!(set("inf"), IntegerOrString::String("inf".into()));
        assert_eq!(IntegerOrNumber::from(3).as_f64(), 3.0);
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
