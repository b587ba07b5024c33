//! A shop backend reading payment fields the way it would with any payments SDK: the decline
//! code of a failed payment, where to send the customer for 3-D Secure, which payment method
//! types an intent allows, a price's product, a list's items. Each uses the docs' own example
//! JSON, in both the older form (JSON-encoded strings, ids) and the newer (objects, expanded).

use serde_json::{Value, json};
use wooshpay::types::{
    Expandable, PaymentIntent, PaymentIntentList, PaymentMethodType, Price, RequestThreeDSecure,
};

/// The manual-capture guide's response: objects and arrays.
fn newer_intent() -> Value {
    json!({"id":"pi_1693466278934609920","object":"payment_intent","created":1692588799000_i64,"livemode":false,
     "currency":"USD","amount":100000,"status":"requires_action","merchant_order_id":"Order112344343",
     "client_secret":"pi_..._secret_...",
     "next_action":{"type":"challenge_redirect","challenge_redirect":{"url":"https://jstest.wooshpay.com/v1/3ds/index.html?...","return_url":"https://wooshpay.com"}},
     "payment_method_types":["card"],"confirmation_method":"automatic",
     "payment_method_options":{"card":{"request_three_d_secure":"auto"}},
     "return_url":"https://wooshpay.com","payment_method":"pm_1693466278808780800","capture_method":"manual"})
}

/// Retrieve a PaymentIntent's example: JSON-encoded strings, `""` for no `cancel_at`.
fn older_intent() -> Value {
    json!({"id":"pi_1604012360740110336","object":"payment_intent","created":1671261323000_i64,"currency":"USD","amount":10,
     "status":"succeeded","description":"product description","metadata":{"key1":"value1"},"livemode":false,
     "customer":null,"quantity":2,"invoice":null,"merchant_user_id":"123456","merchant_order_id":"Order112344343",
     "client_secret":"pi_1604012360740110336_secret_YYFHuk8Lago3RSqjbVFe68AA","last_payment_error":null,"next_action":null,
     "payment_method_types":"[\"wechat_pay\",\"alipay\",\"card\"]","receipt_email":null,"cancel_at":"",
     "cancellation_reason":null,"confirmation_method":"automatic",
     "payment_method_options":"{\"card\":{\"request_three_d_secure\":\"auto\",\"capture_method\":\"automatic\"}}",
     "3ds_status":null,"amount_capturable":null,"return_url":"https://your.website","payment_method":"pm_1604012357044928512",
     "amount_received":null,"capture_method":"automatic"})
}

/// The decline code a `payment_intent.payment_failed` handler logs: the docs show the error
/// object's fields (`type`, `code`, `message`, `param`, `decline_code`), never a filled
/// `last_payment_error`, so this is that object on the intent.
fn decline_reason(intent: &PaymentIntent) -> Option<&str> {
    intent
        .last_payment_error
        .as_ref()
        .and_then(|e| e.decline_code.as_deref())
}

fn accepts_cards(intent: &PaymentIntent) -> bool {
    intent
        .payment_method_types
        .iter()
        .flatten()
        .any(|kind| matches!(kind, PaymentMethodType::Card))
}

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the docs' example decodes")
}

#[test]
fn a_failed_payment_says_why() {
    let mut failed = newer_intent();
    failed["status"] = json!("requires_payment_method");
    failed["next_action"] = Value::Null;
    failed["last_payment_error"] = json!({"type": "card_error", "code": "card_declined",
        "decline_code": "insufficient_funds", "message": "Your card has insufficient funds.",
        "param": null});
    let intent: PaymentIntent = decode(failed);
    assert_eq!(decline_reason(&intent), Some("insufficient_funds"));
    let error = intent.last_payment_error.as_ref().expect("set above");
    assert_eq!(error.code.as_deref(), Some("card_declined"));
    assert_eq!(error.type_.as_ref().map(|t| t.as_str()), Some("card_error"));
    assert_eq!(decline_reason(&decode(older_intent())), None);
}

#[test]
fn a_3ds_challenge_sends_the_customer_to_its_url() {
    let intent: PaymentIntent = decode(newer_intent());
    let action = intent.next_action.as_ref().expect("requires_action");
    assert_eq!(
        action.redirect_url(),
        Some("https://jstest.wooshpay.com/v1/3ds/index.html?...")
    );
    let challenge = action.challenge_redirect.as_ref().expect("challenge");
    assert_eq!(
        challenge.return_url.as_deref(),
        Some("https://wooshpay.com")
    );
    assert_eq!(
        action.type_.as_ref().map(|t| t.as_str()),
        Some("challenge_redirect")
    );
}

