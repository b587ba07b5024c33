//! Reading notes on the fields whose raw value needs one: a timestamp says how to read it
//! (WooshPay sends seconds or milliseconds), an amount that it is in the currency's minor unit.

use syn::{Attribute, Fields, Item, Type};

const TIMESTAMP_NOTE: &str = " Read it with `Timestamp`'s methods (`unix_seconds()`, \
`to_system_time()`): WooshPay sends seconds or milliseconds.";

/// Appends the note of each timestamp and amount field of the structs among `items`.
pub fn annotate(items: &mut [Item]) {
    for item in items {
        let Item::Struct(s) = item else { continue };
        let Fields::Named(named) = &mut s.fields else {
            continue;
        };
        let has_currency = named
            .named
            .iter()
            .any(|f| f.ident.as_ref().is_some_and(|i| i == "currency"));
        for field in named.named.iter_mut() {
            let name = field
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let inner = last_ident(&field.ty);
            let note = match inner.as_deref() {
                Some("Timestamp") => Some(TIMESTAMP_NOTE.to_string()),
                Some("i64" | "IntegerOrString" | "IntegerOrNumber") if is_amount(&name) => {
                    let docs = doc_text(&field.attrs);
                    let said =
                        docs.contains("minor unit") || docs.contains("smallest currency unit");
                    (!said).then(|| amount_note(has_currency))
                }
                _ => None,
            };
            if let Some(note) = note {
                field.attrs.push(syn::parse_quote!(#[doc = ""]));
                field.attrs.push(syn::parse_quote!(#[doc = #note]));
            }
        }
    }
}

fn amount_note(has_currency: bool) -> String {
    let currency = if has_currency {
        "`currency`"
    } else {
        "its currency"
    };
    format!(" In the minor unit of {currency} (cents for USD: `1000` is 10.00).")
}

/// Whether a field named `name` holds an amount of money.
fn is_amount(name: &str) -> bool {
    name.split('_').any(|word| word == "amount") || name == "atm_fee" || name == "ending_balance"
}

/// The last identifier of `ty`, looking inside `Option<…>`.
fn last_ident(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    if segment.ident == "Option"
        && let syn::PathArguments::AngleBracketed(args) = &segment.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return last_ident(inner);
    }
    Some(segment.ident.to_string())
}

fn doc_text(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn timestamps_and_amounts_get_their_note_once() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct Intent {
                /// When.
                pub created: Option<Timestamp>,
                /// How much.
                pub amount: Option<i64>,
                /// Already said, in the smallest currency unit.
                pub amount_received: Option<i64>,
                /// Not money.
                pub quantity: Option<i64>,
                pub currency: Option<String>,
            }
        };
        annotate(&mut file.items);
        let text = file.to_token_stream().to_string();
        assert_eq!(text.matches("Read it with").count(), 1, "{text}");
        assert_eq!(
            text.matches("minor unit of `currency`").count(),
            1,
            "{text}"
        );
    }
}
