//! Rules on references: every `$ref` resolves, no schema is only a reference to itself, and
//! every component schema and example is referred to.

use std::collections::BTreeSet;

use serde_json::Value;

use super::finding::push;
use crate::LintError;
use crate::model::{self, Model, Schema};

/// Every `$ref` must point at something that exists in this document.
pub(super) fn check_refs(doc: &Value, errors: &mut Vec<LintError>) {
    for (location, target) in model::refs(doc) {
        let resolved = target
            .strip_prefix("#/")
            .and_then(|pointer| doc.pointer(&format!("/{pointer}")))
            .is_some();
        if !resolved {
            let why = if target.starts_with("#/") {
                "does not resolve".to_string()
            } else {
                "is not a reference into this document (external references are not supported)"
                    .to_string()
            };
            push(errors, location, format!("$ref `{target}` {why}"));
        }
    }
}

/// A schema that is nothing but a reference to itself (directly or through other bare
/// references) has no type to generate.
pub(super) fn check_self_references(model: &Model, errors: &mut Vec<LintError>) {
    let target = |name: &str| model.schema(name).and_then(Schema::ref_name);
    for (name, _) in &model.schemas {
        let mut seen = BTreeSet::new();
        let mut current = name.as_str();
        while let Some(next) = target(current) {
            if next == name {
                push(
                    errors,
                    format!("components.schemas.{name}"),
                    "refers only to itself (through bare `$ref`s), so it has no type",
                );
                break;
            }
            if !seen.insert(next) {
                break; // a cycle that does not pass through `name`: reported for its members
            }
            current = next;
        }
    }
}

/// A component schema nothing reaches is dead weight in the generated crate: flag it.
pub(super) fn check_unused_schemas(doc: &Value, model: &Model, errors: &mut Vec<LintError>) {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    // Roots: references from anywhere but the schemas themselves.
    let mut outside = doc.clone();
    if let Some(components) = outside.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("schemas");
    }
    let reached = model.reachable(model::schema_names(&outside));
    for name in schemas.keys().filter(|n| !reached.contains(*n)) {
        push(
            errors,
            format!("schema {name}"),
            "is not used by any operation; remove it or reference it",
        );
    }
}

/// A component example no media type refers to documents nothing and tests nothing: flag it.
pub(super) fn check_unused_examples(doc: &Value, errors: &mut Vec<LintError>) {
    let Some(examples) = doc
        .pointer("/components/examples")
        .and_then(Value::as_object)
    else {
        return;
    };
    let used: BTreeSet<String> = model::refs(doc)
        .into_iter()
        .filter_map(|(_, t)| t.strip_prefix("#/components/examples/").map(str::to_owned))
        .collect();
    for name in examples.keys().filter(|n| !used.contains(*n)) {
        push(
            errors,
            format!("components.examples.{name}"),
            "is not used by any request or response; remove it or reference it",
        );
    }
}
