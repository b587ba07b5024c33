//! The payment rules of the sandbox, one file per resource, over the generic state: what
//! creating or acting on a Checkout Session, PaymentIntent, Refund or webhook endpoint does
//! beyond storing the request's fields.

pub(crate) mod cards;
pub(crate) mod checkout_session;
pub(crate) mod clock;
pub(crate) mod defaults;
pub(crate) mod dispute;
pub(crate) mod payment_intent;
pub(crate) mod payment_method;
pub(crate) mod refund;
pub(crate) mod setup_intent;
pub(crate) mod subscription;
pub(crate) mod webhook_endpoint;

use serde_json::Value;

use super::respond::{Outgoing, error};
use super::state::Store;

pub(crate) use crate::collections::{
    CHARGES, CHECKOUT_SESSIONS, PAYMENT_INTENTS, PAYMENT_METHODS, PRICES, REFUNDS,
    WEBHOOK_ENDPOINTS,
};

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
        setup_intent::SETUP_INTENTS => setup_intent::create(store, object, body),
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
        (dispute::DISPUTES, "close") => dispute::close(store, id),
        (setup_intent::SETUP_INTENTS, "confirm") => setup_intent::confirm(store, id, body),
        (setup_intent::SETUP_INTENTS, "cancel") => setup_intent::cancel(store, id, body),
        (PAYMENT_METHODS, "attach") => payment_method::attach(store, id, body),
        (PAYMENT_METHODS, "detach") => payment_method::detach(store, id),
        _ => return None,
    })
}

/// Stores `object` and records its creation event, if the spec lists one for its kind.
pub(crate) fn save_new(store: &mut Store, collection: &str, object: Value) -> Value {
    store.insert(collection, object.clone());
    let kind = text(&object, "object").to_string();
    store.record_event(&event_type(&kind, "created"), &object);
    object
}

/// The event type for `verb` (`created`, `updated`, `deleted`) on an object of `kind`. Disputes
/// and refund updates are named under `charge.` as the docs' list of types names them; types the
/// spec does not list are dropped by [`Store::record_event`].
pub(crate) fn event_type(kind: &str, verb: &str) -> String {
    match (kind, verb) {
        ("dispute", _) => format!("charge.dispute.{verb}"),
        ("refund", "updated") => "charge.refund.updated".into(),
        _ => format!("{kind}.{verb}"),
    }
}

/// Sets each of `fields` to the request's value, or null when the request has none: a new
/// object shows what was asked for, not the documented example's values.
pub(crate) fn from_request(object: &mut Value, body: &Value, fields: &[&str]) {
    for field in fields {
        object[*field] = body.get(*field).cloned().unwrap_or(Value::Null);
    }
}

/// The 400 for an action the object's status does not allow.
pub(crate) fn unexpected_state(kind: &str, id: &str, status: &str, action: &str) -> Outgoing {
    error(
        400,
        "invalid_request_error",
        &format!("{kind}_unexpected_state"),
        &format!("You cannot {action} this {kind} ({id}) because it has a status of {status}."),
        None,
    )
}

/// A string field of `object` (empty when absent).
pub(crate) fn text<'a>(object: &'a Value, field: &str) -> &'a str {
    object
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// An integer given as a number or a numeric string (the spec's `IntegerOrString`).
pub(crate) fn integer(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A random suffix for secrets (`client_secret`).
pub(crate) fn random_suffix() -> String {
    std::iter::repeat_with(fastrand::alphanumeric)
        .take(24)
        .collect()
}
