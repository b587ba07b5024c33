//! Lint rules for shapes progenitor cannot generate and would panic on (or fail on without
//! saying where): an unknown `type`, an exclusive bound without its bound, and enum values that
//! are not scalars.

use serde_json::Value;

use super::finding::push;
use super::schema_walk;
use crate::LintError;
use crate::model::JsonType;

/// Runs every shape rule on every schema of the document as written.
pub(super) fn check(doc: &Value, errors: &mut Vec<LintError>) {
    for (at, schema) in schema_walk::schemas(doc) {
        check_schema(&at, schema, errors);
    }
}

fn check_schema(at: &str, schema: &serde_json::Map<String, Value>, errors: &mut Vec<LintError>) {
    let kind = schema.get("type").and_then(Value::as_str);
    // progenitor stops (`not yet implemented: invalid type`) on a type OpenAPI 3.0 lacks.
    if let Some(kind) = kind.filter(|k| JsonType::named(k).is_none()) {
        let types: Vec<&str> = JsonType::ALL.iter().map(|t| t.name()).collect();
        push(
            errors,
            format!("{at}.type"),
            format!(
                "type `{kind}` is not an OpenAPI 3.0 type; use one of {}",
                types.join(", ")
            ),
        );
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if schema.get(flag) == Some(&Value::Bool(true)) && !schema.contains_key(bound) {
            push(
                errors,
                format!("{at}.{flag}"),
                format!(
                    "`{flag}: true` without `{bound}` bounds nothing; add `{bound}` or drop it"
                ),
            );
        }
    }
    let values = schema.get("enum").and_then(Value::as_array);
    for (i, value) in values.into_iter().flatten().enumerate() {
        let why = match value {
            Value::Object(_) | Value::Array(_) => Some("is not a string, number or boolean"),
            Value::Null if kind == Some("number") => Some("is not a finite number (or is `null`)"),
            _ => None,
        };
        if let Some(why) = why {
            push(
                errors,
                format!("{at}.enum[{i}]"),
                format!("enum value `{value}` {why}; enum values are scalars"),
            );
        }
    }
    // Without a `type`, typify infers one from the values, and panics when they disagree.
    if kind.is_none() {
        let kinds: std::collections::BTreeSet<&str> = values
            .into_iter()
            .flatten()
            .filter_map(|value| match value {
                Value::String(_) => Some("string"),
                Value::Number(_) => Some("number"),
                Value::Bool(_) => Some("boolean"),
                _ => None,
            })
            .collect();
        if kinds.len() > 1 {
            let kinds: Vec<&str> = kinds.into_iter().collect();
            push(
                errors,
                format!("{at}.enum"),
                format!(
                    "enum values of several types ({}) and no `type`; give the enum a `type` and values of that type",
                    kinds.join(", ")
                ),
            );
        }
    }
}
