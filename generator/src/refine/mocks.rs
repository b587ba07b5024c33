//! Rewrites of progenitor's httpmock helpers, so that a mock matches what the SDK sends.

use syn::Expr;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};

use super::operations::macro_args;
use crate::Error;

/// Applies both rewrites; each must find something to rewrite in the mocks of a spec with
/// path parameters and array query parameters.
pub fn refine(file: &mut syn::File) -> Result<(), Error> {
    let mut escape = EscapePathValues(0);
    escape.visit_file_mut(file);
    let mut repeat = RepeatArrayQueryValues(0);
    repeat.visit_file_mut(file);
    if escape.0 == 0 && has_path_matchers(file) {
        return Err(Error::Refine(
            "mocks: no `format!(\"^/…\", value.to_string())` path matcher to rewrite".into(),
        ));
    }
    Ok(())
}

/// Whether any path matcher is built with `format!` (a spec without path parameters has none).
fn has_path_matchers(file: &syn::File) -> bool {
    struct Find(bool);
    impl Visit<'_> for Find {
        fn visit_macro(&mut self, mac: &syn::Macro) {
            self.0 |= mac.path.is_ident("format") && path_pattern(mac);
            visit::visit_macro(self, mac);
        }
    }
    let mut find = Find(false);
    find.visit_file(file);
    find.0
}

/// Whether a `format!`'s first argument is a path regex (`"^/…"`).
fn path_pattern(mac: &syn::Macro) -> bool {
    macro_args(mac).is_ok_and(|args| {
        matches!(args.first(), Some(Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }))
            if s.value().starts_with("^/"))
    })
}

/// progenitor's mocks put a path parameter into the regex as is; the client sends it
/// percent-encoded. `format!("^/…/{}$", value.to_string())` becomes
/// `format!("^/…/{}$", regex::escape(&wooshpay::encode_path_segment(value)))`.
struct EscapePathValues(usize);

impl VisitMut for EscapePathValues {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if !mac.path.is_ident("format") || !path_pattern(mac) {
            return;
        }
        let Ok(mut args) = macro_args(mac) else {
            return;
        };
        for arg in args.iter_mut().skip(1) {
            if let Expr::MethodCall(call) = arg
                && call.method == "to_string"
                && matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident("value"))
            {
                *arg = syn::parse_quote!(regex::escape(&wooshpay::encode_path_segment(value)));
                self.0 += 1;
            }
        }
        mac.tokens = quote::quote!(#args);
    }
}

/// progenitor's mocks match an array query parameter with `value.to_string()`, which a `Vec`
/// does not have; the client sends one `name=item` pair per item, so match each of them.
struct RepeatArrayQueryValues(usize);

impl VisitMut for RepeatArrayQueryValues {
    fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
        let takes_vec = f
            .sig
            .generics
            .where_clause
            .iter()
            .flat_map(|w| &w.predicates)
            .any(|p| mentions_vec(&quote::quote!(#p)));
        if !takes_vec {
            return visit_mut::visit_impl_item_fn_mut(self, f);
        }
        let Some(name) = query_param_name(&f.block) else {
            return;
        };
        f.block = syn::parse_quote! {{
            if let Some(value) = value.into() {
                Self(value.iter().fold(self.0, |when, item| when.query_param(#name, item.to_string())))
            } else {
                Self(self.0.query_param_missing(#name))
            }
        }};
        self.0 += 1;
    }
}

/// Whether a `Vec` type appears in a where-clause predicate.
fn mentions_vec(predicate: &proc_macro2::TokenStream) -> bool {
    struct Find(bool);
    impl Visit<'_> for Find {
        fn visit_type_path(&mut self, ty: &syn::TypePath) {
            self.0 |= ty.path.segments.last().is_some_and(|s| s.ident == "Vec");
            visit::visit_type_path(self, ty);
        }
    }
    let Ok(predicate) = syn::parse2::<syn::WherePredicate>(predicate.clone()) else {
        return false;
    };
    let mut find = Find(false);
    find.visit_where_predicate(&predicate);
    find.0
}

/// The parameter name of the first `.query_param("name", …)` call in `block`.
fn query_param_name(block: &syn::Block) -> Option<syn::LitStr> {
    struct Find(Option<syn::LitStr>);
    impl Visit<'_> for Find {
        fn visit_expr_method_call(&mut self, call: &syn::ExprMethodCall) {
            if self.0.is_none()
                && call.method == "query_param"
                && let Some(Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(name),
                    ..
                })) = call.args.first()
            {
                self.0 = Some(name.clone());
            }
            visit::visit_expr_method_call(self, call);
        }
    }
    let mut find = Find(None);
    find.visit_block(block);
    find.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> syn::File {
        syn::parse_quote! {
            impl RetrieveThingWhen {
                pub fn id(self, value: &str) -> Self {
                    let re = regex::Regex::new(&format!("^/v1/things/{}$", value.to_string())).unwrap();
                    Self(self.0.path_matches(re))
                }
                pub fn expand<'a, T>(self, value: T) -> Self
                where
                    T: Into<Option<&'a ::std::vec::Vec<::std::string::String>>>,
                {
                    if let Some(value) = value.into() {
                        Self(self.0.query_param("expand", value.to_string()))
                    } else {
                        Self(self.0.query_param_missing("expand"))
                    }
                }
                pub fn limit<T>(self, value: T) -> Self
                where
                    T: Into<Option<i64>>,
                {
                    if let Some(value) = value.into() {
                        Self(self.0.query_param("limit", value.to_string()))
                    } else {
                        Self(self.0.query_param_missing("limit"))
                    }
                }
            }
        }
    }

    #[test]
    fn path_values_are_matched_encoded_and_arrays_item_by_item() {
        let mut file = fixture();
        refine(&mut file).unwrap();
        let text = quote::quote!(#file).to_string().replace(' ', "");
        assert!(
            text.contains("regex::escape(&wooshpay::encode_path_segment(value))"),
            "{text}"
        );
        assert!(text.contains("value.iter().fold(self.0,|when,item|when.query_param(\"expand\""));
        assert!(
            text.contains("self.0.query_param(\"limit\",value.to_string())"),
            "a scalar stays"
        );
    }

    #[test]
    fn a_path_matcher_of_another_shape_is_an_error() {
        let mut file: syn::File = syn::parse_quote! {
            fn id(value: &str) { let re = format!("^/v1/things/{}$", value); }
        };
        let error = refine(&mut file).unwrap_err().to_string();
        assert!(error.contains("mocks:"), "{error}");
    }
}
