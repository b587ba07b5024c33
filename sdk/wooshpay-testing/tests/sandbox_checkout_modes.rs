//! Checkout's three modes and what paying in each leaves behind, over loopback HTTP: `setup`
//! confirms a SetupIntent, `subscription` starts a Subscription with its first Invoice, and
//! manual capture through Checkout waits for the capture. Also: detaching a card, and closing a
//! dispute changing nothing but its status.

use serde_json::{Value, json};
use wooshpay_testing::{CheckoutOutcome, CheckoutResult, Sandbox};

async fn call(sandbox: &Sandbox, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let http = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = http
        .request(method, format!("{}{path}", sandbox.base_url()))
        .basic_auth(sandbox.secret_key(), Some(""));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the sandbox answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get(sandbox: &Sandbox, path: &str) -> Value {
    let (status, body) = call(sandbox, "GET", path, None).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

async fn session(sandbox: &Sandbox, body: Value) -> Value {
    let (status, session) = call(sandbox, "POST", "/v1/checkout/sessions", Some(body)).await;
    assert_eq!(status, 200, "{session}");
    session
}

fn monthly(amount: i64) -> Value {
    json!([{"quantity": 1, "price_data": {"currency": "USD", "unit_amount": amount,
        "recurring": {"interval": "month"}, "product_data": {"name": "Plan"}}}])
}

fn event_types(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .events()
        .iter()
        .map(|e| e.event_type().to_string())
        .collect()
}

#[tokio::test]
async fn setup_mode_saves_the_card_or_stays_open() {
    let sandbox = Sandbox::start().await.unwrap();
    let s = session(
        &sandbox,
        json!({"mode": "setup", "success_url": "https://shop.example.com/ok"}),
    )
    .await;
    let setup_intent = s["setup_intent"]
        .as_str()
        .expect("a SetupIntent")
        .to_string();
    assert!(
        s["payment_intent"].is_null() && s["amount_total"].is_null(),
        "{s}"
    );
    let id = s["id"].as_str().unwrap();

    let declined = sandbox.checkout(id, CheckoutOutcome::Decline).unwrap();
    assert!(
        matches!(declined, CheckoutResult::Declined(_)),
        "{declined:?}"
    );
    let still = get(&sandbox, &format!("/v1/checkout/sessions/{id}")).await;
    assert_eq!(still["status"], "open");
    let intent = get(&sandbox, &format!("/v1/setup_intents/{setup_intent}")).await;
    assert_eq!(intent["status"], "requires_payment_method");
    assert_eq!(
        intent["last_setup_error"]["decline_code"],
        "generic_decline"
    );

    let challenge = sandbox.checkout(id, CheckoutOutcome::ThreeDSecure).unwrap();
    let CheckoutResult::ChallengeRequired(url) = challenge else {
        panic!("{challenge:?}")
    };
    assert!(url.ends_with(&format!("/3ds/{setup_intent}")), "{url}");
    let next = sandbox.authenticate(&setup_intent, true).unwrap();
    assert_eq!(next, "https://shop.example.com/ok");
    let saved = get(&sandbox, &format!("/v1/setup_intents/{setup_intent}")).await;
    assert_eq!(saved["status"], "succeeded");
    assert!(
        saved["payment_method"]
            .as_str()
            .is_some_and(|pm| pm.starts_with("pm_"))
    );
    let done = get(&sandbox, &format!("/v1/checkout/sessions/{id}")).await;
    assert_eq!(done["status"], "complete");
    assert_eq!(done["payment_status"], "no_payment_required");
    assert!(event_types(&sandbox).contains(&"setup_intent.succeeded".to_string()));
}

#[tokio::test]
async fn subscription_mode_starts_a_subscription_when_paid() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let s = session(
        &sandbox,
        json!({"mode": "subscription", "success_url": "https://shop.example.com/ok",
               "customer_email": "ada@example.com", "line_items": monthly(1500)}),
    )
    .await;
    let id = s["id"].as_str().unwrap();
    let declined = sandbox.checkout(id, CheckoutOutcome::Decline).unwrap();
    assert!(matches!(declined, CheckoutResult::Declined(_)));
    assert_eq!(
        get(&sandbox, &format!("/v1/checkout/sessions/{id}")).await["status"],
        "open"
    );
    let subscriptions = get(&sandbox, "/v1/subscriptions").await;
    assert!(
        subscriptions["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] != "active"),
        "{subscriptions}"
    );

    let paid = sandbox.checkout(id, CheckoutOutcome::Pay).unwrap();
    assert_eq!(
        paid,
        CheckoutResult::Redirected("https://shop.example.com/ok".into())
    );
    let done = get(&sandbox, &format!("/v1/checkout/sessions/{id}")).await;
    assert_eq!(
        (done["status"].as_str(), done["payment_status"].as_str()),
        (Some("complete"), Some("paid"))
    );
    let customer = done["customer"].as_str().expect("a customer").to_string();
    assert_eq!(
        get(&sandbox, &format!("/v1/customers/{customer}")).await["email"],
        "ada@example.com"
    );
    let subscriptions = get(&sandbox, "/v1/subscriptions").await;
    let subscription = subscriptions["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["customer"] == customer.as_str())
        .expect("the customer's subscription")
        .clone();
    assert_eq!(subscription["status"], "active");
    let invoice = get(
        &sandbox,
        &format!(
            "/v1/invoices/{}",
            subscription["latest_invoice"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(invoice["status"], "paid");
    assert_eq!(invoice["amount_paid"], 1500);
    let events = event_types(&sandbox);
    for expected in ["payment_intent.succeeded", "checkout.session.completed"] {
        assert!(events.contains(&expected.to_string()), "{events:?}");
    }
}

#[tokio::test]
async fn subscription_mode_needs_recurring_prices() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, answer) = call(
        &sandbox,
        "POST",
        "/v1/checkout/sessions",
        Some(
            json!({"mode": "subscription", "success_url": "https://shop.example.com/ok",
            "line_items": [{"quantity": 1, "price_data": {"currency": "USD", "unit_amount": 100,
                "product_data": {"name": "Once"}}}]}),
        ),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"]["param"], "line_items[0].price");
}

#[tokio::test]
async fn manual_capture_through_checkout_waits_for_the_capture() {
    let sandbox = Sandbox::start().await.unwrap();
    let s = session(
        &sandbox,
        json!({"success_url": "https://shop.example.com/ok",
               "payment_intent_data": {"capture_method": "manual", "description": "Order 7"},
               "line_items": [{"quantity": 2, "price_data": {"currency": "USD", "unit_amount": 800,
                   "product_data": {"name": "Tea"}}}]}),
    )
    .await;
    sandbox
        .checkout(s["id"].as_str().unwrap(), CheckoutOutcome::Pay)
        .unwrap();
    let intent_path = format!(
        "/v1/payment_intents/{}",
        s["payment_intent"].as_str().unwrap()
    );
    let intent = get(&sandbox, &intent_path).await;
    assert_eq!(intent["status"], "requires_capture");
    assert_eq!(intent["amount_capturable"], 1600);
    assert_eq!(intent["description"], "Order 7");
    let done = get(
        &sandbox,
        &format!("/v1/checkout/sessions/{}", s["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(
        (done["status"].as_str(), done["payment_status"].as_str()),
        (Some("complete"), Some("unpaid"))
    );
    let (status, captured) = call(
        &sandbox,
        "POST",
        &format!("{intent_path}/capture"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(captured["status"], "succeeded");
}

#[tokio::test]
async fn detach_detaches_and_closing_a_dispute_changes_only_its_status() {
    let sandbox = Sandbox::start().await.unwrap();
    let (_, customer) = call(
        &sandbox,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Ada"})),
    )
    .await;
    let (_, method) = call(
        &sandbox,
        "POST",
        "/v1/payment_methods",
        Some(json!({"type": "card", "card": {"number": "4242424242424242", "exp_month": 1, "exp_year": 2040, "cvc": "123"}})),
    )
    .await;
    let pm = method["id"].as_str().unwrap();
    assert_eq!(method["card"]["last4"], "4242");
    let (status, attached) = call(
        &sandbox,
        "POST",
        &format!("/v1/payment_methods/{pm}/attach"),
        Some(json!({"customer": customer["id"]})),
    )
    .await;
    assert_eq!(status, 200, "{attached}");
    assert_eq!(attached["customer"], customer["id"]);
    let (status, detached) = call(
        &sandbox,
        "POST",
        &format!("/v1/payment_methods/{pm}/detach"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200, "{detached}");
    assert!(detached["customer"].is_null(), "{detached}");

    let id = "dp_1597228507853754373";
    let before = get(&sandbox, &format!("/v1/disputes/{id}")).await;
    let (status, closed) = call(
        &sandbox,
        "POST",
        &format!("/v1/disputes/{id}/close"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200, "{closed}");
    let mut expected = before.clone();
    expected["status"] = json!("lost");
    assert_eq!(closed, expected);
    let (status, again) = call(
        &sandbox,
        "POST",
        &format!("/v1/disputes/{id}/close"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 400, "{again}");
}
