//! Semver stability of the generated types: structs with named fields and open enums are
//! `#[non_exhaustive]`, so that a field or enum value the spec adds later is an additive change
//! (as `cargo xtask spec-diff` classifies it). Values are built through their builders
//! (`Type::builder()`) or decoded; newtypes and unions stay open to construction.

use syn::{Fields, Item};

/// Marks every struct with named fields among `items`.
pub fn mark_non_exhaustive(items: &mut [Item]) {
    for item in items {
        if let Item::Struct(s) = item
            && matches!(s.fields, Fields::Named(_))
            && !s.attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
        {
            s.attrs.push(syn::parse_quote!(#[non_exhaustive]));
        }
    }
}
