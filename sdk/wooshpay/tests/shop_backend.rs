//! A shop backend written against the SDK the way its developers would write it: a checkout
//! from a cart, a payment, a refund, updates, lists, deletes, error handling and webhooks, run
//! against the sandbox, with the JSON that went over the wire asserted.

use std::time::SystemTime;

use serde_json::{Value, json};
use wooshpay::prelude::*;
use wooshpay::types::{
    CheckoutSessionMode, LineItemParams, PriceDataParams, ProductDataParams, RecurringParams,
};
use wooshpay::webhook::{TypedEvent, WebhookError};
use wooshpay_testing::{ReceivedRequest, Sandbox};

/// One line of the shop's cart.
struct CartLine {
    name: String,
    unit_amount: i64,
}

fn cart() -> Vec<CartLine> {
    vec![
        CartLine {
            name: "Espresso beans".into(),
            unit_amount: 1800,
        },
        CartLine {
            name: "Grinder".into(),
            unit_amount: 9900,
        },
    ]
}

/// The shop's checkout: a session from the cart, with the order id attached.
async fn start_checkout(
    client: &Client,
    cart: &[CartLine],
    order_id: &str,
) -> Result<wooshpay::types::CheckoutSession, Error> {
    client
        .create_checkout_session()
        .mode(CheckoutSessionMode::Payment)
        .line_items(cart.iter().map(|line| {
            LineItemParams::builder()
                .price_data(
                    PriceDataParams::builder()
                        .currency("USD")
                        .unit_amount(line.unit_amount)
                        .product_data(ProductDataParams::builder().name(&line.name)),
                )
                .quantity(2)
        }))
        .success_url("https://shop.example/success")
        .cancel_url("https://shop.example/cart")
        .client_reference_id(order_id)
        .metadata([("order_id", order_id), ("channel", "web")])
        .send()
        .await
}

fn body_of(request: &ReceivedRequest) -> Value {
    serde_json::from_slice(&request.body).expect("the SDK sends JSON")
}

fn last(sandbox: &Sandbox) -> ReceivedRequest {
    sandbox.requests().pop().expect("a request was sent")
}

#[tokio::test]
async fn a_checkout_from_a_cart_sends_the_nested_body_the_api_documents() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let session = start_checkout(&client, &cart(), "order_42").await.unwrap();
    let _order: Option<&str> = session
        .metadata
        .as_ref()
        .and_then(|m| m.get_str("order_id"));

    let sent = last(&sandbox);
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("POST", "/v1/checkout/sessions")
    );
    assert_eq!(
        body_of(&sent),
        json!({
            "mode": "payment",
            "line_items": [
                {"price_data": {"currency": "USD", "unit_amount": 1800,
                                "product_data": {"name": "Espresso beans"}}, "quantity": 2},
                {"price_data": {"currency": "USD", "unit_amount": 9900,
                                "product_data": {"name": "Grinder"}}, "quantity": 2},
            ],
            "success_url": "https://shop.example/success",
            "cancel_url": "https://shop.example/cart",
            "client_reference_id": "order_42",
            "metadata": {"order_id": "order_42", "channel": "web"},
        })
    );
}

#[tokio::test]
async fn payments_and_refunds_read_like_the_api() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let intent = client
        .create_payment_intent()
        .amount(2500)
        .currency("USD")
        .payment_method_types(["card", "alipay", "a_method_from_next_year"])
        .metadata([("order_id", "42")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        body_of(&last(&sandbox)),
        json!({"amount": 2500, "currency": "USD",
               "payment_method_types": ["card", "alipay", "a_method_from_next_year"],
               "metadata": {"order_id": "42"}})
    );

    // The sandbox refunds only what was paid: pay with its test card first.
    let card: wooshpay::types::PaymentMethodData = serde_json::from_value(
        json!({"type": "card", "card": {"number": wooshpay_testing::CARD_SUCCEEDS}}),
    )
    .unwrap();
    client
        .confirm_payment_intent()
        .id(&intent.id)
        .body_map(|b| b.payment_method_data(card))
        .send()
        .await
        .unwrap();

    let refund = client
        .create_refund()
        .payment_intent(&intent.id)
        .amount(1000)
        .send()
        .await
        .unwrap();
    assert!(refund.id.starts_with("re_") || !refund.id.is_empty());
    assert_eq!(
        body_of(&last(&sandbox)),
        json!({"payment_intent": intent.id, "amount": 1000})
    );
}

