//! New objects come from the request and the spec's rules, never from the docs' examples: for
//! every create operation, created with only its required fields over loopback HTTP, no value
//! of the answer equals a value of the operation's documented example that the request did not
//! set (ids, the object's kind and schema defaults aside).

use serde_json::{Value, json};
use wooshpay_testing::{CARD_SUCCEEDS, Sandbox};

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

/// Every leaf of `value` (strings and numbers) with its path.
fn leaves(value: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(fields) => {
            for (name, inner) in fields {
                leaves(inner, format!("{path}/{name}"), out);
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                leaves(inner, format!("{path}/{i}"), out);
            }
        }
        Value::String(_) | Value::Number(_) => out.push((path, value.clone())),
        _ => {}
    }
}

/// Values a rule or a schema default gives, whatever the example says.
fn derived(path: &str, value: &Value) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    matches!(last, "id" | "object" | "url")
        || matches!(
            value.as_str(),
            Some(
                "payment"
                    | "open"
                    | "unpaid"
                    | "automatic"
                    | "per_unit"
                    | "one_time"
                    | "card"
                    | "enabled"
                    | "succeeded"
                    | "requires_payment_method"
                    | "draft"
                    | "active"
                    | "auto"
                    | "if_required"
                    | "list"
                    | "pending"
                    | "off_session"
            )
        )
        || value.as_i64() == Some(0)
}

#[tokio::test]
async fn no_new_object_borrows_from_the_docs_examples() {
    let sandbox = Sandbox::start().await.unwrap();
    // A paid PaymentIntent, for the refund.
    let (_, paid) = post(
        &sandbox,
        "/v1/payment_intents",
        &json!({"amount": 1000, "currency": "EUR", "confirm": true,
                "payment_method_data": {"type": "card", "card": {
                    "number": CARD_SUCCEEDS, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}}),
    )
    .await;
    let mut checked = 0;
    for op in wooshpay_testing::operations() {
        if op.method != "POST" || op.path.contains('{') || op.sample_request.is_none() {
            continue;
        }
        let mut body: Value = serde_json::from_str(op.sample_request.unwrap()).unwrap();
        match op.operation_id {
            "create_refund" => body["payment_intent"] = paid["id"].clone(),
            "create_checkout_session" => {
                body["line_items"] = json!([{"quantity": 1, "price_data": {
                    "currency": "EUR", "unit_amount": 700, "product_data": {"name": "Tea"}}}]);
            }
            _ => {}
        }
        let (status, answer) = post(&sandbox, op.path, &body).await;
        assert_eq!(status, 200, "{}: {answer}", op.operation_id);
        let example: Value = serde_json::from_str(op.example).unwrap();
        let mut documented = Vec::new();
        leaves(&example, String::new(), &mut documented);
        let mut sent = Vec::new();
        leaves(&body, String::new(), &mut sent);
        let mut got = Vec::new();
        leaves(&answer, String::new(), &mut got);
        for (path, value) in got {
            let borrowed = documented.iter().any(|(p, v)| *p == path && *v == value);
            let asked = sent.iter().any(|(_, v)| *v == value);
            assert!(
                !borrowed || asked || derived(&path, &value),
                "{}: {path} = {value} comes from the docs' example",
                op.operation_id
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} create operations");
}

#[tokio::test]
async fn new_objects_show_what_was_asked() {
    let sandbox = Sandbox::start().await.unwrap();
    let (_, price) = post(
        &sandbox,
        "/v1/prices",
        &json!({"currency": "EUR", "unit_amount": 450, "product": "prod_mine"}),
    )
    .await;
    assert_eq!(price["product"], "prod_mine");
    assert_eq!(price["type"], "one_time");
    assert!(price["recurring"].is_null(), "{price}");
    let (_, product) = post(&sandbox, "/v1/products", &json!({"name": "Tea"})).await;
    assert_eq!(product["metadata"], json!({}));
    let (_, customer) = post(
        &sandbox,
        "/v1/customers",
        &json!({"email": "a@example.com"}),
    )
    .await;
    assert!(
        customer["name"].is_null() && customer["address"].is_null(),
        "{customer}"
    );
    let (_, method) = post(&sandbox, "/v1/payment_methods", &json!({"type": "card"})).await;
    assert!(method["customer"].is_null(), "{method}");
}
