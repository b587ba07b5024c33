//! `wooshpay-sandbox`: the SDK's offline WooshPay as a server on a loopback port, for trying
//! the API by hand and for tests written in any language (also `wooshpay sandbox`).
//!
//! ```text
//! cargo run -p wooshpay-cli --bin wooshpay-sandbox -- --port 12111
//! ```
//!
//! It prints the base URL, the secret key it accepts (`--any-key`: any) and the webhook secret its deliveries are
//! signed with, then serves until Ctrl-C (or SIGTERM).

use std::process::ExitCode;

use clap::Parser;
use wooshpay_testing::Sandbox;

/// An offline WooshPay: stateful objects, payment flows by test card, a hosted checkout page
/// and signed webhook deliveries.
#[derive(Debug, Parser)]
#[command(name = "wooshpay-sandbox", version)]
struct Args {
    /// The loopback port to listen on (0: any free port).
    #[arg(long, default_value_t = 12111)]
    port: u16,
    /// Start without the documented example objects.
    #[arg(long)]
    empty: bool,
    /// Accept any API key, not only the printed one (for clients with a fixed key).
    #[arg(long)]
    any_key: bool,
    /// Deliver every event to this URL, signed with the printed webhook secret (repeatable).
    #[arg(long = "webhook-endpoint", value_name = "URL")]
    webhook_endpoints: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let mut builder = Sandbox::builder().port(args.port);
    if args.empty {
        builder = builder.empty();
    }
    if args.any_key {
        builder = builder.any_key();
    }
    for url in args.webhook_endpoints {
        builder = builder.webhook_endpoint(url);
    }
    wooshpay_cli::serve::serve(builder).await
}
