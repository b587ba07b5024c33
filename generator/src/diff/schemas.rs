//! Schema comparison: component schemas by name, and any two schemas as the generated Rust sees
//! them (named type, scalar, open string enum, `Vec`, map, struct, or something composite).

use serde_json::Value;

use super::usage::Usage;
use super::{ChangeKind, Changes, Classification};
use crate::model::{Additional, Inline, Kind, Model, Object, Schema};
use Classification::{Additive, Breaking};

/// Compares the component schemas: added, removed, and changed schemas.
pub(super) fn compare_components(old: &Model, new: &Model, usage: &Usage, changes: &mut Changes) {
    for (name, schema) in &old.schemas {
        if new.schema(name).is_none() {
            let shape = describe(&Shape::of(schema));
            changes.push(
                ChangeKind::SchemaRemoved,
                Breaking,
                format!("schema {name}"),
                format!("schema removed (was `{shape}`): its type disappears"),
            );
        }
    }
    for (name, schema) in &new.schemas {
        let site = Site::schema(name, usage.in_requests(name));
        match old.schema(name) {
            None => changes.push(
                ChangeKind::SchemaAdded,
                Additive,
                site.location(""),
                format!("schema added (`{}`)", describe(&Shape::of(schema))),
            ),
            Some(previous) => compare(changes, &site, "", previous, schema, true),
        }
    }
}

