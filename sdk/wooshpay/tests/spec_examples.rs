//! Every example in the spec decodes into the type its response (or request) schema generates
//! and encodes back to the same JSON. The test walks the spec, so a new example is tested
//! without new code. A field the spec marks `x-json-string` may hold its value as a
//! JSON-encoded string (the docs' older examples): it reads as the value itself, so the
//! round trip gives the decoded form, the same as the example written as an object.

mod support;

use std::collections::BTreeSet;

use serde_json::Value;
use support::without_nulls;

fn spec() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../spec/wooshpay.yaml"
    ))
    .unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// Follows a local `$ref` if `value` is one.
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) => spec.pointer(pointer).unwrap_or(&Value::Null),
        None => value,
    }
}

/// The names of the properties marked `x-json-string`.
fn json_string_fields(spec: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for schema in spec["components"]["schemas"].as_object().unwrap().values() {
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            if property["x-json-string"] == Value::Bool(true) {
                names.insert(name.clone());
            }
        }
    }
    names
}

/// `value` with every `x-json-string` field written as a string replaced by the JSON it
/// encodes (`""` by `null`); how many were replaced.
fn decoded(value: &Value, fields: &BTreeSet<String>, count: &mut usize) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match v {
                    Value::String(text) if fields.contains(k) => {
                        *count += 1;
                        let json = match text.trim() {
                            "" => Value::Null,
                            text => serde_json::from_str(text).unwrap_or(v.clone()),
                        };
                        (k.clone(), json)
                    }
                    v => (k.clone(), decoded(v, fields, count)),
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| decoded(v, fields, count)).collect())
        }
        other => other.clone(),
    }
}

/// `(where, schema name, example name, example value)` for every media type with examples.
fn examples(spec: &Value) -> Vec<(String, String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        // Extensions (`x-resource`) sit beside the operations of a path item.
        for (method, op) in item
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| !k.starts_with("x-"))
        {
            let bodies = op
                .get("requestBody")
                .into_iter()
                .map(|b| ("request".to_string(), b));
            let responses = op["responses"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(code, r)| (code.clone(), r));
            for (part, holder) in bodies.chain(responses) {
                let Some(media) = resolve(spec, holder).pointer("/content/application~1json")
                else {
                    continue;
                };
                let Some(schema) = media.pointer("/schema/$ref").and_then(Value::as_str) else {
                    continue;
                };
                let schema = schema
                    .trim_start_matches("#/components/schemas/")
                    .to_string();
                for example in media
                    .get("examples")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|m| m.values())
                {
                    let name = example["$ref"]
                        .as_str()
                        .unwrap_or("inline")
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string();
                    let value = resolve(spec, example)["value"].clone();
                    out.push((
                        format!("{} {path} {part}", method.to_uppercase()),
                        schema.clone(),
                        name,
                        value,
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn every_example_round_trips_through_its_type() {
    let spec = spec();
    let examples = examples(&spec);
    let fields = json_string_fields(&spec);
    let mut strings = 0;
    let mut failures = Vec::new();
    for (place, schema, name, value) in &examples {
        let object_form = decoded(value, &fields, &mut strings);
        match wooshpay_testing::schemas::round_trip(schema, value) {
            None => failures.push(format!("{place}: schema {schema} has no generated type")),
            Some(Err(e)) => failures.push(format!(
                "{place}: example {name} does not decode as {schema} {e}"
            )),
            Some(Ok(back)) if without_nulls(&back) != without_nulls(&object_form) => failures.push(
                format!("{place}: example {name} changes in a round trip through {schema}"),
            ),
            Some(Ok(_)) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        strings > 0,
        "the docs' JSON-string forms are among the examples"
    );
    println!("{} examples round-trip", examples.len());
}

#[test]
fn every_json_success_response_has_an_example_for_the_sandbox() {
    let spec = spec();
    let mut without = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        // Extensions (`x-resource`) sit beside the operations of a path item.
        for (method, op) in item
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| !k.starts_with("x-"))
        {
            for (code, response) in op["responses"].as_object().unwrap() {
                let media = resolve(&spec, response).pointer("/content/application~1json");
                if code.starts_with('2') && media.is_some_and(|m| m.get("examples").is_none()) {
                    without.push(format!("{} {path} {code}", method.to_uppercase()));
                }
            }
        }
    }
    assert!(
        without.is_empty(),
        "success responses without an example: {without:#?}"
    );
}
