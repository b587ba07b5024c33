//! Lint rules for shapes progenitor cannot generate and would panic on (or fail on without
//! saying where): an unknown `type`, an exclusive bound without its bound, enum values that are
//! not scalars, and path templates that do not match the operation's path parameters.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use serde_json::Value;

use super::finding::push;
use super::schema_walk;
use crate::LintError;
use crate::spec;

/// The types of OpenAPI 3.0; progenitor stops (`not yet implemented: invalid type`) on others.
const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "object", "array"];

/// Runs every shape rule on the document (`doc`, the spec as JSON).
pub(super) fn check(spec: &OpenAPI, doc: &Value, errors: &mut Vec<LintError>) {
    for (at, schema) in schema_walk::schemas(doc) {
        check_schema(&at, schema, errors);
    }
    check_path_templates(spec, errors);
}

fn check_schema(at: &str, schema: &serde_json::Map<String, Value>, errors: &mut Vec<LintError>) {
    let kind = schema.get("type").and_then(Value::as_str);
    if let Some(kind) = kind.filter(|k| !TYPES.contains(k)) {
        push(
            errors,
            format!("{at}.type"),
            format!(
                "type `{kind}` is not an OpenAPI 3.0 type; use one of {}",
                TYPES.join(", ")
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

/// Every `{name}` of a path template is an `in: path` parameter of each of its operations, and
/// every `in: path` parameter is in the template; the template is well formed.
fn check_path_templates(spec: &OpenAPI, errors: &mut Vec<LintError>) {
    for (path, item) in spec.paths.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let names = match template_names(path) {
            Ok(names) => names,
            Err(why) => {
                push(
                    errors,
                    format!("paths.{path}"),
                    format!("path template {why}"),
                );
                continue;
            }
        };
        for (method, op) in item.iter() {
            let at = format!("paths.{path}.{method}");
            let mut declared = BTreeSet::new();
            let params = item
                .parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("paths.{path}.parameters[{i}]"), p))
                .chain(
                    op.parameters
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (format!("{at}.parameters[{i}]"), p)),
                );
            for (place, param) in params {
                if let Some(Parameter::Path { parameter_data, .. }) =
                    spec::resolve_parameter(spec, param)
                {
                    let name = &parameter_data.name;
                    if !names.contains(name) {
                        push(
                            errors,
                            place,
                            format!("path parameter `{name}` is not in the path template `{path}`"),
                        );
                    }
                    declared.insert(name.clone());
                }
            }
            for name in names.iter().filter(|n| !declared.contains(*n)) {
                push(
                    errors,
                    &at,
                    format!(
                        "`{{{name}}}` of the path template has no `in: path` parameter `{name}`"
                    ),
                );
            }
        }
    }
}

/// The parameter names of a path template, or why it is not one (as progenitor parses it).
fn template_names(path: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("has a `}` without its `{`".to_string());
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("has a `{` without its `}`".to_string());
        };
        let name = &after[..close];
        if name.contains(['/', '{']) || name.is_empty() {
            return Err(format!("has an invalid parameter name `{{{name}}}`"));
        }
        names.push(name.to_string());
        rest = &after[close + 1..];
    }
    Ok(names)
}
