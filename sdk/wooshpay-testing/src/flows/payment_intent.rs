//! PaymentIntents: confirming decides by test card (see [`cards`](super::cards)), as WooshPay's
//! test mode does, and capture and cancel move the status as the API does. Every change records
//! its event.

use serde_json::{Value, json};

use super::cards::{self, Outcome};
use super::common::{
    change_stored, from_request, random_suffix, save_new, stored, unexpected_state,
};
use crate::answer::{Outgoing, error};
use crate::collections::{CHARGES, CHECKOUT_SESSIONS, INVOICES, PAYMENT_INTENTS, PAYMENT_METHODS};
use crate::fields::{integer, text};
use crate::state::{Store, missing, seed};

/// A new PaymentIntent from the request (confirmed at once with `confirm: true`).
pub(crate) fn create(
    store: &mut Store,
    mut intent: Value,
    body: &Value,
) -> Result<Value, Outgoing> {
    from_request(
        &mut intent,
        body,
        &[
            "customer",
            "description",
            "merchant_order_id",
            "merchant_user_id",
            "payment_method",
            "return_url",
            "shipping",
            "setup_future_usage",
            "payment_method_options",
        ],
    );
    for field in [
        "cancel_at",
        "cancellation_reason",
        "invoice",
        "last_payment_error",
        "next_action",
        "receipt_email",
        "statement_descriptor",
        "statement_descriptor_suffix",
        "3ds_status",
    ] {
        intent[field] = Value::Null;
    }
    intent["currency"] = json!(text(body, "currency").to_ascii_uppercase());
    intent["metadata"] = body.get("metadata").cloned().unwrap_or_else(|| json!({}));
    intent["capture_method"] = body
        .get("capture_method")
        .cloned()
        .unwrap_or(json!("automatic"));
    intent["payment_method_types"] = body
        .get("payment_method_types")
        .cloned()
        .unwrap_or(json!(["card"]));
    intent["quantity"] = body.get("quantity").cloned().unwrap_or(Value::Null);
    intent["confirmation_method"] = json!("automatic");
    intent["amount_capturable"] = json!(0);
    intent["amount_received"] = json!(0);
    intent["status"] = json!("requires_payment_method");
    let id = text(&intent, "id").to_string();
    intent["client_secret"] = json!(format!("{id}_secret_{}", random_suffix()));
    save_new(store, PAYMENT_INTENTS, intent.clone());
    if body.get("confirm").and_then(Value::as_bool) == Some(true) {
        return confirm(store, &id, body);
    }
    Ok(intent)
}

/// A PaymentIntent of `amount` made by the sandbox itself (for a Checkout Session or an
/// invoice), with the fields of `body` a create request would carry (`currency`, `customer`,
/// `metadata`, `capture_method`, `description`…).
pub(crate) fn create_internal(
    store: &mut Store,
    amount: i64,
    body: &Value,
) -> Result<Value, Outgoing> {
    let mut intent = seed::blank(&seed::template(PAYMENT_INTENTS));
    intent["id"] = json!(store.fresh_id("pi_"));
    intent["created"] = json!(store.now_ms());
    intent["livemode"] = json!(false);
    intent["amount"] = json!(amount);
    if let Some(invoice) = body.get("invoice") {
        intent["invoice"] = invoice.clone();
    }
    let mut intent = create(store, intent, body)?;
    if let Some(invoice) = body.get("invoice") {
        intent = update(store, text(&intent, "id"), |i| {
            i["invoice"] = invoice.clone()
        })?;
    }
    Ok(intent)
}

/// The payment method a confirmation uses and what its card does: a new one from
/// `payment_method_data`, else `payment_method` (or `fallback`, the intent's own), else a 400.
pub(crate) fn card_for(
    store: &mut Store,
    body: &Value,
    fallback: Option<&str>,
    customer: &Value,
) -> Result<(Outcome, String), Outgoing> {
    if let Some(kind) = body
        .pointer("/payment_method_data/type")
        .and_then(Value::as_str)
        && kind != "card"
    {
        return Err(error(
            400,
            "invalid_request_error",
            "parameter_unsupported",
            &format!("The sandbox models card payments only, not `{kind}`."),
            Some("payment_method_data.type"),
        ));
    }
    let number = body
        .pointer("/payment_method_data/card/number")
        .and_then(Value::as_str);
    let method_id = body
        .get("payment_method")
        .and_then(Value::as_str)
        .or(fallback)
        .map(str::to_owned);
    match (number, method_id) {
        (Some(number), _) => {
            let outcome = cards::outcome(number)?;
            Ok((outcome, new_card_method(store, body, customer)))
        }
        (None, Some(method_id)) => {
            let method = store
                .get(PAYMENT_METHODS, &method_id)
                .cloned()
                .ok_or_else(|| missing("payment_method", &method_id, "payment_method"))?;
            let last4 = method
                .pointer("/card/last4")
                .and_then(Value::as_str)
                .unwrap_or_default();
            Ok((cards::outcome_of_last4(last4), method_id))
        }
        (None, None) => Err(error(
            400,
            "invalid_request_error",
            "parameter_missing",
            "You must provide `payment_method` or `payment_method_data` to confirm.",
            Some("payment_method_data"),
        )),
    }
}

