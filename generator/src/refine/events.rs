//! `generated/events.rs`: the resource an event is about, typed by the event's type. The
//! mapping comes from the spec: a string enum schema with `x-event-objects` (event type → schema
//! of `data.object`).

use std::collections::BTreeMap;

use openapiv3::OpenAPI;
use quote::{format_ident, quote};

/// `(enum schema, event type → object schema)` for the schema carrying `x-event-objects`.
pub fn event_objects(spec: &OpenAPI) -> Option<(String, BTreeMap<String, String>)> {
    let components = spec.components.as_ref()?;
    components.schemas.iter().find_map(|(name, schema)| {
        let mapping = schema
            .as_item()?
            .schema_data
            .extensions
            .get("x-event-objects")?
            .as_object()?;
        let mapping = mapping
            .iter()
            .filter_map(|(t, o)| Some((t.clone(), o.as_str()?.to_string())))
            .collect();
        Some((name.clone(), mapping))
    })
}

/// The events module; empty when the spec has no `x-event-objects`.
pub fn module(spec: &OpenAPI) -> syn::File {
    let Some((enum_name, mapping)) = event_objects(spec) else {
        return syn::parse_quote! {
            //! The spec maps no event types to resources.
        };
    };
    let mut by_object: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (event_type, object) in &mapping {
        by_object.entry(object).or_default().push(event_type);
    }
    let variants: Vec<syn::Ident> = by_object.keys().map(|o| format_ident!("{o}")).collect();
    let docs: Vec<String> = by_object
        .keys()
        .map(|o| format!(" A [`{o}`](types::{o})."))
        .collect();
    let arms = by_object.iter().map(|(object, types)| {
        let variant = format_ident!("{object}");
        quote! { #(#types)|* => Self::#variant(Box::new(serde_path_to_error::deserialize(object)?)), }
    });
    let enum_ident = format_ident!("{enum_name}");
    syn::parse_quote! {
        //! The resource of an event's `data.object`, typed by the event's type.
        use super::types;

        /// The resource an event is about, typed by the event's type. The raw JSON stays
        /// available in the event's `data.object`.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum EventObject {
            #( #[doc = #docs] #variants(Box<types::#variants>), )*
            /// The object of an event type this version of the SDK does not map, as JSON.
            Other(serde_json::Value),
        }

        impl EventObject {
            /// Decodes `object` as the resource that events of `event_type` carry.
            pub fn decode(
                event_type: &types::#enum_ident,
                object: serde_json::Value,
            ) -> Result<Self, serde_path_to_error::Error<serde_json::Error>> {
                Ok(match event_type.as_str() {
                    #(#arms)*
                    _ => Self::Other(object),
                })
            }
        }
    }
}
