//! Every schema of the document (as JSON) with its place, written as the dotted path lint
//! errors use (`components.schemas.Thing.properties.status`).

use serde_json::{Map, Value};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Each schema object, nested ones included, with its path.
pub(super) fn schemas(doc: &Value) -> Vec<(String, &Map<String, Value>)> {
    let mut out = Vec::new();
    let components = doc.get("components");
    let section = |name: &str| {
        components
            .and_then(|c| c.get(name))
            .and_then(Value::as_object)
    };
    for (name, schema) in section("schemas").into_iter().flatten() {
        walk(schema, format!("components.schemas.{name}"), &mut out);
    }
    for (name, param) in section("parameters").into_iter().flatten() {
        parameter(param, format!("components.parameters.{name}"), &mut out);
    }
    for kind in ["requestBodies", "responses"] {
        for (name, item) in section(kind).into_iter().flatten() {
            content(item, format!("components.{kind}.{name}"), &mut out);
        }
    }
    let paths = doc.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let at = format!("paths.{path}");
        parameters(item, &at, &mut out);
        for method in METHODS {
            let Some(op) = item.get(method) else {
                continue;
            };
            let at = format!("{at}.{method}");
            parameters(op, &at, &mut out);
            if let Some(body) = op.get("requestBody") {
                content(body, format!("{at}.requestBody"), &mut out);
            }
            let responses = op.get("responses").and_then(Value::as_object);
            for (code, response) in responses.into_iter().flatten() {
                content(response, format!("{at}.responses.{code}"), &mut out);
            }
        }
    }
    out
}

fn parameters<'a>(owner: &'a Value, at: &str, out: &mut Vec<(String, &'a Map<String, Value>)>) {
    let list = owner.get("parameters").and_then(Value::as_array);
    for (i, param) in list.into_iter().flatten().enumerate() {
        parameter(param, format!("{at}.parameters[{i}]"), out);
    }
}

fn parameter<'a>(param: &'a Value, at: String, out: &mut Vec<(String, &'a Map<String, Value>)>) {
    if let Some(schema) = param.get("schema") {
        walk(schema, format!("{at}.schema"), out);
    }
    content(param, at, out);
}

fn content<'a>(owner: &'a Value, at: String, out: &mut Vec<(String, &'a Map<String, Value>)>) {
    let media = owner.get("content").and_then(Value::as_object);
    for (kind, media) in media.into_iter().flatten() {
        if let Some(schema) = media.get("schema") {
            walk(schema, format!("{at}.content.{kind}.schema"), out);
        }
    }
}

fn walk<'a>(schema: &'a Value, at: String, out: &mut Vec<(String, &'a Map<String, Value>)>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if map.contains_key("$ref") {
        return;
    }
    for (name, property) in map
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        walk(property, format!("{at}.properties.{name}"), out);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = map.get(key) {
            walk(child, format!("{at}.{key}"), out);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        let list = map.get(key).and_then(Value::as_array);
        for (i, child) in list.into_iter().flatten().enumerate() {
            walk(child, format!("{at}.{key}[{i}]"), out);
        }
    }
    out.push((at, map));
}
