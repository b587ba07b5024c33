//! Rules on the document as written, before the OpenAPI model reads it.

use super::finding::push;
use crate::LintError;

/// Lints on the document as written: what the OpenAPI model drops silently. A `paths` key
/// without a leading `/` is not a path to openapiv3, so its operations would vanish.
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
