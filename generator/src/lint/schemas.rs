//! Rules on component schemas: names usable as Rust types, enums with a catch-all left, and
//! `x-event-objects` matching its enum.

use std::collections::BTreeSet;

use serde_json::Value;

use super::finding::push;
use super::rust_names::is_type_name;
use crate::LintError;
use crate::model::{Kind, Model, RESERVED_NAMES, Schema};

/// Every string enum becomes an open enum with a catch-all variant for values it does not list:
/// `Unknown(String)`, or the first of the fallback names no listed value takes. An enum whose
/// values take every one of those names has no catch-all left; the event type enum's catch-all
/// must be `Unknown`, which the webhook runtime names.
pub(super) fn check_enum_values(doc: &Value, errors: &mut Vec<LintError>) {
    const CATCH_ALL: [&str; 4] = [
        "unknown",
        "unrecognized",
        "unrecognizedvalue",
        "unrecognizedwirevalue",
    ];
    fn fold(text: &str) -> String {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    }
    fn walk(value: &Value, path: &str, errors: &mut Vec<LintError>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Array(values)) = map.get("enum") {
                    let folded: BTreeSet<String> =
                        values.iter().filter_map(Value::as_str).map(fold).collect();
                    if CATCH_ALL.iter().all(|name| folded.contains(*name)) {
                        push(
                            errors,
                            path,
                            "enum values take every name of the catch-all variant (`Unknown`, `Unrecognized`, `UnrecognizedValue`, `UnrecognizedWireValue`); leave one out",
                        );
                    }
                    if map.contains_key("x-event-objects") && folded.contains("unknown") {
                        push(
                            errors,
                            path,
                            "enum value `unknown` collides with the catch-all `EventType::Unknown` the webhook runtime uses; leave it out",
                        );
                    }
                }
                for (key, child) in map {
                    walk(child, &format!("{path}.{key}"), errors);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}[{i}]"), errors);
                }
            }
            _ => {}
        }
    }
    if let Some(paths) = doc.get("paths") {
        walk(paths, "paths", errors);
    }
    if let Some(components) = doc.get("components") {
        walk(components, "components", errors);
    }
}

/// Schema names become Rust type names next to the prelude and the SDK's own `Error`/`Client`.
pub(super) fn check_schema_names(model: &Model, errors: &mut Vec<LintError>) {
    for (name, _) in &model.schemas {
        if !is_type_name(name) {
            push(
                errors,
                format!("components.schemas.{name}"),
                format!(
                    "schema name `{name}` is not usable as a Rust type name; use ASCII PascalCase that is not a keyword (e.g. `PaymentIntent`)"
                ),
            );
            continue;
        }
        if RESERVED_NAMES.contains(&name.as_str()) {
            push(
                errors,
                format!("schema {name}"),
                "shadows a Rust prelude or SDK type name; rename it",
            );
        }
    }
}

/// `x-event-objects` maps every value of its enum to an existing schema, and nothing else.
pub(super) fn check_event_objects(model: &Model, errors: &mut Vec<LintError>) {
    let Some((name, mapping)) = &model.event_objects else {
        return;
    };
    let values: &[String] = match model.schema(name).and_then(Schema::inline).map(|s| &s.kind) {
        Some(Kind::String { values, .. }) => values,
        _ => {
            push(
                errors,
                format!("schema {name}"),
                "has `x-event-objects` but is not a string enum",
            );
            return;
        }
    };
    for value in values.iter().filter(|v| !mapping.contains_key(*v)) {
        push(
            errors,
            format!("schema {name}"),
            format!("event type `{value}` has no entry in `x-event-objects`"),
        );
    }
    for (event_type, object) in mapping {
        if !values.contains(event_type) {
            push(
                errors,
                format!("schema {name}"),
                format!("`x-event-objects` maps `{event_type}`, which is not a value of the enum"),
            );
        }
        if model.schema(object).is_none() {
            push(
                errors,
                format!("schema {name}"),
                format!(
                    "`x-event-objects` maps `{event_type}` to `{object}`, which is not a schema"
                ),
            );
        }
    }
}