/// Confirms with the request's card (`payment_method_data`) or payment method.
pub(crate) fn confirm(store: &mut Store, id: &str, body: &Value) -> Result<Value, Outgoing> {
    let intent = get(store, id)?;
    let status = text(&intent, "status");
    if !matches!(status, "requires_payment_method" | "requires_confirmation") {
        return Err(unexpected_state("payment_intent", id, status, "confirm"));
    }
    let customer = intent.get("customer").cloned().unwrap_or(Value::Null);
    let (mut number, method) = card_for(
        store,
        body,
        intent.get("payment_method").and_then(Value::as_str),
        &customer,
    )?;
    // Nobody is there to authenticate an off-session payment, and a caller that asks for an
    // error instead of an action gets one: a card that wants 3-D Secure is declined.
    let flag = |name: &str| body.get(name).and_then(Value::as_bool) == Some(true);
    if number == Outcome::Challenge && (flag("off_session") || flag("error_on_requires_action")) {
        number = cards::AUTHENTICATION_FAILED;
    }
    update(store, id, |intent| {
        intent["payment_method"] = json!(method);
        if let Some(url) = body.get("return_url") {
            intent["return_url"] = url.clone();
        }
    })?;
    match number {
        Outcome::Succeeds => succeed(store, id),
        declined @ Outcome::Declined { .. } => Err(decline(store, id, declined)),
        Outcome::Challenge => {
            let url = format!("{}/3ds/{id}", store.base_url);
            let intent = update(store, id, |intent| {
                let return_url = intent.get("return_url").cloned().unwrap_or(Value::Null);
                intent["status"] = json!("requires_action");
                intent["next_action"] = json!({
                    "type": "challenge_redirect",
                    "challenge_redirect": {"url": url, "return_url": return_url},
                });
            })?;
            store.record_event("payment_intent.requires_action", &intent);
            Ok(intent)
        }
    }
}

/// Ends a 3-D Secure challenge: passed succeeds the payment, failed declines it.
pub(crate) fn finish_challenge(
    store: &mut Store,
    id: &str,
    passed: bool,
) -> Result<Value, Outgoing> {
    let intent = get(store, id)?;
    let status = text(&intent, "status");
    if status != "requires_action" {
        return Err(unexpected_state(
            "payment_intent",
            id,
            status,
            "authenticate",
        ));
    }
    update(store, id, |intent| intent["next_action"] = Value::Null)?;
    if passed {
        succeed(store, id)
    } else {
        Err(decline(store, id, cards::AUTHENTICATION_FAILED))
    }
}

/// Captures a `requires_capture` PaymentIntent (all of it, or `amount_to_capture`).
pub(crate) fn capture(store: &mut Store, id: &str, body: &Value) -> Result<Value, Outgoing> {
    let intent = get(store, id)?;
    let status = text(&intent, "status");
    if status != "requires_capture" {
        return Err(unexpected_state("payment_intent", id, status, "capture"));
    }
    let capturable = intent
        .get("amount_capturable")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let amount = integer(body.get("amount_to_capture")).unwrap_or(capturable);
    if amount <= 0 || amount > capturable {
        return Err(error(
            400,
            "invalid_request_error",
            "amount_too_large",
            &format!(
                "The amount to capture ({amount}) must be positive and at most the amount capturable ({capturable})."
            ),
            Some("amount_to_capture"),
        ));
    }
    let intent = update(store, id, |intent| {
        intent["status"] = json!("succeeded");
        intent["amount_capturable"] = json!(0);
        intent["amount_received"] = json!(amount);
    })?;
    let charge = new_charge(store, &intent, amount);
    store.record_event("charge.captured", &charge);
    store.record_event("payment_intent.succeeded", &intent);
    Ok(intent)
}

/// Cancels a PaymentIntent that has not succeeded.
pub(crate) fn cancel(store: &mut Store, id: &str, body: &Value) -> Result<Value, Outgoing> {
    let intent = get(store, id)?;
    let status = text(&intent, "status");
    if matches!(status, "succeeded" | "canceled" | "processing") {
        return Err(unexpected_state("payment_intent", id, status, "cancel"));
    }
    let intent = update(store, id, |intent| {
        intent["status"] = json!("canceled");
        intent["next_action"] = Value::Null;
        intent["amount_capturable"] = json!(0);
        intent["cancellation_reason"] = body
            .get("cancellation_reason")
            .cloned()
            .unwrap_or(Value::Null);
    })?;
    store.record_event("payment_intent.canceled", &intent);
    Ok(intent)
}

