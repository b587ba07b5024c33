//! Doc comments: one `///` line per line of text, with the usual leading space, so the output
//! reads like hand-written Rust instead of `/** … */` blocks.

use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Meta};

/// Rewrites every doc attribute in `file`.
pub fn normalize(file: &mut syn::File) {
    Normalize.visit_file_mut(file);
}

/// Splits multi-line doc attributes into one attribute per line.
pub fn split_lines(attrs: &mut Vec<Attribute>) {
    let mut out = Vec::with_capacity(attrs.len());
    for attr in attrs.drain(..) {
        match doc_text(&attr) {
            Some(text) => {
                let text = text.trim_end_matches('\n');
                for line in text.split('\n') {
                    out.push(doc_attr(line));
                }
            }
            None => out.push(attr),
        }
    }
    *attrs = out;
}

/// The text of a `#[doc = "…"]` attribute.
pub fn doc_text(attr: &Attribute) -> Option<String> {
    match &attr.meta {
        Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

/// A `#[doc = " line"]` attribute (one leading space, as `///` comments have).
pub fn doc_attr(line: &str) -> Attribute {
    let line = line.trim_end();
    let text = if line.is_empty() || line.starts_with(' ') {
        line.to_string()
    } else {
        format!(" {line}")
    };
    let lit = LitStr::new(&text, proc_macro2::Span::call_site());
    syn::parse_quote!(#[doc = #lit])
}

/// Doc attributes for a block of text written by the generator: every non-empty line gets
/// exactly one leading space, so indentation inside code blocks survives.
pub fn doc_attrs(text: &str) -> Vec<Attribute> {
    text.trim_end_matches('\n')
        .split('\n')
        .map(|line| {
            if line.is_empty() {
                doc_attr(line)
            } else {
                doc_attr(&format!(" {line}"))
            }
        })
        .collect()
}

struct Normalize;

macro_rules! split_in {
    ($($method:ident: $ty:ty => $walk:path;)*) => {
        $(fn $method(&mut self, node: &mut $ty) {
            split_lines(&mut node.attrs);
            $walk(self, node);
        })*
    };
}

impl VisitMut for Normalize {
    split_in! {
        visit_item_struct_mut: syn::ItemStruct => visit_mut::visit_item_struct_mut;
        visit_item_enum_mut: syn::ItemEnum => visit_mut::visit_item_enum_mut;
        visit_item_fn_mut: syn::ItemFn => visit_mut::visit_item_fn_mut;
        visit_item_impl_mut: syn::ItemImpl => visit_mut::visit_item_impl_mut;
        visit_item_mod_mut: syn::ItemMod => visit_mut::visit_item_mod_mut;
        visit_item_type_mut: syn::ItemType => visit_mut::visit_item_type_mut;
        visit_item_const_mut: syn::ItemConst => visit_mut::visit_item_const_mut;
        visit_item_trait_mut: syn::ItemTrait => visit_mut::visit_item_trait_mut;
        visit_field_mut: syn::Field => visit_mut::visit_field_mut;
        visit_variant_mut: syn::Variant => visit_mut::visit_variant_mut;
        visit_impl_item_fn_mut: syn::ImplItemFn => visit_mut::visit_impl_item_fn_mut;
        visit_impl_item_const_mut: syn::ImplItemConst => visit_mut::visit_impl_item_const_mut;
        visit_impl_item_type_mut: syn::ImplItemType => visit_mut::visit_impl_item_type_mut;
    }
}

/// Documents the variants typify leaves bare, those of a union of forms (`IntegerOrString`):
/// each is "the value in the form of `T`".
pub fn document_union_variants(items: &mut [syn::Item]) {
    for item in items {
        let syn::Item::Enum(e) = item else { continue };
        for variant in &mut e.variants {
            if variant.attrs.iter().any(|a| a.path().is_ident("doc")) {
                continue;
            }
            let syn::Fields::Unnamed(fields) = &variant.fields else {
                continue;
            };
            let Some(field) = fields.unnamed.first() else {
                continue;
            };
            let ty = &field.ty;
            let form = quote::quote!(#ty).to_string().replace(' ', "");
            variant
                .attrs
                .push(doc_attr(&format!(" The value in the form of `{form}`.")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_docs_become_one_line_each() {
        let mut file: syn::File = syn::parse_quote! {
            #[doc = "First line.\n\nSecond paragraph."]
            pub struct Thing;
        };
        normalize(&mut file);
        let syn::Item::Struct(s) = &file.items[0] else {
            unreachable!()
        };
        let lines: Vec<String> = s.attrs.iter().filter_map(doc_text).collect();
        assert_eq!(lines, [" First line.", "", " Second paragraph."]);
    }

    #[test]
    fn bare_union_variants_say_their_form() {
        let mut file: syn::File = syn::parse_quote! {
            pub enum IntegerOrString { Int64(i64), String(String), #[doc = " kept"] Other(u8) }
        };
        document_union_variants(&mut file.items);
        let syn::Item::Enum(e) = &file.items[0] else {
            unreachable!()
        };
        let docs: Vec<Vec<String>> = e
            .variants
            .iter()
            .map(|v| v.attrs.iter().filter_map(doc_text).collect())
            .collect();
        assert_eq!(docs[0], [" The value in the form of `i64`."]);
        assert_eq!(docs[2], [" kept"], "a documented variant is left alone");
    }
}
