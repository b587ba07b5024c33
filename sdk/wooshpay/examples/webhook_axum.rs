//! A webhook endpoint in axum: verify the delivery, match the event by type, answer quickly.
//!
//! Run offline, it starts the endpoint on a loopback port, delivers it one signed
//! `payment_intent.succeeded` event as WooshPay would, and prints what the handler did.
//! In an application, mount `webhook` at the URL you register with WooshPay and take the
//! secret (`whsec_…`) from its configuration.
//!
//! ```text
//! cargo run -p wooshpay --example webhook_axum
//! ```

use std::sync::Arc;
use std::time::SystemTime;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Router, body::Bytes};
use wooshpay::webhook::{self, TypedEvent};

/// The endpoint's signing secret.
struct Secret(String);

/// Verifies the delivery and hands its event to the application; 400 for a delivery that is
/// not from WooshPay (WooshPay does not retry those), 200 once the event is recorded.
async fn webhook(
    State(secret): State<Arc<Secret>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let Some(header) = webhook::signature_header(&headers) else {
        return (StatusCode::BAD_REQUEST, "no signature header".into());
    };
    let event = match webhook::construct_event(&body, header, &secret.0) {
        Ok(event) => event,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()),
    };
    match event.typed() {
        Ok(TypedEvent::PaymentIntentSucceeded(intent)) => (
            StatusCode::OK,
            format!("fulfilling order for {}", intent.id),
        ),
        Ok(TypedEvent::CheckoutSessionCompleted(session)) => {
            (StatusCode::OK, format!("marking {} paid", session.id))
        }
        // Every other known type, and types this SDK does not know yet: acknowledge them.
        Ok(_) => (StatusCode::OK, "ignored".into()),
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("WOOSHPAY_WEBHOOK_SECRET").unwrap_or_else(|_| "whsec_demo".into());
    let app = Router::new()
        .route("/webhooks/wooshpay", post(webhook))
        .with_state(Arc::new(Secret(secret.clone())));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/wooshpay", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });

    // What WooshPay would send, from a plain reqwest client. The SDK leaves reqwest without a
    // TLS provider of its own, so a process that builds other reqwest clients installs one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let payload = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded","created":1700000000000,"data":{"object":{"id":"pi_1796211850394226688","object":"payment_intent","amount":2500,"currency":"USD","status":"succeeded"}}}"#;
    let signature = webhook::sign_payload(payload, &secret, SystemTime::now());
    for (label, signature) in [("signed", signature.as_str()), ("forged", "t=1,v1=00")] {
        let response = reqwest::Client::new()
            .post(&url)
            .header("Wooshpay-Signature", signature)
            .body(payload.to_vec())
            .send()
            .await?;
        println!("{label}: {} {}", response.status(), response.text().await?);
    }
    Ok(())
}
