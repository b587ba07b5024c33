//! Refine stage: rewrites of progenitor's token stream, each its own module, matching syntax
//! trees and failing with an error naming the rewrite when what it rewrites is not there:
//! [`operations`] (dispatch through the SDK runtime), [`method_docs`] (docs from the model), [`enums`] (open enums),
//! [`field_decoders`] (fields that arrive in more than one form), [`field_docs`] (how to read
//! timestamps and amounts), [`stability`] (`#[non_exhaustive]`), [`paths`] (short prelude paths), [`docs`] (line-per-line
//! docs), [`pagination`] (`stream()` on list builders), [`mocks`] and [`mock_docs`] (the httpmock
//! helpers).

mod builder_errors;
mod docs;
mod enums;
mod field_decoders;
mod field_docs;
mod method_docs;
mod mock_docs;
mod mocks;
pub(crate) mod operations;
mod pagination;
pub mod paths;
mod scalar_unions;
mod stability;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use syn::Item;

pub(crate) use docs::normalize as normalize_docs;

use crate::Error;
use crate::model::Model;

/// progenitor's output, refined, by part.
pub struct Refined {
    /// The top level: the `Client` and its operation methods, `mod types; mod builder;`.
    pub client: syn::File,
    /// The `types` module: schema types, with their `builder` module inside.
    pub types: Vec<Item>,
    /// The `builder` module: one request builder per operation.
    pub operations: Vec<Item>,
    /// The httpmock helpers.
    pub mock: syn::File,
    /// Each operation builder's name with its operation id.
    pub builders: BTreeMap<String, String>,
    /// Number of schema types (structs and enums).
    pub types_count: usize,
}

/// Applies every rewrite to progenitor's client (`tokens`) and mocks (`mocks`).
pub fn refine(tokens: TokenStream, mocks: TokenStream, model: &Model) -> Result<Refined, Error> {
    let refine_err = |e: syn::Error| Error::Refine(e.to_string());
    let mut client: syn::File = syn::parse2(tokens).map_err(refine_err)?;
    let operations = operations::refine(&mut client, model)?;
    let mut types = take_module(&mut client, "types")?;
    let builder = take_module(&mut client, "builder")?;
    enums::open_string_enums(&mut types, &model.open_enums).map_err(refine_err)?;
    scalar_unions::read_by_json_type(&mut types).map_err(refine_err)?;
    field_decoders::apply(&mut types, &crate::field_rules::decode_rules(model))
        .map_err(refine_err)?;
    let expandable = crate::field_rules::expandable_targets(model);
    if !expandable.is_empty() {
        // The SDK's runtime type the expandable fields are, beside them in `types`.
        types.push(syn::parse_quote!(
            pub use crate::expandable::Expandable;
        ));
    }
    for target in &expandable {
        // `Expandable<T>::id()` reads the id of an expanded object through this.
        let has_id = model
            .object(target)
            .is_some_and(|o| o.required.iter().any(|r| r == "id"));
        if !has_id {
            return Err(Error::Refine(format!(
                "`{target}` is an `x-expandable` target without a required `id`"
            )));
        }
        let ty: syn::Ident = syn::parse_str(target).map_err(refine_err)?;
        types.push(syn::parse_quote!(
            impl crate::expandable::Identified for #ty {
                fn id(&self) -> &str {
                    &self.id
                }
            }
        ));
    }
    field_docs::annotate(&mut types);
    stability::mark_non_exhaustive(&mut types);
    let types_count = types
        .iter()
        .filter(|i| matches!(i, Item::Struct(_) | Item::Enum(_)))
        .count();
    let mut mock: syn::File = syn::parse2(mocks).map_err(refine_err)?;
    mocks::refine(&mut mock)?;
    mock_docs::document(&mut mock, &operations.builders)?;
    mock.attrs.push(syn::parse_quote!(#![doc = " Typed httpmock helpers: one `MockServerExt` method per operation."]));
    let mut types = as_file(types);
    let mut builder = as_file(builder);
    for file in [&mut client, &mut types, &mut builder, &mut mock] {
        paths::simplify(file).map_err(refine_err)?;
        docs::normalize(file);
    }
    docs::document_union_variants(&mut types.items);
    Ok(Refined {
        client,
        types: types.items,
        operations: builder.items,
        mock,
        builders: operations.builders,
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
            // progenitor silences clippy on its modules; the refined code is held to it.
            m.attrs.retain(|a| !a.path().is_ident("allow"));
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
