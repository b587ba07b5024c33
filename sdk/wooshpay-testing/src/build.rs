//! What the generated response builders ([`builders`](crate::builders)) share. The SDK's
//! response types are `#[non_exhaustive]`, so outside the SDK a value is assembled as the JSON
//! WooshPay would send and decoded like a response: a builder's value is one the SDK could
//! receive, and a field that does not fit is reported with its path.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use wooshpay::{ConversionError, IntoMetadataValue};

/// `Type::builder()` for the SDK's response types (the request types have their own, in the
/// SDK): bring it into scope, set the fields, and finish with `Type::try_from(builder)`.
///
/// ```
/// use wooshpay::types::{CheckoutSession, CheckoutSessionStatus};
/// use wooshpay_testing::TestBuilder;
///
/// let session = CheckoutSession::try_from(
///     CheckoutSession::builder()
///         .id("cs_1")
///         .object("checkout.session")
///         .status(CheckoutSessionStatus::Open),
/// )?;
/// assert_eq!(session.id, "cs_1");
/// # Ok::<(), wooshpay::ConversionError>(())
/// ```
pub trait TestBuilder {
    /// The type's builder, in [`builders`](crate::builders).
    type Builder: Default;

    /// A builder with no field set.
    fn builder() -> Self::Builder {
        Self::Builder::default()
    }
}

/// Stores a builder field under `key`: its value if set, a missing-field error if it is
/// `required` and unset, its conversion error if the setter's argument did not convert.
pub(crate) fn put<T: Serialize>(
    object: &mut Map<String, Value>,
    key: &str,
    value: Result<Option<T>, ConversionError>,
    required: bool,
) -> Result<(), ConversionError> {
    match value? {
        Some(value) => {
            let json = serde_json::to_value(value)
                .map_err(|e| ConversionError::from(e.to_string()).within(key))?;
            object.insert(key.to_string(), json);
            Ok(())
        }
        None if required => Err(ConversionError::missing(key)),
        None => Ok(()),
    }
}

/// Decodes the assembled object as the SDK decodes a response.
pub(crate) fn finish<T: DeserializeOwned>(
    object: Map<String, Value>,
) -> Result<T, ConversionError> {
    serde_path_to_error::deserialize(Value::Object(object)).map_err(|e| {
        let path = e.path().to_string();
        let error = ConversionError::from(e.into_inner().to_string());
        if path == "." {
            error
        } else {
            error.within(&path)
        }
    })
}

/// Every item of `items` converted, or the first that does not convert, with its index.
pub(crate) fn list<T, I>(items: I) -> Result<Vec<T>, ConversionError>
where
    I: IntoIterator,
    I::Item: TryInto<T>,
    <I::Item as TryInto<T>>::Error: Into<ConversionError>,
{
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| item.try_into().map_err(|e| e.into().at(index)))
        .collect()
}

/// A JSON object of the key-value pairs.
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
