//! Docs for progenitor's httpmock helpers, which come without any: every public item of the
//! `mock` module says what it matches or answers.

use std::collections::BTreeMap;

use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, ImplItem, Item};

use super::docs;
use crate::Error;

/// Documents every undocumented struct, method and trait method of the mock module.
/// `operations` gives each operation builder's name with its operation id (as the model has
/// it): a mock's `…When` and `…Then` share their builder's name.
pub fn document(file: &mut syn::File, operations: &BTreeMap<String, String>) -> Result<(), Error> {
    let mut document = Document {
        operations,
        unknown: None,
    };
    document.visit_file_mut(file);
    match document.unknown {
        Some(name) => Err(Error::Refine(format!(
            "mock docs: the mock `{name}` belongs to no operation builder"
        ))),
        None => Ok(()),
    }
}

struct Document<'a> {
    operations: &'a BTreeMap<String, String>,
    /// A `…When`/`…Then` struct whose operation is not known.
    unknown: Option<String>,
}

fn undocumented(attrs: &[Attribute]) -> bool {
    !attrs.iter().any(|a| a.path().is_ident("doc"))
}

fn operation_link(operation: &str) -> String {
    format!("[`Client::{operation}`](wooshpay::Client::{operation})")
}

/// The doc of a mock struct, `Ok(None)` for one that is no `…When` or `…Then`, `Err(())` for
/// one whose builder is not known.
fn struct_doc(name: &str, operations: &BTreeMap<String, String>) -> Result<Option<String>, ()> {
    let (builder, when) = match (name.strip_suffix("When"), name.strip_suffix("Then")) {
        (Some(builder), _) => (builder, true),
        (None, Some(builder)) => (builder, false),
        (None, None) => return Ok(None),
    };
    let link = operation_link(operations.get(builder).ok_or(())?);
    Ok(Some(if when {
        format!(
            "What a mock of {link} matches: its method and path, narrowed by the methods below."
        )
    } else {
        format!("How a mock of {link} answers.")
    }))
}

fn method_doc(owner: &str, method: &str) -> String {
    let when = owner.ends_with("When");
    match method {
        "new" if when => {
            "Matches the operation's method and path; the methods below narrow it.".into()
        }
        "new" => "Wraps httpmock's `Then` for this operation's answers.".into(),
        "into_inner" => {
            "The wrapped httpmock value, to match or answer beyond what this wrapper offers.".into()
        }
        "ok" => "Answers with the operation's success status and `value` as the JSON body.".into(),
        "client_error" => {
            "Answers with the 4xx `status` and `value` as WooshPay's error body.".into()
        }
        "server_error" => {
            "Answers with the 5xx `status` and `value` as WooshPay's error body.".into()
        }
        "body" => "Matches requests whose JSON body equals `value`.".into(),
        param => format!(
            "Matches requests whose `{}` parameter is `value` (given `None`, requests without it).",
            param.trim_end_matches('_')
        ),
    }
}

impl VisitMut for Document<'_> {
    fn visit_item_mut(&mut self, item: &mut Item) {
        match item {
            Item::Struct(s) if undocumented(&s.attrs) => {
                let name = s.ident.to_string();
                match struct_doc(&name, self.operations) {
                    Ok(Some(doc)) => {
                        s.attrs.splice(0..0, docs::doc_attrs(&doc));
                    }
                    Ok(None) => {}
                    Err(()) => self.unknown = Some(name),
                }
            }
            Item::Impl(imp) if imp.trait_.is_none() => {
                let owner = match &*imp.self_ty {
                    syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                };
                for member in &mut imp.items {
                    if let (ImplItem::Fn(f), Some(owner)) = (member, &owner)
                        && undocumented(&f.attrs)
                        && matches!(f.vis, syn::Visibility::Public(_))
                    {
                        let doc = method_doc(owner, &f.sig.ident.to_string());
                        f.attrs.splice(0..0, docs::doc_attrs(&doc));
                    }
                }
                return;
            }
            Item::Trait(t) => {
                for member in &mut t.items {
                    if let syn::TraitItem::Fn(f) = member
                        && undocumented(&f.attrs)
                    {
                        let op = f.sig.ident.to_string();
                        let doc = format!(
                            "Mocks {}: `config_fn` narrows what it matches and sets the answer.",
                            operation_link(&op)
                        );
                        f.attrs.splice(0..0, docs::doc_attrs(&doc));
                    }
                }
                if undocumented(&t.attrs) {
                    t.attrs.splice(
                        0..0,
                        docs::doc_attrs(
                            "A typed mock for every operation, on httpmock's `MockServer`.",
                        ),
                    );
                }
            }
            _ => {}
        }
        visit_mut::visit_item_mut(self, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_public_item_of_a_mock_gets_a_doc() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod operations {
                pub struct RetrievePriceWhen(When);
                impl RetrievePriceWhen {
                    pub fn new(inner: When) -> Self { Self(inner) }
                    pub fn id(self, value: &str) -> Self { self }
                }
            }
            pub trait MockServerExt {
                fn retrieve_price<F>(&self, config_fn: F);
            }
        };
        let operations =
            BTreeMap::from([("RetrievePrice".to_string(), "retrieve_price".to_string())]);
        document(&mut file, &operations).unwrap();
        let text = quote::quote!(#file).to_string();
        assert!(
            text.contains("What a mock of [`Client::retrieve_price`]"),
            "{text}"
        );
        assert!(text.contains("Matches requests whose `id` parameter is `value`"));
        assert!(text.contains("Mocks [`Client::retrieve_price`]"));
        assert_eq!(text.matches("doc =").count(), 5, "{text}");
    }

    #[test]
    fn a_mock_of_no_known_operation_is_an_error() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct RetrievePriceThen(Then);
        };
        let error = document(&mut file, &BTreeMap::new()).unwrap_err();
        assert!(error.to_string().contains("RetrievePriceThen"), "{error}");
    }
}
