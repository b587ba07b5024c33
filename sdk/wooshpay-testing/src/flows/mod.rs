//! The payment rules of the sandbox, one file per resource, over the generic state: what
//! creating or acting on a Checkout Session, PaymentIntent, Refund or webhook endpoint does
//! beyond storing the request's fields.

pub(crate) mod checkout_session;
pub(crate) mod payment_intent;
pub(crate) mod refund;
pub(crate) mod webhook_endpoint;

use serde_json::Value;

use super::respond::{Outgoing, error};
use super::state::Store;

// The collections with rules of their own, as the operations table names them.
pub(crate) const CHECKOUT_SESSIONS: &str = "checkout_sessions";
pub(crate) const PAYMENT_INTENTS: &str = "payment_intents";
pub(crate) const PAYMENT_METHODS: &str = "payment_methods";
pub(crate) const CHARGES: &str = "charges";
pub(crate) const REFUNDS: &str = "refunds";
pub(crate) const PRICES: &str = "prices";
pub(crate) const WEBHOOK_ENDPOINTS: &str = "webhook_endpoints";

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
        WEBHOOK_ENDPOINTS => Ok(webhook_endpoint::create(store, object)),
        _ => Ok(save_new(store, collection, object)),
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
        _ => return None,
    })
}

/// Stores `object` and records its `<object>.created` event.
pub(crate) fn save_new(store: &mut Store, collection: &str, object: Value) -> Value {
    store.insert(collection, object.clone());
    let kind = object
        .get("object")
        .and_then(Value::as_str)
        .unwrap_or("object")
        .to_string();
    store.record_event(&format!("{kind}.created"), &object);
    object
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
