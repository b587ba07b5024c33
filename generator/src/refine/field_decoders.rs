//! Field decoders: each field a [`FieldRule`] names is decoded through the SDK function of its
//! rule (`#[serde(default, deserialize_with = …)]`), so a JSON-encoded string or a `null` list
//! reads as the field's own type. Serializing writes the value's own form; a list's `data` is
//! written even when empty, as the server sends it.

use syn::{Attribute, Fields, Item, LitStr};

use crate::field_rules::{Decode, FieldRule};

/// Adds the decoder of every rule to its field among `items`; an error names a rule whose field
/// is not there.
pub fn apply(items: &mut [Item], rules: &[FieldRule]) -> syn::Result<()> {
    for rule in rules {
        let field = items
            .iter_mut()
            .filter_map(|item| match item {
                Item::Struct(s) if s.ident == rule.schema => Some(s),
                _ => None,
            })
            .filter_map(|s| match &mut s.fields {
                Fields::Named(named) => Some(named),
                _ => None,
            })
            .flat_map(|named| named.named.iter_mut())
            .find(|field| wire_name(field).as_deref() == Some(rule.property.as_str()));
        let Some(field) = field else {
            return Err(syn::Error::new(
                proc_macro2::Span::call_site(),
                format!(
                    "field decoders: no field `{}.{}` in the generated types",
                    rule.schema, rule.property
                ),
            ));
        };
        if rule.decode == Decode::NullAsEmpty {
            drop_skip_when_empty(&mut field.attrs)?;
        }
        let function = rule.decode.function();
        let attribute: Attribute = if has_serde_default(&field.attrs)? {
            syn::parse_quote!(#[serde(deserialize_with = #function)])
        } else {
            syn::parse_quote!(#[serde(default, deserialize_with = #function)])
        };
        field.attrs.push(attribute);
    }
    Ok(())
}

/// The field's name on the wire: its `rename`, else its identifier.
fn wire_name(field: &syn::Field) -> Option<String> {
    let mut name = field
        .ident
        .as_ref()
        .map(|i| i.to_string().trim_start_matches("r#").to_string());
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                name = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    name
}

/// Removes typify's `#[serde(default, skip_serializing_if = "Vec::is_empty")]`.
fn drop_skip_when_empty(attrs: &mut Vec<Attribute>) -> syn::Result<()> {
    let mut keep = Vec::new();
    for attr in attrs.drain(..) {
        let mut keys = Vec::new();
        if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|meta| {
                keys.push(meta.path.get_ident().map(ToString::to_string));
                if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
                Ok(())
            })?;
        }
        let only_defaults = keys
            .iter()
            .all(|k| matches!(k.as_deref(), Some("default") | Some("skip_serializing_if")));
        if keys.is_empty() || !only_defaults {
            keep.push(attr);
        }
    }
    *attrs = keep;
    Ok(())
}

fn has_serde_default(attrs: &[Attribute]) -> syn::Result<bool> {
    let mut found = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                found = true;
            }
            if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        })?;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn rule(schema: &str, property: &str, decode: Decode) -> FieldRule {
        FieldRule {
            schema: schema.into(),
            property: property.into(),
            decode,
        }
    }

    #[test]
    fn adds_a_decoder_and_a_default_once() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct Intent {
                #[serde(rename = "3ds", skip_serializing_if = "Option::is_none")]
                pub x3ds: Option<Vec<String>>,
                #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                pub data: Vec<String>,
            }
        };
        let rules = [
            rule("Intent", "3ds", Decode::JsonString),
            rule("Intent", "data", Decode::NullAsEmpty),
        ];
        apply(&mut file.items, &rules).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(text.contains(
            r#"# [serde (default , deserialize_with = "crate::json_string::deserialize")] pub x3ds"#
        ));
        assert!(text.contains(
            r#"# [serde (default , deserialize_with = "crate::null_as_empty::deserialize")] pub data"#
        ));
        assert!(
            !text.contains("is_empty"),
            "an empty list is written: {text}"
        );
    }

    #[test]
    fn a_missing_field_is_an_error() {
        let mut file: syn::File = syn::parse_quote!(
            pub struct Intent {
                pub id: String,
            }
        );
        let err = apply(
            &mut file.items,
            &[rule("Intent", "gone", Decode::JsonString)],
        );
        assert!(err.unwrap_err().to_string().contains("Intent.gone"));
    }
}
