//! Property extensions for what OpenAPI 3.0 cannot say about a response field, and the rules
//! the later stages read off them:
//!
//! - `x-expandable: <Schema>`: the field holds either the id of a `<Schema>` object or the
//!   object expanded; the spec writes it as `anyOf: [{type: string}, {$ref: <Schema>}]`. The
//!   SDK types it `Expandable<Schema>`.
//! - `x-json-string: true`: the field may also arrive as a JSON-encoded string of its value
//!   (`"[\"card\"]"` for `["card"]`), or as `""` for none. The SDK decodes all three forms into
//!   the field's own type.
//!
//! And one rule of the API's shape: a list envelope's `data` (an object with a `data` array and
//! `has_more`) is a plain `Vec`, empty when the field is absent or `null`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::{Inline, Kind, Model, Object, Schema};

/// The property extension naming the schema an id-or-object field expands to.
pub const EXPANDABLE: &str = "x-expandable";
/// The property extension marking a field that may arrive as a JSON-encoded string.
pub const JSON_STRING: &str = "x-json-string";

/// How the SDK decodes a field beyond what its type says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decode {
    /// The value, its JSON-encoded string, or `""`/`null` for none.
    JsonString,
    /// A list, with `null` read as empty.
    NullAsEmpty,
}

impl Decode {
    /// The SDK's `deserialize_with` function for this rule.
    pub fn function(self) -> &'static str {
        match self {
            Decode::JsonString => "crate::json_string::deserialize",
            Decode::NullAsEmpty => "crate::null_as_empty::deserialize",
        }
    }
}

/// One field decoded by a rule: `schema.property`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRule {
    /// The component schema (the Rust type's name).
    pub schema: String,
    /// The property (the wire name of the field).
    pub property: String,
    /// How it is decoded.
    pub decode: Decode,
}

/// Each component object schema's properties given in place, with the schema's name and
/// object.
fn properties(model: &Model) -> impl Iterator<Item = (&String, &Object, &String, &Inline)> {
    model
        .schemas
        .iter()
        .filter_map(|(name, schema)| Some((name, schema.object()?)))
        .flat_map(|(name, object)| {
            object
                .properties
                .iter()
                .filter_map(move |(property, schema)| {
                    Some((name, object, property, schema.inline()?))
                })
        })
}

/// The schema a property marked `x-expandable` expands to.
pub fn expandable(schema: &Schema) -> Option<&str> {
    schema.extension(EXPANDABLE)?.as_str()
}

/// The name of the stand-in schema the prepare stage references for an expandable `target`,
/// which the generate stage replaces with the SDK's `Expandable<target>`.
pub fn stand_in(target: &str) -> String {
    format!("Expandable{target}")
}

/// Every schema some property expands to.
pub fn expandable_targets(model: &Model) -> BTreeSet<String> {
    model
        .schemas
        .iter()
        .filter_map(|(_, schema)| schema.object())
        .flat_map(|object| &object.properties)
        .filter_map(|(_, property)| expandable(property).map(str::to_string))
        .collect()
}

/// Whether an object schema is a list envelope: `data` (an array) and `has_more`.
pub fn is_list_envelope(object: &Object) -> bool {
    object.property("has_more").is_some()
        && object
            .property("data")
            .and_then(Schema::inline)
            .is_some_and(|data| matches!(data.kind, Kind::Array { .. }))
}

/// The fields decoded by a rule, in spec order.
pub fn decode_rules(model: &Model) -> Vec<FieldRule> {
    let mut rules = Vec::new();
    for (schema, object, property, property_schema) in properties(model) {
        let json_string = property_schema.extensions.get(JSON_STRING) == Some(&Value::Bool(true));
        let list_data = property == "data" && is_list_envelope(object) && !object.requires("data");
        let decode = match (json_string, list_data) {
            (true, _) => Decode::JsonString,
            (false, true) => Decode::NullAsEmpty,
            (false, false) => continue,
        };
        rules.push(FieldRule {
            schema: schema.clone(),
            property: property.clone(),
            decode,
        });
    }
    rules
}
