//! The stateful sandbox end to end over loopback: a shop's checkout paid on the hosted page
//! with the app's webhook endpoint receiving signed events, declines and 3-D Secure, refunds,
//! idempotent replays and conflicts, pagination, and 404s naming the id.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use wooshpay::prelude::*;
use wooshpay::types::{
    CheckoutSessionMode, LineItemParams, PaymentIntentStatus, PriceDataParams, ProductDataParams,
};
use wooshpay::webhook::TypedEvent;
use wooshpay_testing::{
    CARD_DECLINED, CARD_SUCCEEDS, CARD_THREE_D_SECURE, CheckoutOutcome, CheckoutResult, Sandbox,
};

/// The app's webhook endpoint: verifies each delivery with the SDK and keeps the events.
struct App {
    url: String,
    events: Arc<Mutex<Vec<TypedEvent>>>,
    secret: Arc<Mutex<String>>,
}

async fn app() -> App {
    let events: Arc<Mutex<Vec<TypedEvent>>> = Arc::default();
    let secret: Arc<Mutex<String>> = Arc::default();
    let (e, s) = (events.clone(), secret.clone());
    let handler = move |headers: HeaderMap, body: Bytes| {
        let (events, secret) = (e.clone(), s.clone());
        async move {
            let header = headers
                .get("wooshpay-signature")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let secret = secret.lock().unwrap().clone();
            match wooshpay::webhook::construct_event(&body, header, &secret) {
                Ok(event) => {
                    events
                        .lock()
                        .unwrap()
                        .push(event.typed().expect("a typed event"));
                    StatusCode::OK
                }
                Err(_) => StatusCode::BAD_REQUEST,
            }
        }
    };
    let router = axum::Router::new().route("/webhooks", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.ok() });
    App {
        url,
        events,
        secret,
    }
}

async fn session_for_cart(client: &Client) -> wooshpay::types::CheckoutSession {
    let cart = [("Espresso beans", 1800, 2), ("Grinder", 9900, 1)];
    client
        .create_checkout_session()
        .mode(CheckoutSessionMode::Payment)
        .line_items(cart.iter().map(|(name, amount, quantity)| {
            LineItemParams::builder()
                .price_data(
                    PriceDataParams::builder()
                        .currency("USD")
                        .unit_amount(*amount)
                        .product_data(ProductDataParams::builder().name(*name)),
                )
                .quantity(*quantity)
        }))
        .success_url("https://shop.example.com/success?session_id={CHECKOUT_SESSION_ID}")
        .cancel_url("https://shop.example.com/cart")
        .metadata([("order_id", "42")])
        .send()
        .await
        .expect("a session")
}

