//! Minimal valid JSON values of the model's schemas, for usage examples and sample requests.

use serde_json::{Map, Value, json};

use super::{Inline, Kind, Model};

/// A minimal JSON value valid for `schema`: the schema's own example where it has one, else
/// required properties only, first enum values, first `oneOf` alternatives. `name` is the
/// property's (a string without an example says whose it is); `depth` bounds the nesting.
pub fn sample(model: &Model, schema: &Inline, name: Option<&str>, depth: usize) -> Value {
    if depth == 0 {
        return Value::Null;
    }
    if let Some(example) = &schema.example {
        return example.clone();
    }
    match &schema.kind {
        Kind::String { values, .. } => Value::String(
            values
                .first()
                .cloned()
                .unwrap_or_else(|| name.map_or("text".into(), |n| format!("{n}_value"))),
        ),
        Kind::Integer { .. } => json!(1000),
        Kind::Number { .. } => json!(1),
        Kind::Boolean => json!(true),
        Kind::Array { items, min_items } => {
            match items.as_ref().and_then(|items| model.resolve(items)) {
                Some(item) if min_items.unwrap_or(0) > 0 => {
                    json!([sample(model, item, name, depth - 1)])
                }
                _ => json!([]),
            }
        }
        Kind::Object(object) => {
            let mut map = Map::new();
            for name in &object.required {
                if let Some(property) = object.property(name).and_then(|p| model.resolve(p)) {
                    let value = sample(model, property, Some(name), depth - 1);
                    map.insert(name.clone(), value);
                }
            }
            Value::Object(map)
        }
        Kind::OneOf(list) | Kind::AnyOf(list) | Kind::AllOf(list) => list
            .first()
            .and_then(|first| model.resolve(first))
            .map_or(json!({}), |s| sample(model, s, name, depth - 1)),
        Kind::Not(_) | Kind::Any(_) => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_hold_required_fields_first_values_and_examples() {
        let spec = serde_yaml::from_str(
            r##"
openapi: 3.0.3
info: {title: t, version: v1}
paths: {}
components:
  schemas:
    Mode: {type: string, enum: [fast, slow]}
    Params:
      type: object
      required: [amount, mode, note, tags, nested]
      properties:
        amount: {type: integer}
        mode: {$ref: "#/components/schemas/Mode"}
        note: {type: string}
        tags: {type: array, minItems: 1, items: {type: string, example: red}}
        nested: {oneOf: [{$ref: "#/components/schemas/Missing"}]}
        optional: {type: boolean}
"##,
        )
        .unwrap();
        let model = Model::of(&spec);
        let params = model.inline_schema("Params").unwrap();
        assert_eq!(
            sample(&model, params, None, 8),
            json!({"amount": 1000, "mode": "fast", "note": "note_value", "tags": ["red"], "nested": {}})
        );
        assert_eq!(sample(&model, params, None, 0), Value::Null);
    }
}
