//! Refine stage: progenitor's token stream → the SDK's generated modules.
//!
//! Each step is its own module: [`operations`] (dispatch through the SDK runtime, method docs),
//! [`enums`] (open enums), [`paths`] (short prelude paths), [`docs`] (line-per-line docs).

mod docs;
mod enums;
pub mod events;
mod operations;
pub mod pagination;
pub mod paths;
mod registry;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use syn::Item;

use crate::Error;

/// The refined code, split into the modules it is written to.
pub struct Refined {
    /// `generated/mod.rs`: the `Client` struct and its operation methods.
    pub client: syn::File,
    /// `generated/types.rs`: the schema types.
    pub types: syn::File,
    /// `generated/builder.rs`: one request builder per operation.
    pub builder: syn::File,
    /// `generated/pagination.rs`: pagination traits for list envelopes and their items.
    pub pagination: syn::File,
    /// `generated/schemas.rs`: every component schema by name.
    pub schemas: syn::File,
    /// `generated/events.rs`: event objects typed by event type.
    pub events: syn::File,
    /// Number of operations (request builders).
    pub operations: usize,
    /// Number of schema types (structs and enums).
    pub types_count: usize,
}

/// Applies every refinement and splits the result into modules.
pub fn refine(tokens: TokenStream, spec: &OpenAPI) -> Result<Refined, Error> {
    let refine_err = |e: syn::Error| Error::Refine(e.to_string());
    let mut file: syn::File = syn::parse2(tokens).map_err(refine_err)?;
    let lists = operations::list_operations(spec)?;
    let operations = operations::refine(&mut file, spec, &lists)?;
    file.items.push(syn::parse_quote! {
        /// Pagination traits for every list envelope and item type.
        mod pagination;
    });
    file.items.push(syn::parse_quote! {
        /// Every component schema by name, for tools that work from the spec.
        #[doc(hidden)]
        pub mod schemas;
    });
    let list_items = lists
        .values()
        .map(|l| (l.list.clone(), l.item.clone()))
        .collect();
    let pagination = pagination::impls(spec, &list_items);
    let schemas = registry::registry(spec);
    let events = events::module(spec);
    file.items.push(syn::parse_quote! {
        /// Event objects typed by the event's type.
        pub mod events;
    });
    let mut types = take_module(&mut file, "types")?;
    let builder = take_module(&mut file, "builder")?;
    enums::open_string_enums(&mut types).map_err(refine_err)?;
    let types_count = types
        .iter()
        .filter(|i| matches!(i, Item::Struct(_) | Item::Enum(_)))
        .count();
    let mut files = [
        file,
        as_file(types),
        as_file(builder),
        pagination,
        schemas,
        events,
    ];
    for f in &mut files {
        paths::simplify(f).map_err(refine_err)?;
        docs::normalize(f);
    }
    let [client, types, builder, pagination, schemas, events] = files;
    Ok(Refined {
        client,
        types,
        builder,
        pagination,
        schemas,
        events,
        operations,
        types_count,
    })
}

/// Replaces `mod name { … }` with `mod name;` and returns its items.
fn take_module(file: &mut syn::File, name: &str) -> Result<Vec<Item>, Error> {
    for item in &mut file.items {
        if let Item::Mod(m) = item
            && m.ident == name
            && let Some((_, items)) = m.content.take()
        {
            m.semi = Some(Default::default());
            return Ok(items);
        }
    }
    Err(Error::Refine(format!(
        "progenitor's output has no `{name}` module"
    )))
}

fn as_file(items: Vec<Item>) -> syn::File {
    syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    }
}
