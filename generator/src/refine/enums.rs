//! Open enums: every string enum the spec marks `x-open-enum: true` gets an `Unknown(String)`
//! variant, so a value the server adds later is kept instead of failing the whole response, and
//! serializes back unchanged. A known value is decoded without a copy of its text (through the
//! SDK's `open_enum` module); only an unknown one is kept in a `String`. Other enums stay as
//! progenitor made them: closed.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Attribute, Fields, Ident, Item, ItemEnum, LitStr};

/// Names for the catch-all variant, in order of preference: `Unknown`, unless the enum has a
/// documented value that is already called that (e.g. a card's funding `unknown`).
const CATCH_ALL_NAMES: [&str; 3] = ["Unknown", "Unrecognized", "UnrecognizedValue"];

/// Rewrites every string enum among `items` named in `open` (with its trait impls) into an open
/// enum. Component schema names are the Rust type names progenitor gives them.
pub fn open_string_enums(items: &mut Vec<Item>, open: &BTreeSet<String>) -> syn::Result<usize> {
    let mut opened = Vec::new();
    for item in items.iter_mut() {
        // A closed enum keeps typify's shape; a variant the spec does not describe is
        // documented by its value on the wire.
        if let Item::Enum(e) = item
            && !open.contains(&e.ident.to_string())
            && let Some(variants) = string_variants(e)?
        {
            for (variant, found) in e.variants.iter_mut().zip(&variants) {
                if found.docs.is_empty() {
                    let doc = format!(" `{}`", found.wire);
                    variant.attrs.push(syn::parse_quote!(#[doc = #doc]));
                }
            }
        }
        if let Item::Enum(e) = item
            && open.contains(&e.ident.to_string())
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
    let unknown = CATCH_ALL_NAMES
        .iter()
        .map(|name| format_ident!("{name}"))
        .find(|name| variants.iter().all(|v| v.ident != *name))
        .unwrap_or_else(|| format_ident!("UnrecognizedWireValue"));
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
        #[non_exhaustive]
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
            // Not `Self::Err`: that is ambiguous beside a variant `Err` (a value `err`).
            fn from_str(value: &str) -> Result<Self, std::convert::Infallible> {
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
                crate::open_enum::deserialize(deserializer)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Refines `source` with every enum it defines marked open.
    fn refine(source: &str) -> String {
        let file: syn::File = syn::parse_str(source).unwrap();
        let open = file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Enum(e) => Some(e.ident.to_string()),
                _ => None,
            })
            .collect();
        refine_with(source, &open)
    }

    fn refine_with(source: &str, open: &BTreeSet<String>) -> String {
        let mut file: syn::File = syn::parse_str(source).unwrap();
        open_string_enums(&mut file.items, open).unwrap();
        prettyplease::unparse(&file)
    }

    const TYPIFY_ENUM: &str = r#"
        /// The status.
        #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum Status {
            #[serde(rename = "open")]
            Open,
            #[serde(rename = "if_required")]
            IfRequired,
        }
        impl ::std::fmt::Display for Status {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { todo!() }
        }
        impl ::std::str::FromStr for Status {
            type Err = ();
            fn from_str(value: &str) -> Result<Self, ()> { todo!() }
        }
        impl ::std::convert::TryFrom<&str> for Status {
            type Error = ();
            fn try_from(value: &str) -> Result<Self, ()> { todo!() }
        }
        impl ::std::default::Default for Status {
            fn default() -> Self { Status::Open }
        }
        #[serde(untagged)]
        pub enum Union { Int(i64), Text(String) }
    "#;

    #[test]
    fn string_enum_becomes_open() {
        let out = refine(TYPIFY_ENUM);
        assert!(out.contains("Unknown(String)"), "{out}");
        assert!(out.contains("\"if_required\" => Self::IfRequired"), "{out}");
        assert!(
            out.contains("other => Self::Unknown(other.to_owned())"),
            "{out}"
        );
        assert!(
            out.contains("Self::Unknown(value) => value.as_str()"),
            "{out}"
        );
        assert!(
            out.contains("crate::open_enum::deserialize(deserializer)"),
            "decoded without a String per known value: {out}"
        );
        assert!(out.contains("/// The status."), "enum docs kept: {out}");
        assert!(
            !out.contains("Copy"),
            "an enum holding a String cannot be Copy: {out}"
        );
        assert!(
            !out.contains("TryFrom"),
            "closed-set conversions are dropped: {out}"
        );
        assert!(
            !out.contains("todo!"),
            "the closed Display/FromStr impls are dropped: {out}"
        );
        assert!(
            out.contains("impl ::std::default::Default for Status"),
            "other impls are kept: {out}"
        );
        assert!(out.contains("impl serde::Serialize for Status"), "{out}");
        assert!(
            out.contains("impl<'de> serde::Deserialize<'de> for Status"),
            "{out}"
        );
    }

    #[test]
    fn an_enum_not_marked_open_stays_closed() {
        let out = refine_with(TYPIFY_ENUM, &BTreeSet::new());
        assert!(!out.contains("Unknown"), "{out}");
        assert!(out.contains("impl ::std::str::FromStr for Status"), "{out}");
        assert!(
            out.contains("/// `open`"),
            "each variant is documented: {out}"
        );
    }

    #[test]
    fn unions_are_left_alone() {
        let out = refine(TYPIFY_ENUM);
        assert!(
            out.contains("pub enum Union {\n    Int(i64),\n    Text(String),\n}"),
            "{out}"
        );
    }

    #[test]
    fn a_documented_unknown_value_keeps_its_variant() {
        let out = refine(
            "pub enum Funding { #[serde(rename = \"credit\")] Credit, #[serde(rename = \"unknown\")] Unknown }",
        );
        assert!(out.contains("\"unknown\" => Self::Unknown,"), "{out}");
        assert!(
            out.contains("other => Self::Unrecognized(other.to_owned())"),
            "{out}"
        );
    }

    #[test]
    fn a_variant_named_err_is_never_confused_with_the_error_type() {
        let out = refine(
            "pub enum Outcome { #[serde(rename = \"ok\")] Ok, #[serde(rename = \"err\")] Err }",
        );
        assert!(out.contains("\"err\" => Self::Err,"), "{out}");
        assert!(!out.contains("Self::Err>"), "{out}");
        syn::parse_file(&out).expect("parses");
    }

    #[test]
    fn variant_without_rename_uses_its_identifier() {
        let out = refine("pub enum Mode { Fast, #[serde(rename = \"slow-ish\")] Slow }");
        assert!(out.contains("\"Fast\" => Self::Fast"), "{out}");
        assert!(out.contains("\"slow-ish\" => Self::Slow"), "{out}");
    }
}
