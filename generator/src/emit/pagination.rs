//! `generated/pagination.rs`: every list envelope and item type of a cursor-paginated
//! operation implements the SDK's pagination traits (`ListPage`, `Cursor`).

use quote::{format_ident, quote};

use crate::field_rules;
use crate::model::Model;

/// `generated/pagination.rs`: the pagination traits for every list envelope and item type.
pub fn module(model: &Model) -> syn::File {
    let lists: std::collections::BTreeMap<&String, &String> = model
        .operations
        .iter()
        .filter_map(|op| op.pagination.as_ref()?.as_ref().ok())
        .map(|p| (&p.list, &p.item))
        .collect();
    let mut items: Vec<syn::Item> = Vec::new();
    let mut item_types: Vec<&String> = lists.values().copied().collect();
    item_types.sort();
    item_types.dedup();
    for (list, item) in lists {
        let list_ident = format_ident!("{list}");
        let item_ident = format_ident!("{item}");
        // A list envelope's `data` is a `Vec` (empty when absent), see `field_rules`.
        let envelope = model
            .object(list)
            .is_some_and(field_rules::is_list_envelope);
        let data = if envelope || required_field(model, list, "data") {
            quote!(self.data)
        } else {
            quote!(self.data.unwrap_or_default())
        };
        let has_more = if required_field(model, list, "has_more") {
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
        let has_id = model
            .object(item)
            .is_some_and(|o| o.property("id").is_some());
        let body = match (has_id, required_field(model, item, "id")) {
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

fn required_field(model: &Model, schema: &str, field: &str) -> bool {
    model.object(schema).is_some_and(|o| o.requires(field))
}
