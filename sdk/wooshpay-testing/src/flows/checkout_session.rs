//! Checkout Sessions: amounts from the line items, the sandbox's hosted page as `url`, a
//! PaymentIntent in payment mode, and the outcomes of the hosted page (pay, decline, 3-D Secure,
//! cancel) that complete or leave the session open.

use serde_json::{Value, json};

use super::common::{change_stored, from_request, save_new, stored, unexpected_state};
use super::payment_intent;
use super::setup_intent;
use super::subscription;
use crate::answer::{Outgoing, error};
use crate::collections::{CHECKOUT_SESSIONS, PRICES, PRODUCTS};
use crate::fields::{integer, text};
use crate::state::{Store, missing, seed};

use crate::validate::MAX_AMOUNT;

/// How long a session stays open unless the request says otherwise: 24 hours, as in the API.
const LIFETIME_MS: i64 = 24 * 60 * 60 * 1000;

/// What the customer did on the hosted page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Choice {
    /// Paid (or, in `setup` mode, saved) with this card.
    Card(Card),
    /// Left through the cancel link.
    Cancel,
}

/// A card as the customer typed it (already checked for form: see the hosted page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Card {
    pub(crate) number: String,
    pub(crate) exp_month: i64,
    pub(crate) exp_year: i64,
    pub(crate) cvc: String,
    /// The cardholder's name and email, when given.
    pub(crate) name: Option<String>,
    pub(crate) email: Option<String>,
}

impl Card {
    /// A test card with a valid expiry and CVC and no cardholder details.
    pub(crate) fn test(number: &str) -> Card {
        Card {
            number: number.to_string(),
            exp_month: 12,
            exp_year: 2034,
            cvc: "123".into(),
            name: None,
            email: None,
        }
    }
}

