//! Fields WooshPay sends in more than one form: the docs' older examples carry
//! `payment_method_types`, `payment_method_options` and `next_action` as JSON-encoded strings
//! (`"[\"card\"]"`, `""` for none), the newer ones as arrays and objects.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeOwned, Error, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Decodes an optional field from its value, from the JSON-encoded string of its value, or
/// from `""` or `null` as none. A string that is not JSON is read as the value itself, else as
/// a comma-separated list (one doc types `payment_method_types` as a plain string).
///
/// A field sent as its value (the usual case) is decoded in place, without an intermediate
/// `serde_json::Value`; only the string forms go through one.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    deserializer.deserialize_option(EitherForm(PhantomData))
}

/// Reads a value in place, or a string that encodes one.
struct EitherForm<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for EitherForm<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value, or a string holding its JSON")
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    // The forms other than a value in place are rare: they are kept out of line (`#[cold]`), so
    // that the code a decoder runs for the usual form stays small.
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(seq)).map(Some)
    }

    #[cold]
    #[inline(never)]
    fn visit_bool<E: Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }

    #[cold]
    #[inline(never)]
    fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }

    #[cold]
    #[inline(never)]
    fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }

    #[cold]
    #[inline(never)]
    fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(Some)
    }

    #[cold]
    #[inline(never)]
    fn visit_str<E: Error>(self, text: &str) -> Result<Self::Value, E> {
        let Some(value) = decoded(text) else {
            return Ok(None);
        };
        match (serde_json::from_value(value.clone()), value) {
            (Ok(read), _) => Ok(Some(read)),
            (Err(_), Value::String(text)) => {
                let list = text
                    .split(',')
                    .map(|part| Value::from(part.trim()))
                    .collect();
                serde_json::from_value(Value::Array(list))
                    .map(Some)
                    .map_err(E::custom)
            }
            (Err(error), _) => Err(E::custom(error)),
        }
    }
}

/// The JSON a string field carries: `None` for `""` or `"null"`, else the string's JSON
/// (`"[\"card\"]"`, `"true"`, `"1700000000"`), else the string itself (`card`).
fn decoded(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    match serde_json::from_str::<Value>(trimmed) {
        Ok(Value::Null) => None,
        Ok(value) => Some(value),
        Err(_) => Some(Value::String(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Holder {
        #[serde(default, deserialize_with = "deserialize")]
        kinds: Option<Vec<String>>,
    }

    fn read(value: Value) -> Option<Vec<String>> {
        serde_json::from_value::<Holder>(value).unwrap().kinds
    }

    #[test]
    fn every_form_reads_as_the_value() {
        let kinds = Some(vec!["wechat_pay".to_string(), "card".to_string()]);
        assert_eq!(read(json!({"kinds": ["wechat_pay", "card"]})), kinds);
        assert_eq!(read(json!({"kinds": "[\"wechat_pay\",\"card\"]"})), kinds);
        assert_eq!(read(json!({"kinds": ""})), None);
        assert_eq!(read(json!({"kinds": null})), None);
        assert_eq!(read(json!({})), None);
        assert_eq!(read(json!({"kinds": "wechat_pay, card"})), kinds);
    }

    #[test]
    fn a_scalar_reads_from_its_text() {
        #[derive(Deserialize)]
        struct Flag {
            #[serde(default, deserialize_with = "deserialize")]
            on: Option<bool>,
        }
        let read = |value: Value| serde_json::from_value::<Flag>(value).unwrap().on;
        assert_eq!(read(json!({"on": "true"})), Some(true));
        assert_eq!(read(json!({"on": false})), Some(false));
        assert_eq!(read(json!({"on": ""})), None);
    }

    #[test]
    fn a_string_of_the_wrong_shape_is_an_error() {
        assert!(serde_json::from_value::<Holder>(json!({"kinds": "{\"a\":1}"})).is_err());
        assert!(serde_json::from_value::<Holder>(json!({"kinds": 5})).is_err());
    }

    #[test]
    fn every_form_reads_from_bytes_too() {
        let read = |text: &str| serde_json::from_str::<Holder>(text).unwrap().kinds;
        let kinds = Some(vec!["card".to_string()]);
        assert_eq!(read(r#"{"kinds": ["card"]}"#), kinds);
        assert_eq!(read(r#"{"kinds": "[\"card\"]"}"#), kinds);
        assert_eq!(read(r#"{"kinds": "card"}"#), kinds);
        assert_eq!(read(r#"{"kinds": ""}"#), None);
        assert_eq!(read(r#"{"kinds": null}"#), None);
        assert!(serde_json::from_str::<Holder>(r#"{"kinds": [1]}"#).is_err());
    }
}