#[tokio::test]
async fn a_cart_paid_on_the_hosted_page_reaches_the_apps_webhook() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let app = app().await;
    let endpoint = client
        .create_webhook_endpoint()
        .url(&app.url)
        .enabled_events(["checkout.session.completed", "payment_intent.succeeded"])
        .send()
        .await
        .unwrap();
    let secret = endpoint.secret.clone().unwrap();
    assert!(secret.starts_with("whsec_"), "{secret}");
    *app.secret.lock().unwrap() = secret;

    let session = session_for_cart(&client).await;
    assert_eq!(session.amount_total, Some(1800 * 2 + 9900));
    let url = session.url.clone().unwrap();
    assert_eq!(
        url,
        format!("{}/checkout/{}", sandbox.base_url(), session.id)
    );

    // The customer opens the page, types a card and presses Pay (a plain form post).
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Espresso beans") && page.contains("135.00 USD"),
        "{page}"
    );
    let paid = browser
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("action=pay&number=4111+1111+1111+1111&exp=12+%2F+34&cvc=123&email=ada%40example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 303);
    assert_eq!(
        paid.headers()["location"].to_str().unwrap(),
        format!("https://shop.example.com/success?session_id={}", session.id)
    );

    let deliveries = sandbox.settled_deliveries(Duration::from_secs(5)).await;
    assert_eq!(deliveries.len(), 2, "{deliveries:#?}");
    assert!(
        deliveries.iter().all(|d| d.delivered && d.attempts == 1),
        "{deliveries:#?}"
    );
    let events = app.events.lock().unwrap().clone();
    let completed = events.iter().find_map(|e| match e {
        TypedEvent::CheckoutSessionCompleted(s) => Some(s.clone()),
        _ => None,
    });
    let completed = completed.expect("checkout.session.completed");
    assert_eq!(completed.id, session.id);
    assert_eq!(
        completed
            .payment_status
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("paid")
    );
    assert!(events.iter().any(|e| matches!(e, TypedEvent::PaymentIntentSucceeded(pi) if Some(&pi.id) == session.payment_intent.as_ref())));

    let intent = client
        .retrieve_payment_intent()
        .id(session.payment_intent.as_deref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(intent.status, Some(PaymentIntentStatus::Succeeded));
    assert_eq!(intent.amount, Some(13500));
}

#[tokio::test]
async fn cards_decide_the_payment() {
    let app = app().await;
    let sandbox = Sandbox::builder()
        .empty()
        .webhook_endpoint(&app.url)
        .start()
        .await
        .unwrap();
    *app.secret.lock().unwrap() = sandbox.webhook_secret().to_string();
    let client = sandbox.client();
    let card = |number: &str| serde_json::json!({"type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}});
    let confirm = |number: &'static str| {
        let client = client.clone();
        let body = card(number);
        async move {
            client
                .create_payment_intent()
                .body_map(|b| {
                    b.amount(2500)
                        .currency("USD")
                        .confirm(true)
                        .payment_method_data(
                            serde_json::from_value::<wooshpay::types::PaymentMethodData>(body)
                                .unwrap(),
                        )
                })
                .send()
                .await
        }
    };
    let ok = confirm(CARD_SUCCEEDS).await.unwrap();
    assert_eq!(ok.status, Some(PaymentIntentStatus::Succeeded));
    let declined = confirm(CARD_DECLINED).await.unwrap_err();
    assert_eq!(declined.status(), Some(402));
    assert!(declined.is_card_error());
    assert_eq!(declined.code(), Some("card_declined"));
    assert_eq!(declined.decline_code(), Some("generic_decline"));
    let challenged = confirm(CARD_THREE_D_SECURE).await.unwrap();
    assert_eq!(challenged.status, Some(PaymentIntentStatus::RequiresAction));
    let next = serde_json::to_value(&challenged.next_action).unwrap();
    assert_eq!(next["type"], "challenge_redirect");
    assert!(
        next["challenge_redirect"]["url"]
            .as_str()
            .unwrap()
            .starts_with(sandbox.base_url())
    );
    sandbox.authenticate(&challenged.id, true).unwrap();
    let after = client
        .retrieve_payment_intent()
        .id(&challenged.id)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status, Some(PaymentIntentStatus::Succeeded));

    // The same outcomes from the hosted page, as methods.
    let session = session_for_cart(&client).await;
    assert!(
        matches!(sandbox.checkout(&session.id, CheckoutOutcome::Decline).unwrap(), CheckoutResult::Declined(m) if m.contains("declined"))
    );
    let CheckoutResult::ChallengeRequired(_) = sandbox
        .checkout(&session.id, CheckoutOutcome::ThreeDSecure)
        .unwrap()
    else {
        panic!("a challenge")
    };
    let done = sandbox
        .authenticate(session.payment_intent.as_deref().unwrap(), true)
        .unwrap();
    assert!(done.ends_with(&session.id), "{done}");
    let deliveries = sandbox.settled_deliveries(Duration::from_secs(5)).await;
    assert!(deliveries.iter().all(|d| d.delivered), "{deliveries:#?}");
    let kinds: Vec<String> = deliveries.iter().map(|d| d.event_type.clone()).collect();
    let event = client
        .retrieve_event()
        .id(&deliveries[0].event_id)
        .send()
        .await
        .unwrap();
    assert_eq!(event.id, deliveries[0].event_id);
    for kind in [
        "payment_intent.payment_failed",
        "payment_intent.requires_action",
        "payment_intent.succeeded",
        "checkout.session.completed",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
}

#[tokio::test]
async fn refunds_stop_at_what_is_left() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let client = sandbox.client();
    let session = session_for_cart(&client).await;
    sandbox.checkout(&session.id, CheckoutOutcome::Pay).unwrap();
    let intent = session.payment_intent.unwrap();
    let first = client
        .create_refund()
        .payment_intent(&intent)
        .amount(10000)
        .send()
        .await
        .unwrap();
    assert_eq!(first.amount, Some(10000));
    let too_much = client
        .create_refund()
        .payment_intent(&intent)
        .amount(5000)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (too_much.status(), too_much.param()),
        (Some(400), Some("amount"))
    );
    let rest = client
        .create_refund()
        .payment_intent(&intent)
        .send()
        .await
        .unwrap();
    assert_eq!(rest.amount, Some(3500));
    let charges = client.list_charges().send().await.unwrap().data;
    let charge = charges
        .iter()
        .find(|c| c.payment_intent.as_deref() == Some(intent.as_str()))
        .unwrap();
    assert_eq!(
        (charge.amount_refunded, charge.refunded),
        (Some(13500), Some(true))
    );
    // Every change was recorded as an event, newest first, each retrievable by its id.
    let events = sandbox.events();
    let types: Vec<String> = events
        .iter()
        .filter_map(|e| e.type_.as_ref().map(|t| t.as_str().to_string()))
        .collect();
    assert_eq!(
        &types[..4],
        [
            "charge.refunded",
            "refund.created",
            "charge.refunded",
            "refund.created"
        ],
        "{types:?}"
    );
    assert!(
        types.contains(&"payment_intent.succeeded".to_string()),
        "{types:?}"
    );
    let newest = client
        .retrieve_event()
        .id(&events[0].id)
        .send()
        .await
        .unwrap();
    assert_eq!(newest.id, events[0].id);
}

