//! Rules on the spec's structure, which the model cannot represent: a `paths` key that is no
//! path (checked on the text, since the loaded document drops it), and path templates that do
//! not parse or do not match their operations' path parameters.

use std::collections::{BTreeMap, BTreeSet};

use super::finding::push;
use crate::LintError;
use crate::model::{Model, ParameterIn};

/// Lints on the document as written: what the OpenAPI model drops silently. A `paths` key
/// without a leading `/` is not a path once loaded, so its operations would vanish.
pub fn lint_text(text: &str) -> Vec<LintError> {
    let mut errors = Vec::new();
    let Ok(doc) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return errors; // the load stage reports why
    };
    if let Some(paths) = doc.get("paths").and_then(serde_yaml::Value::as_mapping) {
        for key in paths.keys() {
            let key = key
                .as_str()
                .map_or_else(|| format!("{key:?}"), str::to_owned);
            if !key.starts_with('/') && !key.starts_with("x-") {
                push(
                    &mut errors,
                    format!("paths.{key}"),
                    "does not start with `/`, so it is not a path and its operations would be dropped",
                );
            }
        }
    }
    errors
}

/// Every `{name}` of a path template is an `in: path` parameter of each of its operations, and
/// every `in: path` parameter is in the template; the template is well formed.
pub(super) fn check_path_templates(model: &Model, errors: &mut Vec<LintError>) {
    let mut templates: BTreeMap<&str, Option<Vec<String>>> = BTreeMap::new();
    for op in &model.operations {
        let path = op.path.as_str();
        let names = templates
            .entry(path)
            .or_insert_with(|| match template_names(path) {
                Ok(names) => Some(names),
                Err(why) => {
                    push(
                        errors,
                        format!("paths.{path}"),
                        format!("path template {why}"),
                    );
                    None
                }
            });
        let Some(names) = names else {
            continue;
        };
        let mut declared = BTreeSet::new();
        for param in op
            .parameters
            .iter()
            .filter(|p| p.location == ParameterIn::Path)
        {
            let name = &param.name;
            if !names.contains(name) {
                push(
                    errors,
                    &param.at,
                    format!("path parameter `{name}` is not in the path template `{path}`"),
                );
            }
            declared.insert(name.clone());
        }
        for name in names.iter().filter(|n| !declared.contains(*n)) {
            push(
                errors,
                &op.at,
                format!("`{{{name}}}` of the path template has no `in: path` parameter `{name}`"),
            );
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
