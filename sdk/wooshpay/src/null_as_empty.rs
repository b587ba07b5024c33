//! A list's `data` reads as empty when the server sends `null` for it (the docs' guide
//! examples send `null` for other list fields), so callers index and iterate it directly.

use serde::{Deserialize, Deserializer};

/// Decodes a list, with `null` as empty.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize)]
    struct List {
        #[serde(default, deserialize_with = "deserialize")]
        data: Vec<u8>,
    }

    #[test]
    fn null_and_absent_read_as_empty() {
        for body in [json!({"data": null}), json!({})] {
            assert!(
                serde_json::from_value::<List>(body)
                    .unwrap()
                    .data
                    .is_empty()
            );
        }
        let list: List = serde_json::from_value(json!({"data": [1, 2]})).unwrap();
        assert_eq!(list.data, [1, 2]);
    }
}
