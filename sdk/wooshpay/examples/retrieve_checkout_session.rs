//! Retrieves a Checkout Session.
//!
//! With `WOOSHPAY_SECRET_KEY` set, it calls WooshPay (the test API for an `sk_test_` key) and
//! retrieves the session named by the first argument. Without it, it starts the SDK's offline
//! sandbox (`wooshpay_testing`), which holds the documented objects, and retrieves
//! `cs_1795782989284638720` from it.
//!
//! ```text
//! cargo run -p wooshpay --example retrieve_checkout_session [cs_…]
//! ```

use wooshpay::Client;
use wooshpay_testing::Sandbox;

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
    let sandbox;
    let client = if std::env::var_os("WOOSHPAY_SECRET_KEY").is_some() {
        Client::from_env()?
    } else {
        sandbox = Sandbox::start().await?;
        println!(
            "No WOOSHPAY_SECRET_KEY set: using the offline sandbox at {}",
            sandbox.base_url()
        );
        sandbox.client()
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
    let items = session.line_items.map(|list| list.data).unwrap_or_default();
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
