//! What the rules of every resource share: reading and changing a stored object (or the 404),
//! storing a new object with its creation event, the
//! event type of a change, a new object's fields from the request, the error for an action its
//! status does not allow, and secrets' random suffixes. Kept apart from the dispatch in
//! [`flows`](super), so each resource's file reads this and the dispatch reads them.

use serde_json::Value;

use crate::answer::{Outgoing, error};
use crate::fields::text;
use crate::state::{Store, missing};

/// Stores `object` and records its creation event, if the spec lists one for its kind.
pub(crate) fn save_new(store: &mut Store, collection: &str, object: Value) -> Value {
    store.insert(collection, object.clone());
    let kind = text(&object, "object").to_string();
    store.record_event(&event_type(&kind, "created"), &object);
    object
}

/// A copy of the stored object `id` of `collection`, or the 404 naming it as a `kind` asked
/// for by the parameter `param`.
pub(crate) fn stored(
    store: &Store,
    collection: &str,
    kind: &str,
    id: &str,
    param: &str,
) -> Result<Value, Outgoing> {
    store
        .get(collection, id)
        .cloned()
        .ok_or_else(|| missing(kind, id, param))
}

/// Applies `change` to the stored object `id` of `collection` and returns a copy of the result,
/// or the 404 as [`stored`] answers it.
pub(crate) fn change_stored(
    store: &mut Store,
    collection: &str,
    kind: &str,
    id: &str,
    param: &str,
    change: impl FnOnce(&mut Value),
) -> Result<Value, Outgoing> {
    let object = store
        .get_mut(collection, id)
        .ok_or_else(|| missing(kind, id, param))?;
    change(object);
    Ok(object.clone())
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

/// A random suffix for secrets (`client_secret`).
pub(crate) fn random_suffix() -> String {
    std::iter::repeat_with(fastrand::alphanumeric)
        .take(24)
        .collect()
}
