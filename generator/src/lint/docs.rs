//! Rules on the prose that becomes rustdoc: every schema and property is described, and URLs
//! are links.

use serde_json::Value;

use super::finding::push;
use crate::LintError;
use crate::model::{Inline, Model};

/// Every component schema and every property says what it is: the text becomes the rustdoc.
/// A property that refers to a named schema carries its own description through
/// `description` + `allOf: [$ref]` (OpenAPI 3.0 ignores siblings of a bare `$ref`).
pub(super) fn check_descriptions(model: &Model, errors: &mut Vec<LintError>) {
    let described = |schema: &Inline| schema.description.as_deref().is_some_and(|d| !d.is_empty());
    for (name, schema) in &model.schemas {
        let Some(inline) = schema.inline() else {
            continue;
        };
        if !described(inline) {
            push(errors, format!("schema {name}"), "has no description");
        }
        for (property, value) in schema.object().map_or(&[][..], |o| &o.properties) {
            if !value.inline().is_some_and(described) {
                push(
                    errors,
                    format!("schema {name}"),
                    format!(
                        "property `{property}` has no description (for a reference: `description` + `allOf: [$ref]`)"
                    ),
                );
            }
        }
    }
}

/// Descriptions become rustdoc, where a bare URL is not a link (and a warning): write `<url>`.
pub(super) fn check_bare_urls(value: &Value, path: String, errors: &mut Vec<LintError>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get("description")
                && let Some(url) = bare_url(text)
            {
                push(
                    errors,
                    &path,
                    format!("description has a bare URL `{url}`; write it as `<{url}>`"),
                );
            }
            for (key, child) in map {
                check_bare_urls(
                    child,
                    if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    },
                    errors,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check_bare_urls(child, format!("{path}[{i}]"), errors);
            }
        }
        _ => {}
    }
}

fn bare_url(text: &str) -> Option<&str> {
    for (start, _) in text.match_indices("http") {
        let rest = &text[start..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        let before = text[..start].chars().next_back();
        if matches!(before, Some('<' | '`' | '[' | '"' | '\'')) || text[..start].ends_with("](") {
            continue;
        }
        return rest
            .split(|c: char| c.is_whitespace() || c == ')' || c == '>')
            .next();
    }
    None
}
