//! Readable paths: `::std::option::Option<::std::string::String>` becomes `Option<String>`.
//!
//! Safe because the lint stage forbids schema names that shadow these prelude names.

use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Path};

/// Prelude items progenitor and typify spell out in full.
const PRELUDE: &[(&[&str], &str)] = &[
    (&["std", "option", "Option"], "Option"),
    (&["std", "string", "String"], "String"),
    (&["std", "vec", "Vec"], "Vec"),
    (&["std", "boxed", "Box"], "Box"),
    (&["std", "result", "Result"], "Result"),
    (&["std", "convert", "From"], "From"),
    (&["std", "convert", "TryFrom"], "TryFrom"),
    (&["std", "convert", "TryInto"], "TryInto"),
    (&["std", "default", "Default"], "Default"),
];

/// Names that must not be used as schema names, so the short paths stay unambiguous.
pub const RESERVED_NAMES: &[&str] = &[
    "Option", "String", "Vec", "Box", "Result", "From", "TryFrom", "TryInto", "Default", "Error",
    "Client",
];

/// Shortens prelude paths throughout `file`, including inside `#[serde(...)]` string arguments.
pub fn simplify(file: &mut syn::File) -> syn::Result<()> {
    let mut visitor = Simplify { error: None };
    visitor.visit_file_mut(file);
    visitor.error.map_or(Ok(()), Err)
}

struct Simplify {
    error: Option<syn::Error>,
}

impl VisitMut for Simplify {
    fn visit_path_mut(&mut self, path: &mut Path) {
        let idents: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        for (full, short) in PRELUDE {
            let matches =
                idents.len() >= full.len() && idents.iter().zip(full.iter()).all(|(a, b)| a == b);
            if matches {
                let rest: Vec<_> = path.segments.iter().skip(full.len() - 1).cloned().collect();
                path.leading_colon = None;
                path.segments = rest.into_iter().collect();
                if let Some(first) = path.segments.first_mut() {
                    first.ident = syn::Ident::new(short, first.ident.span());
                }
                break;
            }
        }
        visit_mut::visit_path_mut(self, path);
    }

    // A qualified path (`<T as std::convert::TryFrom<U>>::Error`) counts the trait's segments
    // in `qself.position`; keep it in step when the trait path gets shorter.
    fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
        let before = node.path.segments.len();
        visit_mut::visit_type_path_mut(self, node);
        let removed = before - node.path.segments.len();
        if let Some(qself) = &mut node.qself {
            qself.position -= removed;
        }
    }

    fn visit_expr_path_mut(&mut self, node: &mut syn::ExprPath) {
        let before = node.path.segments.len();
        visit_mut::visit_expr_path_mut(self, node);
        let removed = before - node.path.segments.len();
        if let Some(qself) = &mut node.qself {
            qself.position -= removed;
        }
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        // progenitor quotes token streams into messages: "conversion to `:: std :: string :: String` …"
        let mut text = lit.value();
        if text.contains(":: std ::") {
            for (full, short) in PRELUDE {
                text = text.replace(&format!(":: {}", full.join(" :: ")), short);
            }
            *lit = syn::LitStr::new(&text, lit.span());
        }
    }

    fn visit_attribute_mut(&mut self, attr: &mut Attribute) {
        // `#[serde(default = "::std::…")]`: the paths are string values of the attribute's
        // name-value arguments.
        if attr.path().is_ident("serde")
            && let syn::Meta::List(list) = &mut attr.meta
        {
            match list.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            ) {
                Ok(mut args) => {
                    for arg in &mut args {
                        if let syn::Meta::NameValue(nv) = arg
                            && let syn::Expr::Lit(syn::ExprLit {
                                lit: syn::Lit::Str(value),
                                ..
                            }) = &mut nv.value
                        {
                            let mut text = value.value();
                            for (full, short) in PRELUDE {
                                text = text.replace(&format!("::{}", full.join("::")), short);
                            }
                            *value = syn::LitStr::new(&text, value.span());
                        }
                    }
                    list.tokens = quote::quote!(#args);
                }
                Err(e) => self.error = Some(e),
            }
        }
        visit_mut::visit_attribute_mut(self, attr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelude_paths_are_shortened_in_code_and_serde_attributes() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct Thing {
                #[serde(default = "::std::option::Option::None")]
                pub name: ::std::option::Option<::std::string::String>,
            }
        };
        simplify(&mut file).unwrap();
        let text = quote::quote!(#file).to_string();
        assert!(text.contains("pub name : Option < String >"), "{text}");
        assert!(!text.contains("std"), "{text}");
    }
}
