//! One error convention in the operation builders: progenitor keeps a parameter or body that
//! failed to convert as `Result<_, String>` ("id was not initialized"); the SDK's builders keep
//! a [`ConversionError`] whose path names the parameter as the API does (`created[gte]`), so
//! that `Error::InvalidRequest` and `Error::param()` say which field was missing or invalid.

use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Item};

use crate::model::Operation;

/// `Result<T, String>` → `Result<T, crate::ConversionError>` in every builder struct.
pub fn builder_fields(items: &mut [Item]) {
    struct Fields;
    impl VisitMut for Fields {
        fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
            visit_mut::visit_type_path_mut(self, node);
            let Some(last) = node.path.segments.last_mut() else {
                return;
            };
            if last.ident != "Result" {
                return;
            }
            if let syn::PathArguments::AngleBracketed(args) = &mut last.arguments
                && let Some(syn::GenericArgument::Type(error)) = args.args.iter_mut().nth(1)
                && matches!(error, syn::Type::Path(p) if p.path.is_ident("String"))
            {
                *error = syn::parse_quote!(crate::ConversionError);
            }
        }
    }
    for item in items {
        if let Item::Struct(_) = item {
            Fields.visit_item_mut(item);
        }
    }
}

/// Rewrites the error values of one operation builder's `impl`: a parameter never set, a
/// value that does not convert, a body that does not convert.
pub fn builder_methods(imp: &mut syn::ItemImpl, op: &Operation) {
    let parameters = op.parameters.iter().map(|p| p.name.clone()).collect();
    Methods { parameters }.visit_item_impl_mut(imp);
}

struct Methods {
    /// The operation's parameter names on the wire.
    parameters: Vec<String>,
}

impl Methods {
    /// The parameter's name on the wire for its setter's name (`created_gte` → `created[gte]`).
    fn wire_name(&self, setter: &str) -> String {
        let key = super::method_docs::setter_key(setter);
        self.parameters
            .iter()
            .find(|name| super::method_docs::setter_key(name) == key)
            .map_or_else(|| setter.to_string(), Clone::clone)
    }

