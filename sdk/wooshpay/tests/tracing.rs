//! The tracing span of a request. Alone in its test binary: `tracing` caches which callsites
//! are enabled process-wide, so tests without a subscriber running beside it would hide events.

mod support;

use std::sync::{Arc, Mutex};

use support::logs::Captured;
use support::{Reply, TEST_KEY, TestServer};

fn session(id: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({"id": id, "object": "checkout.session"})).unwrap()
}

#[tokio::test]
async fn tracing_names_operation_and_status_but_never_the_key() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let calls = Arc::new(Mutex::new(0));
    let counter = calls.clone();
    let server = TestServer::start(move |_| {
        let mut n = counter.lock().unwrap();
        *n += 1;
        let reply = if *n == 1 {
            Reply::json(503, "{}")
        } else {
            Reply::json(200, session("cs_9"))
        };
        reply.with_header("Request-Id", "req_trace_1")
    })
    .await;
    server
        .client()
        .retrieve_checkout_session()
        .id("cs_9")
        .send()
        .await
        .unwrap();

    let text = captured.text();
    assert!(text.contains("wooshpay.request"), "{text}");
    assert!(
        text.contains("operation=\"retrieve_checkout_session\""),
        "{text}"
    );
    assert!(text.contains("method=GET"), "{text}");
    assert!(
        text.contains("path=\"/v1/checkout/sessions/cs_9\""),
        "{text}"
    );
    assert!(text.contains("retrying"), "the retry is logged: {text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(text.contains("attempts=2"), "{text}");
    assert!(text.contains("request_id=\"req_trace_1\""), "{text}");
    assert!(text.contains("latency_ms="), "{text}");
    let credentials = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("{TEST_KEY}:"),
    );
    assert!(
        !text.contains(TEST_KEY) && !text.contains(&credentials),
        "{text}"
    );
    assert!(
        !text.to_ascii_lowercase().contains("authorization"),
        "{text}"
    );
}
