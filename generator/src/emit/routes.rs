//! `generated/routes.rs`: every operation of the spec as data — method, path template, request
//! and response schemas, the documented response example and a minimal valid request body —
//! for the SDK's offline sandbox (the `mock` feature).

use openapiv3::OpenAPI;
use quote::quote;
use serde_json::json;

use crate::model::{self, Model};
use crate::spec;

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
            serde_json::to_string(&model::sample(spec, schema, SAMPLE_DEPTH)).ok()
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
        use crate::Route;

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