#[tokio::test]
async fn idempotency_keys_replay_or_conflict() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let http = reqwest::Client::new();
    let post = |body: &'static str| {
        http.post(format!("{}/v1/customers", sandbox.base_url()))
            .basic_auth(sandbox.secret_key(), Some(""))
            .header("idempotency-key", "order-42")
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let first = post(r#"{"email":"a@example.com"}"#).await.unwrap();
    let first: Value = first.json().await.unwrap();
    let replay = post(r#"{"email":"a@example.com"}"#).await.unwrap();
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap(), first);
    let conflict = post(r#"{"email":"b@example.com"}"#).await.unwrap();
    assert_eq!(conflict.status(), 409);
    let error: Value = conflict.json().await.unwrap();
    assert_eq!(error["error"]["type"], "idempotency_error");
    assert_eq!(
        error["error"]["code"], "idempotency_key_reused",
        "not `idempotency_key_in_use`, which clients retry"
    );
}

#[tokio::test]
async fn lists_page_newest_first_over_250_objects() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let client = sandbox.client();
    let mut created = Vec::new();
    for chunk in 0..4 {
        let calls = (0..64).filter(|i| chunk * 64 + i < 250).map(|i| {
            let client = client.clone();
            async move {
                client
                    .create_product()
                    .name(format!("Product {}", chunk * 64 + i))
                    .send()
                    .await
                    .unwrap()
                    .id
            }
        });
        created.extend(futures_util::future::join_all(calls).await);
    }
    let mut listed = Vec::new();
    let mut stream = client.list_products().limit(100).stream();
    while let Some(product) = stream.next().await {
        listed.push(product.unwrap().id);
    }
    assert_eq!(listed.len(), 250);
    let mut sorted = created.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 250, "no duplicated ids");
    let mut newest_first = sorted.clone();
    newest_first.reverse();
    assert_eq!(listed, newest_first);
    let pages = sandbox
        .requests()
        .iter()
        .filter(|r| r.operation_id == Some("list_products"))
        .count();
    assert_eq!(pages, 3);
}

#[tokio::test]
async fn unknown_ids_and_bad_bodies_are_named() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let missing = client
        .retrieve_payment_intent()
        .id("pi_1000000000000000000")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (missing.status(), missing.code()),
        (Some(404), Some("resource_missing"))
    );
    assert!(
        missing.to_string().contains("pi_1000000000000000000"),
        "{missing}"
    );
    let documented = client
        .retrieve_checkout_session()
        .id("cs_1795782989284638720")
        .send()
        .await
        .unwrap();
    assert!(documented.url.unwrap().starts_with(sandbox.base_url()));

    let http = reqwest::Client::new();
    for (body, code, param) in [
        (r#"{"currency":"USD"}"#, "parameter_missing", "amount"),
        (
            r#"{"amount":10,"currency":"USD","colour":"red"}"#,
            "parameter_unknown",
            "colour",
        ),
        (
            r#"{"amount":"ten","currency":"USD"}"#,
            "parameter_invalid",
            "amount",
        ),
    ] {
        let answer: Value = http
            .post(format!("{}/v1/payment_intents", sandbox.base_url()))
            .basic_auth(sandbox.secret_key(), Some(""))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(answer["error"]["code"], code, "{body}: {answer}");
        assert!(
            answer["error"]["param"]
                .as_str()
                .unwrap_or("")
                .contains(param),
            "{body}: {answer}"
        );
    }
}
