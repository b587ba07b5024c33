//! The documented example proves every documented field is modelled: it decodes into
//! `CheckoutSession` and encodes back to the same JSON. Variants cover what real responses do.

mod support;

use serde_json::{Value, json};
use support::without_nulls;
use wooshpay::types::{
    CaptureMethod, CheckoutSession, CheckoutSessionMode, CheckoutSessionPaymentStatus,
    CheckoutSessionStatus, IntegerOrString, OsType, PaymentMethodType, TerminalType,
};

fn seed() -> Value {
    support::seed_checkout_session()
}

fn round_trip(value: &Value) -> (CheckoutSession, Value) {
    let session: CheckoutSession = serde_json::from_value(value.clone()).expect("decodes");
    let back = serde_json::to_value(&session).expect("encodes");
    (session, back)
}

#[test]
fn documented_example_round_trips_unchanged() {
    let seed = seed();
    assert!(
        seed.as_object().is_some_and(|m| m.len() == 29),
        "the seed example has 29 fields"
    );
    let (session, back) = round_trip(&seed);
    assert_eq!(without_nulls(&back), without_nulls(&seed));
    assert_eq!(session.status, Some(CheckoutSessionStatus::Open));
    let item = &session.line_items.as_ref().unwrap().data[0];
    assert_eq!(
        item.quantity,
        Some(IntegerOrString::String("string".into()))
    );
}

/// The page's `"string"` placeholders where the spec has an enum (spec/DECISIONS.md, P40): not
/// values of the enums, so they decode as unknown values, kept as documented.
#[test]
fn documented_placeholders_outside_the_enums_are_unknown_values() {
    let (session, _) = round_trip(&seed());
    let placeholder = || "string".to_string();
    assert_eq!(
        session.mode,
        Some(CheckoutSessionMode::Unknown(placeholder()))
    );
    assert_eq!(
        session.payment_status,
        Some(CheckoutSessionPaymentStatus::Unknown(placeholder()))
    );
    assert_eq!(
        session.payment_method_types,
        Some(vec![PaymentMethodType::Unknown(placeholder())])
    );
    let options = session.payment_method_options.expect("options");
    assert_eq!(
        options.card.and_then(|c| c.capture_method),
        Some(CaptureMethod::Unknown(placeholder()))
    );
    let shopeepay = options.shopeepay.expect("shopeepay");
    let dana = options.dana.expect("dana");
    for terminal in [shopeepay.terminal_type, dana.terminal_type] {
        assert_eq!(terminal, Some(TerminalType::Unknown(placeholder())));
    }
    for os in [shopeepay.os_type, dana.os_type] {
        assert_eq!(os, Some(OsType::Unknown(placeholder())));
    }
}

#[test]
fn amounts_as_integers_round_trip() {
    let mut value = seed();
    let item = &mut value["line_items"]["data"][0];
    item["amount_subtotal"] = json!(5000);
    item["amount_total"] = json!(4500);
    item["quantity"] = json!(2);
    item["price"]["tiers"][0] = json!({"up_to": 10, "flat_amount": 0, "unit_amount": 250});
    item["discounts"][0]["coupon"]["duration_in_days"] = json!(30);
    item["discounts"][0]["coupon"]["percent_off"] = json!(12.5);
    let (session, back) = round_trip(&value);
    assert_eq!(without_nulls(&back), without_nulls(&value));
    let item = &session.line_items.unwrap().data[0];
    assert_eq!(
        item.quantity.as_ref().and_then(IntegerOrString::as_i64),
        Some(2)
    );
    assert_eq!(
        item.amount_total.as_ref().and_then(IntegerOrString::as_i64),
        Some(4500)
    );
}

/// Sets every key of `object` except `keep` to null.
fn null_all_but(object: &mut Value, keep: &[&str]) {
    for (key, value) in object.as_object_mut().expect("object") {
        if !keep.contains(&key.as_str()) {
            *value = Value::Null;
        }
    }
}

#[test]
fn every_optional_field_may_be_null() {
    let mut value = seed();
    null_all_but(&mut value, &["id", "object"]);
    let (session, back) = round_trip(&value);
    assert_eq!(session.id, "string");
    assert!(
        session.metadata.is_none()
            && session.payment_method_types.is_none()
            && session.line_items.is_none()
    );
    assert_eq!(
        without_nulls(&back),
        json!({"id": "string", "object": "string"})
    );

    // The same one level down: lists, maps and nested objects inside a line item.
    let mut value = seed();
    null_all_but(&mut value["line_items"]["data"][0], &["id"]);
    null_all_but(&mut value["payment_method_options"]["card"], &[]);
    null_all_but(&mut value["customer_details"], &[]);
    let (_, back) = round_trip(&value);
    assert_eq!(without_nulls(&back), without_nulls(&value));
}

#[test]
fn unknown_enum_values_are_kept() {
    let mut value = seed();
    value["status"] = json!("awaiting_review");
    value["billing_address_collection"] = json!("never");
    value["payment_method_options"]["alipay"]["terminal_type"] = json!("MINI_PROGRAM");
    let (session, back) = round_trip(&value);
    assert_eq!(
        session.status,
        Some(CheckoutSessionStatus::Unknown("awaiting_review".into()))
    );
    assert_eq!(
        session.status.as_ref().map(|s| s.as_str()),
        Some("awaiting_review")
    );
    assert_eq!(without_nulls(&back), without_nulls(&value));
}

#[test]
fn unknown_fields_are_ignored() {
    let mut value = seed();
    value["brand_new_field"] = json!({"nested": [1, 2, 3]});
    value["line_items"]["data"][0]["price"]["future_flag"] = json!(true);
    let (session, back) = round_trip(&value);
    assert_eq!(session.id, "string");
    assert_eq!(without_nulls(&back), without_nulls(&seed()));
}

#[test]
fn millisecond_timestamps_are_read() {
    let mut value = seed();
    value["created"] = json!(1_668_688_178_000_i64);
    value["expires_at"] = json!(1_754_736_504_499_i64);
    let (session, back) = round_trip(&value);
    let created = session.created.unwrap();
    assert_eq!(created.raw(), 1_668_688_178_000);
    assert_eq!(created.unix_seconds(), 1_668_688_178);
    assert_eq!(session.expires_at.unwrap().unix_millis(), 1_754_736_504_499);
    assert_eq!(
        back["created"],
        json!(1_668_688_178_000_i64),
        "the raw value is kept"
    );
}
