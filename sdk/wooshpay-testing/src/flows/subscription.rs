//! Subscriptions from a subscription-mode Checkout Session: paying creates the customer (when
//! the session has none), the Subscription with its items, and its first Invoice with a
//! PaymentIntent; the card decides that payment. Paid, the subscription is `active` and the
//! invoice `paid`; declined, the subscription stays `incomplete`, the session open, and the next
//! attempt pays the same invoice. Each period end the clock passes bills the next period with
//! the subscription's card: paid, or `past_due` with the invoice left `open`.
//!
//! A period is the price's `recurring.interval` × `interval_count`, a month counted as 30 days
//! and a year as 365 (the docs give no calendar rule).

use serde_json::{Value, json};

use super::common::{change_stored, save_new, stored};
use super::payment_intent;
use crate::answer::{Outgoing, error};
use crate::collections::{CUSTOMERS, INVOICES, SUBSCRIPTIONS};
use crate::fields::{integer, text};
use crate::state::{Store, missing, seed};
use crate::validate::MAX_AMOUNT;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The PaymentIntent that pays the session's subscription, creating the customer, subscription
/// and first invoice on the first attempt.
pub(crate) fn start_for_session(
    store: &mut Store,
    session: &Value,
    email: &Value,
) -> Result<String, Outgoing> {
    let session_id = text(session, "id").to_string();
    if let Some(subscription) = store.links.get(&session_id).cloned() {
        let invoice = latest_invoice(store, &subscription)?;
        return Ok(text(&invoice, "payment_intent").to_string());
    }
    let customer = match text(session, "customer") {
        "" => new_customer(store, email, None),
        id => id.to_string(),
    };
    let items: Vec<Value> = session
        .pointer("/line_items/data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|item| {
            json!({
                "id": store.fresh_id("si_"),
                "object": "subscription_item",
                "created": store.now_ms(),
                "price": item["price"].clone(),
                "quantity": item["quantity"].clone(),
            })
        })
        .collect();
    let now = store.now_ms();
    let period = items
        .first()
        .map_or(30 * DAY_MS, |i| period_ms(&i["price"]));
    let mut subscription = seed::blank(&seed::template(SUBSCRIPTIONS));
    let id = store.fresh_id("sub_");
    subscription["id"] = json!(id);
    subscription["object"] = json!("subscription");
    subscription["created"] = json!(now);
    subscription["livemode"] = json!(false);
    subscription["customer"] = json!(customer);
    subscription["currency"] = session["currency"].clone();
    subscription["status"] = json!("incomplete");
    subscription["collection_method"] = json!("charge_automatically");
    subscription["cancel_at_period_end"] = json!(false);
    subscription["start_date"] = json!(now);
    subscription["current_period_start"] = json!(now);
    subscription["current_period_end"] = json!(now.saturating_add(period));
    subscription["items"] = json!({
        "object": "list", "url": format!("/v1/subscription_items?subscription={id}"),
        "has_more": false, "data": items,
    });
    save_new(store, SUBSCRIPTIONS, subscription.clone());
    let invoice = new_invoice(store, &subscription, "subscription_create")?;
    store.links.insert(session_id, id);
    Ok(text(&invoice, "payment_intent").to_string())
}

/// Makes the subscription `active` with its first invoice paid (its payment succeeded), and
/// returns its customer.
pub(crate) fn activate(store: &mut Store, id: &str) -> Result<Value, Outgoing> {
    let invoice = latest_invoice(store, id)?;
    let method = payment_intent::get(store, text(&invoice, "payment_intent"))
        .map(|i| i["payment_method"].clone())
        .unwrap_or(Value::Null);
    pay(store, text(&invoice, "id"))?;
    let subscription = update(store, id, |s| {
        s["status"] = json!("active");
        s["default_payment_method"] = method;
    })?;
    Ok(subscription["customer"].clone())
}

/// Bills every period of subscription `id` that ended by `now` (and after `since`, so that the
/// documented subscriptions are not billed for the years before the sandbox started).
pub(crate) fn renew(store: &mut Store, id: &str, now: i64, since: i64) -> Result<(), Outgoing> {
    loop {
        let subscription = get(store, id)?;
        let end =
            crate::time::to_ms(integer(subscription.get("current_period_end")).unwrap_or(i64::MAX));
        let billable = matches!(text(&subscription, "status"), "active" | "past_due");
        if !billable || end > now || end <= since {
            return Ok(());
        }
        let period = subscription
            .pointer("/items/data/0/price")
            .map_or(30 * DAY_MS, period_ms);
        let subscription = update(store, id, |s| {
            s["current_period_start"] = json!(end);
            s["current_period_end"] = json!(end.saturating_add(period));
        })?;
        let invoice = new_invoice(store, &subscription, "subscription_cycle")?;
        let method = text(&subscription, "default_payment_method").to_string();
        let paid = !method.is_empty()
            && payment_intent::confirm(
                store,
                text(&invoice, "payment_intent"),
                &json!({"payment_method": method}),
            )
            .is_ok_and(|i| text(&i, "status") == "succeeded");
        if paid {
            pay(store, text(&invoice, "id"))?;
        }
        update(store, id, |s| {
            s["status"] = json!(if paid { "active" } else { "past_due" });
        })?;
    }
}

