//! Prepare stage: the spec as written → the spec progenitor is given.
//!
//! - Operations marked `x-codegen: hand-written` are removed (the SDK implements them by hand).
//! - Every optional property also accepts `null` (the spec policy), so an optional list or map
//!   becomes `Option<…>` instead of a `Vec`/`Map` that would reject `null`.

use openapiv3::{
    AdditionalProperties, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, Schema, SchemaKind, Type,
};

use crate::spec;

/// Returns the spec to hand to progenitor.
pub fn prepare(spec: &OpenAPI) -> OpenAPI {
    let mut spec = spec.clone();
    for item in spec.paths.paths.values_mut() {
        if let ReferenceOr::Item(item) = item {
            for op in operations_mut(item) {
                if op.as_ref().is_some_and(spec::is_hand_written) {
                    *op = None;
                }
            }
        }
    }
    spec.paths.paths.retain(|_, item| {
        item.as_item()
            .is_none_or(|item| item.iter().next().is_some())
    });
    visit_document(&mut spec);
    spec
}

fn visit_document(spec: &mut OpenAPI) {
    if let Some(components) = &mut spec.components {
        components.schemas.values_mut().for_each(visit_ref_or);
        for response in components.responses.values_mut().filter_map(item_mut) {
            response
                .content
                .values_mut()
                .filter_map(|m| m.schema.as_mut())
                .for_each(visit_ref_or);
        }
        for body in components.request_bodies.values_mut().filter_map(item_mut) {
            body.content
                .values_mut()
                .filter_map(|m| m.schema.as_mut())
                .for_each(visit_ref_or);
        }
        components
            .parameters
            .values_mut()
            .filter_map(item_mut)
            .for_each(visit_parameter);
    }
    for item in spec.paths.paths.values_mut().filter_map(item_mut) {
        item.parameters
            .iter_mut()
            .filter_map(item_mut)
            .for_each(visit_parameter);
        for op in operations_mut(item).into_iter().filter_map(Option::as_mut) {
            op.parameters
                .iter_mut()
                .filter_map(item_mut)
                .for_each(visit_parameter);
            if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
                body.content
                    .values_mut()
                    .filter_map(|m| m.schema.as_mut())
                    .for_each(visit_ref_or);
            }
            let responses = op
                .responses
                .responses
                .values_mut()
                .chain(op.responses.default.as_mut());
            for response in responses.filter_map(item_mut) {
                response
                    .content
                    .values_mut()
                    .filter_map(|m| m.schema.as_mut())
                    .for_each(visit_ref_or);
            }
        }
    }
}

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

fn item_mut<T>(r: &mut ReferenceOr<T>) -> Option<&mut T> {
    match r {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { .. } => None,
    }
}

fn visit_parameter(param: &mut Parameter) {
    let data = match param {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    if let ParameterSchemaOrContent::Schema(schema) = &mut data.format {
        visit_ref_or(schema);
    }
}

fn visit_ref_or(schema: &mut ReferenceOr<Schema>) {
    if let ReferenceOr::Item(schema) = schema {
        visit_schema(schema);
    }
}

fn visit_boxed(schema: &mut ReferenceOr<Box<Schema>>) {
    if let ReferenceOr::Item(schema) = schema {
        visit_schema(schema);
    }
}

fn visit_schema(schema: &mut Schema) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            for (name, property) in object.properties.iter_mut() {
                if let ReferenceOr::Item(property) = property {
                    if !object.required.contains(name) {
                        property.schema_data.nullable = true;
                    }
                    visit_schema(property);
                }
            }
            if let Some(AdditionalProperties::Schema(extra)) = &mut object.additional_properties {
                visit_ref_or(extra);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &mut array.items {
                visit_boxed(items);
            }
        }
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list } => list.iter_mut().for_each(visit_ref_or),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_inline_properties_become_nullable() {
        let spec: OpenAPI = serde_yaml::from_str(
            r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
        tags: {type: array, items: {type: string}}
        other: {$ref: "#/components/schemas/Other"}
    Other: {type: object}
"##,
        )
        .unwrap();
        let prepared = prepare(&spec);
        let thing = prepared.components.unwrap().schemas["Thing"]
            .as_item()
            .unwrap()
            .clone();
        let SchemaKind::Type(Type::Object(object)) = thing.schema_kind else {
            panic!()
        };
        let nullable = |name: &str| {
            object.properties[name]
                .as_item()
                .unwrap()
                .schema_data
                .nullable
        };
        assert!(!nullable("id"), "a required property stays non-nullable");
        assert!(nullable("tags"), "an optional property accepts null");
        assert!(
            object.properties["other"].as_item().is_none(),
            "references are left as they are"
        );
    }
}