#[test]
fn the_older_next_action_forms_read_the_same() {
    let object = newer_intent()["next_action"].clone();
    let mut as_string = newer_intent();
    as_string["next_action"] = json!(object.to_string());
    let (newer, older): (PaymentIntent, PaymentIntent) =
        (decode(newer_intent()), decode(as_string));
    assert_eq!(older.next_action, newer.next_action);

    let mut none = newer_intent();
    none["next_action"] = json!("");
    assert_eq!(decode::<PaymentIntent>(none).next_action, None);

    // The older guide's form, cut after `{"ddc_redirect":{"return…`: read as far as shown.
    let mut ddc = newer_intent();
    ddc["next_action"] = json!(
        r#"{"ddc_redirect":{"return_url":"https://shop.example/back","url":"https://ddc.example"}}"#
    );
    let ddc: PaymentIntent = decode(ddc);
    let action = ddc.next_action.as_ref().expect("a ddc redirect");
    assert_eq!(action.redirect_url(), Some("https://ddc.example"));
    assert!(action.type_.is_none());
}

#[test]
fn payment_method_types_match_in_every_form() {
    let newer: PaymentIntent = decode(newer_intent());
    let older: PaymentIntent = decode(older_intent());
    assert!(accepts_cards(&newer) && accepts_cards(&older));
    let kinds: Vec<&str> = older
        .payment_method_types
        .iter()
        .flatten()
        .map(PaymentMethodType::as_str)
        .collect();
    assert_eq!(kinds, ["wechat_pay", "alipay", "card"]);

    let mut none = newer_intent();
    none["payment_method_types"] = json!("");
    assert!(!accepts_cards(&decode(none)));
}

#[test]
fn payment_method_options_read_per_method_in_every_form() {
    let older: PaymentIntent = decode(older_intent());
    let card = older
        .payment_method_options
        .as_ref()
        .and_then(|o| o.card.as_ref())
        .expect("card options");
    assert_eq!(card.request_three_d_secure, Some(RequestThreeDSecure::Auto));

    let mut as_object = older_intent();
    as_object["payment_method_options"] =
        json!({"card":{"request_three_d_secure":"auto","capture_method":"automatic"}});
    as_object["payment_method_types"] = json!(["wechat_pay", "alipay", "card"]);
    as_object["cancel_at"] = Value::Null;
    assert_eq!(decode::<PaymentIntent>(as_object), older);
    assert_eq!(older.cancel_at, None, "`\"\"` reads as no cancel_at");
}

#[test]
fn a_price_names_its_product_whether_expanded_or_not() {
    let by_id: Price = decode(
        json!({"id": "price_1", "object": "price", "currency": "USD",
        "unit_amount": 1000, "product": "prod_1554351292598452224"}),
    );
    let expanded: Price = decode(
        json!({"id": "price_1", "object": "price", "currency": "USD",
        "unit_amount": 1000, "product": {"id": "prod_1554351292598452224", "object": "product",
        "created": 1659421201000_i64, "active": true, "name": "Plus plan"}}),
    );
    for price in [&by_id, &expanded] {
        let product = price.product.as_ref().expect("a product");
        assert_eq!(product.id(), "prod_1554351292598452224");
    }
    assert!(
        by_id
            .product
            .as_ref()
            .and_then(Expandable::object)
            .is_none()
    );
    let name = expanded
        .product
        .as_ref()
        .and_then(Expandable::object)
        .and_then(|p| p.name.as_deref());
    assert_eq!(name, Some("Plus plan"));
}

#[test]
fn a_payout_names_its_destination_in_list_and_retrieve_form() {
    use wooshpay::types::Payout;
    let listed: Payout =
        decode(json!({"id": "po_1", "object": "payout", "destination": "ba_xxxxxxxxxx"}));
    let retrieved: Payout = decode(json!({"id": "po_1", "object": "payout", "destination": {
        "id": "ba_1597440945916215296", "object": "bank_account", "country": "CN", "last4": "0002"}}));
    let id = |p: &Payout| p.destination.as_ref().map(|d| d.id().to_string());
    assert_eq!(id(&listed).as_deref(), Some("ba_xxxxxxxxxx"));
    assert_eq!(id(&retrieved).as_deref(), Some("ba_1597440945916215296"));
    let last4 = retrieved
        .destination
        .as_ref()
        .and_then(Expandable::object)
        .and_then(|account| account.last4.as_deref());
    assert_eq!(last4, Some("0002"));
}

#[test]
fn a_list_reads_like_a_list() {
    let list: PaymentIntentList = decode(json!({"object": "list", "url": "/v1/payment_intents",
        "has_more": false, "data": [newer_intent(), older_intent()]}));
    assert!(!list.data.is_empty());
    assert_eq!(list.data[0].id, "pi_1693466278934609920");
    let mut card_intents = 0;
    for intent in &list.data {
        if accepts_cards(intent) {
            card_intents += 1;
        }
    }
    assert_eq!(card_intents, 2);

    for body in [
        json!({"object": "list", "data": null}),
        json!({"object": "list"}),
    ] {
        assert!(decode::<PaymentIntentList>(body).data.is_empty());
    }
}
