//! Fields WooshPay sends either as the id of another object or as that object expanded: the
//! docs show `Price.product` as `"prod_…"` in one place and as a whole Product in another.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Error, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// The id of another object, or the object itself when WooshPay sends it expanded.
///
/// ```
/// use wooshpay::types::Price;
///
/// let price: Price = serde_json::from_str(r#"{"id": "price_1", "object": "price", "product": "prod_1"}"#)?;
/// let product = price.product.as_ref().expect("the docs' example has a product");
/// assert_eq!(product.id(), "prod_1");
/// assert!(product.object().is_none(), "only the id was sent");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Expandable<T> {
    /// The id alone.
    Id(String),
    /// The object, expanded.
    Object(Box<T>),
}

/// Read by its JSON type, a string or an object, in one pass: an untagged enum would buffer
/// the value (a whole expanded object) and then try each form on the copy.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IdOrObject(PhantomData))
    }
}

/// Reads an [`Expandable`] from the form it arrives in.
struct IdOrObject<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for IdOrObject<T> {
    type Value = Expandable<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id, or the object expanded")
    }

    fn visit_str<E: Error>(self, id: &str) -> Result<Self::Value, E> {
        Ok(Expandable::Id(id.to_owned()))
    }

    fn visit_string<E: Error>(self, id: String) -> Result<Self::Value, E> {
        Ok(Expandable::Id(id))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
            .map(|object| Expandable::Object(Box::new(object)))
    }
}

/// An object that can appear expanded in place of its id. Implemented, in the generated types,
/// for every schema the spec names as an `x-expandable` target.
pub trait Identified {
    /// The object's id.
    fn id(&self) -> &str;
}

impl<T: Identified> Expandable<T> {
    /// The object's id, whether only the id or the whole object was sent.
    pub fn id(&self) -> &str {
        match self {
            Expandable::Id(id) => id,
            Expandable::Object(object) => object.id(),
        }
    }
}

impl<T> Expandable<T> {
    /// The object, when it was sent expanded.
    pub fn object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }

    /// Whether the whole object was sent.
    pub fn is_expanded(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }
}

impl<T> From<String> for Expandable<T> {
    fn from(id: String) -> Self {
        Expandable::Id(id)
    }
}

impl<T> From<&str> for Expandable<T> {
    fn from(id: &str) -> Self {
        Expandable::Id(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types;
    use serde_json::json;

    #[test]
    fn reads_the_id_of_either_form() {
        let id: Expandable<types::Product> = serde_json::from_value(json!("prod_1")).unwrap();
        let object: Expandable<types::Product> =
            serde_json::from_value(json!({"id": "prod_2", "object": "product"})).unwrap();
        assert_eq!((id.id(), object.id()), ("prod_1", "prod_2"));
        assert!(id.object().is_none());
        assert_eq!(object.object().map(|p| p.object.as_str()), Some("product"));
    }

    #[test]
    fn either_form_reads_from_bytes() {
        let read = |text: &str| serde_json::from_str::<Expandable<types::Product>>(text);
        assert_eq!(
            read(r#""prod_1""#).unwrap(),
            Expandable::Id("prod_1".into())
        );
        assert_eq!(read(r#""prod_\u0031""#).unwrap().id(), "prod_1");
        let object = read(r#"{"id": "prod_2", "object": "product", "name": "T-shirt"}"#).unwrap();
        assert_eq!(
            object.object().and_then(|p| p.name.as_deref()),
            Some("T-shirt")
        );
    }

    #[test]
    fn another_form_is_an_error_saying_what_is_read() {
        for text in ["5", "[\"prod_1\"]", "true"] {
            let error = serde_json::from_str::<Expandable<types::Product>>(text).unwrap_err();
            assert!(
                error.to_string().contains("an id, or the object expanded"),
                "{text}: {error}"
            );
        }
        // A bad field of an expanded object is named, not hidden behind "no variant matched".
        let error = serde_json::from_str::<Expandable<types::Product>>(
            r#"{"id": "prod_2", "object": "product", "active": "yes"}"#,
        )
        .unwrap_err();
        assert!(error.to_string().contains("expected a boolean"), "{error}");
    }

    #[test]
    fn each_form_serializes_as_it_came() {
        let object = json!({"id": "prod_2", "object": "product"});
        let read: Expandable<types::Product> = serde_json::from_value(object.clone()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap()["id"], "prod_2");
        let id: Expandable<types::Product> = "prod_1".into();
        assert_eq!(serde_json::to_value(&id).unwrap(), json!("prod_1"));
    }
}
