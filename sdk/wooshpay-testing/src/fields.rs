//! Reading fields of the sandbox's JSON objects and requests: text that may be absent, and
//! integers the spec lets be sent as numbers or numeric strings. The payment rules, the hosted
//! page, the deliveries and the validation all read fields so; none of them is read here.

use serde_json::Value;

/// A string field of `object` (empty when absent).
pub(crate) fn text<'a>(object: &'a Value, field: &str) -> &'a str {
    object
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// An integer given as a number or a numeric string (the spec's `IntegerOrString`).
pub(crate) fn integer(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
