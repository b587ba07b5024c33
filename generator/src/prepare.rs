//! Prepare stage: the spec as written → the spec progenitor is given.
//!
//! - Operations marked `x-codegen: hand-written` are removed (the SDK implements them by hand).
//! - Integer parameters lose their `minimum`/`maximum`: progenitor would type `limit` (1–100)
//!   as `NonZeroU64`, which callers cannot pass a literal to; the server checks the range.
//! - A component schema's own `nullable` (how the spec lets a reference be `null`) is left to
//!   the fields that reference it, which are `Option`s; inline properties keep theirs, so an
//!   optional list or map the spec marks `nullable` becomes `Option<…>`.
//! - A property marked `x-expandable` references a stand-in schema that the generate stage
//!   replaces with the SDK's `Expandable<…>` (see [`crate::field_rules`]).
//! - A property marked `x-json-string` is written as `anyOf: [<its schema>, <the string
//!   form>]`; progenitor is given the first alternative, and the refine stage decodes both.
//! - A list envelope's `data` loses its `nullable`, so it is a `Vec` that defaults to empty;
//!   the refine stage reads `null` as empty too.

use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema,
    SchemaKind, Type,
};

use crate::field_rules;
use crate::model::Model;

/// Returns the spec to hand to progenitor; `model` (of `spec`) says which fields the rules of
/// [`crate::field_rules`] apply to.
pub fn prepare(spec: &OpenAPI, model: &Model) -> OpenAPI {
    let mut spec = spec.clone();
    let hand_written: Vec<(&str, &str)> = (model.operations.iter())
        .filter(|op| op.hand_written)
        .map(|op| (op.path.as_str(), op.method.as_str()))
        .collect();
    for (path, item) in spec.paths.paths.iter_mut() {
        if let ReferenceOr::Item(item) = item {
            for (method, op) in METHODS.into_iter().zip(operations_mut(item)) {
                if hand_written.contains(&(path.as_str(), method)) {
                    *op = None;
                }
            }
        }
    }
    spec.paths.paths.retain(|_, item| {
        item.as_item()
            .is_none_or(|item| item.iter().next().is_some())
    });
    strip_component_nullability(&mut spec);
    unbound_parameters(&mut spec);
    expandable_stand_ins(&mut spec, model);
    json_string_first_form(&mut spec);
    list_data_not_nullable(&mut spec, model);
    spec
}

/// Points every `x-expandable` property at its stand-in schema, and adds the stand-ins.
fn expandable_stand_ins(spec: &mut OpenAPI, model: &Model) {
    let targets = field_rules::expandable_targets(model);
    let Some(components) = &mut spec.components else {
        return;
    };
    for (name, schema) in components.schemas.iter_mut() {
        let Some(object) = object_mut(schema) else {
            continue;
        };
        for (property_name, property) in object.properties.iter_mut() {
            let ReferenceOr::Item(schema) = property else {
                continue;
            };
            let written = model.object(name).and_then(|o| o.property(property_name));
            let Some(target) = written.and_then(field_rules::expandable) else {
                continue;
            };
            let reference = format!(
                "{}{}",
                crate::model::SCHEMA_PREFIX,
                field_rules::stand_in(target)
            );
            let mut data = schema.schema_data.clone();
            data.nullable = false;
            **schema = Schema {
                schema_data: data,
                schema_kind: SchemaKind::AllOf {
                    all_of: vec![ReferenceOr::Reference { reference }],
                },
            };
        }
    }
    for target in targets {
        let stand_in = Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Type(Type::String(Default::default())),
        };
        components
            .schemas
            .insert(field_rules::stand_in(&target), ReferenceOr::Item(stand_in));
    }
}

/// Replaces every `x-json-string` union with its first alternative: the field's own type.
fn json_string_first_form(spec: &mut OpenAPI) {
    let Some(components) = &mut spec.components else {
        return;
    };
    for schema in components.schemas.values_mut() {
        let Some(object) = object_mut(schema) else {
            continue;
        };
        for property in object.properties.values_mut() {
            let ReferenceOr::Item(schema) = property else {
                continue;
            };
            let marked = schema.schema_data.extensions.get(field_rules::JSON_STRING)
                == Some(&serde_json::Value::Bool(true));
            let SchemaKind::AnyOf { any_of } = &schema.schema_kind else {
                continue;
            };
            let Some(first) = any_of.first().filter(|_| marked).cloned() else {
                continue;
            };
            let mut data = schema.schema_data.clone();
            **schema = match first {
                ReferenceOr::Reference { reference } => Schema {
                    schema_data: data,
                    schema_kind: SchemaKind::AllOf {
                        all_of: vec![ReferenceOr::Reference { reference }],
                    },
                },
                ReferenceOr::Item(first) => {
                    data.nullable = first.schema_data.nullable;
                    Schema {
                        schema_data: data,
                        schema_kind: first.schema_kind,
                    }
                }
            };
        }
    }
}

