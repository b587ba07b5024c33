//! The offline sandbox: every operation of the spec answered with a body that decodes into the
//! operation's response type; malformed requests get WooshPay's errors; faults on demand.

use std::time::Duration;

use serde_json::{Value, json};
use wooshpay_testing::{self, Fault, Sandbox};

/// Sends a raw request to the sandbox, as any HTTP client would.
async fn raw(
    sandbox: &Sandbox,
    method: &str,
    path: &str,
    body: Option<&str>,
    auth: bool,
) -> (u16, Value) {
    let http = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = http.request(method, format!("{}{path}", sandbox.base_url()));
    if auth {
        request = request.basic_auth(sandbox.secret_key(), Some(""));
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("the sandbox answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `template` with `{id}` (and `{customer_id}`) filled in with documented ids the sandbox holds.
fn fill(template: &str, ids: &std::collections::HashMap<String, String>) -> String {
    let collection = template.trim_end_matches("/{id}").to_string();
    let collection = collection
        .rsplit_once("/{id}/")
        .map_or(collection.clone(), |(c, _)| c.to_string());
    let id = ids
        .get(&collection)
        .or_else(|| {
            ids.get(&format!(
                "/v1/{}",
                collection.rsplit('/').next().unwrap_or("")
            ))
        })
        .cloned()
        .unwrap_or_default();
    template
        .replace("{id}", &id)
        .replace("{customer_id}", "cus_1953770230215868416")
}

/// A documented id per collection path, from the operations' examples.
fn documented_ids() -> std::collections::HashMap<String, String> {
    let mut ids = std::collections::HashMap::new();
    for op in wooshpay_testing::operations() {
        let example: Value = serde_json::from_str(op.example).unwrap();
        if let (Some(id), Some(collection)) =
            (example["id"].as_str(), op.path.strip_suffix("/{id}"))
        {
            ids.entry(collection.to_string()).or_insert(id.to_string());
        }
    }
    ids
}

#[tokio::test]
async fn every_operation_answers_with_its_response_type() {
    let sandbox = Sandbox::start().await.unwrap();
    let mut ids = documented_ids();
    // The sandbox holds no documented webhook endpoint (their URLs are on the internet).
    let (_, endpoint) = raw(
        &sandbox,
        "POST",
        "/v1/webhook_endpoints",
        Some(r#"{"url":"http://127.0.0.1:9/hook","enabled_events":[]}"#),
        true,
    )
    .await;
    ids.insert(
        "/v1/webhook_endpoints".into(),
        endpoint["id"].as_str().unwrap().to_string(),
    );
    let mut served = 0;
    // Deletes last, so that the other operations find their object.
    let mut operations: Vec<_> = wooshpay_testing::operations().collect();
    operations.sort_by_key(|op| op.method == "DELETE");
    for op in operations {
        let body = op.sample_request.or((op.method == "POST").then_some("{}"));
        let (status, response) = raw(&sandbox, op.method, &fill(op.path, &ids), body, true).await;
        served += 1;
        if status == 400
            && response["error"]["code"].as_str().is_some_and(|c| {
                c.ends_with("_unexpected_state")
                    || c.starts_with("parameter_")
                    || c == "charge_not_refundable"
            })
        {
            // A payment rule refused the documented object's state or the minimal body, in
            // WooshPay's error shape: the flows are tested in `sandbox_flows`.
            continue;
        }
        if status == 404
            && response["error"]["param"]
                .as_str()
                .is_some_and(|p| p != "id")
        {
            // The minimal body names an object that does not exist (`customer_value`).
            continue;
        }
        assert_eq!(
            status, 200,
            "{} answered {status}: {response}",
            op.operation_id
        );
        match wooshpay_testing::schemas::round_trip(op.response_schema, &response) {
            Some(Ok(_)) => {}
            other => panic!(
                "{}: the answer does not decode as {}: {other:?}",
                op.operation_id, op.response_schema
            ),
        }
        if op.path.ends_with("{id}") && response.get("id").is_some() {
            assert!(
                fill(op.path, &ids).ends_with(response["id"].as_str().unwrap_or("?")),
                "{} answers the addressed object",
                op.operation_id
            );
        }
    }
    let requests = sandbox.requests();
    assert_eq!(requests.len(), served + 1);
    assert!(
        requests.iter().all(|r| r.operation_id.is_some()),
        "every request matched its operation"
    );
    assert!(served >= 96, "{served} operations");
}

#[tokio::test]
async fn the_typed_client_works_against_it() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let intent = client
        .retrieve_payment_intent()
        .id("pi_1604012360740110336")
        .send()
        .await
        .unwrap();
    assert_eq!(intent.id, "pi_1604012360740110336");
    let created = client
        .create_customer()
        .body_map(|b| b.email("a@example.com"))
        .send()
        .await
        .unwrap();
    assert!(created.id.starts_with("cus_"), "{}", created.id);
    let listed: Vec<_> =
        futures_util::StreamExt::collect(client.list_payment_intents().limit(2).stream()).await;
    assert!(!listed.is_empty() && listed.iter().all(Result::is_ok));
    let request = sandbox
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    assert_eq!(request.operation_id, Some("create_customer"));
    assert!(request.idempotency_key.is_some());
}

#[tokio::test]
async fn unknown_operations_get_a_404_in_wooshpays_shape() {
    let sandbox = Sandbox::start().await.unwrap();
    for (method, path) in [
        ("GET", "/v1/nothing_here"),
        ("DELETE", "/v1/payment_intents/pi_1"),
        ("GET", "/v1/payment_intents/"),
    ] {
        let (status, body) = raw(&sandbox, method, path, None, true).await;
        assert_eq!(status, 404, "{method} {path}");
        assert_eq!(body["error"]["type"], "invalid_request_error");
        assert_eq!(body["error"]["code"], "resource_missing");
    }
    let documented = sandbox
        .client()
        .retrieve_payment_intent()
        .id("pi_1604012360740110336")
        .send()
        .await
        .map(|_| ());
    assert!(documented.is_ok(), "documented objects are served");
}

#[tokio::test]
async fn malformed_bodies_get_a_400_naming_the_field() {
    let sandbox = Sandbox::start().await.unwrap();
    let cases = [
        (
            r#"{"amount": "lots", "currency": "USD"}"#,
            "parameter_invalid",
            "amount",
        ),
        (r#"{"currency": "USD"}"#, "parameter_missing", "amount"),
        ("{}", "parameter_missing", "amount"),
        (
            r#"{"amount": 1000, "currency": "USD", "metadata": 7}"#,
            "parameter_invalid",
            "metadata",
        ),
    ];
    for (body, code, param) in cases {
        let (status, response) =
            raw(&sandbox, "POST", "/v1/payment_intents", Some(body), true).await;
        assert_eq!(status, 400, "{body}: {response}");
        assert_eq!(response["error"]["code"], code, "{body}: {response}");
        assert_eq!(response["error"]["param"], param, "{body}: {response}");
    }
    let (status, response) = raw(
        &sandbox,
        "POST",
        "/v1/payment_intents",
        Some("{not json"),
        true,
    )
    .await;
    assert_eq!(
        (status, response["error"]["code"].as_str()),
        (400, Some("parameter_invalid"))
    );

    // Through the typed client, the same answer is an Api error with the param.
    let err = sandbox
        .client()
        .create_payment_intent()
        .body_map(|b| b.amount(1000))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, wooshpay::Error::InvalidRequest(_)),
        "a missing required field is caught before sending: {err}"
    );
}

#[tokio::test]
async fn requests_without_a_key_get_a_401() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw(&sandbox, "GET", "/v1/balance", None, false).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["type"], "invalid_request_error");
}

