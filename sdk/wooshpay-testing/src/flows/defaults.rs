//! What the API derives for a new object of a kind without payment rules of its own (customers,
//! products, prices, coupons, promotion codes, invoices, invoice items, payouts, SetupIntents,
//! payment links): statuses a new object starts in, the `type` a price's `recurring` implies,
//! and a card's public details (brand, last four digits) without its number. Anything else stays
//! as the request set it, or null.

use serde_json::{Value, json};

use super::common::random_suffix;
use crate::fields::{integer, text};

/// Fills in the derived fields of a new object of `kind` (its `object` value).
pub(crate) fn derive(kind: &str, object: &mut Value, body: &Value) {
    let unset = |object: &Value, field: &str| {
        object.get(field).is_some() && object[field].is_null() && body.get(field).is_none()
    };
    let set = |object: &mut Value, field: &str, value: Value| {
        if unset(object, field) {
            object[field] = value;
        }
    };
    // A new product, price, coupon, promotion code or payment link can be used at once.
    set(object, "active", json!(true));
    match kind {
        "price" => {
            let recurring = body.get("recurring").is_some_and(|r| !r.is_null());
            object["type"] = json!(if recurring { "recurring" } else { "one_time" });
            set(object, "billing_scheme", json!("per_unit"));
            if let Some(amount) = integer(body.get("unit_amount")) {
                object["unit_amount"] = json!(amount);
                set(object, "unit_amount_decimal", json!(amount.to_string()));
            }
        }
        "product" => {
            let created = object["created"].clone();
            set(object, "updated", created);
        }
        "coupon" | "promotion_code" => {
            set(object, "times_redeemed", json!(0));
            set(object, "valid", json!(true));
        }
        "invoice" => {
            set(object, "status", json!("draft"));
            set(object, "paid", json!(false));
            for field in [
                "amount_due",
                "amount_paid",
                "amount_remaining",
                "subtotal",
                "total",
            ] {
                set(object, field, json!(0));
            }
        }
        "payout" => set(object, "status", json!("pending")),
        "setup_intent" => {
            set(object, "status", json!("requires_payment_method"));
            set(object, "usage", json!("off_session"));
            let secret = format!("{}_secret_{}", text(object, "id"), random_suffix());
            set(object, "client_secret", json!(secret));
        }
        "payment_method" => {
            if let Some(card) = body.get("card").filter(|c| c.is_object()) {
                object["card"] = public_card(card);
            }
        }
        _ => {}
    }
}

/// A card's public details: what the API shows instead of the number.
pub(crate) fn public_card(card: &Value) -> Value {
    let number = super::cards::digits(text(card, "number"));
    let last4 = number
        .get(number.len().saturating_sub(4)..)
        .unwrap_or_default();
    let brand = match number.chars().next() {
        Some('4') => "visa",
        Some('5') | Some('2') => "mastercard",
        Some('3') => "amex",
        _ => "unknown",
    };
    json!({
        "brand": brand,
        "exp_month": integer(card.get("exp_month")),
        "exp_year": integer(card.get("exp_year")),
        "last4": last4,
    })
}
