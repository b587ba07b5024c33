//! Unions of scalars (`IntegerOrString`: an integer or a string): typify derives them as serde
//! `untagged` enums, which buffer each value and then try every form on the copy. The same
//! choice is made here by the value's JSON type in one pass: each variant takes the JSON types
//! its form takes, the first variant in order winning, as with `untagged`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Fields, Ident, Item, ItemEnum, Type};

/// The scalar forms a variant can hold.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    Integer,
    Float,
    Text,
}

/// Gives every untagged enum among `items` whose variants each hold one `i64`, `f64` or
/// `String` a `Deserialize` that reads the value by its JSON type; returns how many.
pub fn read_by_json_type(items: &mut Vec<Item>) -> syn::Result<usize> {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        let Item::Enum(e) = item else { continue };
        let Some(variants) = scalar_variants(e) else {
            continue;
        };
        if !drop_derived_deserialize(e) {
            continue;
        }
        impls.push(deserialize_impl(&e.ident, &variants));
    }
    let count = impls.len();
    for tokens in impls {
        items.extend(syn::parse2::<syn::File>(tokens)?.items);
    }
    Ok(count)
}

/// The variants of an untagged enum of scalars, in order, or `None` for any other enum.
fn scalar_variants(e: &ItemEnum) -> Option<Vec<(Ident, Form)>> {
    let untagged = e.attrs.iter().any(|a| {
        a.path().is_ident("serde") && quote!(#a).to_string().replace(' ', "").contains("untagged")
    });
    if !untagged {
        return None;
    }
    e.variants
        .iter()
        .map(|v| {
            let Fields::Unnamed(fields) = &v.fields else {
                return None;
            };
            let [field] = fields.unnamed.iter().collect::<Vec<_>>()[..] else {
                return None;
            };
            let Type::Path(ty) = &field.ty else {
                return None;
            };
            // `String` may be written `::std::string::String`.
            let last = ty.path.segments.last()?;
            if !last.arguments.is_empty() {
                return None;
            }
            let form = match last.ident.to_string().as_str() {
                "i64" => Form::Integer,
                "f64" => Form::Float,
                "String" => Form::Text,
                _ => return None,
            };
            Some((v.ident.clone(), form))
        })
        .collect()
}

/// Removes `Deserialize` from the enum's derives (`untagged` stays, for `Serialize`); `false`
/// when none was derived.
fn drop_derived_deserialize(e: &mut ItemEnum) -> bool {
    let mut dropped = false;
    for attr in e.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let kept: Vec<&syn::Path> = paths
            .iter()
            .filter(|p| p.segments.last().is_none_or(|s| s.ident != "Deserialize"))
            .collect();
        if kept.len() < paths.len() {
            dropped = true;
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
    dropped
}

/// `Deserialize` for the enum `ident` of `variants`.
fn deserialize_impl(ident: &Ident, variants: &[(Ident, Form)]) -> TokenStream {
    let first = |form: Form| variants.iter().find(|(_, f)| *f == form).map(|(v, _)| v);
    let expecting = variants
        .iter()
        .map(|(_, form)| match form {
            Form::Integer => "an integer",
            Form::Float => "a number",
            Form::Text => "a string",
        })
        .collect::<Vec<_>>()
        .join(" or ");
    // A JSON type no variant takes is left to the visitor's default: an error naming it.
    // An integer goes to the first of the integer and float forms (a float takes whole
    // numbers too); one above `i64::MAX` fits only a float.
    let integer_or_float = variants
        .iter()
        .find(|(_, f)| *f != Form::Text)
        .map(|(v, f)| (v, *f));
    let visit_integers = match (integer_or_float, first(Form::Float)) {
        (Some((v, Form::Integer)), float) => {
            let too_large = match float {
                Some(f) => quote!(Ok(#ident::#f(value as f64))),
                None => {
                    quote!(Err(E::invalid_value(
                        serde::de::Unexpected::Unsigned(value),
                        &self
                    )))
                }
            };
            quote! {
                fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<#ident, E> {
                    Ok(#ident::#v(value))
                }
                fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<#ident, E> {
                    match i64::try_from(value) {
                        Ok(value) => Ok(#ident::#v(value)),
                        Err(_) => #too_large,
                    }
                }
            }
        }
        (Some((v, _)), _) => quote! {
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<#ident, E> {
                Ok(#ident::#v(value as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<#ident, E> {
                Ok(#ident::#v(value as f64))
            }
        },
        (None, _) => quote!(),
    };
    let visit_float = first(Form::Float).map(|v| {
        quote! {
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<#ident, E> {
                Ok(#ident::#v(value))
            }
        }
    });
    let visit_text = first(Form::Text).map(|v| {
        quote! {
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<#ident, E> {
                Ok(#ident::#v(value.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<#ident, E> {
                Ok(#ident::#v(value))
            }
        }
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Form;
                impl serde::de::Visitor<'_> for Form {
                    type Value = #ident;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    #visit_integers
                    #visit_float
                    #visit_text
                }
                deserializer.deserialize_any(Form)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refine(source: &str) -> String {
        let mut file: syn::File = syn::parse_str(source).unwrap();
        read_by_json_type(&mut file.items).unwrap();
        prettyplease::unparse(&file)
    }

    #[test]
    fn an_untagged_union_of_scalars_reads_by_json_type() {
        let out = refine(
            r#"
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
            #[serde(untagged)]
            pub enum IntegerOrString { Int64(i64), String(String) }
            "#,
        );
        assert!(
            out.contains("#[derive(::serde::Serialize, Clone, Debug, PartialEq)]"),
            "{out}"
        );
        assert!(
            out.contains("#[serde(untagged)]"),
            "serializing is untouched: {out}"
        );
        assert!(out.contains("deserializer.deserialize_any(Form)"), "{out}");
        assert!(
            out.contains("f.write_str(\"an integer or a string\")"),
            "{out}"
        );
        assert!(out.contains("Ok(IntegerOrString::String(value))"), "{out}");
        assert!(out.contains("E::invalid_value("), "{out}");
    }

    #[test]
    fn a_whole_number_too_large_for_an_integer_goes_to_the_float() {
        let out = refine(
            r#"
            #[derive(::serde::Deserialize)]
            #[serde(untagged)]
            pub enum IntegerOrNumber { Int64(i64), Double(f64) }
            "#,
        );
        assert!(
            out.contains("Err(_) => Ok(IntegerOrNumber::Double(value as f64))"),
            "{out}"
        );
        assert!(
            !out.contains("fn visit_str"),
            "a string is left to the default: {out}"
        );
    }

    #[test]
    fn other_unions_keep_their_derive() {
        let source = r#"
            #[derive(::serde::Deserialize)]
            #[serde(untagged)]
            pub enum Items { One(Item), Many(Vec<Item>) }
            #[derive(::serde::Deserialize)]
            pub enum Closed { Int64(i64) }
        "#;
        let mut file: syn::File = syn::parse_str(source).unwrap();
        assert_eq!(read_by_json_type(&mut file.items).unwrap(), 0);
        assert_eq!(
            prettyplease::unparse(&file),
            prettyplease::unparse(&syn::parse_str(source).unwrap())
        );
    }
}
