//! Load stage: YAML text → `openapiv3::OpenAPI`, with errors that say where the document is wrong.

use crate::Error;

/// Parses the spec text. The version is checked before the typed parse so that a 3.1 document
/// gets a clear message instead of a confusing structural error.
pub fn load(text: &str) -> Result<openapiv3::OpenAPI, Error> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| Error::Yaml(e.to_string()))?;
    let Some(map) = value.as_mapping() else {
        return Err(Error::Structure {
            path: ".".into(),
            message: "the document is not a mapping".into(),
        });
    };
    match map.get("openapi") {
        Some(serde_yaml::Value::String(v)) if v.starts_with("3.0.") => {}
        Some(serde_yaml::Value::String(v)) => return Err(Error::UnsupportedVersion(v.clone())),
        Some(other) => return Err(Error::UnsupportedVersion(format!("{other:?}"))),
        None => {
            return Err(Error::Structure {
                path: "openapi".into(),
                message: "missing field `openapi` (expected \"3.0.3\")".into(),
            });
        }
    }
    serde_path_to_error::deserialize(value.clone()).map_err(|e| {
        let (path, message) =
            locate(&value).unwrap_or_else(|| (e.path().to_string(), e.inner().to_string()));
        Error::Structure { path, message }
    })
}

/// openapiv3 deserializes `$ref`-or-item maps by hand, which hides the path below them. Parse
/// the entries of those maps one by one to find the failing one and the path inside it.
fn locate(document: &serde_yaml::Value) -> Option<(String, String)> {
    fn entries<T: serde::de::DeserializeOwned>(
        map: Option<&serde_yaml::Value>,
        prefix: &str,
    ) -> Option<(String, String)> {
        for (key, entry) in map?.as_mapping()? {
            let key = key.as_str().unwrap_or("?");
            if let Err(e) = serde_path_to_error::deserialize::<_, T>(entry.clone()) {
                let inner = e.path().to_string();
                let path = if inner == "." {
                    format!("{prefix}.{key}")
                } else {
                    format!("{prefix}.{key}.{inner}")
                };
                return Some((path, e.inner().to_string()));
            }
        }
        None
    }
    let components = document.get("components");
    let component = |kind: &str| components.and_then(|c| c.get(kind));
    use openapiv3::{Parameter, PathItem, RequestBody, Response, Schema};
    entries::<PathItem>(document.get("paths"), "paths")
        .or_else(|| entries::<Schema>(component("schemas"), "components.schemas"))
        .or_else(|| entries::<Response>(component("responses"), "components.responses"))
        .or_else(|| entries::<Parameter>(component("parameters"), "components.parameters"))
        .or_else(|| entries::<RequestBody>(component("requestBodies"), "components.requestBodies"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_names_line() {
        let err = load("openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        assert!(matches!(err, Error::Yaml(_)), "{err}");
        assert!(err.to_string().contains("line"), "{err}");
    }

    #[test]
    fn rejects_openapi_3_1() {
        let err = load("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedVersion(ref v) if v == "3.1.0"),
            "{err}"
        );
    }

    #[test]
    fn structural_error_names_path() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: 12\n";
        let err = load(text).unwrap_err();
        let Error::Structure { path, .. } = &err else {
            panic!("{err}")
        };
        assert!(path.contains("/x"), "{err}");
    }

    #[test]
    fn non_mapping_document() {
        assert!(matches!(load("- a\n- b\n"), Err(Error::Structure { .. })));
        assert!(matches!(load("info: {}\n"), Err(Error::Structure { .. })));
    }
}
