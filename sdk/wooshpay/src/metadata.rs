//! Metadata: the key-value pairs an object carries, set from any pairs and read as strings.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::types::Metadata;

/// A value that can be stored under a metadata key: text (`&str`, `String`, `&String`), a
/// number, a boolean, or a JSON value read from another object's metadata.
pub trait IntoMetadataValue {
    /// The value as JSON.
    fn into_metadata_value(self) -> Value;
}

macro_rules! metadata_values {
    ($($ty:ty),*) => {$(
        impl IntoMetadataValue for $ty {
            fn into_metadata_value(self) -> Value {
                Value::from(self)
            }
        }
    )*};
}

metadata_values!(&str, String, Cow<'_, str>, Value, i32, i64, u32, u64, bool);

impl IntoMetadataValue for &String {
    fn into_metadata_value(self) -> Value {
        Value::from(self.as_str())
    }
}

impl IntoMetadataValue for &Value {
    fn into_metadata_value(self) -> Value {
        self.clone()
    }
}

/// The JSON object of `pairs`; a later pair replaces an earlier one with the same key.
pub(crate) fn json_object<I, K, V>(pairs: I) -> Map<String, Value>
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: IntoMetadataValue,
{
    pairs
        .into_iter()
        .map(|(key, value)| (key.into(), value.into_metadata_value()))
        .collect()
}

impl Metadata {
    /// Empty metadata.
    pub fn new() -> Self {
        Metadata(Map::new())
    }

    /// The value under `key` when it is a string (WooshPay stores metadata values as strings).
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(
        &mut self,
        key: impl Into<String>,
        value: impl IntoMetadataValue,
    ) -> Option<Value> {
        self.0.insert(key.into(), value.into_metadata_value())
    }
}

impl Default for Metadata {
    fn default() -> Self {
        Metadata::new()
    }
}

impl<K: Into<String>, V: IntoMetadataValue> FromIterator<(K, V)> for Metadata {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Metadata(json_object(pairs))
    }
}

impl<K: Into<String>, V: IntoMetadataValue, const N: usize> From<[(K, V); N]> for Metadata {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K: Into<String>, V: IntoMetadataValue> From<Vec<(K, V)>> for Metadata {
    fn from(pairs: Vec<(K, V)>) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K: Into<String>, V: IntoMetadataValue, S> From<HashMap<K, V, S>> for Metadata {
    fn from(map: HashMap<K, V, S>) -> Self {
        map.into_iter().collect()
    }
}

impl<K: Into<String>, V: IntoMetadataValue> From<BTreeMap<K, V>> for Metadata {
    fn from(map: BTreeMap<K, V>) -> Self {
        map.into_iter().collect()
    }
}

/// The pairs, so metadata read from one object can be set on another.
impl IntoIterator for Metadata {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Metadata {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_built_from_any_pairs_and_read_as_strings() {
        let order = String::from("42");
        let metadata: Metadata = [("order_id", &order), ("channel", &"web".to_string())].into();
        assert_eq!(metadata.get_str("order_id"), Some("42"));
        assert_eq!(metadata.get_str("missing"), None);
        let copied: Metadata = metadata.clone().into_iter().collect();
        assert_eq!(copied, metadata);
        let mut counted = Metadata::new();
        counted.insert("items", 3);
        assert_eq!(counted.get_str("items"), None, "a number is not a string");
        assert_eq!(serde_json::to_string(&counted).unwrap(), r#"{"items":3}"#);
    }
}