    /// The replacement of progenitor's message `text`, if it is one of its error messages.
    fn replacement(&self, text: &str) -> Option<Expr> {
        if let Some(name) = text.strip_suffix(" was not initialized") {
            let name = self.wire_name(name);
            return Some(syn::parse_quote!(crate::ConversionError::missing(#name)));
        }
        let rest = text.strip_prefix("conversion to `")?;
        let (target, rest) = rest.split_once("` for ")?;
        let name = self.wire_name(rest.strip_suffix(" failed")?);
        let message = format!("the value does not convert to `{target}`");
        Some(syn::parse_quote!(crate::ConversionError::from(#message).within(#name)))
    }
}

impl VisitMut for Methods {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        let Expr::MethodCall(call) = expr else { return };
        match call.method.to_string().as_str() {
            // `"…".to_string()`: a message of progenitor's.
            "to_string" => {
                if let Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) = &*call.receiver
                    && let Some(replacement) = self.replacement(&text.value())
                {
                    *expr = replacement;
                }
            }
            // `.map_err(|e| e.to_string())` in `send()`: the body's error already is a
            // `ConversionError`, with its path, so it passes as it is.
            "map_err"
                if call.args.len() == 1 && stringifies(&call.args[0]) == Some(Text::Display) =>
            {
                *expr = (*call.receiver).clone();
            }
            // `.map_err(|s| format!("conversion to `X` for body failed: {}", s))` in `body()`:
            // the value's conversion error (or a builder's) becomes a `ConversionError`.
            "map_err"
                if call.args.len() == 1 && stringifies(&call.args[0]) == Some(Text::Format) =>
            {
                call.args[0] = syn::parse_quote!(Into::into);
            }
            // `.and_then(|v| X::try_from(v))`, left by the rewrite above: `.and_then(X::try_from)`.
            "and_then" if call.args.len() == 1 => {
                if let Some(function) = eta_reduced(&call.args[0]) {
                    call.args[0] = function;
                }
            }
            _ => {}
        }
    }

    fn visit_where_predicate_mut(&mut self, predicate: &mut syn::WherePredicate) {
        // `<V as TryInto<T>>::Error: std::fmt::Display` → `…: Into<crate::ConversionError>`.
        if let syn::WherePredicate::Type(bound) = predicate
            && bound.bounds.iter().any(|b| {
                matches!(b, syn::TypeParamBound::Trait(t)
                    if t.path.segments.last().is_some_and(|s| s.ident == "Display"))
            })
        {
            bound.bounds = syn::parse_quote!(Into<crate::ConversionError>);
        }
        visit_mut::visit_where_predicate_mut(self, predicate);
    }
}

/// `f` for a closure `|v| f(v)` whose body calls a path with its one parameter.
fn eta_reduced(closure: &Expr) -> Option<Expr> {
    let Expr::Closure(closure) = closure else {
        return None;
    };
    let [syn::Pat::Ident(param)] = closure.inputs.iter().collect::<Vec<_>>().as_slice() else {
        return None;
    };
    let Expr::Call(call) = &*closure.body else {
        return None;
    };
    let [Expr::Path(arg)] = call.args.iter().collect::<Vec<_>>().as_slice() else {
        return None;
    };
    (arg.path.is_ident(&param.ident) && matches!(&*call.func, Expr::Path(_)))
        .then(|| (*call.func).clone())
}

/// How a closure turns its error into text.
#[derive(Debug, PartialEq, Eq)]
enum Text {
    /// `|e| e.to_string()`.
    Display,
    /// `|s| format!(…)`.
    Format,
}

/// Whether and how `closure` turns its error into text.
fn stringifies(closure: &Expr) -> Option<Text> {
    let Expr::Closure(closure) = closure else {
        return None;
    };
    let format = |mac: &syn::Macro| mac.path.is_ident("format").then_some(Text::Format);
    match &*closure.body {
        Expr::MethodCall(call) => (call.method == "to_string").then_some(Text::Display),
        Expr::Macro(mac) => format(&mac.mac),
        Expr::Block(block) => match block.block.stmts.as_slice() {
            [syn::Stmt::Macro(m)] => format(&m.mac),
            [syn::Stmt::Expr(Expr::Macro(m), None)] => format(&m.mac),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progenitor_messages_become_conversion_errors_with_the_wire_name() {
        let mut imp: syn::ItemImpl = syn::parse_quote! {
            impl<'a> ListCharges<'a> {
                pub fn new(client: &'a crate::Client) -> Self {
                    Self { client, id: Err("id was not initialized".to_string()) }
                }
                pub fn created_gte<V>(mut self, value: V) -> Self where V: TryInto<i64> {
                    self.created_gte = value.try_into().map(Some)
                        .map_err(|_| "conversion to `i64` for created_gte failed".to_string());
                    self
                }
                pub fn body<V>(mut self, value: V) -> Self
                where
                    V: TryInto<types::X>,
                    <V as TryInto<types::X>>::Error: std::fmt::Display,
                {
                    self.body = value.try_into().map(From::from)
                        .map_err(|s| { format!("conversion to `X` for body failed: {}", s) });
                    self
                }
                pub async fn send(self) -> Result<(), Error> {
                    let body = body.and_then(|v| types::X::try_from(v).map_err(|e| e.to_string()))
                        .map_err(Error::InvalidRequest)?;
                    Ok(())
                }
            }
        };
        Methods {
            parameters: vec!["id".into(), "created[gte]".into()],
        }
        .visit_item_impl_mut(&mut imp);
        let text = quote::quote!(#imp).to_string().replace(' ', "");
        assert!(
            text.contains("crate::ConversionError::missing(\"id\")"),
            "{text}"
        );
        assert!(
            text.contains(
                "crate::ConversionError::from(\"thevaluedoesnotconvertto`i64`\").within(\"created[gte]\")"
            ),
            "{text}"
        );
        assert!(
            text.contains("Error:Into<crate::ConversionError>"),
            "{text}"
        );
        assert!(!text.contains("format!"), "{text}");
        assert!(!text.contains("to_string"), "{text}");
        assert!(text.contains("body.and_then(types::X::try_from)"), "{text}");
        assert!(
            text.contains(".map(From::from).map_err(Into::into)"),
            "{text}"
        );
    }

    #[test]
    fn string_errors_in_builder_fields_become_conversion_errors() {
        let mut items: Vec<Item> = vec![syn::parse_quote! {
            pub struct RetrieveCharge<'a> { id: Result<String, String>, n: Result<Option<i64>, String> }
        }];
        builder_fields(&mut items);
        let text = quote::quote!(#(#items)*).to_string().replace(' ', "");
        assert_eq!(text.matches("crate::ConversionError").count(), 2, "{text}");
    }
}
