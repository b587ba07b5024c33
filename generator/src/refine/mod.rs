//! Refine stage: progenitor's token stream → the SDK's generated modules.
//!
//! Each step is its own module: [`operations`] (dispatch through the SDK runtime, method docs),
//! [`enums`] (open enums), [`paths`] (short prelude paths), [`docs`] (line-per-line docs).

mod builders;
mod docs;
mod enums;
pub mod events;
mod mock_docs;
mod operations;
pub mod pagination;
pub mod paths;
mod registry;
mod routes;
mod split;
mod stability;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use syn::Item;

use crate::Error;

/// The refined code, split into the files it is written to.
pub struct Refined {
    /// `(path under sdk/src, syntax tree)` for every generated file.
    pub files: Vec<split::FileOut>,
    /// Number of operations (request builders).
    pub operations: usize,
    /// Number of schema types (structs and enums).
    pub types_count: usize,
}

/// Applies every refinement and splits the result into modules.
pub fn refine(tokens: TokenStream, mocks: TokenStream, spec: &OpenAPI) -> Result<Refined, Error> {
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
    let events = events::module(spec)?;
    let mut mock: syn::File = syn::parse2(mocks).map_err(refine_err)?;
    escape_mock_path_values(&mut mock);
    mock_docs::document(&mut mock);
    repeat_mock_array_query_values(&mut mock);
    mock.attrs.push(syn::parse_quote!(#![doc = " Typed httpmock helpers: one `MockServerExt` method per operation."]));
    file.items.push(syn::parse_quote! {
        /// Typed httpmock helpers for every operation.
        #[cfg(feature = "mock")]
        pub mod mock;
    });
    let routes = routes::module(spec);
    file.items.push(syn::parse_quote! {
        /// The operations as data, for the sandbox.
        #[cfg(feature = "mock")]
        pub(crate) mod routes;
    });
    file.items.push(syn::parse_quote! {
        /// Event objects typed by the event's type.
        pub mod events;
    });
    let mut types = take_module(&mut file, "types")?;
    let builder = take_module(&mut file, "builder")?;
    enums::open_string_enums(&mut types).map_err(refine_err)?;
    stability::mark_non_exhaustive(&mut types);
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
        mock,
        routes,
    ];
    for f in &mut files {
        paths::simplify(f).map_err(refine_err)?;
        docs::normalize(f);
    }
    docs::document_union_variants(&mut files[1].items);
    let shapes = builders::shapes(&files[1].items);
    builders::emit(&mut files[1].items, &shapes)?;
    let names = builders::type_names(&files[1].items);
    builders::body_field_setters(&mut files[2].items, &shapes, &names)?;
    for f in &mut files[1..=2] {
        docs::normalize(f);
    }
    let [
        mut client,
        types,
        builder,
        pagination,
        schemas,
        events,
        mock,
        routes,
    ] = files;
    let groups = split::Groups::of(spec);
    let mut out = split::operations(&mut client, builder.items, &groups);
    out.extend(split::types(types.items, &groups));
    out.insert(0, ("generated/mod.rs".to_string(), client));
    for (name, file) in [
        ("pagination", pagination),
        ("schemas", schemas),
        ("events", events),
        ("mock", mock),
        ("routes", routes),
    ] {
        out.push((format!("generated/{name}.rs"), file));
    }
    Ok(Refined {
        files: out,
        operations,
        types_count,
    })
}

/// progenitor's mocks put a path parameter into a regex as is; the client sends it
/// percent-encoded. Match what goes over the wire, with regex metacharacters escaped.
fn escape_mock_path_values(file: &mut syn::File) {
    struct Escape;
    impl syn::visit_mut::VisitMut for Escape {
        fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
            let text = mac.tokens.to_string();
            if mac.path.is_ident("format") && text.starts_with("\"^/") {
                let escaped = text.replace(
                    "value . to_string ()",
                    "regex :: escape (& crate :: request :: encode_path (value))",
                );
                if let Ok(tokens) = escaped.parse() {
                    mac.tokens = tokens;
                }
            }
        }
    }
    syn::visit_mut::VisitMut::visit_file_mut(&mut Escape, file);
}

/// progenitor's mocks match an array query parameter with `value.to_string()`, which a `Vec`
/// does not have; the client sends one `name=item` pair per item, so match each of them.
fn repeat_mock_array_query_values(file: &mut syn::File) {
    struct Repeat;
    impl syn::visit_mut::VisitMut for Repeat {
        fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
            let sig = &f.sig;
            let block = &f.block;
            let text = quote::quote!(#block).to_string();
            let is_array_query =
                quote::quote!(#sig).to_string().contains("Vec <") && text.contains("query_param (");
            let Some(name) = text.split('"').nth(1).filter(|_| is_array_query) else {
                return;
            };
            f.block = syn::parse_quote! {{
                if let Some(value) = value.into() {
                    Self(value.iter().fold(self.0, |when, item| when.query_param(#name, item.to_string())))
                } else {
                    Self(self.0.query_param_missing(#name))
                }
            }};
        }
    }
    syn::visit_mut::VisitMut::visit_file_mut(&mut Repeat, file);
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
