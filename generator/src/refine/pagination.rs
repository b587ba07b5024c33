//! Auto-pagination: every operation marked `x-pagination: cursor` gets a `stream()` method, and
//! every list envelope and item type it returns implements the SDK's pagination traits. The
//! paging logic itself is written once, by hand, in the SDK (`crate::pagination`).

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use quote::{format_ident, quote};
use syn::ImplItem;

use crate::spec;

/// A cursor-paginated operation: its list envelope and item schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOperation {
    /// The list envelope schema (`PaymentIntentList`).
    pub list: String,
    /// The item schema (`PaymentIntent`).
    pub item: String,
    /// Whether the operation takes `ending_before`, so that its stream can page backward.
    pub backward: bool,
}

/// The list envelope and item of a paginated operation, or why it does not qualify.
pub fn list_operation(spec: &OpenAPI, op: &openapiv3::Operation) -> Result<ListOperation, String> {
    let response = op
        .responses
        .responses
        .iter()
        .find(|(code, _)| code.to_string().starts_with('2'))
        .and_then(|(_, r)| spec::resolve_response(spec, r))
        .ok_or("has `x-pagination` but no success response")?;
    let list = response
        .content
        .get("application/json")
        .and_then(|m| m.schema.as_ref())
        .and_then(|s| match s {
            ReferenceOr::Reference { reference } => spec::schema_name(reference),
            ReferenceOr::Item(_) => None,
        })
        .ok_or("has `x-pagination` but its success response is not a named list schema")?;
    let object =
        spec::object(spec, list).ok_or_else(|| format!("list schema `{list}` is not an object"))?;
    if !object.properties.contains_key("has_more") {
        return Err(format!("list schema `{list}` has no `has_more`"));
    }
    let item = match object.properties.get("data") {
        Some(ReferenceOr::Item(data)) => match &data.schema_kind {
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(ReferenceOr::Reference { reference }) => {
                    spec::schema_name(reference).map(str::to_owned)
                }
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
    .ok_or_else(|| format!("list schema `{list}` has no `data` array of a named schema"))?;
    let has_query = |name: &str| {
        op.parameters
            .iter()
            .filter_map(|p| spec::resolve_parameter(spec, p))
            .any(|p| {
                matches!(p, openapiv3::Parameter::Query { .. })
                    && p.parameter_data_ref().name == name
            })
    };
    if !has_query("starting_after") {
        return Err("has `x-pagination` but no `starting_after` query parameter".into());
    }
    Ok(ListOperation {
        list: list.to_string(),
        item,
        backward: has_query("ending_before"),
    })
}

/// Whether an operation is marked `x-pagination: cursor`.
pub fn is_paginated(op: &openapiv3::Operation) -> bool {
    op.extensions.get("x-pagination").and_then(|v| v.as_str()) == Some("cursor")
}

/// The `stream()` method of a paginated operation's builder.
pub fn stream_method(list: &ListOperation) -> ImplItem {
    let item = format_ident!("{}", list.item);
    if !list.backward {
        return syn::parse_quote! {
            /// Every item of the list, across pages, as a stream. The next page is requested
            /// (with `starting_after` set to the last item's id) only when the stream is polled
            /// past the items already received; the other parameters stay as set. An error ends
            /// the stream, as does a server that repeats a cursor.
            pub fn stream(
                self,
            ) -> impl futures_core::Stream<Item = Result<types::#item, Error>> + Unpin + Send + 'a {
                let start = crate::pagination::Start {
                    after: self.starting_after.clone().ok().flatten(),
                    before: None,
                };
                crate::pagination::paginate(
                    self,
                    start,
                    Self::starting_after::<String>,
                    Self::starting_after::<String>,
                    Self::send,
                )
            }
        };
    }
    syn::parse_quote! {
        /// Every item of the list, across pages, as a stream. The next page is requested only
        /// when the stream is polled past the items already received; the other parameters stay
        /// as set. Forward by default (`starting_after` set to each page's last item); with
        /// `ending_before` set, backward (`ending_before` set to each page's first item, and
        /// each page's items from last to first). Setting both is an error, as is a server that
        /// repeats a cursor; an error ends the stream.
        pub fn stream(
            self,
        ) -> impl futures_core::Stream<Item = Result<types::#item, Error>> + Unpin + Send + 'a {
            let start = crate::pagination::Start {
                after: self.starting_after.clone().ok().flatten(),
                before: self.ending_before.clone().ok().flatten(),
            };
            crate::pagination::paginate(
                self,
                start,
                Self::starting_after::<String>,
                Self::ending_before::<String>,
                Self::send,
            )
        }
    }
}

/// `generated/pagination.rs`: the pagination traits for every list envelope and item type.
pub fn impls(spec: &OpenAPI, lists: &BTreeMap<String, String>) -> syn::File {
    let mut items: Vec<syn::Item> = Vec::new();
    let mut item_types: Vec<&String> = lists.values().collect();
    item_types.sort();
    item_types.dedup();
    for (list, item) in lists {
        let list_ident = format_ident!("{list}");
        let item_ident = format_ident!("{item}");
        let data = if required_field(spec, list, "data") {
            quote!(self.data)
        } else {
            quote!(self.data.unwrap_or_default())
        };
        let has_more = if required_field(spec, list, "has_more") {
            quote!(self.has_more)
        } else {
            quote!(self.has_more.unwrap_or(false))
        };
        items.push(syn::parse_quote! {
            impl ListPage for types::#list_ident {
                type Item = types::#item_ident;
                fn into_page(self) -> (Vec<types::#item_ident>, bool) {
                    (#data, #has_more)
                }
            }
        });
    }
    for item in item_types {
        let ident = format_ident!("{item}");
        let has_id = spec::object(spec, item).is_some_and(|o| o.properties.contains_key("id"));
        let body = match (has_id, required_field(spec, item, "id")) {
            (true, true) => quote!(Some(self.id.as_str())),
            (true, false) => quote!(self.id.as_deref()),
            (false, _) => quote!(None),
        };
        items.push(syn::parse_quote! {
            impl Cursor for types::#ident {
                fn cursor(&self) -> Option<&str> {
                    #body
                }
            }
        });
    }
    let mut file: syn::File = syn::parse_quote! {
        //! Pagination traits for every list envelope and item type of a cursor-paginated
        //! operation.
        use super::types;
        use crate::pagination::{Cursor, ListPage};
    };
    file.items.extend(items);
    file
}

fn required_field(spec: &OpenAPI, schema: &str, field: &str) -> bool {
    spec::object(spec, schema).is_some_and(|o| o.required.iter().any(|r| r == field))
}