#[tokio::test]
async fn injected_failures_exercise_retries_and_timeouts() {
    let sandbox = Sandbox::start().await.unwrap();
    let fast = Duration::from_millis(1);
    let client = sandbox
        .client_builder()
        .retry_backoff(fast, fast)
        .build()
        .unwrap();

    sandbox.inject(Fault::status(503).times(2).operation("create_customer"));
    let customer = client
        .create_customer()
        .email("jenny.rosen@example.com")
        .send()
        .await
        .unwrap();
    assert!(customer.id.starts_with("cus_"));
    let attempts: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.operation_id == Some("create_customer"))
        .collect();
    assert_eq!(attempts.len(), 3, "two injected 503s, then the customer");
    assert!(
        attempts
            .iter()
            .all(|r| r.idempotency_key == attempts[0].idempotency_key)
    );

    sandbox.inject(Fault::status(400).times(1));
    let err = client.get_balance().send().await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");

    sandbox.inject(Fault::status(429).retry_after(0).times(1));
    client.get_balance().send().await.expect("429 is retried");

    sandbox.inject(Fault::delay(Duration::from_secs(5)).times(1));
    let slow = client
        .get_balance()
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(slow, wooshpay::Error::Transport { ref source, .. } if source.is_timeout()),
        "{slow}"
    );
    let _ = json!({});
}
