//! Friendlier setters on the builders of schema types: an optional field's setter takes the
//! value itself (`.email("a@example.com")`) rather than an `Option` (`.email(Some(…))`). An
//! unset field stays `None`, which is what leaving it out sends.

use syn::visit_mut::{self, VisitMut};

/// Rewrites every `T: TryInto<Option<X>>` setter in `file` (run after paths are shortened).
pub fn unwrap_optional_setters(file: &mut syn::File) {
    Setters.visit_file_mut(file);
}

struct Setters;

impl VisitMut for Setters {
    fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
        let Some(where_clause) = &mut f.sig.generics.where_clause else {
            return;
        };
        let mut rewritten = false;
        for predicate in &mut where_clause.predicates {
            let syn::WherePredicate::Type(bound) = predicate else {
                continue;
            };
            for b in &mut bound.bounds {
                let syn::TypeParamBound::Trait(t) = b else {
                    continue;
                };
                let Some(last) = t.path.segments.last_mut() else {
                    continue;
                };
                if last.ident != "TryInto" {
                    continue;
                }
                let syn::PathArguments::AngleBracketed(args) = &mut last.arguments else {
                    continue;
                };
                if let Some(syn::GenericArgument::Type(syn::Type::Path(option))) =
                    args.args.first_mut()
                    && let Some(inner) = option_inner(option)
                {
                    *option = inner;
                    rewritten = true;
                }
            }
        }
        if rewritten {
            MapSome.visit_block_mut(&mut f.block);
        }
    }
}

/// `X` of `Option<X>`.
fn option_inner(ty: &syn::TypePath) -> Option<syn::TypePath> {
    let last = ty.path.segments.last()?;
    if last.ident != "Option" || ty.path.segments.len() != 1 {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(syn::Type::Path(inner)) => Some(inner.clone()),
        _ => None,
    }
}

/// `value.try_into()` becomes `value.try_into().map(Some)`.
struct MapSome;

impl VisitMut for MapSome {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::MethodCall(call) = expr
            && call.method == "try_into"
            && call.args.is_empty()
        {
            let inner = expr.clone();
            *expr = syn::parse_quote!(#inner.map(Some));
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}
