//! The builders of the schema types (`types::builder`), emitted from the generated structs.
//!
//! typify's builders store each field as `Result<_, String>` and make the user finish a nested
//! builder with `try_into()`. These take anything that converts into the field (a nested
//! builder included; a list setter any iterator of such items), never fail at the call, and
//! report the first missing or invalid field with its path (`line_items[0].price_data.currency`)
//! when the value is finished, which for a request body is at `send()`.
//!
//! Operation builders get the same setters for their body's fields ([`body_field_setters`]), so
//! `client.create_refund().payment_intent(id).amount(1000)` needs no `body_map`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Fields, ImplItem, Item, Type};

use crate::Error;

/// One field of a struct that has a builder.
#[derive(Clone)]
pub struct Field {
    ident: syn::Ident,
    /// The field's value type: `T` of an optional `Option<T>`, or the required field's type.
    value: Type,
    /// `E` when `value` is `Vec<E>`: the setter takes any iterator of items.
    element: Option<Type>,
    /// Whether `value` is a JSON object of free keys (`Metadata`): the setter takes pairs.
    map: bool,
    required: bool,
    /// The name in JSON, which error paths use (`type` for the Rust field `type_`).
    json_name: String,
    docs: Vec<Attribute>,
}

/// The fields of every struct with a `builder()`, by struct name, as written in `types`.
pub type Shapes = BTreeMap<String, Vec<Field>>;

/// Reads the shapes of the builder-carrying structs of the `types` module.
pub fn shapes(types: &[Item]) -> Shapes {
    let maps = map_types(types);
    let with_builder: BTreeSet<String> = types
        .iter()
        .filter_map(|item| match item {
            Item::Impl(imp) if imp.trait_.is_none() && has_fn(imp, "builder") => {
                type_name(&imp.self_ty)
            }
            _ => None,
        })
        .collect();
    types
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) if with_builder.contains(&s.ident.to_string()) => {
                Some((s.ident.to_string(), fields(&s.fields, &maps)))
            }
            _ => None,
        })
        .collect()
}

fn has_fn(imp: &syn::ItemImpl, name: &str) -> bool {
    imp.items
        .iter()
        .any(|i| matches!(i, ImplItem::Fn(f) if f.sig.ident == name))
}

fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

