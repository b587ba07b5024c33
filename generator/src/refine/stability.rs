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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structs_with_named_fields_are_non_exhaustive_once() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct Named { pub id: String }
            #[non_exhaustive]
            pub struct Already { pub id: String }
            pub struct Newtype(pub String);
        };
        mark_non_exhaustive(&mut file.items);
        let count = |i: usize| match &file.items[i] {
            Item::Struct(s) => s
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("non_exhaustive"))
                .count(),
            _ => unreachable!(),
        };
        assert_eq!((count(0), count(1), count(2)), (1, 1, 0));
    }
}
