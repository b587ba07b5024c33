//! The checks the API makes on values, beyond the body's shape (which the schema checks):
//! amounts are whole numbers of the currency's smallest unit, positive (a price's
//! `unit_amount` may be zero, as the docs' line-item example of a zero amount shows) and at most
//! [`MAX_AMOUNT`]; currencies are ISO 4217 codes; metadata stays within its limits. Each
//! refusal is a 400 whose `param` names the field.

use serde_json::Value;

use crate::answer::{Outgoing, error};
use crate::currency;

/// The largest amount accepted (eight digits, as Stripe's API, which WooshPay's follows; the
/// docs give no limit but document the `amount_too_large` code).
pub(crate) const MAX_AMOUNT: i64 = 99_999_999;
/// Metadata limits (the docs give none; these are Stripe's).
pub(crate) const METADATA_KEYS: usize = 50;
pub(crate) const METADATA_KEY_CHARS: usize = 40;
pub(crate) const METADATA_VALUE_CHARS: usize = 500;

/// Fields holding an amount that must be positive.
const POSITIVE: &[&str] = &[
    "amount",
    "amount_to_capture",
    "amount_off",
    "payment_amount",
];
/// Fields holding an amount that may be zero.
const NON_NEGATIVE: &[&str] = &["unit_amount", "flat_amount"];

/// The first value of `body` the API would refuse, as its 400.
pub(crate) fn check(body: &Value) -> Result<(), Outgoing> {
    walk(body, "")
}

fn walk(value: &Value, at: &str) -> Result<(), Outgoing> {
    match value {
        Value::Object(fields) => {
            for (name, inner) in fields {
                let path = if at.is_empty() {
                    name.clone()
                } else {
                    format!("{at}.{name}")
                };
                if inner.is_null() {
                    continue;
                }
                match name.as_str() {
                    "metadata" => metadata(inner, &path)?,
                    "currency" | "payment_currency" => currency_code(inner, &path)?,
                    n if POSITIVE.contains(&n) => amount(inner, &path, 1)?,
                    n if NON_NEGATIVE.contains(&n) => amount(inner, &path, 0)?,
                    _ => walk(inner, &path)?,
                }
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| walk(item, &format!("{at}[{i}]"))),
        _ => Ok(()),
    }
}

fn invalid(code: &str, message: &str, param: &str) -> Outgoing {
    error(400, "invalid_request_error", code, message, Some(param))
}

/// An amount: a whole number (or numeric string, as `IntegerOrString` fields allow) from `min`
/// to [`MAX_AMOUNT`].
fn amount(value: &Value, param: &str, min: i64) -> Result<(), Outgoing> {
    let Some(amount) = crate::fields::integer(Some(value)) else {
        return Err(invalid(
            "parameter_invalid_integer",
            &format!(
                "Invalid integer: `{param}` must be a whole number of the currency's smallest unit."
            ),
            param,
        ));
    };
    if amount < min {
        let least = if min == 0 { "zero or more" } else { "positive" };
        return Err(invalid(
            "amount_too_small",
            &format!("`{param}` must be {least} (got {amount})."),
            param,
        ));
    }
    if amount > MAX_AMOUNT {
        return Err(invalid(
            "amount_too_large",
            &format!("`{param}` must be at most {MAX_AMOUNT} (got {amount})."),
            param,
        ));
    }
    Ok(())
}

fn currency_code(value: &Value, param: &str) -> Result<(), Outgoing> {
    match value.as_str() {
        Some(code) if code.len() == 3 && currency::exponent(code).is_some() => Ok(()),
        _ => Err(invalid(
            "parameter_invalid",
            &format!("Invalid currency: `{param}` must be a three-letter ISO 4217 code."),
            param,
        )),
    }
}

fn metadata(value: &Value, param: &str) -> Result<(), Outgoing> {
    let Some(pairs) = value.as_object() else {
        return Ok(());
    };
    if pairs.len() > METADATA_KEYS {
        return Err(invalid(
            "parameter_invalid",
            &format!(
                "`{param}` can have at most {METADATA_KEYS} keys (got {}).",
                pairs.len()
            ),
            param,
        ));
    }
    for (key, inner) in pairs {
        let at = format!("{param}.{key}");
        if key.chars().count() > METADATA_KEY_CHARS {
            return Err(invalid(
                "parameter_invalid",
                &format!("Metadata keys can be at most {METADATA_KEY_CHARS} characters long."),
                param,
            ));
        }
        let length = match inner {
            Value::String(s) => s.chars().count(),
            other => other.to_string().chars().count(),
        };
        if length > METADATA_VALUE_CHARS {
            return Err(invalid(
                "parameter_invalid",
                &format!("Metadata values can be at most {METADATA_VALUE_CHARS} characters long."),
                &at,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(body: Value) -> (u16, String) {
        let outgoing = check(&body).expect_err("refused");
        let answer: Value = serde_json::from_slice(&outgoing.body).unwrap();
        (
            outgoing.status,
            answer["error"]["param"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    }

    #[test]
    fn amounts_currencies_and_metadata_are_checked_by_field() {
        assert!(check(&json!({"amount": 1, "currency": "jpy"})).is_ok());
        assert_eq!(refused(json!({"amount": -500})), (400, "amount".into()));
        assert_eq!(refused(json!({"amount": 0})).1, "amount");
        assert_eq!(refused(json!({"amount": 100_000_000})).1, "amount");
        assert_eq!(refused(json!({"amount": 1.5})).1, "amount");
        assert_eq!(refused(json!({"currency": "dollars"})).1, "currency");
        assert_eq!(
            refused(json!({"line_items": [{"price_data": {"unit_amount": -1}}]})).1,
            "line_items[0].price_data.unit_amount"
        );
        assert!(check(&json!({"line_items": [{"price_data": {"unit_amount": 0}}]})).is_ok());
        let many: serde_json::Map<String, Value> =
            (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
        assert_eq!(refused(json!({"metadata": many})).1, "metadata");
        assert_eq!(
            refused(json!({"metadata": {"k".repeat(41): "v"}})).1,
            "metadata"
        );
        assert_eq!(
            refused(json!({"metadata": {"k": "v".repeat(501)}})).1,
            "metadata.k"
        );
    }
}
