//! The test kit's operations table (`generated/operations.rs` of `wooshpay-testing`): every
//! operation of the spec as data, generated once and read by both the sandbox (which routes by
//! method and path, and acts by the operation's collection and kind) and the `wooshpay`
//! command line (which builds a command from it). Each entry holds what the model says of the
//! operation, the documented response example and a minimal valid request body, and its
//! command ([`super::cli`]).

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::json;

use super::cli;
use crate::Error;
use crate::model::{self, Model, OperationKind};

/// How deep a sample request body nests before it stops adding optional structure.
const SAMPLE_DEPTH: usize = 8;

/// The operations table module.
pub fn module(model: &Model) -> Result<syn::File, Error> {
    let commands = cli::commands(model)?;
    let operations = model.operations.iter().filter_map(|op| {
        let (id, method, path) = (&op.id, &op.method, &op.path);
        let response_schema = op.success.as_deref()?;
        let command = commands.get(id)?;
        let example = op.success_example.clone().unwrap_or_else(|| json!({}));
        let example = serde_json::to_string(&example).ok()?;
        let request_schema = op.body.clone();
        let sample = request_schema.as_deref().and_then(|name| {
            let schema = model.inline_schema(name)?;
            serde_json::to_string(&model::sample(model, schema, None, SAMPLE_DEPTH)).ok()
        });
        let request_schema = option_str(request_schema.as_deref());
        let sample = option_str(sample.as_deref());
        let collection = &op.resource.collection;
        let kind = kind(&op.kind);
        let parent = match &op.resource.parent {
            Some(parent) => {
                let (collection, field, param) = (&parent.collection, &parent.field, &parent.param);
                quote!(Some(Parent { collection: #collection, field: #field, param: #param }))
            }
            None => quote!(None),
        };
        Some(quote! {
            Operation {
                operation_id: #id,
                method: #method,
                path: #path,
                collection: #collection,
                kind: #kind,
                parent: #parent,
                request_schema: #request_schema,
                response_schema: #response_schema,
                example: #example,
                sample_request: #sample,
                command: #command,
            }
        })
    });
    let operations: Vec<TokenStream> = operations.collect();
    let events = cli::events(model)
        .into_iter()
        .map(|(kind, example)| quote! { (#kind, #example) });
    Ok(syn::parse_quote! {
        //! Every operation of the spec as data, for the sandbox and the command line.
        use crate::operations::{
            Body, Command, Field, Operation, OperationKind, Param, Parent, ValueKind,
        };

        /// The operations, in spec order.
        pub const OPERATIONS: &[Operation] = &[#(#operations),*];

        /// Each event type with the spec's example of its `data.object`, as JSON.
        pub const EVENTS: &[(&str, &str)] = &[#(#events),*];
    })
}

fn kind(kind: &OperationKind) -> TokenStream {
    match kind {
        OperationKind::Create => quote!(OperationKind::Create),
        OperationKind::Retrieve => quote!(OperationKind::Retrieve),
        OperationKind::Update => quote!(OperationKind::Update),
        OperationKind::Delete => quote!(OperationKind::Delete),
        OperationKind::List => quote!(OperationKind::List),
        OperationKind::Search => quote!(OperationKind::Search),
        OperationKind::Action(name) => quote!(OperationKind::Action(#name)),
        OperationKind::SubList(field) => quote!(OperationKind::SubList(#field)),
        OperationKind::Singleton => quote!(OperationKind::Singleton),
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}