/// What a schema is, as far as the generated Rust type goes.
enum Shape<'a> {
    /// A named component schema: its own type, compared where it is defined.
    Named(&'a str),
    /// A string, integer, number or boolean, with its format (`integer (int64)`).
    Scalar(String),
    /// A string enum: an open Rust enum with one variant per value.
    StringEnum {
        format: Option<&'a str>,
        values: &'a [String],
    },
    /// An array: a `Vec` of its items.
    Array(Option<&'a Schema>),
    /// An object without properties: a map of its additional properties (`None`: any value).
    Map(Option<&'a Schema>),
    /// An object with properties: a struct.
    Object(&'a Object),
    /// oneOf, anyOf, allOf, not, or untyped: compared as written, minus the prose.
    Other { written: Value, text: String },
}

impl<'a> Shape<'a> {
    fn of(schema: &'a Schema) -> Self {
        let inline = match schema {
            Schema::Ref(reference) => return Shape::Named(schema_name(reference)),
            Schema::Inline(inline) => inline,
        };
        match &inline.kind {
            // `description` + `allOf: [$ref]` is how the spec describes a reference.
            Kind::AllOf(all_of) => match all_of.as_slice() {
                [only] => Shape::of(only),
                _ => Shape::other(inline, list("all of", all_of)),
            },
            Kind::String { format, values } if values.is_empty() => {
                Shape::Scalar(with_format("string", format.as_deref()))
            }
            Kind::String { format, values } => Shape::StringEnum {
                format: format.as_deref(),
                values,
            },
            Kind::Integer { format, values } => {
                let mut text = with_format("integer", format.as_deref());
                if !values.is_empty() {
                    let values: Vec<String> = values
                        .iter()
                        .map(|v| v.map_or("null".into(), |v| v.to_string()))
                        .collect();
                    text.push_str(&format!(" enum [{}]", values.join(", ")));
                }
                Shape::Scalar(text)
            }
            Kind::Number { format } => Shape::Scalar(with_format("number", format.as_deref())),
            Kind::Boolean => Shape::Scalar("boolean".into()),
            Kind::Array { items, .. } => Shape::Array(items.as_ref()),
            Kind::Object(o) if o.properties.is_empty() => Shape::Map(match &o.additional {
                Some(Additional::Schema(values)) => Some(values),
                _ => None,
            }),
            Kind::Object(o) => Shape::Object(o),
            Kind::OneOf(one_of) => Shape::other(inline, list("one of", one_of)),
            Kind::AnyOf(any_of) => Shape::other(inline, list("any of", any_of)),
            Kind::Not(not) => {
                let text = format!("not {}", describe(&Shape::of(not)));
                Shape::other(inline, text)
            }
            Kind::Any(typ) => Shape::other(inline, typ.clone().unwrap_or_else(|| "any".into())),
        }
    }

    fn other(schema: &Inline, text: String) -> Self {
        let mut written = schema.written.clone().unwrap_or(Value::Null);
        strip_prose(&mut written);
        Shape::Other { written, text }
    }
}

/// A short name of a shape for messages: `string`, `array of Price`, `map of any`.
fn describe(shape: &Shape) -> String {
    let inner = |node: &Option<&Schema>| match node {
        Some(node) => describe(&Shape::of(node)),
        None => "any".into(),
    };
    match shape {
        Shape::Named(name) => (*name).to_string(),
        Shape::Scalar(text) | Shape::Other { text, .. } => text.clone(),
        Shape::StringEnum { format, .. } => with_format("string enum", *format),
        Shape::Array(items) => format!("array of {}", inner(items)),
        Shape::Map(values) => format!("map of {}", inner(values)),
        Shape::Object(_) => "object".into(),
    }
}

/// [`describe`] for a schema as written.
pub(super) fn describe_node(schema: &Schema) -> String {
    describe(&Shape::of(schema))
}

fn list(what: &str, schemas: &[Schema]) -> String {
    let items: Vec<String> = schemas.iter().map(describe_node).collect();
    format!("{what} {}", items.join(", "))
}

fn with_format(kind: &str, format: Option<&str>) -> String {
    match format {
        Some(format) => format!("{kind} ({format})"),
        None => kind.to_string(),
    }
}

/// `Foo` for `#/components/schemas/Foo`; other references are kept whole.
fn schema_name(reference: &str) -> &str {
    reference
        .strip_prefix(crate::model::SCHEMA_PREFIX)
        .unwrap_or(reference)
}

/// Removes what only reaches the docs, so that a composite schema compares by its shape.
fn strip_prose(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in [
                "description",
                "title",
                "example",
                "examples",
                "externalDocs",
            ] {
                map.remove(key);
            }
            map.values_mut().for_each(strip_prose);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_prose),
        _ => {}
    }
}

/// Where changes of one schema are reported.
pub(super) struct Site {
    /// `schema Foo`, or an operation's location.
    location: String,
    /// For a schema inside an operation, what it is there (`request body`, `parameter `x``);
    /// `None` for a component schema, whose inner paths extend the location instead.
    subject: Option<String>,
    /// Whether requests carry the schema: a new required field then breaks callers.
    request: bool,
}

impl Site {
    /// The component schema `name`.
    pub(super) fn schema(name: &str, request: bool) -> Self {
        Site {
            location: format!("schema {name}"),
            subject: None,
            request,
        }
    }

    /// A schema of an operation, e.g. its `request body`.
    pub(super) fn operation(location: &str, subject: impl Into<String>, request: bool) -> Self {
        Site {
            location: location.to_string(),
            subject: Some(subject.into()),
            request,
        }
    }

    fn location(&self, path: &str) -> String {
        match (&self.subject, path) {
            (Some(_), _) | (None, "") => self.location.clone(),
            (None, path) if path.starts_with('[') => format!("{}{path}", self.location),
            (None, path) => format!("{}.{path}", self.location),
        }
    }

    fn message(&self, path: &str, text: &str) -> String {
        match (&self.subject, path) {
            (None, _) => text.to_string(),
            (Some(subject), "") => format!("{subject}: {text}"),
            (Some(subject), path) => format!("{subject} `{path}`: {text}"),
        }
    }

    pub(super) fn push(
        &self,
        changes: &mut Changes,
        kind: ChangeKind,
        class: Classification,
        path: &str,
        text: &str,
    ) {
        changes.push(kind, class, self.location(path), self.message(path, text));
    }
}

/// Compares two schemas found at the same place. `nullable` is compared unless the caller
/// does it itself (properties, where it combines with `required`).
pub(super) fn compare(
    changes: &mut Changes,
    site: &Site,
    path: &str,
    old: &Schema,
    new: &Schema,
    check_nullable: bool,
) {
    if check_nullable && old.nullable() != new.nullable() {
        let text = if new.nullable() {
            "now nullable: its type becomes an `Option`"
        } else {
            "no longer nullable: its type is no longer an `Option`"
        };
        site.push(changes, ChangeKind::NullableChanged, Breaking, path, text);
    }
    let (old_shape, new_shape) = (Shape::of(old), Shape::of(new));
    match (&old_shape, &new_shape) {
        (Shape::Named(a), Shape::Named(b)) if a == b => {}
        (Shape::Scalar(a), Shape::Scalar(b)) if a == b => {}
        (
            Shape::StringEnum { format, values },
            Shape::StringEnum {
                format: new_format,
                values: new_values,
            },
        ) if format == new_format => {
            compare_enum(changes, site, path, values, new_values);
        }
        (Shape::Array(Some(a)), Shape::Array(Some(b))) => {
            compare(changes, site, &format!("{path}[]"), a, b, true);
        }
        (Shape::Map(Some(a)), Shape::Map(Some(b))) => {
            compare(changes, site, &child(path, "*"), a, b, true);
        }
        (Shape::Array(None), Shape::Array(None)) | (Shape::Map(None), Shape::Map(None)) => {}
        (Shape::Object(a), Shape::Object(b)) => compare_objects(changes, site, path, a, b),
        (Shape::Other { written: a, .. }, Shape::Other { written: b, .. }) if a == b => {}
        _ => {
            let (from, to) = (describe(&old_shape), describe(&new_shape));
            let text = if from == to {
                format!("type `{to}` changed")
            } else {
                format!("type changed from `{from}` to `{to}`")
            };
            site.push(changes, ChangeKind::TypeChanged, Breaking, path, &text);
        }
    }
}

fn child(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Enums are open: a new value is additive (it was kept as `Unknown` before), a removed one
/// takes its variant away.
fn compare_enum(changes: &mut Changes, site: &Site, path: &str, old: &[String], new: &[String]) {
    for value in old.iter().filter(|v| !new.contains(v)) {
        let text = format!("enum value `{value}` removed: its variant disappears");
        site.push(changes, ChangeKind::EnumValueRemoved, Breaking, path, &text);
    }
    for value in new.iter().filter(|v| !old.contains(v)) {
        let text = format!("enum value `{value}` added");
        site.push(changes, ChangeKind::EnumValueAdded, Additive, path, &text);
    }
}

fn compare_objects(changes: &mut Changes, site: &Site, path: &str, old: &Object, new: &Object) {
    let required = |object: &Object, name: &str| object.requires(name);
    for (name, _) in &old.properties {
        if new.property(name).is_none() {
            let text = "field removed";
            site.push(
                changes,
                ChangeKind::FieldRemoved,
                Breaking,
                &child(path, name),
                text,
            );
        }
    }
    for (name, property) in &new.properties {
        let at = child(path, name);
        let new_node = property;
        let Some(old_node) = old.property(name) else {
            let shape = describe_node(new_node);
            let (class, text) = match (required(new, name), site.request) {
                (false, _) => (Additive, format!("optional field added (`{shape}`)")),
                (true, true) => (
                    Breaking,
                    format!("required field added (`{shape}`): requests must set it"),
                ),
                (true, false) => (Additive, format!("required field added (`{shape}`)")),
            };
            site.push(changes, ChangeKind::FieldAdded, class, &at, &text);
            continue;
        };
        compare(changes, site, &at, old_node, new_node, false);
        compare_required(
            changes,
            site,
            &at,
            (required(old, name), old_node.nullable()),
            (required(new, name), new_node.nullable()),
        );
    }
    let extra = |object: &Object| match &object.additional {
        None => "unspecified".to_string(),
        Some(Additional::Any(allowed)) => allowed.to_string(),
        Some(Additional::Schema(schema)) => describe_node(schema),
    };
    let (from, to) = (extra(old), extra(new));
    if from != to {
        let text = format!("additionalProperties changed from `{from}` to `{to}`");
        site.push(changes, ChangeKind::TypeChanged, Breaking, path, &text);
    }
}

/// A property's field is an `Option` when it is not required or is nullable (the generator
/// makes every optional property nullable, so `nullable` alone changes nothing there).
fn compare_required(
    changes: &mut Changes,
    site: &Site,
    path: &str,
    (old_required, old_nullable): (bool, bool),
    (new_required, new_nullable): (bool, bool),
) {
    let old_option = !old_required || old_nullable;
    let new_option = !new_required || new_nullable;
    if old_option != new_option {
        let effect = if new_option {
            "the field becomes an `Option`"
        } else {
            "the field is no longer an `Option`"
        };
        let (kind, why) = match (old_required != new_required, new_required, new_nullable) {
            (true, true, _) => (ChangeKind::FieldRequiredChanged, "now required"),
            (true, false, _) => (ChangeKind::FieldRequiredChanged, "no longer required"),
            (false, _, true) => (ChangeKind::NullableChanged, "now nullable"),
            (false, _, false) => (ChangeKind::NullableChanged, "no longer nullable"),
        };
        site.push(changes, kind, Breaking, path, &format!("{why}: {effect}"));
    } else if old_required != new_required {
        let kind = ChangeKind::FieldRequiredChanged;
        if !new_required {
            let text = "no longer required (the field stays an `Option`)";
            site.push(changes, kind, Additive, path, text);
        } else if site.request {
            let text = "now required (the field stays an `Option`): requests must set it";
            site.push(changes, kind, Breaking, path, text);
        } else {
            let text = "now required (the field stays an `Option`)";
            site.push(changes, kind, Additive, path, text);
        }
    }
}
