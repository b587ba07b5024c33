//! Retrieves a Checkout Session.
//!
//! With `WOOSHPAY_SECRET_KEY` set, it calls WooshPay (the test API for an `sk_test_` key) and
//! retrieves the session named by the first argument. Without it, it starts a local mock server
//! that serves the documented example and retrieves `cs_1795782989284638720` from it.
//!
//! ```text
//! cargo run -p wooshpay --example retrieve_checkout_session [cs_…]
//! ```

use httpmock::{Method::GET, MockServer};
use wooshpay::Client;

const DOCUMENTED_ID: &str = "cs_1795782989284638720";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DOCUMENTED_ID.to_string());
    let mock;
    let client = if std::env::var_os("WOOSHPAY_SECRET_KEY").is_some() {
        Client::from_env()?
    } else {
        mock = documented_mock().await?;
        println!(
            "No WOOSHPAY_SECRET_KEY set: using a local mock server at {}",
            mock.base_url()
        );
        Client::builder()
            .secret_key("sk_test_local_mock")
            .base_url(mock.base_url())
            .build()?
    };

    let session = client.retrieve_checkout_session().id(&id).send().await?;
    println!("Checkout Session {}", session.id);
    println!("  status:         {}", display(&session.status));
    println!("  payment status: {}", display(&session.payment_status));
    println!(
        "  amount total:   {} {}",
        display(&session.amount_total),
        display(&session.currency)
    );
    if let Some(created) = session.created {
        println!(
            "  created:        {} s since the epoch (raw {})",
            created.unix_seconds(),
            created.raw()
        );
    }
    let items = session
        .line_items
        .and_then(|list| list.data)
        .unwrap_or_default();
    println!("  line items:     {}", items.len());
    for item in items {
        let quantity = item
            .quantity
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        println!("    {} × {}", quantity, display(&item.description));
    }
    Ok(())
}

fn display<T: std::fmt::Display>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| "-".to_string(), ToString::to_string)
}

/// A mock of WooshPay serving the example of the "Retrieve a Session" doc page (taken from the
/// spec) for the documented id, and WooshPay's error shape for any other id.
async fn documented_mock() -> Result<MockServer, Box<dyn std::error::Error>> {
    let spec: serde_json::Value = serde_yaml::from_str(include_str!("../../spec/wooshpay.yaml"))?;
    let mut session = spec["components"]["examples"]["CheckoutSession"]["value"].clone();
    session["id"] = DOCUMENTED_ID.into();
    session["object"] = "checkout.session".into();
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/checkout/sessions/{DOCUMENTED_ID}"));
            then.status(200)
                .header("Content-Type", "application/json")
                .json_body(session);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path_prefix("/v1/checkout/sessions/");
            then.status(404)
                .header("Content-Type", "application/json")
                .json_body(serde_json::json!({
                    "error": {"type": "invalid_request_error", "code": "resource_missing",
                              "message": "No such checkout session", "param": "id"}
                }));
        })
        .await;
    Ok(server)
}
