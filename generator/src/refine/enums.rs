//! Open enums: every string enum gets an `Unknown(String)` variant, so a value the server adds
//! later is kept instead of failing the whole response, and serializes back unchanged.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Attribute, Fields, Ident, Item, ItemEnum, LitStr};

/// The name of the catch-all variant.
pub const UNKNOWN: &str = "Unknown";

/// Rewrites every string enum among `items` (with its trait impls) into an open enum.
pub fn open_string_enums(items: &mut Vec<Item>) -> syn::Result<usize> {
    let mut opened = Vec::new();
    for item in items.iter_mut() {
        if let Item::Enum(e) = item
            && let Some(variants) = string_variants(e)?
        {
            let docs: Vec<Attribute> = e
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("doc"))
                .cloned()
                .collect();
            opened.push((e.ident.clone(), variants, docs));
        }
    }
    if opened.is_empty() {
        return Ok(0);
    }
    let names: Vec<String> = opened
        .iter()
        .map(|(ident, _, _)| ident.to_string())
        .collect();
    // Drop the enums and the impls that assume a closed set; keep the rest (e.g. `Default`).
    items.retain(|item| match item {
        Item::Enum(e) => !names.contains(&e.ident.to_string()),
        Item::Impl(imp) => !(is_self_one_of(&imp.self_ty, &names) && is_closed_set_trait(imp)),
        _ => true,
    });
    for (ident, variants, docs) in &opened {
        let file: syn::File = syn::parse2(open_enum(ident, variants, docs))?;
        items.extend(file.items);
    }
    Ok(opened.len())
}

/// A variant of a string enum: its identifier, wire value and doc attributes.
pub struct Variant {
    ident: Ident,
    wire: String,
    docs: Vec<Attribute>,
}

/// `Some(variants)` when `e` is a plain string enum (unit variants only, no `untagged`).
fn string_variants(e: &ItemEnum) -> syn::Result<Option<Vec<Variant>>> {
    if e.attrs.iter().any(|a| a.path().is_ident("serde")) {
        return Ok(None); // untagged or otherwise customised: a union, not a string enum
    }
    let mut variants = Vec::new();
    for v in &e.variants {
        if !matches!(v.fields, Fields::Unit) {
            return Ok(None);
        }
        let mut wire = v.ident.to_string();
        for attr in v.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    wire = meta.value()?.parse::<LitStr>()?.value();
                }
                Ok(())
            })?;
        }
        let docs = v
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .cloned()
            .collect();
        variants.push(Variant {
            ident: v.ident.clone(),
            wire,
            docs,
        });
    }
    Ok((!variants.is_empty()).then_some(variants))
}

fn is_self_one_of(ty: &syn::Type, names: &[String]) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.get_ident().is_some_and(|i| names.contains(&i.to_string())))
}

fn is_closed_set_trait(imp: &syn::ItemImpl) -> bool {
    let Some((_, path, _)) = &imp.trait_ else {
        return false;
    };
    let last = path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    matches!(last.as_str(), "Display" | "FromStr" | "TryFrom")
}

fn open_enum(ident: &Ident, variants: &[Variant], attrs: &[Attribute]) -> TokenStream {
    let unknown = format_ident!("{UNKNOWN}");
    let idents: Vec<&Ident> = variants.iter().map(|v| &v.ident).collect();
    let wires: Vec<&String> = variants.iter().map(|v| &v.wire).collect();
    let docs: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let docs = &v.docs;
            if docs.is_empty() {
                let doc = format!(" `{}`", v.wire);
                quote!(#[doc = #doc])
            } else {
                quote!(#(#docs)*)
            }
        })
        .collect();
    quote! {
        #(#attrs)*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #ident {
            #( #docs #idents, )*
            /// A value this version of the SDK does not know, kept exactly as received.
            #unknown(String),
        }
        impl #ident {
            /// The value as it is sent and received on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wires, )*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }
        impl From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#idents, )*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }
        impl From<String> for #ident {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#idents, )*
                    _ => Self::#unknown(value),
                }
            }
        }
        impl std::str::FromStr for #ident {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }
        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