fn succeed(store: &mut Store, id: &str) -> Result<Value, Outgoing> {
    let manual = get(store, id)?
        .get("capture_method")
        .and_then(Value::as_str)
        == Some("manual");
    if manual {
        let intent = update(store, id, |intent| {
            intent["status"] = json!("requires_capture");
            intent["amount_capturable"] = intent.get("amount").cloned().unwrap_or(json!(0));
        })?;
        store.record_event("payment_intent.amount_capturable_updated", &intent);
        return Ok(intent);
    }
    let intent = update(store, id, |intent| {
        intent["status"] = json!("succeeded");
        intent["last_payment_error"] = Value::Null;
        intent["amount_received"] = intent.get("amount").cloned().unwrap_or(json!(0));
    })?;
    let amount = intent.get("amount").and_then(Value::as_i64).unwrap_or(0);
    new_charge(store, &intent, amount);
    store.record_event("payment_intent.succeeded", &intent);
    Ok(intent)
}

/// Declines the payment and returns the 402 the API answers, with the PaymentIntent in it.
fn decline(store: &mut Store, id: &str, outcome: Outcome) -> Outgoing {
    let Outcome::Declined { code, decline_code } = outcome else {
        return error(500, "api_error", "sandbox_error", "Not a decline.", None);
    };
    let message = cards::message(decline_code);
    let result = update(store, id, |intent| {
        let method = intent.get("payment_method").cloned().unwrap_or(Value::Null);
        intent["status"] = json!("requires_payment_method");
        intent["last_payment_error"] = json!({
            "type": "card_error",
            "code": code,
            "decline_code": decline_code,
            "message": message,
            "payment_method": {"id": method},
        });
    });
    let intent = match result {
        Ok(intent) => intent,
        Err(outgoing) => return outgoing,
    };
    store.record_event("payment_intent.payment_failed", &intent);
    Outgoing::json(
        402,
        &json!({"error": {
            "type": "card_error",
            "code": code,
            "decline_code": decline_code,
            "message": message,
            "payment_intent": intent,
        }}),
    )
}

/// A new card PaymentMethod from `payment_method_data`, attached to `customer` (if any).
pub(crate) fn new_card_method(store: &mut Store, body: &Value, customer: &Value) -> String {
    let card = body
        .pointer("/payment_method_data/card")
        .cloned()
        .unwrap_or(Value::Null);
    let mut method = seed::blank(&seed::template(PAYMENT_METHODS));
    let id = store.fresh_id("pm_");
    method["id"] = json!(id);
    method["created"] = json!(store.now_ms());
    method["livemode"] = json!(false);
    method["type"] = json!("card");
    method["customer"] = customer.clone();
    method["metadata"] = json!({});
    method["billing_details"] = body
        .pointer("/payment_method_data/billing_details")
        .cloned()
        .unwrap_or(Value::Null);
    method["card"] = super::defaults::public_card(&card);
    save_new(store, PAYMENT_METHODS, method);
    id
}

fn new_charge(store: &mut Store, intent: &Value, amount: i64) -> Value {
    let mut charge = seed::blank(&seed::template(CHARGES));
    charge["id"] = json!(store.fresh_id("ch_"));
    charge["created"] = json!(store.now_ms());
    charge["livemode"] = json!(false);
    for field in [
        "currency",
        "customer",
        "description",
        "metadata",
        "payment_method",
        "shipping",
    ] {
        charge[field] = intent.get(field).cloned().unwrap_or(Value::Null);
    }
    charge["payment_intent"] = intent.get("id").cloned().unwrap_or(Value::Null);
    charge["amount"] = json!(amount);
    charge["amount_captured"] = json!(amount);
    charge["amount_refunded"] = json!(0);
    charge["captured"] = json!(true);
    charge["paid"] = json!(true);
    charge["refunded"] = json!(false);
    charge["status"] = json!("succeeded");
    charge["failure_code"] = Value::Null;
    charge["failure_message"] = Value::Null;
    save_new(store, CHARGES, charge)
}

/// The PaymentIntent `id`, or the 404.
pub(crate) fn get(store: &Store, id: &str) -> Result<Value, Outgoing> {
    stored(store, PAYMENT_INTENTS, "payment_intent", id, "id")
}

/// Changes the stored PaymentIntent and returns it.
fn update(store: &mut Store, id: &str, change: impl FnOnce(&mut Value)) -> Result<Value, Outgoing> {
    change_stored(store, PAYMENT_INTENTS, "payment_intent", id, "id", change)
}

/// The Checkout Session that `intent_id` (a PaymentIntent or SetupIntent) belongs to, if any:
/// its `payment_intent` or `setup_intent`, or the subscription whose invoice it pays.
pub(crate) fn session_of(store: &Store, intent_id: &str) -> Option<String> {
    let direct = store
        .newest_first(CHECKOUT_SESSIONS)
        .into_iter()
        .find(|s| text(s, "payment_intent") == intent_id || text(s, "setup_intent") == intent_id);
    if let Some(session) = direct {
        return Some(text(session, "id").to_string());
    }
    let intent = get(store, intent_id).ok()?;
    let invoice = store.get(INVOICES, text(&intent, "invoice"))?;
    let subscription = text(invoice, "subscription");
    store
        .links
        .iter()
        .find(|(_, s)| s.as_str() == subscription)
        .map(|(session, _)| session.clone())
}
