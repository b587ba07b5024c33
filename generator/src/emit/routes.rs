//! `generated/routes.rs`: every operation of the spec as data — method, path template, request
//! and response schemas, the documented response example and a minimal valid request body —
//! for the SDK's offline sandbox (the `mock` feature).

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use quote::quote;
use serde_json::{Map, Value, json};

use crate::model::Model;
use crate::spec::{self, schema_name};

/// How deep a sample request body nests before it stops adding optional structure.
const SAMPLE_DEPTH: usize = 8;

/// The routes module.
pub fn module(spec: &OpenAPI, model: &Model) -> syn::File {
    let routes = model.operations.iter().filter_map(|op| {
        let (id, method, path) = (&op.id, &op.method, &op.path);
        let response_schema = op.success.as_deref()?;
        let example = op.success_example.clone().unwrap_or_else(|| json!({}));
        let example = serde_json::to_string(&example).ok()?;
        let request_schema = op.body.clone();
        let sample = request_schema.as_deref().and_then(|name| {
            let schema = spec::schema(spec, name)?;
            serde_json::to_string(&sample(spec, schema, SAMPLE_DEPTH)).ok()
        });
        let request_schema = option_str(request_schema.as_deref());
        let sample = option_str(sample.as_deref());
        Some(quote! {
            Route {
                operation_id: #id,
                method: #method,
                path: #path,
                request_schema: #request_schema,
                response_schema: #response_schema,
                example: #example,
                sample_request: #sample,
            }
        })
    });
    syn::parse_quote! {
        //! Every operation of the spec as data, for the sandbox.
        use crate::testing::Route;

        /// The operations, in spec order.
        pub(crate) const ROUTES: &[Route] = &[#(#routes),*];
    }
}

fn option_str(value: Option<&str>) -> proc_macro2::TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// A minimal JSON value valid for `schema`: required properties only, first enum values,
/// first `oneOf` alternatives.
fn sample(spec: &OpenAPI, schema: &Schema, depth: usize) -> Value {
    let resolve = |r: &ReferenceOr<Schema>| -> Option<Schema> {
        match r {
            ReferenceOr::Item(s) => Some(s.clone()),
            ReferenceOr::Reference { reference } => {
                spec::schema(spec, schema_name(reference)?).cloned()
            }
        }
    };
    let resolve_boxed = |r: &ReferenceOr<Box<Schema>>| -> Option<Schema> {
        match r {
            ReferenceOr::Item(s) => Some((**s).clone()),
            ReferenceOr::Reference { reference } => {
                spec::schema(spec, schema_name(reference)?).cloned()
            }
        }
    };
    if depth == 0 {
        return Value::Null;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Value::String(
            s.enumeration
                .iter()
                .flatten()
                .next()
                .cloned()
                .unwrap_or_else(|| "string".into()),
        ),
        SchemaKind::Type(Type::Integer(_)) => json!(1),
        SchemaKind::Type(Type::Number(_)) => json!(1),
        SchemaKind::Type(Type::Boolean(_)) => json!(true),
        SchemaKind::Type(Type::Array(array)) => {
            match array.items.as_ref().and_then(resolve_boxed) {
                Some(item) if array.min_items.unwrap_or(0) > 0 => {
                    json!([sample(spec, &item, depth - 1)])
                }
                _ => json!([]),
            }
        }
        SchemaKind::Type(Type::Object(object)) => {
            let mut map = Map::new();
            for name in &object.required {
                if let Some(property) = object.properties.get(name).and_then(resolve_boxed) {
                    map.insert(name.clone(), sample(spec, &property, depth - 1));
                }
            }
            Value::Object(map)
        }
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AnyOf { any_of: list }
        | SchemaKind::AllOf { all_of: list } => list
            .first()
            .and_then(resolve)
            .map_or(json!({}), |s| sample(spec, &s, depth - 1)),
        _ => json!({}),
    }
}