/// A new open invoice for the subscription's current period, with its PaymentIntent.
fn new_invoice(store: &mut Store, subscription: &Value, reason: &str) -> Result<Value, Outgoing> {
    let items = subscription
        .pointer("/items/data")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut lines = Vec::new();
    let mut total = 0_i64;
    for item in &items {
        let unit = integer(item.pointer("/price/unit_amount")).unwrap_or(0);
        let amount = unit
            .checked_mul(integer(item.get("quantity")).unwrap_or(1))
            .and_then(|amount| total.checked_add(amount).map(|t| (amount, t)))
            .filter(|(_, t)| *t <= MAX_AMOUNT);
        let Some((amount, sum)) = amount else {
            return Err(error(
                400,
                "invalid_request_error",
                "amount_too_large",
                &format!("The invoice's total is more than {MAX_AMOUNT}."),
                Some("line_items"),
            ));
        };
        total = sum;
        lines.push(json!({
            "id": store.fresh_id("il_"), "object": "line_item", "amount": amount,
            "currency": subscription["currency"].clone(), "price": item["price"].clone(),
            "quantity": item["quantity"].clone(), "subscription": subscription["id"].clone(),
        }));
    }
    let id = store.fresh_id("in_");
    let intent = payment_intent::create_internal(
        store,
        total,
        &json!({
            "currency": subscription["currency"].clone(),
            "customer": subscription["customer"].clone(),
            "invoice": id,
        }),
    )?;
    let mut invoice = seed::blank(&seed::template(INVOICES));
    invoice["id"] = json!(id);
    invoice["object"] = json!("invoice");
    invoice["created"] = json!(store.now_ms());
    invoice["livemode"] = json!(false);
    invoice["status"] = json!("open");
    invoice["billing_reason"] = json!(reason);
    invoice["collection_method"] = json!("charge_automatically");
    invoice["customer"] = subscription["customer"].clone();
    invoice["subscription"] = subscription["id"].clone();
    invoice["currency"] = subscription["currency"].clone();
    invoice["amount_due"] = json!(total);
    invoice["amount_paid"] = json!(0);
    invoice["amount_remaining"] = json!(total);
    invoice["attempt_count"] = json!(0);
    invoice["attempted"] = json!(false);
    invoice["period_start"] = subscription["current_period_start"].clone();
    invoice["period_end"] = subscription["current_period_end"].clone();
    invoice["payment_intent"] = intent["id"].clone();
    invoice["lines"] = json!({
        "object": "list", "url": format!("/v1/invoices/{id}/lines"),
        "has_more": false, "data": lines,
    });
    let invoice = save_new(store, INVOICES, invoice);
    update(store, text(subscription, "id"), |s| {
        s["latest_invoice"] = json!(id)
    })?;
    Ok(invoice)
}

/// Marks the invoice paid in full.
fn pay(store: &mut Store, id: &str) -> Result<(), Outgoing> {
    let invoice = store
        .get_mut(INVOICES, id)
        .ok_or_else(|| missing("invoice", id, "invoice"))?;
    invoice["status"] = json!("paid");
    invoice["amount_paid"] = invoice["amount_due"].clone();
    invoice["amount_remaining"] = json!(0);
    invoice["attempted"] = json!(true);
    invoice["attempt_count"] = json!(integer(invoice.get("attempt_count")).unwrap_or(0) + 1);
    Ok(())
}

/// A customer for a session that had none, with the email (and name) the shopper gave.
pub(crate) fn new_customer(store: &mut Store, email: &Value, name: Option<&str>) -> String {
    let mut customer = seed::blank(&seed::template(CUSTOMERS));
    let id = store.fresh_id("cus_");
    customer["id"] = json!(id);
    customer["object"] = json!("customer");
    customer["created"] = json!(store.now_ms());
    customer["livemode"] = json!(false);
    customer["email"] = email.clone();
    customer["name"] = json!(name);
    save_new(store, CUSTOMERS, customer);
    id
}

/// The length of a price's billing period, in ms.
fn period_ms(price: &Value) -> i64 {
    let count = integer(price.pointer("/recurring/interval_count"))
        .unwrap_or(1)
        .max(1);
    let days = match price.pointer("/recurring/interval").and_then(Value::as_str) {
        Some("day") => 1,
        Some("week") => 7,
        Some("year") => 365,
        _ => 30,
    };
    count.saturating_mul(days).saturating_mul(DAY_MS)
}

fn latest_invoice(store: &Store, subscription: &str) -> Result<Value, Outgoing> {
    let subscription = get(store, subscription)?;
    let id = text(&subscription, "latest_invoice");
    store
        .get(INVOICES, id)
        .cloned()
        .ok_or_else(|| missing("invoice", id, "invoice"))
}

fn get(store: &Store, id: &str) -> Result<Value, Outgoing> {
    stored(store, SUBSCRIPTIONS, "subscription", id, "subscription")
}

fn update(store: &mut Store, id: &str, change: impl FnOnce(&mut Value)) -> Result<Value, Outgoing> {
    change_stored(
        store,
        SUBSCRIPTIONS,
        "subscription",
        id,
        "subscription",
        change,
    )
}
