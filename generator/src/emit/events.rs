//! `generated/events.rs`: the resource an event is about, typed by the event's type. The
//! mapping comes from the spec: a string enum schema with `x-event-objects` (event type → schema
//! of `data.object`, read into the model), and each such schema's `x-object` (the value of its `object` field).

use std::collections::BTreeMap;

use quote::{format_ident, quote};

use crate::Error;
use crate::model::Model;

/// The `x-object` of a resource schema: the value of its `object` field (`payment_intent`).
fn object_value(model: &Model, schema: &str) -> Option<String> {
    let value = model.schema(schema)?.extension("x-object")?.as_str()?;
    Some(value.to_string())
}

/// `payment_intent.succeeded` → `PaymentIntentSucceeded`.
fn variant_name(event_type: &str) -> String {
    event_type
        .split(['.', '_'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The events module: `EventObject` (the resource, by the kind of object) and `TypedEvent` (a
/// variant per event type), both checking `data.object.object` against the schema's
/// `x-object`. Without `x-event-objects` in the spec, a module that says so.
pub fn module(model: &Model) -> Result<syn::File, Error> {
    let Some((enum_name, mapping)) = &model.event_objects else {
        return Ok(syn::parse_quote! {
            //! The spec maps no event types to resources.
        });
    };
    let mut by_object: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (event_type, object) in mapping {
        by_object.entry(object).or_default().push(event_type);
    }
    let mut object_values = BTreeMap::new();
    for schema in by_object.keys() {
        let value = object_value(model, schema).ok_or_else(|| {
            Error::Refine(format!(
                "components.schemas.{schema}: carried by events (`x-event-objects` of \
                 {enum_name}) but has no `x-object` naming its `object` value"
            ))
        })?;
        object_values.insert(schema.as_str(), value);
    }
    let variants: Vec<syn::Ident> = by_object.keys().map(|o| format_ident!("{o}")).collect();
    let docs: Vec<String> = by_object
        .keys()
        .map(|o| format!(" A [`{o}`](types::{o})."))
        .collect();
    let arms = by_object.iter().map(|(object, types)| {
        let variant = format_ident!("{object}");
        let expected = &object_values[object.as_str()];
        quote! {
            #(#types)|* => Self::#variant(crate::event_objects::decode(event_type.as_str(), &object, #expected)?),
        }
    });
    let mut typed_variants = Vec::new();
    let mut typed_docs = Vec::new();
    let mut typed_arms = Vec::new();
    let mut seen = BTreeMap::new();
    for (event_type, object) in mapping {
        let name = variant_name(event_type);
        if name == "Unknown" || syn::parse_str::<syn::Ident>(&name).is_err() {
            return Err(Error::Refine(format!(
                "components.schemas.{enum_name}.x-event-objects: `{event_type}` gives the \
                 variant name `{name}`, which is not usable"
            )));
        }
        if let Some(other) = seen.insert(name.clone(), event_type) {
            return Err(Error::Refine(format!(
                "components.schemas.{enum_name}.x-event-objects: `{other}` and `{event_type}` \
                 both give the variant name `{name}`"
            )));
        }
        let variant = format_ident!("{name}");
        let object_ident = format_ident!("{object}");
        let expected = &object_values[object.as_str()];
        typed_docs.push(format!(
            " `{event_type}`: the [`{object}`](types::{object}) it is about."
        ));
        typed_variants.push(quote!(#variant(Box<types::#object_ident>)));
        typed_arms.push(quote! {
            #event_type => TypedEvent::#variant(crate::event_objects::decode(#event_type, object, #expected)?),
        });
    }
    let enum_ident = format_ident!("{enum_name}");
    Ok(syn::parse_quote! {
        //! The resource of an event's `data.object`, typed by the event's type.
        use super::types;
        use crate::webhook::WebhookError;

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
            /// Decodes `object` as the resource that events of `event_type` carry; an object of
            /// another kind (its `object` field) is an error, never an empty resource.
            pub fn decode(
                event_type: &types::#enum_ident,
                object: serde_json::Value,
            ) -> Result<Self, WebhookError> {
                Ok(match event_type.as_str() {
                    #(#arms)*
                    _ => Self::Other(object),
                })
            }
        }

        /// An event, typed: one variant per event type, holding the resource it is about.
        ///
        /// ```
        /// # fn handle(event: &wooshpay::types::Event) -> Result<(), wooshpay::webhook::WebhookError> {
        /// use wooshpay::webhook::TypedEvent;
        ///
        /// match event.typed()? {
        ///     TypedEvent::PaymentIntentSucceeded(intent) => println!("paid: {}", intent.id),
        ///     TypedEvent::CheckoutSessionCompleted(session) => println!("done: {}", session.id),
        ///     _ => {} // the other types, and types this SDK does not know
        /// }
        /// # Ok(())
        /// # }
        /// ```
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum TypedEvent {
            #( #[doc = #typed_docs] #typed_variants, )*
            /// An event type this version of the SDK does not know: the whole event, with its
            /// raw `data.object`.
            Unknown(Box<types::Event>),
        }

        impl types::Event {
            /// The event as a [`TypedEvent`]: the variant of its type, holding `data.object`
            /// decoded as the resource that type carries. A `data.object` of another kind (its
            /// `object` field) is a [`WebhookError::ObjectMismatch`], never a silently empty
            /// resource; an unknown type is [`TypedEvent::Unknown`].
            pub fn typed(&self) -> Result<TypedEvent, WebhookError> {
                let object = crate::event_objects::data_object(self);
                Ok(match self.event_type().as_str() {
                    #(#typed_arms)*
                    _ => TypedEvent::Unknown(Box::new(self.clone())),
                })
            }
        }
    })
}
