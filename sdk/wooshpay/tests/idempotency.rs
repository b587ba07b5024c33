//! Every POST carries an `Idempotency-Key`, the same one on each of its retries.

mod support;

use std::sync::{Arc, Mutex};

use support::{Recorded, Reply, TestServer};

fn intent() -> Vec<u8> {
    serde_json::to_vec(&support::spec_example("PaymentIntent")).unwrap()
}

/// Fails the first two attempts of every call (503, then a dropped connection).
fn flaky() -> impl Fn(&Recorded) -> Reply + Send + Sync + 'static {
    let attempts: Arc<Mutex<std::collections::HashMap<String, usize>>> = Arc::default();
    move |request| {
        let key = request
            .header("idempotency-key")
            .unwrap_or("none")
            .to_string();
        let mut attempts = attempts.lock().unwrap();
        let n = attempts.entry(key).or_insert(0);
        *n += 1;
        match n {
            1 => Reply::json(503, "{}"),
            2 => Reply::drop_connection(),
            _ => Reply::json(200, intent()),
        }
    }
}

fn is_uuid_v4(key: &str) -> bool {
    let hex: String = key.chars().filter(|c| *c != '-').collect();
    key.len() == 36
        && hex.len() == 32
        && hex.chars().all(|c| c.is_ascii_hexdigit())
        && &key[14..15] == "4"
}

async fn create(
    client: &wooshpay::Client,
    key: Option<&str>,
) -> Result<wooshpay::types::PaymentIntent, wooshpay::Error> {
    let call = client
        .create_payment_intent()
        .body_map(|body| body.amount(1000).currency("USD"));
    match key {
        Some(key) => call.idempotency_key(key).send().await,
        None => call.send().await,
    }
}

#[tokio::test]
async fn every_retry_of_a_post_carries_the_same_key() {
    let server = TestServer::start(flaky()).await;
    create(&server.client(), None)
        .await
        .expect("third attempt succeeds");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let key = requests[0]
        .header("idempotency-key")
        .expect("a key is sent")
        .to_string();
    assert!(is_uuid_v4(&key), "{key}");
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.header("idempotency-key"), Some(key.as_str()));
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
            serde_json::json!({"amount": 1000, "currency": "USD"})
        );
    }
}

#[tokio::test]
async fn different_calls_carry_different_keys() {
    let server = TestServer::always(Reply::json(200, intent())).await;
    let client = server.client();
    create(&client, None).await.unwrap();
    create(&client, None).await.unwrap();
    let keys: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("idempotency-key").unwrap().to_string())
        .collect();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1]);
}

#[tokio::test]
async fn a_caller_supplied_key_is_used_verbatim_on_every_attempt() {
    let server = TestServer::start(flaky()).await;
    create(&server.client(), Some("order-1234:attempt"))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(
        requests
            .iter()
            .all(|r| r.header("idempotency-key") == Some("order-1234:attempt"))
    );
}

#[tokio::test]
async fn a_key_that_is_not_a_header_value_is_refused_before_sending() {
    let server = TestServer::always(Reply::json(200, intent())).await;
    let err = create(&server.client(), Some("line\nbreak"))
        .await
        .unwrap_err();
    assert!(matches!(err, wooshpay::Error::InvalidRequest(_)), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn gets_carry_no_key() {
    let server = TestServer::always(Reply::json(200, intent())).await;
    server
        .client()
        .retrieve_payment_intent()
        .id("pi_1")
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests()[0].header("idempotency-key"), None);
}

/// A key first used with other parameters: WooshPay's answer cannot change, so it is not asked
/// again.
#[tokio::test]
async fn an_idempotency_error_is_not_retried() {
    let mismatch = r#"{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters they were first used with."}}"#;
    let server = TestServer::always(Reply::json(409, mismatch)).await;
    let err = create(&server.client(), Some("order-42"))
        .await
        .expect_err("a conflict");
    assert_eq!(err.status(), Some(409));
    assert_eq!(
        err.error_type(),
        Some(&wooshpay::types::ApiErrorType::IdempotencyError)
    );
    assert_eq!(err.api_error().map(|e| e.attempts), Some(1));
    assert_eq!(server.requests().len(), 1, "one attempt, no retry");
}

/// A key held by a request still running: the retry (same key) gets that request's answer.
#[tokio::test]
async fn a_key_still_in_use_is_retried_with_the_same_key() {
    let in_use = r#"{"error":{"type":"invalid_request_error","code":"idempotency_key_in_use"}}"#;
    let attempts = Arc::new(Mutex::new(0));
    let seen = attempts.clone();
    let server = TestServer::start(move |_| {
        let mut n = seen.lock().unwrap();
        *n += 1;
        if *n < 3 {
            Reply::json(409, in_use)
        } else {
            Reply::json(200, intent())
        }
    })
    .await;
    create(&server.client(), Some("order-43"))
        .await
        .expect("the third attempt gets the answer");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(
        requests
            .iter()
            .all(|r| r.header("idempotency-key") == Some("order-43"))
    );
}
