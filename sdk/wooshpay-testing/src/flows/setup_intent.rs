//! SetupIntents: saving a card for later, decided by test card as payments are. A card that
//! succeeds leaves the SetupIntent `succeeded` with its PaymentMethod (attached to the customer,
//! if any); a declined one leaves it `requires_payment_method` with `last_setup_error` (and a
//! 402, as the API answers); the 3-D Secure card asks for the challenge first.

use serde_json::{Value, json};

use super::cards::Outcome;
use super::common::{change_stored, random_suffix, save_new, stored, unexpected_state};
use super::payment_intent;
use crate::answer::Outgoing;
use crate::collections::SETUP_INTENTS;
use crate::fields::text;
use crate::state::{Store, seed};

/// A SetupIntent made by the sandbox (for a setup-mode Checkout Session).
pub(crate) fn create_internal(store: &mut Store, customer: &Value, metadata: &Value) -> Value {
    let mut intent = seed::blank(&seed::template(SETUP_INTENTS));
    let id = store.fresh_id("seti_");
    intent["id"] = json!(id);
    intent["object"] = json!("setup_intent");
    intent["created"] = json!(store.now_ms());
    intent["livemode"] = json!(false);
    intent["customer"] = customer.clone();
    intent["metadata"] = metadata.clone();
    intent["payment_method_types"] = json!(["card"]);
    intent["status"] = json!("requires_payment_method");
    intent["usage"] = json!("off_session");
    intent["client_secret"] = json!(format!("{id}_secret_{}", random_suffix()));
    save_new(store, SETUP_INTENTS, intent)
}

/// A new SetupIntent from the request (confirmed at once with `confirm: true`).
pub(crate) fn create(
    store: &mut Store,
    mut intent: Value,
    body: &Value,
) -> Result<Value, Outgoing> {
    let id = text(&intent, "id").to_string();
    intent["status"] = json!("requires_payment_method");
    if intent["usage"].is_null() {
        intent["usage"] = json!("off_session");
    }
    if intent["payment_method_types"].is_null() {
        intent["payment_method_types"] = json!(["card"]);
    }
    intent["client_secret"] = json!(format!("{id}_secret_{}", random_suffix()));
    let intent = save_new(store, SETUP_INTENTS, intent);
    if body.get("confirm").and_then(Value::as_bool) == Some(true) {
        return confirm(store, &id, body);
    }
    Ok(intent)
}

/// Cancels a SetupIntent that has not succeeded, keeping the request's `cancellation_reason`.
pub(crate) fn cancel(store: &mut Store, id: &str, body: &Value) -> Result<Value, Outgoing> {
    let intent = get(store, id)?;
    let status = text(&intent, "status");
    if matches!(status, "succeeded" | "canceled") {
        return Err(unexpected_state("setup_intent", id, status, "cancel"));
    }
    update(store, id, |i| {
        i["status"] = json!("canceled");
        i["next_action"] = Value::Null;
        i["cancellation_reason"] = body
            .get("cancellation_reason")
            .cloned()
            .unwrap_or(Value::Null);
    })
}

/// Confirms with the request's card (`payment_method_data`) or `payment_method`.
pub(crate) fn confirm(store: &mut Store, id: &str, body: &Value) -> Result<Value, Outgoing> {
    let intent = get(store, id)?;
    let status = text(&intent, "status");
    if status != "requires_payment_method" {
        return Err(unexpected_state("setup_intent", id, status, "confirm"));
    }
    let customer = intent.get("customer").cloned().unwrap_or(Value::Null);
    let fallback = intent.get("payment_method").and_then(Value::as_str);
    let (outcome, method) = payment_intent::card_for(store, body, fallback, &customer)?;
    if let Some(url) = body.get("return_url") {
        update(store, id, |i| i["return_url"] = url.clone())?;
    }
    update(store, id, |i| i["payment_method"] = json!(method))?;
    match outcome {
        Outcome::Succeeds => succeed(store, id),
        declined @ Outcome::Declined { .. } => Err(decline(store, id, declined)),
        Outcome::Challenge => {
            let url = format!("{}/3ds/{id}", store.base_url);
            update(store, id, |i| {
                i["status"] = json!("requires_action");
                i["next_action"] = json!({
                    "type": "challenge_redirect",
                    "challenge_redirect": {"url": url, "return_url": i["return_url"].clone()},
                });
            })
        }
    }
}

/// Ends a 3-D Secure challenge: passed saves the card, failed declines it.
pub(crate) fn finish_challenge(
    store: &mut Store,
    id: &str,
    passed: bool,
) -> Result<Value, Outgoing> {
    let intent = get(store, id)?;
    let status = text(&intent, "status");
    if status != "requires_action" {
        return Err(unexpected_state("setup_intent", id, status, "authenticate"));
    }
    update(store, id, |i| i["next_action"] = Value::Null)?;
    if passed {
        succeed(store, id)
    } else {
        Err(decline(store, id, super::cards::AUTHENTICATION_FAILED))
    }
}

fn succeed(store: &mut Store, id: &str) -> Result<Value, Outgoing> {
    let intent = update(store, id, |i| {
        i["status"] = json!("succeeded");
        i["last_setup_error"] = Value::Null;
    })?;
    store.record_event("setup_intent.succeeded", &intent);
    Ok(intent)
}

/// Records the decline and returns the API's 402 with the SetupIntent in it.
fn decline(store: &mut Store, id: &str, outcome: Outcome) -> Outgoing {
    let Outcome::Declined { code, decline_code } = outcome else {
        return crate::answer::error(500, "api_error", "sandbox_error", "Not a decline.", None);
    };
    let message = super::cards::message(decline_code);
    let error = json!({
        "type": "card_error", "code": code, "decline_code": decline_code, "message": message,
    });
    let intent = match update(store, id, |i| {
        i["status"] = json!("requires_payment_method");
        i["last_setup_error"] = error.clone();
    }) {
        Ok(intent) => intent,
        Err(outgoing) => return outgoing,
    };
    let mut body = error;
    body["setup_intent"] = intent;
    Outgoing::json(402, &json!({ "error": body }))
}

/// The SetupIntent `id`, or the 404.
pub(crate) fn get(store: &Store, id: &str) -> Result<Value, Outgoing> {
    stored(store, SETUP_INTENTS, "setup_intent", id, "id")
}

fn update(store: &mut Store, id: &str, change: impl FnOnce(&mut Value)) -> Result<Value, Outgoing> {
    change_stored(store, SETUP_INTENTS, "setup_intent", id, "id", change)
}
