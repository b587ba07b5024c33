//! The response fields left untyped (any JSON, or a map of any JSON) are few, and each is in
//! `spec/DECISIONS.md` with its reason. `cargo test -p wooshpay-generator --test
//! untyped_fields -- --nocapture` prints them.

use std::path::Path;

use serde_json::Value;
use wooshpay_generator::{load, model::Model};

/// At most this many: the fields no doc gives a shape for.
const MAX_UNTYPED: usize = 15;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(path).expect(relative)
}

/// Whether a property schema decodes as raw JSON: no type at all, or an object with neither
/// properties nor a typed `additionalProperties`.
fn untyped(property: &Value) -> bool {
    let shaped = ["type", "$ref", "allOf", "anyOf", "oneOf"]
        .iter()
        .any(|key| property.get(key).is_some());
    let untyped_map = property["type"] == "object"
        && property.get("properties").is_none()
        && property
            .get("additionalProperties")
            .is_none_or(|a| a.as_bool().is_some() || a.as_object().is_some_and(|o| o.is_empty()));
    !shaped || untyped_map
}

/// `Schema.property` for every untyped property of a schema a response reaches.
fn untyped_response_fields() -> Vec<String> {
    let text = read("../spec/wooshpay.yaml");
    let spec = load::load(&text).expect("the spec loads");
    let model = Model::of(&spec);
    let doc: Value = serde_yaml::from_str(&text).expect("YAML");
    let mut fields = Vec::new();
    for (name, schema) in doc["components"]["schemas"].as_object().expect("schemas") {
        if !model.response_schemas.contains(name) {
            continue;
        }
        for (property, value) in schema["properties"].as_object().into_iter().flatten() {
            if untyped(value) {
                fields.push(format!("{name}.{property}"));
            }
        }
    }
    fields
}

#[test]
fn few_response_fields_are_untyped_and_each_is_explained() {
    let fields = untyped_response_fields();
    println!("{} untyped response fields:", fields.len());
    for field in &fields {
        println!("  {field}");
    }
    assert!(
        fields.len() <= MAX_UNTYPED,
        "{} untyped response fields, at most {MAX_UNTYPED}: {fields:?}",
        fields.len()
    );
    let decisions = read("../spec/DECISIONS.md");
    let unexplained: Vec<&String> = fields
        .iter()
        .filter(|f| !decisions.contains(&format!("`{f}`")))
        .collect();
    assert!(
        unexplained.is_empty(),
        "not listed in spec/DECISIONS.md: {unexplained:?}"
    );
}

#[test]
fn the_check_sees_untyped_fields() {
    use serde_json::json;
    assert!(untyped(&json!({"description": "any JSON"})));
    assert!(untyped(
        &json!({"type": "object", "additionalProperties": true})
    ));
    assert!(!untyped(
        &json!({"type": "object", "additionalProperties": {"type": "integer"}})
    ));
    assert!(!untyped(
        &json!({"allOf": [{"$ref": "#/components/schemas/Metadata"}]})
    ));
}
