//! Decoding open enums: a value the SDK knows is matched where the decoder holds it (in the
//! response body, for an unescaped JSON string), so only a value it does not know is copied
//! into a `String` of its own.

use std::borrow::Cow;
use std::fmt;

use serde::Deserializer;
use serde::de::{Error, Visitor};

/// Decodes an open enum `T` from a string: its known variant, or its catch-all variant holding
/// the value as received.
///
/// The string is read by one visitor for every enum, so a decoder's string-reading code is
/// compiled once for all of them rather than once per enum; only the match on the value is
/// the enum's own.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    Ok(match deserializer.deserialize_str(Text)? {
        Cow::Borrowed(text) => T::from(text),
        Cow::Owned(text) => T::from(text),
    })
}

/// Reads a string as the decoder holds it: borrowed from the input when it can be, else owned.
struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
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
