//! Checkout Sessions: amounts from the line items, the sandbox's hosted page as `url`, a
//! PaymentIntent in payment mode, and the outcomes of the hosted page (pay, decline, 3-D Secure,
//! cancel) that complete or leave the session open.

use serde_json::{Value, json};

use super::payment_intent::{self, CARD_DECLINED, CARD_SUCCEEDS, CARD_THREE_D_SECURE};
use super::{CHECKOUT_SESSIONS, PRICES, from_request, integer, text, unexpected_state};
use crate::respond::{Outgoing, error};
use crate::state::{Store, missing};

/// How long a session stays open unless the request says otherwise: 24 hours, as in the API.
const LIFETIME_MS: i64 = 24 * 60 * 60 * 1000;

/// What the customer chose on the hosted page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choice {
    Pay,
    Decline,
    ThreeDSecure,
    Cancel,
}

/// Where the customer goes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// A 303 to this URL (`success_url`, `cancel_url`, or the 3-D Secure challenge).
    Redirect(String),
    /// The page again, with this message (a declined card).
    Declined(String),
}

pub(crate) fn create(
    store: &mut Store,
    mut session: Value,
    body: &Value,
) -> Result<Value, Outgoing> {
    let id = text(&session, "id").to_string();
    let mode = body
        .get("mode")
        .and_then(Value::as_str)
        .unwrap_or("payment")
        .to_string();
    let (items, currency) = line_items(store, &id, body)?;
    if mode == "payment" && items.is_empty() {
        return Err(error(
            400,
            "invalid_request_error",
            "parameter_missing",
            "`line_items` is required in payment mode.",
            Some("line_items"),
        ));
    }
    let total = items
        .iter()
        .filter_map(|i| i["amount_total"].as_i64())
        .try_fold(0i64, i64::checked_add)
        .ok_or_else(|| {
            too_large(
                "The line items add up to more than an amount can hold.",
                "line_items",
            )
        })?;
    from_request(
        &mut session,
        body,
        &[
            "success_url",
            "cancel_url",
            "client_reference_id",
            "customer",
            "customer_email",
            "payment_method_options",
            "phone_number_collection",
            "shipping_address_collection",
        ],
    );
    for field in [
        "customer_details",
        "shipping",
        "payment_link",
        "payment_intent",
    ] {
        session[field] = Value::Null;
    }
    session["mode"] = json!(mode);
    session["currency"] = json!(currency);
    session["amount_subtotal"] = json!(total);
    session["amount_total"] = json!(total);
    session["metadata"] = body.get("metadata").cloned().unwrap_or_else(|| json!({}));
    session["payment_method_types"] = body
        .get("payment_method_types")
        .cloned()
        .unwrap_or(json!(["card"]));
    session["billing_address_collection"] = body
        .get("billing_address_collection")
        .cloned()
        .unwrap_or(json!("auto"));
    session["customer_creation"] = body
        .get("customer_creation")
        .cloned()
        .unwrap_or(json!("if_required"));
    session["expires_at"] =
        json!(integer(body.get("expires_at")).unwrap_or(Store::now_ms() + LIFETIME_MS));
    session["status"] = json!("open");
    session["payment_status"] = json!(if mode == "payment" {
        "unpaid"
    } else {
        "no_payment_required"
    });
    session["url"] = json!(format!("{}/checkout/{id}", store.base_url));
    session["line_items"] = json!({
        "object": "list",
        "url": format!("{CHECKOUT_SESSIONS}/{id}/line_items"),
        "has_more": false,
        "data": items,
    });
    if mode == "payment" {
        let metadata = session["metadata"].clone();
        let customer = session["customer"].clone();
        let intent =
            payment_intent::create_for_session(store, total, &currency, &metadata, &customer)?;
        session["payment_intent"] = intent["id"].clone();
    }
    store.insert(CHECKOUT_SESSIONS, session.clone());
    Ok(session)
}

/// The session's line items (each with its amounts), and their common currency.
fn line_items(
    store: &mut Store,
    session: &str,
    body: &Value,
) -> Result<(Vec<Value>, String), Outgoing> {
    let mut items = Vec::new();
    let mut currency = body
        .get("currency")
        .and_then(Value::as_str)
        .map(str::to_ascii_uppercase);
    for (i, item) in body
        .get("line_items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let param = |field: &str| format!("line_items[{i}].{field}");
        let quantity = integer(item.get("quantity")).unwrap_or(1);
        if quantity < 1 {
            return Err(error(
                400,
                "invalid_request_error",
                "parameter_invalid",
                "Quantity must be at least 1.",
                Some(&param("quantity")),
            ));
        }
        let price = match (
            item.get("price").and_then(Value::as_str),
            item.get("price_data"),
        ) {
            (Some(price_id), _) => store
                .get(PRICES, price_id)
                .cloned()
                .ok_or_else(|| missing("price", price_id, &param("price")))?,
            (None, Some(data)) => inline_price(store, data),
            (None, None) => {
                return Err(error(
                    400,
                    "invalid_request_error",
                    "parameter_missing",
                    "Each line item needs `price` or `price_data`.",
                    Some(&param("price_data")),
                ));
            }
        };
        let unit = price
            .get("unit_amount")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        let item_currency = text(&price, "currency").to_ascii_uppercase();
        match &currency {
            Some(c) if *c != item_currency => {
                return Err(error(
                    400,
                    "invalid_request_error",
                    "parameter_invalid",
                    &format!("All line items must be in {c}; this one is in {item_currency}."),
                    Some(&param("price_data.currency")),
                ));
            }
            _ => currency = Some(item_currency.clone()),
        }
        let amount = unit.checked_mul(quantity).ok_or_else(|| {
            too_large(
                &format!("{unit} × {quantity} is more than an amount can hold."),
                &param("quantity"),
            )
        })?;
        let description = item
            .pointer("/price_data/product_data/name")
            .or_else(|| price.get("nickname"))
            .cloned()
            .unwrap_or(Value::Null);
        items.push(json!({
            "id": store.fresh_id("li_"),
            "object": "item",
            "amount_discount": 0,
            "amount_subtotal": amount,
            "amount_total": amount,
            "currency": item_currency,
            "description": description,
            "price": price,
            "quantity": quantity,
        }));
    }
    let _ = session;
    Ok((items, currency.unwrap_or_else(|| "USD".into())))
}

