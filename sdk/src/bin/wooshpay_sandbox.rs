//! `wooshpay-sandbox`: the SDK's offline WooshPay as a server on a loopback port, for trying
//! the API by hand and for tests written in any language.
//!
//! ```text
//! cargo run -p wooshpay --features sandbox-server --bin wooshpay-sandbox -- --port 12111
//! ```
//!
//! It prints the base URL, the secret key to use and the webhook secret its deliveries are
//! signed with, then serves until Ctrl-C (or SIGTERM).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use wooshpay::testing::{DUMMY_SECRET_KEY, Sandbox};

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
    for url in args.webhook_endpoints {
        builder = builder.webhook_endpoint(url);
    }
    let sandbox = match builder.start().await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let printed = writeln!(out, "base url: {}", sandbox.base_url())
        .and_then(|()| writeln!(out, "secret key: {DUMMY_SECRET_KEY}"))
        .and_then(|()| writeln!(out, "webhook secret: {}", sandbox.webhook_secret()))
        .and_then(|()| out.flush());
    drop(out);
    if let Err(e) = printed {
        eprintln!("error: could not print the sandbox's address: {e}");
        return ExitCode::FAILURE;
    }
    match shutdown_signal().await {
        Ok(()) => {
            eprintln!("shutting down");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: could not wait for a shutdown signal: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C, or SIGTERM where there is one (how process managers stop a server).
async fn shutdown_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
