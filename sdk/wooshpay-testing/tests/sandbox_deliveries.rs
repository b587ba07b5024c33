//! Webhook deliveries against endpoints that misbehave: one that never answers delays neither
//! the API nor the other endpoints, and a redirect is a failed attempt, never followed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use wooshpay_testing::Sandbox;

/// An endpoint answering every POST with `status` (and `location`, if any); counts what it got.
async fn endpoint(status: StatusCode, location: Option<String>) -> (String, Arc<AtomicUsize>) {
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let handler = move || {
        let (counter, location) = (counter.clone(), location.clone());
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut response = axum::response::Response::new(axum::body::Body::empty());
            *response.status_mut() = status;
            if let Some(location) = location {
                response
                    .headers_mut()
                    .insert(header::LOCATION, location.parse().unwrap());
            }
            response
        }
    };
    let router = axum::Router::new().route("/hooks", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.ok() });
    (url, received)
}

/// An endpoint that accepts connections and never answers.
async fn hanging() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    url
}

#[tokio::test]
async fn a_hanging_endpoint_delays_neither_the_api_nor_the_others() {
    let (healthy, received) = endpoint(StatusCode::OK, None).await;
    // Hanging endpoints on both sides of the healthy one, whatever order deliveries take.
    let sandbox = Sandbox::builder()
        .empty()
        .webhook_endpoint(hanging().await)
        .webhook_endpoint(&healthy)
        .webhook_endpoint(hanging().await)
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    let start = Instant::now();
    // Each creation records a `payment_intent.created` event (the spec lists no product
    // events).
    for amount in [1000, 2000, 3000] {
        client
            .create_payment_intent()
            .amount(amount)
            .currency("USD")
            .send()
            .await
            .unwrap();
    }
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the API calls waited for deliveries: {:?}",
        start.elapsed()
    );
    let delivered = || {
        sandbox
            .deliveries()
            .into_iter()
            .filter(|d| d.url == healthy && d.delivered)
            .count()
    };
    while delivered() < 3 && start.elapsed() < Duration::from_secs(4) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        delivered(),
        3,
        "the healthy endpoint got every event within {:?}",
        start.elapsed()
    );
    assert_eq!(received.load(Ordering::SeqCst), 3, "once each");
}

#[tokio::test]
async fn a_redirect_is_a_failed_attempt_and_is_not_followed() {
    let (elsewhere, reached) = endpoint(StatusCode::OK, None).await;
    let (redirecting, asked) =
        endpoint(StatusCode::TEMPORARY_REDIRECT, Some(elsewhere.clone())).await;
    let sandbox = Sandbox::builder()
        .empty()
        .webhook_endpoint(&redirecting)
        .start()
        .await
        .unwrap();
    sandbox
        .client()
        .create_payment_intent()
        .amount(1000)
        .currency("USD")
        .send()
        .await
        .unwrap();
    let deliveries = sandbox.settled_deliveries(Duration::from_secs(5)).await;
    assert_eq!(deliveries.len(), 1);
    let delivery = &deliveries[0];
    assert!(delivery.finished && !delivery.delivered, "{delivery:?}");
    assert_eq!(delivery.status, Some(307));
    assert_eq!(delivery.attempts, 3, "retried as any failure is");
    assert_eq!(asked.load(Ordering::SeqCst), 3);
    assert_eq!(
        reached.load(Ordering::SeqCst),
        0,
        "the signed event never went where the redirect pointed"
    );
}