/// Makes the `data` of every list envelope a non-nullable array.
fn list_data_not_nullable(spec: &mut OpenAPI, model: &Model) {
    let Some(components) = &mut spec.components else {
        return;
    };
    for (name, schema) in components.schemas.iter_mut() {
        let is_list = model
            .object(name)
            .is_some_and(field_rules::is_list_envelope);
        if let (true, Some(object)) = (is_list, object_mut(schema))
            && let Some(ReferenceOr::Item(data)) = object.properties.get_mut("data")
        {
            data.schema_data.nullable = false;
        }
    }
}

fn object_mut(schema: &mut ReferenceOr<Schema>) -> Option<&mut openapiv3::ObjectType> {
    match schema {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Object(object)),
            ..
        }) => Some(object),
        _ => None,
    }
}

/// The methods of [`operations_mut`]'s slots, as the model writes them.
const METHODS: [&str; 8] = [
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE",
];

fn operations_mut(item: &mut PathItem) -> [&mut Option<Operation>; 8] {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
}

/// Removes the bounds of every integer parameter (the shared ones and each operation's own).
fn unbound_parameters(spec: &mut OpenAPI) {
    let shared = spec
        .components
        .iter_mut()
        .flat_map(|c| c.parameters.values_mut());
    let own = spec
        .paths
        .paths
        .values_mut()
        .filter_map(|item| match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { .. } => None,
        })
        .flat_map(|item| {
            let ops: Vec<&mut Operation> = operations_mut(item)
                .into_iter()
                .filter_map(Option::as_mut)
                .collect();
            ops.into_iter().flat_map(|op| op.parameters.iter_mut())
        });
    for parameter in shared.chain(own) {
        let ReferenceOr::Item(
            Parameter::Query { parameter_data, .. }
            | Parameter::Header { parameter_data, .. }
            | Parameter::Path { parameter_data, .. }
            | Parameter::Cookie { parameter_data, .. },
        ) = parameter
        else {
            continue;
        };
        let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
            &mut parameter_data.format
        else {
            continue;
        };
        if let SchemaKind::Type(Type::Integer(integer)) = &mut schema.schema_kind {
            integer.minimum = None;
            integer.maximum = None;
        }
    }
}

/// Moves nullability from the referenced schema to the fields that reference it. The spec
/// says a field may be `null` the only way OpenAPI 3.0 allows for a reference: the schema it
/// references is `nullable` (an enum's values include `null`, a union's first typed
/// alternative is `nullable`). Progenitor would make such a schema an `Option` newtype; the
/// optional fields that reference it are `Option`s already.
fn strip_component_nullability(spec: &mut OpenAPI) {
    let Some(components) = &mut spec.components else {
        return;
    };
    for schema in components.schemas.values_mut() {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        schema.schema_data.nullable = false;
        match &mut schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string.enumeration.retain(Option::is_some),
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                for alternative in list.iter_mut() {
                    if let ReferenceOr::Item(alternative) = alternative {
                        alternative.schema_data.nullable = false;
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_components_leave_nullability_to_their_fields() {
        let spec: OpenAPI = serde_yaml::from_str(
            r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        tags: {type: array, nullable: true, items: {type: string}}
    Status: {type: string, nullable: true, enum: [open, null]}
    Number:
      oneOf:
        - {type: integer, nullable: true}
        - {type: string}
"##,
        )
        .unwrap();
        let schemas = prepare(&spec, &Model::of(&spec))
            .components
            .unwrap()
            .schemas;
        let item = |name: &str| schemas[name].as_item().unwrap().clone();
        let SchemaKind::Type(Type::Object(thing)) = item("Thing").schema_kind else {
            panic!()
        };
        let tags = thing.properties["tags"].as_item().unwrap();
        assert!(
            tags.schema_data.nullable,
            "an inline property keeps `nullable`"
        );
        let status = item("Status");
        assert!(!status.schema_data.nullable);
        let SchemaKind::Type(Type::String(string)) = status.schema_kind else {
            panic!()
        };
        assert_eq!(string.enumeration, [Some("open".to_string())]);
        let SchemaKind::OneOf { one_of } = item("Number").schema_kind else {
            panic!()
        };
        assert!(
            one_of
                .iter()
                .all(|a| !a.as_item().unwrap().schema_data.nullable)
        );
    }
}
