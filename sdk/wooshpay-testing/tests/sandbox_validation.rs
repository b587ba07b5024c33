//! Values checked as the API checks them, over loopback HTTP: amounts, currencies, money
//! arithmetic and metadata limits, each refusal a 400 whose `param` names the field.

use serde_json::{Value, json};
use wooshpay_testing::Sandbox;

async fn post(sandbox: &Sandbox, path: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .basic_auth(sandbox.secret_key(), Some(""))
        .json(body)
        .send()
        .await
        .expect("the sandbox answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn item(unit_amount: i64, quantity: i64) -> Value {
    json!({"quantity": quantity, "price_data": {
        "currency": "USD", "unit_amount": unit_amount, "product_data": {"name": "Tea"}}})
}

#[tokio::test]
async fn refusals_name_the_field() {
    let sandbox = Sandbox::start().await.unwrap();
    let many: serde_json::Map<String, Value> =
        (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
    let cases = [
        (
            "/v1/payment_intents",
            json!({"amount": -500, "currency": "USD"}),
            "amount",
        ),
        (
            "/v1/payment_intents",
            json!({"amount": 0, "currency": "USD"}),
            "amount",
        ),
        (
            "/v1/payment_intents",
            json!({"amount": 100, "currency": "XYZ"}),
            "currency",
        ),
        (
            "/v1/payment_intents",
            json!({"amount": 100, "currency": "dollars"}),
            "currency",
        ),
        (
            "/v1/payment_intents",
            json!({"amount": 100, "currency": "USD", "metadata": many}),
            "metadata",
        ),
        (
            "/v1/payment_intents",
            json!({"amount": 100, "currency": "USD", "metadata": {"k": "v".repeat(501)}}),
            "metadata.k",
        ),
        (
            "/v1/checkout/sessions",
            json!({"success_url": "https://shop.example.com", "line_items": [item(99_999_999, 1 << 40)]}),
            "line_items[0].quantity",
        ),
        (
            "/v1/checkout/sessions",
            json!({"success_url": "https://shop.example.com",
                   "line_items": [item(60_000_000, 1), item(60_000_000, 1)]}),
            "line_items",
        ),
        (
            "/v1/checkout/sessions",
            json!({"success_url": "https://shop.example.com", "line_items": [item(-1, 1)]}),
            "line_items[0].price_data.unit_amount",
        ),
    ];
    for (path, body, param) in cases {
        let (status, answer) = post(&sandbox, path, &body).await;
        assert_eq!(status, 400, "{param}: {answer}");
        assert_eq!(answer["error"]["type"], "invalid_request_error");
        assert_eq!(answer["error"]["param"], param, "{answer}");
    }
}

#[tokio::test]
async fn what_the_api_accepts_passes() {
    let sandbox = Sandbox::start().await.unwrap();
    for (path, body) in [
        (
            "/v1/payment_intents",
            json!({"amount": 1, "currency": "jpy"}),
        ),
        (
            "/v1/payment_intents",
            json!({"amount": 99_999_999, "currency": "KWD"}),
        ),
        ("/v1/prices", json!({"currency": "USD", "unit_amount": 0})),
        (
            "/v1/checkout/sessions",
            json!({"success_url": "https://shop.example.com", "line_items": [item(0, 3), item(250, 4)]}),
        ),
    ] {
        let (status, answer) = post(&sandbox, path, &body).await;
        assert_eq!(status, 200, "{path}: {answer}");
    }
}