/// Where the customer goes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// A 303 to this URL (`success_url`, `cancel_url`, the 3-D Secure challenge, or the
    /// sandbox's own "you left" page when the session has no `cancel_url`).
    Redirect(String),
    /// The card was declined (or refused): the page again, with this code's message.
    Declined { code: String, message: String },
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
    if mode != "setup" && items.is_empty() {
        return Err(error(
            400,
            "invalid_request_error",
            "parameter_missing",
            &format!("`line_items` is required in {mode} mode."),
            Some("line_items"),
        ));
    }
    if mode == "subscription"
        && let Some(i) = items.iter().position(|item| {
            item.pointer("/price/type").and_then(Value::as_str) != Some("recurring")
        })
    {
        return Err(error(
            400,
            "invalid_request_error",
            "parameter_invalid",
            "In subscription mode every line item needs a recurring price.",
            Some(&format!("line_items[{i}].price")),
        ));
    }
    let now = store.now_ms();
    let expires_at = match integer(body.get("expires_at")) {
        None => now + LIFETIME_MS,
        Some(given) if crate::time::to_ms(given) > now => crate::time::to_ms(given),
        Some(_) => {
            return Err(error(
                400,
                "invalid_request_error",
                "parameter_invalid",
                "`expires_at` must be in the future.",
                Some("expires_at"),
            ));
        }
    };
    let total = items
        .iter()
        .filter_map(|i| i["amount_total"].as_i64())
        .try_fold(0_i64, i64::checked_add)
        .filter(|total| *total <= MAX_AMOUNT)
        .ok_or_else(|| too_large("The line items' total", "line_items"))?;
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
    let charged = mode != "setup";
    session["currency"] = if charged {
        json!(currency)
    } else {
        Value::Null
    };
    session["amount_subtotal"] = if charged { json!(total) } else { Value::Null };
    session["amount_total"] = session["amount_subtotal"].clone();
    session["setup_intent"] = Value::Null;
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
    session["expires_at"] = json!(expires_at);
    session["status"] = json!("open");
    session["payment_status"] = json!(if charged {
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
    let data = |name: &str| body.get(name).cloned().unwrap_or_else(|| json!({}));
    match mode.as_str() {
        "payment" => {
            let mut request = data("payment_intent_data");
            request["currency"] = json!(currency);
            request["customer"] = session["customer"].clone();
            if request.get("metadata").is_none() {
                request["metadata"] = session["metadata"].clone();
            }
            let intent = payment_intent::create_internal(store, total, &request)?;
            session["payment_intent"] = intent["id"].clone();
        }
        "setup" => {
            let intent =
                setup_intent::create_internal(store, &session["customer"], &session["metadata"]);
            session["setup_intent"] = intent["id"].clone();
        }
        _ => {}
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
        let description = item
            .pointer("/price_data/product_data/name")
            .or_else(|| price.get("nickname"))
            .cloned()
            .unwrap_or(Value::Null);
        let amount = unit
            .checked_mul(quantity)
            .filter(|amount| *amount <= MAX_AMOUNT)
            .ok_or_else(|| too_large("The line item's amount", &param("quantity")))?;
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

/// The 400 for an amount past [`MAX_AMOUNT`] (or past what an integer holds).
fn too_large(what: &str, param: &str) -> Outgoing {
    error(
        400,
        "invalid_request_error",
        "amount_too_large",
        &format!("{what} is more than {MAX_AMOUNT}."),
        Some(param),
    )
}

/// The Price a `price_data` describes (not stored: the API creates it inline too).
fn inline_price(store: &mut Store, data: &Value) -> Value {
    let product = match data.get("product_data").filter(|p| p.is_object()) {
        Some(product_data) => json!(inline_product(store, product_data)),
        None => data.get("product").cloned().unwrap_or(Value::Null),
    };
    json!({
        "id": store.fresh_id("price_"),
        "object": "price",
        "active": false,
        "billing_scheme": "per_unit",
        "created": store.now_ms(),
        "currency": text(data, "currency").to_ascii_uppercase(),
        "livemode": false,
        "lookup_key": null,
        "metadata": {},
        "nickname": null,
        "product": product,
        "recurring": data.get("recurring").cloned().unwrap_or(Value::Null),
        "type": if data.get("recurring").is_some_and(|r| !r.is_null()) { "recurring" } else { "one_time" },
        "unit_amount": integer(data.get("unit_amount")).unwrap_or(0),
    })
}

/// The Product a `product_data` describes, stored as the API creates it; returns its id.
fn inline_product(store: &mut Store, data: &Value) -> String {
    let mut product = seed::blank(&seed::template(PRODUCTS));
    let id = store.fresh_id("prod_");
    product["id"] = json!(id);
    product["object"] = json!("product");
    product["created"] = json!(store.now_ms());
    product["updated"] = product["created"].clone();
    product["livemode"] = json!(false);
    for field in ["name", "description", "url", "metadata"] {
        if let Some(value) = data.get(field).filter(|v| !v.is_null()) {
            product[field] = value.clone();
        }
    }
    product["active"] = data.get("active").cloned().unwrap_or(json!(true));
    save_new(store, PRODUCTS, product);
    id
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
    let card = match choice {
        Choice::Cancel => {
            let url = match text(&session, "cancel_url") {
                "" => format!("{}/checkout/{id}/canceled", store.base_url),
                url => url.to_string(),
            };
            return Ok(Next::Redirect(url));
        }
        Choice::Card(card) => card,
    };
    let email = card
        .email
        .clone()
        .map(Value::String)
        .or_else(|| session.get("customer_email").cloned())
        .unwrap_or(Value::Null);
    let body = json!({"payment_method_data": {
        "type": "card",
        "card": {
            "number": card.number, "exp_month": card.exp_month,
            "exp_year": card.exp_year, "cvc": card.cvc,
        },
        "billing_details": {"email": email, "name": card.name},
    }});
    let confirmed = match text(&session, "mode") {
        "setup" => setup_intent::confirm(store, text(&session, "setup_intent"), &body),
        "subscription" => {
            let intent = subscription::start_for_session(store, &session, &email)?;
            payment_intent::confirm(store, &intent, &body)
        }
        _ => payment_intent::confirm(store, text(&session, "payment_intent"), &body),
    };
    match confirmed {
        Ok(intent) if text(&intent, "status") == "requires_action" => Ok(Next::Redirect(
            intent
                .pointer("/next_action/challenge_redirect/url")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        )),
        Ok(_) => {
            complete(store, id, card.name.as_deref(), card.email.as_deref()).map(Next::Redirect)
        }
        Err(declined) if declined.status == 402 => Ok(Next::Declined {
            code: decline_code(&declined),
            message: declined.message(),
        }),
        Err(other) => Err(other),
    }
}

/// The decline code of a 402 (`generic_decline`), else its error code.
fn decline_code(declined: &Outgoing) -> String {
    let body: Value = serde_json::from_slice(&declined.body).unwrap_or(Value::Null);
    body.pointer("/error/decline_code")
        .or_else(|| body.pointer("/error/code"))
        .and_then(Value::as_str)
        .unwrap_or("card_declined")
        .to_string()
}

/// Marks the session complete once its payment (or card setup) went through, and returns its
/// `success_url`, with `{CHECKOUT_SESSION_ID}` filled in. `payment_status` is `paid` only when
/// the money was taken (a manual-capture payment waits in `requires_capture`, so it stays
/// `unpaid`); a subscription becomes active with its first invoice paid. `customer_details`
/// holds what the customer gave: the cardholder's name and email, or `customer_email`.
pub(crate) fn complete(
    store: &mut Store,
    id: &str,
    name: Option<&str>,
    email: Option<&str>,
) -> Result<String, Outgoing> {
    let subscription = store.links.get(id).cloned();
    let session = get(store, id)?;
    if subscription.is_none()
        && text(&session, "customer").is_empty()
        && text(&session, "customer_creation") == "always"
    {
        let email = email
            .map(|e| json!(e))
            .or_else(|| session.get("customer_email").cloned())
            .unwrap_or(Value::Null);
        let customer = subscription::new_customer(store, &email, name);
        update(store, id, |s| s["customer"] = json!(customer))?;
    }
    if let Some(subscription) = &subscription {
        let customer = subscription::activate(store, subscription)?;
        update(store, id, |s| s["customer"] = customer)?;
    }
    let paid = match text(&get(store, id)?, "payment_intent") {
        "" => subscription.is_some(),
        intent => {
            payment_intent::get(store, intent).is_ok_and(|i| text(&i, "status") == "succeeded")
        }
    };
    let session = update(store, id, |s| {
        let email = email
            .map(|e| json!(e))
            .or_else(|| s.get("customer_email").cloned())
            .unwrap_or(Value::Null);
        s["status"] = json!("complete");
        if paid {
            s["payment_status"] = json!("paid");
        }
        s["customer_details"] =
            json!({"email": email, "name": name, "phone": null, "address": null});
    })?;
    store.record_event("checkout.session.completed", &session);
    Ok(text(&session, "success_url").replace("{CHECKOUT_SESSION_ID}", id))
}

pub(crate) fn get(store: &Store, id: &str) -> Result<Value, Outgoing> {
    stored(store, CHECKOUT_SESSIONS, "checkout.session", id, "id")
}

fn update(store: &mut Store, id: &str, change: impl FnOnce(&mut Value)) -> Result<Value, Outgoing> {
    change_stored(
        store,
        CHECKOUT_SESSIONS,
        "checkout.session",
        id,
        "id",
        change,
    )
}
