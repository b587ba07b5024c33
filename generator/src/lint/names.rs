//! Lint rules for spec names that become one Rust name: schema names typify would rename,
//! properties that share a field, enum values that share a variant, parameters that share a
//! builder method, operations that share a builder. Each error names every place involved.

use serde_json::Value;

use super::finding::push;
use super::rust_names::{RESERVED_PARAMETERS, is_type_name};
use super::schema_walk;
use crate::LintError;
use crate::model::Model;
use crate::names::{self, Case};

/// Runs every name rule on the model.
pub(super) fn check(model: &Model, errors: &mut Vec<LintError>) {
    check_schema_names(model, errors);
    for (at, schema) in schema_walk::schemas(&model.document) {
        check_properties(&at, schema, errors);
        check_variants(&at, schema, errors);
    }
    check_parameters(model, errors);
    check_builders(model, errors);
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Other stages refer to a schema by its name as written, typify by its PascalCase form: the two
/// must be the same (`COUPON` would be `Coupon`, maybe another schema's type).
fn check_schema_names(model: &Model, errors: &mut Vec<LintError>) {
    for (name, _) in &model.schemas {
        let made = names::typify(name, Case::Pascal);
        if made == *name || !is_type_name(name) {
            continue; // a name that is no type name at all has its own error
        }
        let also = if model.schema(&made).is_some() {
            format!(", the type of `components.schemas.{made}` too")
        } else {
            String::new()
        };
        push(
            errors,
            format!("components.schemas.{name}"),
            format!(
                "schema name `{name}` becomes the type `{made}`{also}; name it `{made}` (PascalCase as the generator writes it)"
            ),
        );
    }
}

/// typify makes a field of each property, in snake_case.
fn check_properties(
    at: &str,
    schema: &serde_json::Map<String, Value>,
    errors: &mut Vec<LintError>,
) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let raw: Vec<&str> = properties.keys().map(String::as_str).collect();
    let made: Vec<String> = raw.iter().map(|p| names::typify(p, Case::Snake)).collect();
    for group in names::duplicates(&raw, &made) {
        let field = names::typify(&group[0], Case::Snake);
        let places: Vec<String> = group
            .iter()
            .map(|p| format!("{at}.properties.{p}"))
            .collect();
        push(
            errors,
            &places[0],
            format!(
                "properties {} both become the field `{field}` ({}); rename one",
                quoted(&group),
                places.join(", ")
            ),
        );
    }
}

/// typify makes a variant of each string enum value, and panics when two share one.
fn check_variants(at: &str, schema: &serde_json::Map<String, Value>, errors: &mut Vec<LintError>) {
    let Some(values) = schema.get("enum").and_then(Value::as_array) else {
        return;
    };
    // A nullable enum lists `null` among its values; typify makes variants of the others.
    let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    let strings: Vec<&str> = values.iter().filter_map(|v| v.as_str()).collect();
    if strings.len() != values.len() {
        return; // not a string enum
    }
    if let Err(groups) = names::variant_names(&strings) {
        for group in groups {
            let places: Vec<String> = group
                .iter()
                .map(|v| {
                    let i = strings.iter().position(|s| s == v).unwrap_or_default();
                    format!("{at}.enum[{i}]")
                })
                .collect();
            push(
                errors,
                format!("{at}.enum"),
                format!(
                    "enum values {} become the same variant `{}` ({}); values must differ in more than case and punctuation",
                    quoted(&group),
                    names::typify(&group[0], Case::Pascal),
                    places.join(", ")
                ),
            );
        }
    }
}

/// progenitor makes a builder method of each parameter, in snake_case.
fn check_parameters(model: &Model, errors: &mut Vec<LintError>) {
    for op in &model.operations {
        let resolved: Vec<(&str, String)> = (op.parameters.iter())
            .filter(|p| p.own)
            .map(|p| (p.at.as_str(), p.name.clone()))
            .collect();
        let raw: Vec<&str> = resolved.iter().map(|(_, n)| n.as_str()).collect();
        let made: Vec<String> = raw
            .iter()
            .map(|n| names::progenitor(n, Case::Snake))
            .collect();
        for group in names::duplicates(&raw, &made) {
            let places: Vec<String> = resolved
                .iter()
                .filter(|(_, n)| group.contains(n))
                .map(|(at, _)| at.to_string())
                .collect();
            push(
                errors,
                &places[0],
                format!(
                    "parameters {} both become the builder method `{}` ({}); rename one",
                    quoted(&group),
                    names::progenitor(&group[0], Case::Snake),
                    places.join(", ")
                ),
            );
        }
        if let Some((at, name)) = resolved.iter().find(|(_, n)| {
            let made = names::progenitor(n, Case::Snake);
            made != **n && RESERVED_PARAMETERS.contains(&made.as_str())
        }) {
            push(
                errors,
                *at,
                format!(
                    "parameter `{name}` becomes `{}`, which clashes with the builder's own method; rename it",
                    names::progenitor(name, Case::Snake)
                ),
            );
        }
    }
}

/// progenitor names each operation's request builder after its operationId, in PascalCase.
fn check_builders(model: &Model, errors: &mut Vec<LintError>) {
    let ops: Vec<(String, &str)> = (model.operations.iter())
        .filter(|op| op.has_id)
        .map(|op| (format!("{}.operationId", op.at), op.id.as_str()))
        .collect();
    let raw: Vec<&str> = ops.iter().map(|(_, id)| *id).collect();
    let made: Vec<String> = raw
        .iter()
        .map(|id| names::progenitor(id, Case::Pascal))
        .collect();
    for group in names::duplicates(&raw, &made) {
        if group.windows(2).all(|w| w[0] == w[1]) {
            continue; // the same id twice: reported as a duplicate operationId
        }
        let places: Vec<&str> = ops
            .iter()
            .filter(|(_, id)| group.iter().any(|g| g == id))
            .map(|(at, _)| at.as_str())
            .collect();
        push(
            errors,
            places[0],
            format!(
                "operationIds {} both become the builder `{}` ({}); rename one",
                quoted(&group),
                names::progenitor(&group[0], Case::Pascal),
                places.join(", ")
            ),
        );
    }
}
