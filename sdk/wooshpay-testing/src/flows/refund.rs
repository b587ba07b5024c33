//! Refunds: at most what is left of a succeeded payment; the refunded amount shows on the
//! payment's charge (`amount_refunded`, `refunded`).

use serde_json::{Value, json};

use super::common::{from_request, save_new};
use super::payment_intent;
use crate::answer::{Outgoing, error};
use crate::collections::{CHARGES, REFUNDS};
use crate::fields::{integer, text};
use crate::state::Store;

pub(crate) fn create(
    store: &mut Store,
    mut refund: Value,
    body: &Value,
) -> Result<Value, Outgoing> {
    let Some(intent_id) = body.get("payment_intent").and_then(Value::as_str) else {
        return Err(error(
            400,
            "invalid_request_error",
            "parameter_missing",
            "Missing required param: payment_intent.",
            Some("payment_intent"),
        ));
    };
    let intent = payment_intent::get(store, intent_id)
        .map_err(|_| crate::state::missing("payment_intent", intent_id, "payment_intent"))?;
    let status = text(&intent, "status");
    if status != "succeeded" {
        return Err(error(
            400,
            "invalid_request_error",
            "charge_not_refundable",
            &format!(
                "PaymentIntent {intent_id} has a status of {status}; only a succeeded payment can be refunded."
            ),
            Some("payment_intent"),
        ));
    }
    let charge_id = store
        .newest_first(CHARGES)
        .into_iter()
        .find(|c| text(c, "payment_intent") == intent_id)
        .map(|c| text(c, "id").to_string())
        .unwrap_or_default();
    let received = intent
        .get("amount_received")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let refunded = store
        .get(CHARGES, &charge_id)
        .and_then(|c| c["amount_refunded"].as_i64())
        .unwrap_or(0);
    // Stored amounts may be anything a create accepted; never wrap.
    let left = received.checked_sub(refunded).unwrap_or(0).max(0);
    let amount = match body.get("amount") {
        None | Some(Value::Null) => left,
        Some(given) => integer(Some(given)).ok_or_else(|| {
            error(
                400,
                "invalid_request_error",
                "parameter_invalid",
                "`amount` must be an integer.",
                Some("amount"),
            )
        })?,
    };
    if amount <= 0 || amount > left {
        return Err(error(
            400,
            "invalid_request_error",
            "amount_too_large",
            &format!(
                "Refund amount ({amount}) must be positive and at most what is left to refund ({left})."
            ),
            Some("amount"),
        ));
    }
    from_request(&mut refund, body, &["reason", "description"]);
    refund["amount"] = json!(amount);
    refund["currency"] = intent["currency"].clone();
    refund["payment_intent"] = json!(intent_id);
    refund["metadata"] = body.get("metadata").cloned().unwrap_or_else(|| json!({}));
    refund["status"] = json!("succeeded");
    refund["failure_reason"] = Value::Null;
    refund["receipt_number"] = Value::Null;
    let refund = save_new(store, REFUNDS, refund);
    if let Some(charge) = store.get_mut(CHARGES, &charge_id) {
        // `amount` is at most `left`, so this stays within `received`.
        let total_refunded = refunded.saturating_add(amount);
        charge["amount_refunded"] = json!(total_refunded);
        charge["refunded"] = json!(total_refunded == received);
        let charge = charge.clone();
        store.record_event("charge.refunded", &charge);
    }
    Ok(refund)
}