#[tokio::test]
async fn updates_lists_and_deletes() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let mut metadata = wooshpay::types::Metadata::new();
    metadata.insert("tier", "gold");
    client
        .update_product()
        .id("prod_1554351292598452224")
        .name("Espresso beans, 1 kg")
        .images(["https://shop.example/beans.png"])
        .metadata(&metadata)
        .send()
        .await
        .unwrap();
    let sent = last(&sandbox);
    assert_eq!(sent.target, "/v1/products/prod_1554351292598452224");
    assert_eq!(
        body_of(&sent),
        json!({"name": "Espresso beans, 1 kg", "images": ["https://shop.example/beans.png"],
               "metadata": {"tier": "gold"}})
    );

    // A three-level body: a recurring price inside a product's default price data.
    client
        .create_price()
        .currency("EUR")
        .unit_amount(1200)
        .product("prod_1554351292598452224")
        .recurring(
            RecurringParams::builder()
                .interval("month")
                .interval_count(3),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        body_of(&last(&sandbox)),
        json!({"currency": "EUR", "unit_amount": 1200, "product": "prod_1554351292598452224",
               "recurring": {"interval": "month", "interval_count": 3}})
    );

    let page = client.list_products().limit(3).send().await.unwrap();
    assert_eq!(last(&sandbox).target, "/v1/products?limit=3");
    let first_ids: Vec<String> = client
        .list_products()
        .limit(3)
        .stream()
        .take(2)
        .map_ok(|product| product.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first_ids.len(), 2.min(page.data.len()));

    let endpoint = client
        .create_webhook_endpoint()
        .url("http://127.0.0.1:9/webhooks")
        .enabled_events(["payment_intent.succeeded"])
        .send()
        .await
        .unwrap();
    client
        .delete_webhook_endpoint()
        .id(&endpoint.id)
        .send()
        .await
        .unwrap();
    let sent = last(&sandbox);
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        (
            "DELETE",
            format!("/v1/webhook_endpoints/{}", endpoint.id).as_str()
        )
    );
    let gone = client
        .retrieve_webhook_endpoint()
        .id(&endpoint.id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("resource_missing"));
}

const SUCCESS: &str = "https://shop.example/success";
const CANCEL: &str = "https://shop.example/cart";

/// A missing field deep in a nested body is refused before sending, naming its path.
#[tokio::test]
async fn a_missing_nested_field_is_named_by_its_path_and_nothing_is_sent() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let cases: Vec<(wooshpay::builder::CreateCheckoutSession<'_>, &str)> = vec![
        (
            client
                .create_checkout_session()
                .success_url(SUCCESS)
                .cancel_url(CANCEL)
                .line_items([
                    LineItemParams::builder().price("price_1").quantity(1),
                    LineItemParams::builder()
                        .price_data(PriceDataParams::builder().unit_amount(5))
                        .quantity(1),
                ]),
            "line_items[1].price_data.currency",
        ),
        (
            client
                .create_checkout_session()
                .success_url(SUCCESS)
                .cancel_url(CANCEL)
                .line_items([LineItemParams::builder().price_data(
                    PriceDataParams::builder()
                        .currency("USD")
                        .product_data(ProductDataParams::builder().description("no name")),
                )]),
            "line_items[0].price_data.product_data.name",
        ),
    ];
    for (request, path) in cases {
        let error = request.send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert!(
            error.to_string().contains(&format!("`{path}`")),
            "{error} should name {path}"
        );
    }
    let missing_amount = client.create_payment_intent().currency("USD").send().await;
    assert!(missing_amount.unwrap_err().to_string().contains("`amount`"));
    let out_of_range = client
        .create_payment_intent()
        .amount(u64::MAX)
        .currency("USD")
        .send()
        .await;
    assert!(out_of_range.unwrap_err().to_string().contains("`amount`: "));
    assert!(sandbox.requests().is_empty(), "nothing reaches the server");
}

/// Converting by hand works with `?` in a function returning the SDK's error.
#[test]
fn a_hand_finished_value_converts_with_the_question_mark() {
    fn finish() -> Result<LineItemParams, Error> {
        Ok(LineItemParams::try_from(
            LineItemParams::builder().price("price_1").quantity("3"),
        )?)
    }
    fn unfinished() -> Result<PriceDataParams, Error> {
        Ok(PriceDataParams::try_from(PriceDataParams::builder())?)
    }
    assert_eq!(finish().unwrap().price.as_deref(), Some("price_1"));
    let error = unfinished().unwrap_err();
    assert!(
        error.to_string().contains("`currency` is required"),
        "{error}"
    );
}

