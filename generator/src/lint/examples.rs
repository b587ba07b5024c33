//! Lint rule: every example in the spec fits its schema.
//!
//! Examples are what the docs, the mocks and the sandbox show a user, so a wrong one misleads
//! everywhere at once. OpenAPI 3.0's reading applies: `null` only where the schema is `nullable`, an enum
//! value must come from the enum, and `"string"` (the docs' placeholder) is never a value.
//! Each finding names the example and the JSON path inside it that fails.

use serde_json::{Map, Value};

use crate::LintError;
use crate::model::JsonType;

/// How deep schemas are followed; deeper than any real example, shallow enough for cycles.
const MAX_DEPTH: usize = 64;

/// Checks every response and request example of every operation against its media type's schema.
pub(super) fn check_examples(doc: &Value, errors: &mut Vec<LintError>) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            let location = format!("{} {path}", method.to_ascii_uppercase());
            let bodies = op.get("requestBody").into_iter();
            let responses = op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.values());
            for holder in bodies.chain(responses) {
                let Some(media) = resolve(doc, holder).pointer("/content/application~1json") else {
                    continue;
                };
                let Some(schema) = media.get("schema") else {
                    continue;
                };
                for (name, example) in media_examples(doc, media) {
                    let mut found = Vec::new();
                    check(doc, schema, &example, "$".into(), MAX_DEPTH, &mut found);
                    errors.extend(found.into_iter().map(|(at, why)| LintError {
                        location: location.clone(),
                        message: format!("example `{name}` at `{at}`: {why}"),
                    }));
                }
            }
        }
    }
}

/// `(name, value)` of the media type's examples, following references.
fn media_examples(doc: &Value, media: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(example) = media.get("example") {
        out.push(("example".to_string(), example.clone()));
    }
    for (name, example) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let name = example
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next())
            .unwrap_or(name);
        if let Some(value) = resolve(doc, example).get("value") {
            out.push((name.to_string(), value.clone()));
        }
    }
    out
}

/// Follows a local `$ref` if `value` is one (an unresolved one is another rule's finding).
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) => doc.pointer(pointer).unwrap_or(&Value::Null),
        None => value,
    }
}

/// Appends `(json path, reason)` for every place `value` does not fit `schema`.
fn check(
    doc: &Value,
    schema: &Value,
    value: &Value,
    at: String,
    depth: usize,
    found: &mut Vec<(String, String)>,
) {
    let schema = resolve(doc, schema);
    if depth == 0 || schema.is_null() {
        return;
    }
    if value.is_null() {
        // As OpenAPI 3.0 reads it: `null` only where the schema says so (or is untyped).
        if !super::nullable::accepts_null(doc, schema, MAX_DEPTH) {
            found.push((at, "null where the schema does not accept null".into()));
        }
        return;
    }
    if let Some(list) = schema.get("allOf").and_then(Value::as_array) {
        for part in list {
            check(doc, part, value, at.clone(), depth - 1, found);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            let fits = list.iter().any(|alternative| {
                let mut inner = Vec::new();
                check(doc, alternative, value, at.clone(), depth - 1, &mut inner);
                inner.is_empty()
            });
            if !fits {
                found.push((at.clone(), format!("fits none of the `{key}` alternatives")));
            }
        }
    }
    if value.as_str() == Some("string") {
        found.push((
            at.clone(),
            "the docs' placeholder \"string\"; write a realistic value".into(),
        ));
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        found.push((
            at.clone(),
            format!("{value} is not one of the enum's values"),
        ));
    }
    let Some(kind) = schema.get("type").and_then(Value::as_str) else {
        return;
    };
    // A type OpenAPI 3.0 lacks is the shape rule's finding; nothing fits or fails it here.
    if JsonType::named(kind).is_some_and(|t| !t.fits(value)) {
        let found_type = JsonType::of(value).map_or("null", JsonType::name);
        found.push((at, format!("expected {kind}, found {found_type}")));
        return;
    }
    match value {
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check(
                        doc,
                        item_schema,
                        item,
                        format!("{at}[{i}]"),
                        depth - 1,
                        found,
                    );
                }
            }
        }
        Value::Object(map) => check_object(doc, schema, map, &at, depth, found),
        _ => {}
    }
}

fn check_object(
    doc: &Value,
    schema: &Value,
    map: &Map<String, Value>,
    at: &str,
    depth: usize,
    found: &mut Vec<(String, String)>,
) {
    let properties = schema.get("properties").and_then(Value::as_object);
    let required = schema.get("required").and_then(Value::as_array);
    for name in required.into_iter().flatten().filter_map(Value::as_str) {
        if map.get(name).is_none_or(Value::is_null) {
            found.push((format!("{at}.{name}"), "a required field is missing".into()));
        }
    }
    let additional = schema.get("additionalProperties");
    for (name, field) in map {
        let field_at = format!("{at}.{name}");
        match properties.and_then(|p| p.get(name)) {
            Some(field_schema) => check(doc, field_schema, field, field_at, depth - 1, found),
            None => match additional {
                Some(Value::Bool(false)) => {
                    found.push((field_at, "a field the schema does not have".into()));
                }
                Some(extra @ Value::Object(_)) => {
                    check(doc, extra, field, field_at, depth - 1, found);
                }
                _ if properties.is_some() => {
                    found.push((field_at, "a field the schema does not have".into()));
                }
                _ => {}
            },
        }
    }
}
