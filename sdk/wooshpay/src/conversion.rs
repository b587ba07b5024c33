//! Finishing request values: the error a builder reports for a missing or invalid field, with
//! the field's path in the request (`line_items[0].price_data.currency`).
//!
//! Builder setters never fail: a value that does not convert is kept as this error and
//! reported when the value is finished, which for a request body is at `send()` (as
//! [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent).

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::num::TryFromIntError;

/// A value that could not be built: a required field left unset, or a value that does not
/// convert into its field, with the field's path.
#[derive(Clone, PartialEq, Eq)]
pub struct ConversionError {
    /// Where in the value, e.g. `line_items[0].price_data.currency`; empty for the value itself.
    path: String,
    problem: Problem,
}

#[derive(Clone, PartialEq, Eq)]
enum Problem {
    Missing,
    Invalid(Cow<'static, str>),
}

impl ConversionError {
    /// A required field that was not set.
    pub fn missing(field: &str) -> Self {
        ConversionError {
            path: field.to_string(),
            problem: Problem::Missing,
        }
    }

    /// The path of the field the error is about, e.g. `line_items[0].price_data.currency`;
    /// `None` when it is about the value as a whole.
    pub fn path(&self) -> Option<&str> {
        (!self.path.is_empty()).then_some(self.path.as_str())
    }

    /// Whether a required field was left unset (rather than set to a value that does not fit).
    pub fn is_missing_field(&self) -> bool {
        self.problem == Problem::Missing
    }

    /// The same error seen from the value that holds this one in its field `field`.
    pub fn within(mut self, field: &str) -> Self {
        self.path = match self.path.chars().next() {
            None => field.to_string(),
            Some('[') => format!("{field}{}", self.path),
            Some(_) => format!("{field}.{}", self.path),
        };
        self
    }

    /// The same error seen from the list that holds this one at `index`.
    pub fn at(mut self, index: usize) -> Self {
        self.path = match self.path.chars().next() {
            None => format!("[{index}]"),
            Some('[') => format!("[{index}]{}", self.path),
            Some(_) => format!("[{index}].{}", self.path),
        };
        self
    }
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.problem, self.path()) {
            (Problem::Missing, Some(path)) => write!(f, "`{path}` is required but was not set"),
            (Problem::Missing, None) => write!(f, "a required value was not set"),
            (Problem::Invalid(message), Some(path)) => write!(f, "`{path}`: {message}"),
            (Problem::Invalid(message), None) => f.write_str(message),
        }
    }
}

impl fmt::Debug for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConversionError({self})")
    }
}

impl std::error::Error for ConversionError {}

impl From<&'static str> for ConversionError {
    fn from(message: &'static str) -> Self {
        ConversionError {
            path: String::new(),
            problem: Problem::Invalid(Cow::Borrowed(message)),
        }
    }
}

impl From<String> for ConversionError {
    fn from(message: String) -> Self {
        ConversionError {
            path: String::new(),
            problem: Problem::Invalid(Cow::Owned(message)),
        }
    }
}

/// A conversion that cannot fail (`&str` into `String`, `i32` into `i64`, …).
impl From<Infallible> for ConversionError {
    fn from(never: Infallible) -> Self {
        match never {}
    }
}

/// An integer that does not fit its field (a negative `u64`, an `i128` beyond `i64`, …).
impl From<TryFromIntError> for ConversionError {
    fn from(e: TryFromIntError) -> Self {
        ConversionError::from(e.to_string())
    }
}

/// `?` on a value finished by hand (`Type::try_from(builder)?`) in a function returning
/// `wooshpay::Error`.
impl From<ConversionError> for crate::Error {
    fn from(e: ConversionError) -> Self {
        crate::Error::InvalidRequest(e)
    }
}

/// Every item of `items`, converted; the first failure names its index.
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

/// The value of a required builder field, or the error saying it was not set.
pub(crate) fn required<T>(
    field: Result<Option<T>, ConversionError>,
    name: &str,
) -> Result<T, ConversionError> {
    field?.ok_or_else(|| ConversionError::missing(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_compose_from_the_inside_out() {
        let e = ConversionError::missing("currency")
            .within("price_data")
            .at(0)
            .within("line_items");
        assert_eq!(e.path(), Some("line_items[0].price_data.currency"));
        assert!(e.is_missing_field());
        assert_eq!(
            e.to_string(),
            "`line_items[0].price_data.currency` is required but was not set"
        );
    }

    #[test]
    fn a_failed_item_of_a_list_names_its_index() {
        let e = list::<i8, _>([1_i64, 2, 300]).unwrap_err().within("tiers");
        assert_eq!(e.path(), Some("tiers[2]"));
        assert!(!e.is_missing_field());
        assert!(e.to_string().starts_with("`tiers[2]`: "), "{e}");
    }

    #[test]
    fn a_message_without_a_path_reads_as_is() {
        let e = ConversionError::from("not a valid value");
        assert_eq!(e.path(), None);
        assert_eq!(e.to_string(), "not a valid value");
    }
}
