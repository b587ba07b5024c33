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

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use serde_json::Value;

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

/// Each component schema's properties, with the schema's name.
fn properties(spec: &OpenAPI) -> impl Iterator<Item = (&String, &String, &openapiv3::Schema)> {
    spec.components
        .iter()
        .flat_map(|c| &c.schemas)
        .filter_map(|(name, schema)| Some((name, object_of(schema.as_item()?)?)))
        .flat_map(|(name, object)| {
            object
                .properties
                .iter()
                .filter_map(move |(property, schema)| Some((name, property, schema.as_item()?)))
        })
        .map(|(name, property, schema)| (name, property, schema.as_ref()))
}

fn object_of(schema: &openapiv3::Schema) -> Option<&openapiv3::ObjectType> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(object),
        _ => None,
    }
}

/// The schema a property marked `x-expandable` expands to.
pub fn expandable(schema: &openapiv3::Schema) -> Option<&str> {
    schema.schema_data.extensions.get(EXPANDABLE)?.as_str()
}

/// The name of the stand-in schema the prepare stage references for an expandable `target`,
/// which the generate stage replaces with the SDK's `Expandable<target>`.
pub fn stand_in(target: &str) -> String {
    format!("Expandable{target}")
}

/// Every schema some property expands to.
pub fn expandable_targets(spec: &OpenAPI) -> BTreeSet<String> {
    properties(spec)
        .filter_map(|(_, _, schema)| expandable(schema).map(str::to_string))
        .collect()
}

/// Whether the component schema `schema` is a list envelope: `data` (an array) and `has_more`.
pub fn is_list_envelope(schema: &openapiv3::Schema) -> bool {
    object_of(schema).is_some_and(|object| {
        object.properties.contains_key("has_more")
            && object
                .properties
                .get("data")
                .and_then(ReferenceOr::as_item)
                .is_some_and(|data| matches!(data.schema_kind, SchemaKind::Type(Type::Array(_))))
    })
}

/// The fields decoded by a rule, in spec order.
pub fn decode_rules(spec: &OpenAPI) -> Vec<FieldRule> {
    let mut rules = Vec::new();
    for (schema, property, property_schema) in properties(spec) {
        let json_string =
            property_schema.schema_data.extensions.get(JSON_STRING) == Some(&Value::Bool(true));
        let list_data = property == "data"
            && crate::spec::schema(spec, schema).is_some_and(is_list_envelope)
            && !crate::spec::object(spec, schema)
                .is_some_and(|o| o.required.iter().any(|r| r == "data"));
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