#[tokio::test]
async fn api_errors_are_read_with_accessors() {
    let server = httpmock::MockServer::start_async().await;
    server.mock(|when, then| {
        when.path("/v1/payment_intents/pi_declined/confirm");
        then.status(402)
            .header("request-id", "req_9")
            .json_body(json!({"error": {
            "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
            "message": "Your card has insufficient funds.", "param": "payment_method"}}));
    });
    server.mock(|when, then| {
        when.path("/v1/payment_intents/pi_missing");
        then.status(404).json_body(json!({"error": {
            "type": "invalid_request_error", "code": "resource_missing", "param": "id",
            "message": "No such payment_intent: 'pi_missing'"}}));
    });
    let client = Client::builder()
        .secret_key("sk_test_shop")
        .base_url(server.base_url())
        .build()
        .unwrap();

    let declined = client
        .confirm_payment_intent()
        .id("pi_declined")
        .send()
        .await
        .unwrap_err();
    assert!(declined.is_card_error());
    assert_eq!(declined.decline_code(), Some("insufficient_funds"));
    assert_eq!(declined.code(), Some("card_declined"));
    assert_eq!(declined.status(), Some(402));
    assert_eq!(declined.request_id(), Some("req_9"));

    match client
        .retrieve_payment_intent()
        .id("pi_missing")
        .send()
        .await
    {
        Err(e) if e.is_card_error() => panic!("not a card error: {e}"),
        Err(e) => {
            assert_eq!(
                (e.status(), e.code(), e.param()),
                (Some(404), Some("resource_missing"), Some("id"))
            );
            assert_eq!(e.request_id(), None);
        }
        Ok(_) => panic!("the intent does not exist"),
    }

    let refused = client
        .retrieve_payment_intent()
        .id("")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (refused.status(), refused.code(), refused.is_card_error()),
        (None, None, false)
    );
}

fn delivery(event: &Value, secret: &str) -> (Vec<u8>, String) {
    let body = serde_json::to_vec(event).unwrap();
    let header = wooshpay::webhook::sign_payload(&body, secret, SystemTime::now());
    (body, header)
}

fn event(event_type: &str, object: Value) -> Value {
    json!({"id": "evt_1", "object": "event", "type": event_type, "created": 1_700_000_000_000_i64,
           "livemode": false, "data": {"object": object}})
}

#[test]
fn webhook_events_are_matched_by_type() {
    let secret = "whsec_shop";
    let mut fulfilled = Vec::new();
    let mut paid = Vec::new();
    let mut other = Vec::new();
    for sent in [
        event(
            "payment_intent.succeeded",
            json!({"id": "pi_1", "object": "payment_intent", "amount": 2500}),
        ),
        event(
            "checkout.session.completed",
            json!({"id": "cs_1", "object": "checkout.session"}),
        ),
        event("payout.paid", json!({"id": "po_1", "object": "payout"})),
        event(
            "inventory.restocked",
            json!({"id": "inv_1", "object": "inventory"}),
        ),
    ] {
        let (body, header) = delivery(&sent, secret);
        let event = wooshpay::webhook::construct_event(&body, &header, secret).unwrap();
        match event.typed().unwrap() {
            TypedEvent::PaymentIntentSucceeded(intent) => fulfilled.push(intent.id.clone()),
            TypedEvent::CheckoutSessionCompleted(session) => paid.push(session.id.clone()),
            TypedEvent::Unknown(event) => {
                let object = event.data.as_ref().and_then(|d| d.object.as_ref());
                other.push(
                    object
                        .and_then(|o| o["id"].as_str())
                        .unwrap_or("?")
                        .to_string(),
                );
            }
            _ => other.push("known".into()),
        }
    }
    assert_eq!(fulfilled, ["pi_1"]);
    assert_eq!(paid, ["cs_1"]);
    assert_eq!(
        other,
        ["known", "inv_1"],
        "an unknown type keeps its raw object"
    );
}

#[test]
fn an_event_whose_object_is_of_another_kind_is_refused() {
    let secret = "whsec_shop";
    for (object, found) in [
        (
            json!({"id": "cs_1", "object": "checkout.session"}),
            Some("checkout.session"),
        ),
        (json!({"id": "pi_1"}), None),
    ] {
        let (body, header) = delivery(&event("payment_intent.succeeded", object), secret);
        let event = wooshpay::webhook::construct_event(&body, &header, secret).unwrap();
        let error = event.typed().unwrap_err();
        assert_eq!(
            error,
            WebhookError::ObjectMismatch {
                event_type: "payment_intent.succeeded".into(),
                expected: "payment_intent",
                found: found.map(str::to_owned),
            }
        );
        assert!(error.to_string().contains("data.object.object"), "{error}");
        assert!(
            event.object().is_err(),
            "the untyped accessor checks the same"
        );
    }
}
