//! The sandbox's clock, over loopback HTTP: advancing it expires sessions past `expires_at` and
//! bills subscriptions past their period's end; `expires_at` in the past is refused.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use wooshpay_testing::{CheckoutOutcome, Sandbox};

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

fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn tea(expires_at: Option<i64>) -> Value {
    let mut body = json!({"success_url": "https://shop.example.com/ok",
        "line_items": [{"quantity": 1, "price_data": {"currency": "USD", "unit_amount": 500,
            "product_data": {"name": "Tea"}}}]});
    if let Some(at) = expires_at {
        body["expires_at"] = json!(at);
    }
    body
}

#[tokio::test]
async fn passing_expires_at_expires_the_session() {
    let sandbox = Sandbox::start().await.unwrap();
    // One in seconds, one in milliseconds: both an hour from now.
    let hour = now_seconds() + 3600;
    let mut sessions = Vec::new();
    for at in [hour, hour * 1000] {
        let (status, s) = call(
            &sandbox,
            "POST",
            "/v1/checkout/sessions",
            Some(tea(Some(at))),
        )
        .await;
        assert_eq!(status, 200, "{s}");
        sessions.push(s);
    }
    let (_, default) = call(&sandbox, "POST", "/v1/checkout/sessions", Some(tea(None))).await;

    sandbox.advance_time(Duration::from_secs(30 * 60));
    for s in &sessions {
        let (_, now) = call(
            &sandbox,
            "GET",
            &format!("/v1/checkout/sessions/{}", s["id"].as_str().unwrap()),
            None,
        )
        .await;
        assert_eq!(now["status"], "open");
    }
    sandbox.advance_time(Duration::from_secs(31 * 60));
    for s in &sessions {
        let (_, now) = call(
            &sandbox,
            "GET",
            &format!("/v1/checkout/sessions/{}", s["id"].as_str().unwrap()),
            None,
        )
        .await;
        assert_eq!(now["status"], "expired", "{now}");
        let (_, intent) = call(
            &sandbox,
            "GET",
            &format!(
                "/v1/payment_intents/{}",
                s["payment_intent"].as_str().unwrap()
            ),
            None,
        )
        .await;
        assert_eq!(intent["status"], "canceled");
        assert_eq!(intent["cancellation_reason"], "abandoned");
    }
    let expired = sandbox
        .events()
        .iter()
        .filter(|e| e.event_type().to_string() == "checkout.session.expired")
        .count();
    assert_eq!(expired, 2);

    // The default lifetime is 24 hours; the HTTP endpoint moves the same clock.
    let default_id = default["id"].as_str().unwrap();
    let (status, moved) = call(
        &sandbox,
        "POST",
        "/v1/test_helpers/advance_time",
        Some(json!({"seconds": 23 * 3600})),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    let (_, now) = call(
        &sandbox,
        "GET",
        &format!("/v1/checkout/sessions/{default_id}"),
        None,
    )
    .await;
    assert_eq!(now["status"], "expired", "{now}");
    let (status, _) = call(
        &sandbox,
        "POST",
        "/v1/test_helpers/advance_time",
        Some(json!({"seconds": -5})),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn expires_at_in_the_past_is_refused() {
    let sandbox = Sandbox::start().await.unwrap();
    for at in [now_seconds() - 60, (now_seconds() - 60) * 1000] {
        let (status, answer) = call(
            &sandbox,
            "POST",
            "/v1/checkout/sessions",
            Some(tea(Some(at))),
        )
        .await;
        assert_eq!(status, 400, "{answer}");
        assert_eq!(answer["error"]["param"], "expires_at");
    }
}

async fn invoices(sandbox: &Sandbox) -> Vec<Value> {
    let (_, list) = call(sandbox, "GET", "/v1/invoices?limit=100", None).await;
    list["data"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_period_end_bills_the_next_period() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let (_, s) = call(
        &sandbox,
        "POST",
        "/v1/checkout/sessions",
        Some(
            json!({"mode": "subscription", "success_url": "https://shop.example.com/ok",
            "line_items": [{"quantity": 2, "price_data": {"currency": "EUR", "unit_amount": 900,
                "recurring": {"interval": "week"}, "product_data": {"name": "Box"}}}]}),
        ),
    )
    .await;
    sandbox
        .checkout(s["id"].as_str().unwrap(), CheckoutOutcome::Pay)
        .unwrap();
    assert_eq!(invoices(&sandbox).await.len(), 1);
    sandbox.advance_time(Duration::from_secs(6 * 86_400));
    assert_eq!(
        invoices(&sandbox).await.len(),
        1,
        "the period has not ended"
    );
    sandbox.advance_time(Duration::from_secs(2 * 86_400));
    let all = invoices(&sandbox).await;
    assert_eq!(all.len(), 2);
    let renewal = &all[0];
    assert_eq!(renewal["billing_reason"], "subscription_cycle");
    assert_eq!(renewal["status"], "paid");
    assert_eq!(renewal["amount_paid"], 1800);
    let (_, subscriptions) = call(&sandbox, "GET", "/v1/subscriptions", None).await;
    let subscription = &subscriptions["data"][0];
    assert_eq!(subscription["status"], "active");
    assert_eq!(subscription["latest_invoice"], renewal["id"]);
    // Three more weeks: three more invoices.
    sandbox.advance_time(Duration::from_secs(21 * 86_400));
    assert_eq!(invoices(&sandbox).await.len(), 5);
}
