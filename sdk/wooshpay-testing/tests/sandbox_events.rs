//! The sandbox's events, over loopback HTTP: only types the spec lists, each decoding to a known
//! `TypedEvent` variant, and a webhook endpoint's signing secret shown only on creation — never
//! in retrieve, list, update or any delivered event.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::StatusCode;
use wooshpay::prelude::*;
use wooshpay::types::{EventType, LineItemParams, PriceDataParams, ProductDataParams};
use wooshpay::webhook::TypedEvent;
use wooshpay_testing::{CARD_SUCCEEDS, CheckoutOutcome, Sandbox};

/// A webhook receiver that keeps every raw body.
async fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let bodies: Arc<Mutex<Vec<String>>> = Arc::default();
    let kept = bodies.clone();
    let handler = move |body: Bytes| {
        let kept = kept.clone();
        async move {
            kept.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&body).into_owned());
            StatusCode::OK
        }
    };
    let router = axum::Router::new().route("/hooks", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.ok() });
    (url, bodies)
}

async fn session(client: &Client, amount: i64) -> wooshpay::types::CheckoutSession {
    client
        .create_checkout_session()
        .line_items([LineItemParams::builder()
            .price_data(
                PriceDataParams::builder()
                    .currency("USD")
                    .unit_amount(amount)
                    .product_data(ProductDataParams::builder().name("Tea")),
            )
            .quantity(1)])
        .success_url("https://shop.example.com/done")
        .cancel_url("https://shop.example.com/cart")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_event_is_a_listed_type_and_decodes_to_its_variant() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    // Objects of kinds with no listed event (customers, products, payment methods, charges).
    client
        .create_customer()
        .name("Ada")
        .email("ada@example.com")
        .send()
        .await
        .unwrap();
    client.create_product().name("Tea").send().await.unwrap();
    // Payments: paid, declined, 3-D Secure, refunded, captured by hand, canceled, expired.
    for outcome in [
        CheckoutOutcome::Pay,
        CheckoutOutcome::Decline,
        CheckoutOutcome::ThreeDSecure,
    ] {
        let s = session(&client, 1200).await;
        sandbox.checkout(&s.id, outcome).unwrap();
    }
    let paid = session(&client, 700).await;
    sandbox.checkout(&paid.id, CheckoutOutcome::Pay).unwrap();
    client
        .create_refund()
        .payment_intent(paid.payment_intent.clone().unwrap())
        .send()
        .await
        .unwrap();
    let manual = client
        .create_payment_intent()
        .amount(900)
        .currency("USD")
        .capture_method("manual")
        .send()
        .await
        .unwrap();
    client
        .confirm_payment_intent()
        .id(&manual.id)
        .payment_method_data(
            serde_json::from_value::<wooshpay::types::PaymentMethodData>(serde_json::json!({
                "type": "card",
                "card": {"number": CARD_SUCCEEDS, "exp_month": 12, "exp_year": 2034, "cvc": "123"}
            }))
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    client
        .capture_payment_intent()
        .id(&manual.id)
        .send()
        .await
        .unwrap();
    let canceled = client
        .create_payment_intent()
        .amount(500)
        .currency("USD")
        .send()
        .await
        .unwrap();
    client
        .cancel_payment_intent()
        .id(&canceled.id)
        .cancellation_reason("requested_by_customer")
        .send()
        .await
        .unwrap();
    let expired = session(&client, 300).await;
    client
        .expire_checkout_session()
        .id(&expired.id)
        .send()
        .await
        .unwrap();
    // Disputes: an update, then closing (accepting) the open one.
    let open = "dp_1597228507853754373";
    client
        .update_dispute()
        .id(open)
        .metadata([("note", "seen")])
        .send()
        .await
        .unwrap();
    let closed = client.close_dispute().id(open).send().await.unwrap();
    assert_eq!(
        closed.status.as_ref().map(ToString::to_string).as_deref(),
        Some("lost")
    );

    let events = sandbox.events();
    let mut seen = std::collections::BTreeSet::new();
    for event in &events {
        let kind = event.event_type();
        assert!(
            !matches!(kind, EventType::Unknown(_)),
            "{kind} is not listed"
        );
        let typed = event.typed().unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert!(!matches!(typed, TypedEvent::Unknown(_)), "{kind}");
        seen.insert(kind.to_string());
    }
    for expected in [
        "payment_intent.created",
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "payment_intent.requires_action",
        "payment_intent.amount_capturable_updated",
        "payment_intent.canceled",
        "charge.captured",
        "charge.refunded",
        "refund.created",
        "checkout.session.completed",
        "checkout.session.expired",
        "charge.dispute.updated",
        "charge.dispute.closed",
    ] {
        assert!(seen.contains(expected), "{expected} missing from {seen:?}");
    }
    for unlisted in [
        "customer.created",
        "product.created",
        "charge.created",
        "payment_method.created",
    ] {
        assert!(!seen.contains(unlisted), "{unlisted} was recorded");
    }
}

#[tokio::test]
async fn a_webhook_secret_is_shown_only_on_creation() {
    let (url, bodies) = receiver().await;
    let sandbox = Sandbox::builder()
        .webhook_endpoint(&url)
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    let created = client
        .create_webhook_endpoint()
        .url("http://127.0.0.1:9/other")
        .enabled_events(["payment_intent.succeeded"])
        .send()
        .await
        .unwrap();
    let secret = created
        .secret
        .clone()
        .expect("the creation response has the secret");
    assert!(secret.starts_with("whsec_"));

    let retrieved = client
        .retrieve_webhook_endpoint()
        .id(&created.id)
        .send()
        .await
        .unwrap();
    assert_eq!(retrieved.secret, None);
    let updated = client
        .update_webhook_endpoint()
        .id(&created.id)
        .description("renamed")
        .send()
        .await
        .unwrap();
    assert_eq!(updated.secret, None);
    assert_eq!(updated.description.as_deref(), Some("renamed"));
    let listed = client.list_webhook_endpoints().send().await.unwrap();
    let listed = listed.data;
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|e| e.secret.is_none()), "{listed:?}");

    // Something happens, and the first endpoint (all events) is told; no body holds a secret.
    client
        .create_payment_intent()
        .amount(100)
        .currency("USD")
        .send()
        .await
        .unwrap();
    sandbox.settled_deliveries(Duration::from_secs(5)).await;
    let bodies = bodies.lock().unwrap().clone();
    assert!(
        !bodies.is_empty(),
        "the endpoint got the payment_intent.created event"
    );
    for body in &bodies {
        assert!(!body.contains("whsec_"), "{body}");
    }
    assert!(
        sandbox
            .events()
            .iter()
            .all(|e| !serde_json::to_string(e).unwrap().contains("whsec_"))
    );
}