/// Newtypes over a JSON object of free keys (`struct Metadata(pub Map<String, Value>)`).
fn map_types(types: &[Item]) -> BTreeSet<String> {
    types
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => match &s.fields {
                Fields::Unnamed(f) if f.unnamed.len() == 1 && is_json_map(&f.unnamed[0].ty) => {
                    Some(s.ident.to_string())
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The segment names of a path type (`types::builder::X` → `["types", "builder", "X"]`).
fn path_names(ty: &Type) -> Vec<String> {
    match ty {
        Type::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// `serde_json::Map<…>`.
fn is_json_map(ty: &Type) -> bool {
    path_names(ty) == ["serde_json", "Map"]
}

fn fields(fields: &Fields, maps: &BTreeSet<String>) -> Vec<Field> {
    fields
        .iter()
        .filter_map(|f| {
            let ident = f.ident.clone()?;
            let (value, required) = match generic_arg(&f.ty, "Option") {
                Some(inner) => (inner, false),
                None => (f.ty.clone(), true),
            };
            Some(Field {
                json_name: serde_rename(&f.attrs).unwrap_or_else(|| ident.to_string()),
                ident,
                element: generic_arg(&value, "Vec"),
                map: is_json_map(&value)
                    || type_name(&value).is_some_and(|name| maps.contains(&name)),
                value,
                required,
                docs: f
                    .attrs
                    .iter()
                    .filter(|a| a.path().is_ident("doc"))
                    .cloned()
                    .collect(),
            })
        })
        .collect()
}

/// The `rename` of a `#[serde(rename = "…")]` attribute.
fn serde_rename(attrs: &[Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    rename
}

/// `T` of `Name<T>` (a one-segment path, as after the prelude paths are shortened).
fn generic_arg(ty: &Type, name: &str) -> Option<Type> {
    let Type::Path(p) = ty else { return None };
    if p.qself.is_some() || p.path.segments.len() != 1 || p.path.segments[0].ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments[0].arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    }
}

/// Replaces the items of `types`' `builder` module with the emitted builders of the types a
/// request reaches (`requests`), documents each of their `builder()`, and returns the builders
/// of the other (response-only) types for the test kit: tests build responses, applications
/// never do, so those builders cost the SDK's users nothing.
pub fn emit(
    types: &mut [Item],
    shapes: &Shapes,
    requests: &BTreeSet<String>,
) -> Result<Vec<Item>, Error> {
    let names = type_names(types);
    for item in types.iter_mut() {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && let Some(name) = type_name(&imp.self_ty)
        {
            if !requests.contains(&name) {
                imp.items.retain(
                    |member| !matches!(member, ImplItem::Fn(f) if f.sig.ident == "builder"),
                );
                continue;
            }
            for member in &mut imp.items {
                if let ImplItem::Fn(f) = member
                    && f.sig.ident == "builder"
                {
                    let doc = format!(
                        " A builder for a [`{name}`]: set its fields, then use it where a \
                         `{name}` is expected\n (a request setter, or `{name}::try_from`)."
                    );
                    f.attrs.push(syn::parse_quote!(#[doc = #doc]));
                }
            }
        }
    }
    // typify's `error::ConversionError` is a bare message; the SDK's carries the field's path.
    for item in types.iter_mut() {
        if let Item::Mod(m) = item
            && m.ident == "error"
            && let Some((_, items)) = &mut m.content
        {
            *items = vec![syn::parse_quote! {
                pub use crate::ConversionError;
            }];
        }
    }
    let module = types
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "builder" => m.content.as_mut(),
            _ => None,
        })
        .ok_or_else(|| Error::Refine("the types module has no `builder` module".into()))?;
    let mut local: Vec<Item> = Vec::new();
    let mut for_tests: Vec<Item> = Vec::new();
    for (name, fields) in shapes {
        if requests.contains(name) {
            local.extend(builder(name, fields, &names, Target::Sdk));
        } else {
            for_tests.extend(builder(name, fields, &names, Target::TestKit));
        }
    }
    module.1 = local;
    Ok(for_tests)
}

/// Where a builder is emitted, which decides how it names the SDK and finishes its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// `types::builder` of the `wooshpay` crate: it fills the struct's fields directly.
    Sdk,
    /// `builders` of the `wooshpay-testing` crate: the SDK's structs are `#[non_exhaustive]`
    /// there, so the value is assembled as JSON and decoded, as a response would be.
    TestKit,
}

impl Target {
    /// The path of the SDK crate from the builder's module.
    fn sdk(self) -> TokenStream {
        match self {
            Target::Sdk => quote!(crate),
            Target::TestKit => quote!(wooshpay),
        }
    }

    /// The module holding the schema types, as a path prefix of their names.
    fn types(self) -> syn::Path {
        match self {
            Target::Sdk => syn::parse_quote!(super),
            Target::TestKit => syn::parse_quote!(wooshpay::types),
        }
    }

    /// The helpers the setters call: `list` and `json_object`.
    fn helpers(self) -> (TokenStream, TokenStream) {
        match self {
            Target::Sdk => (
                quote!(crate::conversion::list),
                quote!(crate::metadata::json_object),
            ),
            Target::TestKit => (
                quote!(crate::build::list),
                quote!(crate::build::json_object),
            ),
        }
    }
}

/// Every struct and enum name of the `types` module.
pub fn type_names(types: &[Item]) -> BTreeSet<String> {
    types
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn builder(name: &str, fields: &[Field], names: &BTreeSet<String>, target: Target) -> Vec<Item> {
    let ident = format_ident!("{name}");
    let prefix = target.types();
    let sdk = target.sdk();
    let doc = format!(
        " Builder for [`{name}`]({}::{name}). Setters take anything that converts into the\n \
         field; a missing required field or an invalid value is reported, with its path, when the\n \
         builder is finished.",
        quote!(#prefix).to_string().replace(' ', "")
    );
    let field_idents: Vec<_> = fields.iter().map(|f| &f.ident).collect();
    let storage: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let ty = qualified(&f.value, names, &prefix);
            quote!(Result<Option<#ty>, #sdk::ConversionError>)
        })
        .collect();
    let setters: Vec<ImplItem> = fields
        .iter()
        .map(|f| {
            let field = &f.ident;
            let key = &f.json_name;
            setter(
                f,
                names,
                &prefix,
                target,
                quote! {
                    self.#field = converted.map(Some).map_err(|e| e.within(#key));
                    self
                },
            )
        })
        .collect();
    let finish: TokenStream = match target {
        Target::Sdk => {
            let values = fields.iter().map(|f| {
                let field = &f.ident;
                let key = &f.json_name;
                if f.required {
                    quote!(#field: crate::conversion::required(value.#field, #key)?)
                } else {
                    quote!(#field: value.#field?)
                }
            });
            quote!(Ok(Self { #(#values,)* }))
        }
        Target::TestKit => {
            let puts = fields.iter().map(|f| {
                let field = &f.ident;
                let key = &f.json_name;
                let required = f.required;
                quote!(crate::build::put(&mut object, #key, value.#field, #required)?;)
            });
            quote! {
                let mut object = serde_json::Map::new();
                #(#puts)*
                crate::build::finish(object)
            }
        }
    };
    let start: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let field = &f.ident;
            if f.required {
                quote!(#field: Ok(Some(value.#field)))
            } else {
                quote!(#field: Ok(value.#field))
            }
        })
        .collect();
    let structure: syn::File = syn::parse_quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        #[must_use = "a builder does nothing until it is finished or set on a request"]
        pub struct #ident {
            #( #field_idents: #storage, )*
        }
        impl Default for #ident {
            fn default() -> Self {
                Self { #( #field_idents: Ok(None), )* }
            }
        }
        impl #ident {
            #(#setters)*
        }
        impl TryFrom<#ident> for #prefix::#ident {
            type Error = #sdk::ConversionError;
            fn try_from(value: #ident) -> Result<Self, #sdk::ConversionError> {
                #finish
            }
        }
        impl From<#prefix::#ident> for #ident {
            fn from(value: #prefix::#ident) -> Self {
                Self { #(#start,)* }
            }
        }
    };
    let mut items = structure.items;
    if target == Target::TestKit {
        let doc =
            format!(" `{name}::builder()`, with [`TestBuilder`](crate::TestBuilder) in scope.");
        items.push(syn::parse_quote! {
            #[doc = #doc]
            impl crate::TestBuilder for #prefix::#ident {
                type Builder = #ident;
            }
        });
    }
    items
}

/// The setter of `field`: converts its argument into `converted` (a
/// `Result<value type, ConversionError>`) and runs `store`, which returns `Self`.
fn setter(
    field: &Field,
    names: &BTreeSet<String>,
    prefix: &syn::Path,
    target: Target,
    store: TokenStream,
) -> ImplItem {
    let ident = &field.ident;
    let sdk = target.sdk();
    let (list, json_object) = target.helpers();
    let docs = &field.docs;
    if field.map {
        let value = qualified(&field.value, names, prefix);
        let object = if is_json_map(&field.value) {
            quote!(#json_object(pairs))
        } else {
            quote!(#json_object(pairs).into())
        };
        return syn::parse_quote! {
            #(#docs)*
            ///
            /// Takes any key-value pairs: an array or iterator of pairs, a map, or a value read
            /// from an object.
            pub fn #ident<I, K, V>(mut self, pairs: I) -> Self
            where
                I: IntoIterator<Item = (K, V)>,
                K: Into<String>,
                V: #sdk::IntoMetadataValue,
            {
                let converted: Result<#value, #sdk::ConversionError> = Ok(#object);
                #store
            }
        };
    }
    match &field.element {
        Some(element) => {
            let element = qualified(element, names, prefix);
            syn::parse_quote! {
                #(#docs)*
                ///
                /// Takes any iterator of items that convert into the element type (builders included).
                pub fn #ident<I>(mut self, items: I) -> Self
                where
                    I: IntoIterator,
                    I::Item: TryInto<#element>,
                    <I::Item as TryInto<#element>>::Error: Into<#sdk::ConversionError>,
                {
                    let converted = #list(items);
                    #store
                }
            }
        }
        None => {
            let value = qualified(&field.value, names, prefix);
            syn::parse_quote! {
                #(#docs)*
                pub fn #ident<V>(mut self, value: V) -> Self
                where
                    V: TryInto<#value>,
                    V::Error: Into<#sdk::ConversionError>,
                {
                    let converted = value.try_into().map_err(Into::into);
                    #store
                }
            }
        }
    }
}

/// `ty` with every name of a `types` item prefixed by the module path `prefix` (`super` or
/// `types`).
fn qualified(ty: &Type, names: &BTreeSet<String>, prefix: &syn::Path) -> Type {
    struct Qualify<'a> {
        names: &'a BTreeSet<String>,
        prefix: &'a syn::Path,
    }
    impl VisitMut for Qualify<'_> {
        fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
            visit_mut::visit_type_path_mut(self, node);
            // The SDK's runtime types the generated ones use (`crate::types::Expandable<…>`),
            // seen from outside the SDK.
            let segments: Vec<String> = node
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let outside = self
                .prefix
                .segments
                .first()
                .is_some_and(|s| s.ident != "super");
            if outside && segments.len() > 2 && segments[..2] == ["crate", "types"] {
                let mut path = self.prefix.clone();
                path.segments
                    .extend(node.path.segments.iter().skip(2).cloned());
                node.path = path;
                return;
            }
            if node.qself.is_none()
                && node.path.leading_colon.is_none()
                && node.path.segments.len() == 1
                && self
                    .names
                    .contains(&node.path.segments[0].ident.to_string())
            {
                let mut path = self.prefix.clone();
                path.segments.extend(node.path.segments.iter().cloned());
                node.path = path;
            }
        }
    }
    let mut ty = ty.clone();
    Qualify { names, prefix }.visit_type_mut(&mut ty);
    ty
}

/// Setters on each operation builder for the fields of its JSON body, delegating to the body's
/// builder. A field whose name is already a method of the operation builder (a parameter or a
/// per-call option) is left to `body_map`.
pub fn body_field_setters(
    operations: &mut [Item],
    shapes: &Shapes,
    names: &BTreeSet<String>,
) -> Result<(), Error> {
    let bodies: BTreeMap<String, String> = operations
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => body_type(s).map(|body| (s.ident.to_string(), body)),
            _ => None,
        })
        .collect();
    let prefix: syn::Path = syn::parse_quote!(types);
    for item in operations.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(body) = type_name(&imp.self_ty).and_then(|n| bodies.get(&n)) else {
            continue;
        };
        let fields = shapes.get(body).ok_or_else(|| {
            Error::Refine(format!(
                "the request body `{body}` has no builder to delegate to"
            ))
        })?;
        let taken: BTreeSet<String> = imp
            .items
            .iter()
            .filter_map(|i| match i {
                ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect();
        let position = imp
            .items
            .iter()
            .position(|i| matches!(i, ImplItem::Fn(f) if f.sig.ident == "body_map"))
            .map_or(imp.items.len(), |p| p + 1);
        let setters: Vec<ImplItem> = fields
            .iter()
            .filter(|f| !taken.contains(&f.ident.to_string()))
            .map(|f| {
                let field = &f.ident;
                let value = match (&f.element, f.map) {
                    (_, true) => quote!(pairs),
                    (Some(_), false) => quote!(items),
                    (None, false) => quote!(value),
                };
                let mut setter = setter(
                    f,
                    names,
                    &prefix,
                    Target::Sdk,
                    quote! {
                        self.body = self.body.map(|body| body.#field(#value));
                        self
                    },
                );
                // The body builder converts; the operation builder only passes the value on.
                if let ImplItem::Fn(f) = &mut setter {
                    f.block.stmts.retain(|s| !matches!(s, syn::Stmt::Local(_)));
                }
                setter
            })
            .collect();
        imp.items.splice(position..position, setters);
    }
    Ok(())
}

/// `X` of a `body: Result<types::builder::X, String>` field.
fn body_type(s: &syn::ItemStruct) -> Option<String> {
    let field = s
        .fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == "body"))?;
    let ok = generic_arg(&field.ty, "Result")?;
    match path_names(&ok).as_slice() {
        [types, builder, name] if types == "types" && builder == "builder" => Some(name.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> Vec<Item> {
        let file: syn::File = syn::parse_quote! {
            pub struct Price { pub currency: String, pub unit_amount: Option<i64>, pub tiers: Option<Vec<Tier>> }
            impl Price { pub fn builder() -> builder::Price { Default::default() } }
            pub struct Tier { pub up_to: Option<i64> }
            impl Tier { pub fn builder() -> builder::Tier { Default::default() } }
            pub struct Page { pub data: Vec<Price> }
            pub mod builder {}
        };
        file.items
    }

    #[test]
    fn shapes_are_read_from_structs_with_a_builder() {
        let shapes = shapes(&types());
        assert_eq!(shapes.keys().collect::<Vec<_>>(), ["Price", "Tier"]);
        let price = &shapes["Price"];
        assert!(price[0].required && price[0].element.is_none());
        assert!(!price[1].required);
        assert!(price[2].element.is_some(), "a Vec field takes an iterator");
    }

    #[test]
    fn emitted_builders_qualify_types_and_finish_required_fields() {
        let mut items = types();
        let shapes = shapes(&items);
        let requests = BTreeSet::from(["Price".to_string(), "Tier".to_string()]);
        let for_tests = emit(&mut items, &shapes, &requests).unwrap();
        assert!(for_tests.is_empty(), "every type is reached by a request");
        let module = items
            .iter()
            .find_map(|i| match i {
                Item::Mod(m) => m.content.as_ref().map(|c| c.1.clone()),
                _ => None,
            })
            .unwrap();
        let text = quote!(#(#module)*).to_string();
        let text = text.replace(' ', "");
        assert!(text.contains("I::Item:TryInto<super::Tier>"), "{text}");
        assert!(
            text.contains("currency:crate::conversion::required(value.currency,\"currency\")?")
        );
        assert!(text.contains("implTryFrom<Price>forsuper::Price"));
        let builder_doc = quote!(#(#items)*).to_string();
        assert!(builder_doc.contains("A builder for a [`Price`]"));
    }

    #[test]
    fn operation_builders_delegate_body_fields_but_not_taken_names() {
        let file: syn::File = syn::parse_quote! {
            pub struct CreatePrice<'a> {
                client: &'a Client,
                body: Result<types::builder::Price, String>,
            }
            impl<'a> CreatePrice<'a> {
                pub fn body_map(self) -> Self { self }
                pub fn currency(self) -> Self { self }
            }
        };
        let mut ops = file.items;
        let items = types();
        let shapes = shapes(&items);
        body_field_setters(&mut ops, &shapes, &type_names(&items)).unwrap();
        let text = quote!(#(#ops)*).to_string().replace(' ', "");
        assert!(text.contains("pubfnunit_amount<V>"), "{text}");
        assert!(text.contains("I::Item:TryInto<types::Tier>"), "{text}");
        assert_eq!(
            text.matches("fncurrency").count(),
            1,
            "the existing method is kept alone"
        );
    }
}
