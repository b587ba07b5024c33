//! Lint rule: in responses, optional means nullable, and the spec says so.
//!
//! WooshPay sends `null` for a response field it has no value for, wherever the field is optional. The
//! spec states this in OpenAPI 3.0's own terms, so that every tool reads the API the generator
//! reads: an optional property with a `type` is `nullable: true`; one that references a schema
//! (`$ref`, or a one-`allOf` wrapper carrying a description) references a nullable one (3.0
//! ignores `nullable` beside a `$ref`), which for an enum lists `null` among its values and for
//! a union has a `nullable` alternative. Untyped properties accept any JSON, `null` included.

use serde_json::Value;

use crate::LintError;
use crate::model::Model;

/// How many references are followed; more than any real chain, few enough for a cycle.
const MAX_HOPS: usize = 16;

/// Reports every optional property of a schema a response reaches that does not accept `null`.
/// Request schemas are left alone: the SDK leaves out a field it has no value for.
pub(super) fn check_optional_nullable(doc: &Value, model: &Model, errors: &mut Vec<LintError>) {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    for (name, schema) in schemas {
        if model.response_schemas.contains(name) {
            check_schema(doc, schema, name, errors);
        }
    }
}

/// Checks the properties of `schema` and of every inline schema inside it.
fn check_schema(doc: &Value, schema: &Value, at: &str, errors: &mut Vec<LintError>) {
    let Some(object) = schema.as_object() else {
        return;
    };
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        let required = object.get("required").and_then(Value::as_array);
        for (name, property) in properties {
            let is_required = required.is_some_and(|r| r.iter().any(|n| n == name));
            if !is_required && !accepts_null(doc, property, MAX_HOPS) {
                errors.push(LintError {
                    location: format!("schema {at}.{name}"),
                    message:
                        "an optional property must accept `null`: `nullable: true` beside its \
                              `type`, or a reference to a nullable schema"
                            .into(),
                });
            }
            check_schema(doc, property, &format!("{at}.{name}"), errors);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = object.get(key) {
            check_schema(doc, inner, &format!("{at}[]"), errors);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for inner in object
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            check_schema(doc, inner, at, errors);
        }
    }
}

/// Whether a value of `schema` may be `null` under plain OpenAPI 3.0.
pub(super) fn accepts_null(doc: &Value, schema: &Value, hops: usize) -> bool {
    if hops == 0 {
        return true; // a cycle is the reference rule's finding, not this one's
    }
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        return target
            .strip_prefix('#')
            .and_then(|pointer| doc.pointer(pointer))
            .is_none_or(|target| accepts_null(doc, target, hops - 1));
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        return parts.iter().all(|part| accepts_null(doc, part, hops - 1));
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
            return alternatives.iter().any(|a| accepts_null(doc, a, hops - 1));
        }
    }
    if schema.get("type").is_none() {
        return true;
    }
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    let values = schema.get("enum").and_then(Value::as_array);
    nullable && values.is_none_or(|values| values.contains(&Value::Null))
}
