//! Decoding open enums: a value the SDK knows is matched where the decoder holds it (in the
//! response body, for an unescaped JSON string), so only a value it does not know is copied
//! into a `String` of its own.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{Error, Visitor};

/// Decodes an open enum `T` from a string: its known variant, or its catch-all variant holding
/// the value as received.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    deserializer.deserialize_str(OpenEnum(PhantomData))
}

/// Reads an open enum `T` from any form of string a decoder gives.
struct OpenEnum<T>(PhantomData<T>);

impl<T> Visitor<'_> for OpenEnum<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}

#[cfg(test)]
mod tests {
    use crate::types::CheckoutSessionStatus;
    use serde_json::json;

    #[test]
    fn every_form_of_string_reads_as_the_enum() {
        let from_bytes = |text: &str| serde_json::from_str::<CheckoutSessionStatus>(text);
        assert_eq!(
            from_bytes(r#""open""#).unwrap(),
            CheckoutSessionStatus::Open
        );
        // An escaped string is unescaped into a buffer of the decoder's first.
        assert_eq!(
            from_bytes(r#""\u006fpen""#).unwrap(),
            CheckoutSessionStatus::Open
        );
        assert_eq!(
            from_bytes(r#""draft""#).unwrap(),
            CheckoutSessionStatus::Unknown("draft".to_string())
        );
        // A `serde_json::Value` hands over an owned `String`.
        assert_eq!(
            serde_json::from_value::<CheckoutSessionStatus>(json!("complete")).unwrap(),
            CheckoutSessionStatus::Complete
        );
        assert_eq!(
            serde_json::from_value::<CheckoutSessionStatus>(json!("paused")).unwrap(),
            CheckoutSessionStatus::Unknown("paused".to_string())
        );
    }

    #[test]
    fn anything_but_a_string_is_an_error_saying_so() {
        let error = serde_json::from_str::<CheckoutSessionStatus>("5").unwrap_err();
        assert!(error.to_string().contains("expected a string"), "{error}");
        assert!(serde_json::from_value::<CheckoutSessionStatus>(json!(null)).is_err());
    }
}