/// The 400 for an amount beyond what an `i64` of the currency's minor unit holds.
fn too_large(message: &str, param: &str) -> Outgoing {
    error(
        400,
        "invalid_request_error",
        "amount_too_large",
        message,
        Some(param),
    )
}

/// The Price a `price_data` describes (not stored: the API creates it inline too).
fn inline_price(store: &mut Store, data: &Value) -> Value {
    json!({
        "id": store.fresh_id("price_"),
        "object": "price",
        "active": false,
        "billing_scheme": "per_unit",
        "created": Store::now_ms(),
        "currency": text(data, "currency").to_ascii_uppercase(),
        "livemode": false,
        "lookup_key": null,
        "metadata": {},
        "nickname": null,
        "product": data.get("product").cloned().unwrap_or(Value::Null),
        "type": if data.get("recurring").is_some() { "recurring" } else { "one_time" },
        "unit_amount": integer(data.get("unit_amount")).unwrap_or(0),
    })
}

pub(crate) fn expire(store: &mut Store, id: &str) -> Result<Value, Outgoing> {
    let session = get(store, id)?;
    let status = text(&session, "status");
    if status != "open" {
        return Err(unexpected_state("checkout_session", id, status, "expire"));
    }
    let session = update(store, id, |s| {
        s["status"] = json!("expired");
        s["url"] = Value::Null;
    })?;
    let intent = text(&session, "payment_intent").to_string();
    if !intent.is_empty() {
        // Its payment can no longer happen; a payment already made stays as it is.
        let _ =
            payment_intent::cancel(store, &intent, &json!({"cancellation_reason": "abandoned"}));
    }
    store.record_event("checkout.session.expired", &session);
    Ok(session)
}

/// Applies the customer's choice on the hosted page.
pub(crate) fn choose(store: &mut Store, id: &str, choice: Choice) -> Result<Next, Outgoing> {
    let session = get(store, id)?;
    let status = text(&session, "status");
    if status != "open" {
        return Err(unexpected_state("checkout_session", id, status, "pay"));
    }
    if choice == Choice::Cancel {
        return Ok(Next::Redirect(text(&session, "cancel_url").to_string()));
    }
    let intent = text(&session, "payment_intent").to_string();
    if intent.is_empty() {
        return complete(store, id).map(Next::Redirect);
    }
    let number = match choice {
        Choice::Decline => CARD_DECLINED,
        Choice::ThreeDSecure => CARD_THREE_D_SECURE,
        _ => CARD_SUCCEEDS,
    };
    let email = session
        .get("customer_email")
        .cloned()
        .filter(|v| !v.is_null())
        .unwrap_or(json!("jenny.rosen@example.com"));
    let body = json!({"payment_method_data": {
        "type": "card",
        "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        "billing_details": {"email": email, "name": "Jenny Rosen"},
    }});
    match payment_intent::confirm(store, &intent, &body) {
        Ok(paid) if text(&paid, "status") == "requires_action" => Ok(Next::Redirect(
            paid.pointer("/next_action/challenge_redirect/url")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        )),
        Ok(_) => complete(store, id).map(Next::Redirect),
        Err(declined) if declined.status == 402 => Ok(Next::Declined(declined.message())),
        Err(other) => Err(other),
    }
}

/// Marks the session paid and returns its `success_url`, with `{CHECKOUT_SESSION_ID}` filled in.
pub(crate) fn complete(store: &mut Store, id: &str) -> Result<String, Outgoing> {
    let session = update(store, id, |s| {
        let email = s
            .get("customer_email")
            .cloned()
            .filter(|v| !v.is_null())
            .unwrap_or(json!("jenny.rosen@example.com"));
        s["status"] = json!("complete");
        if s["mode"] == "payment" {
            s["payment_status"] = json!("paid");
        }
        s["customer_details"] =
            json!({"email": email, "name": "Jenny Rosen", "phone": null, "address": null});
    })?;
    store.record_event("checkout.session.completed", &session);
    Ok(text(&session, "success_url").replace("{CHECKOUT_SESSION_ID}", id))
}

pub(crate) fn get(store: &Store, id: &str) -> Result<Value, Outgoing> {
    store
        .get(CHECKOUT_SESSIONS, id)
        .cloned()
        .ok_or_else(|| missing("checkout.session", id, "id"))
}

fn update(store: &mut Store, id: &str, change: impl FnOnce(&mut Value)) -> Result<Value, Outgoing> {
    let session = store
        .get_mut(CHECKOUT_SESSIONS, id)
        .ok_or_else(|| missing("checkout.session", id, "id"))?;
    change(session);
    Ok(session.clone())
}
