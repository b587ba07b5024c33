//! The payment rules of the sandbox, one file per resource, over the generic state: what
//! creating or acting on a Checkout Session, PaymentIntent, Refund or webhook endpoint does
//! beyond storing the request's fields.

pub(crate) mod cards;
pub(crate) mod checkout_session;
pub(crate) mod clock;
pub(crate) mod common;
pub(crate) mod defaults;
pub(crate) mod dispute;
pub(crate) mod payment_intent;
pub(crate) mod payment_method;
pub(crate) mod refund;
pub(crate) mod setup_intent;
pub(crate) mod subscription;
pub(crate) mod webhook_endpoint;

use serde_json::Value;

use crate::answer::Outgoing;
use crate::collections::{
    CHECKOUT_SESSIONS, DISPUTES, PAYMENT_INTENTS, PAYMENT_METHODS, REFUNDS, SETUP_INTENTS,
    WEBHOOK_ENDPOINTS,
};
use crate::fields::text;
use crate::state::Store;
use common::save_new;

/// Stores a new object built from the request, applying its resource's rules.
pub(crate) fn create(
    store: &mut Store,
    collection: &str,
    object: Value,
    body: &Value,
) -> Result<Value, Outgoing> {
    crate::urls::check_fields(collection, body, &store.base_url)?;
    match collection {
        CHECKOUT_SESSIONS => checkout_session::create(store, object, body),
        PAYMENT_INTENTS => payment_intent::create(store, object, body),
        REFUNDS => refund::create(store, object, body),
        SETUP_INTENTS => setup_intent::create(store, object, body),
        WEBHOOK_ENDPOINTS => Ok(webhook_endpoint::create(store, object)),
        _ => {
            let mut object = object;
            let kind = text(&object, "object").to_string();
            defaults::derive(&kind, &mut object, body);
            Ok(save_new(store, collection, object))
        }
    }
}

/// Runs the action `action` on an object of `collection`, where it has rules of its own;
/// `None` for the others (a plain update).
pub(crate) fn action(
    store: &mut Store,
    collection: &str,
    action: &str,
    id: &str,
    body: &Value,
) -> Option<Result<Value, Outgoing>> {
    if (collection, action) == (PAYMENT_INTENTS, "confirm")
        && let Err(refused) = crate::urls::check(body, "return_url", &store.base_url, false)
    {
        return Some(Err(refused));
    }
    Some(match (collection, action) {
        (CHECKOUT_SESSIONS, "expire") => checkout_session::expire(store, id),
        (PAYMENT_INTENTS, "confirm") => payment_intent::confirm(store, id, body),
        (PAYMENT_INTENTS, "capture") => payment_intent::capture(store, id, body),
        (PAYMENT_INTENTS, "cancel") => payment_intent::cancel(store, id, body),
        (DISPUTES, "close") => dispute::close(store, id),
        (SETUP_INTENTS, "confirm") => setup_intent::confirm(store, id, body),
        (SETUP_INTENTS, "cancel") => setup_intent::cancel(store, id, body),
        (PAYMENT_METHODS, "attach") => payment_method::attach(store, id, body),
        (PAYMENT_METHODS, "detach") => payment_method::detach(store, id),
        _ => return None,
    })
}
