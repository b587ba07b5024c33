//! The `wooshpay` command-line tool: every operation of the spec as
//! `wooshpay <resource> <command>`, built from the test kit's operations table (`wooshpay_testing::operations`, generated from the spec)
//! and sent as raw JSON through the SDK's client ([`wooshpay::raw`]: auth, retries, errors);
//! the sandbox as a server (also the `wooshpay-sandbox` binary); webhook triggers, signatures
//! and checks; shell completions.
//!
//! ```text
//! cargo install wooshpay-cli      # or: cargo install --path sdk/wooshpay-cli
//! wooshpay payment-intents create --amount 2500 --currency USD -d metadata[order_id]=42
//! ```
//!
//! Exit codes: 0 success, 1 an API error (or an invalid signature, or a webhook endpoint that
//! did not answer 2xx), 2 a usage error, 3 no usable answer (network, timeout, a body that is
//! not JSON).

mod advance_time;
mod argv;
mod body;
mod call;
mod commands;
mod output;
pub mod serve;
mod webhooks;

use std::process::ExitCode;

use clap::ArgMatches;

use wooshpay::Client;
use wooshpay::{BASE_URL_ENV, SECRET_KEY_ENV};
use wooshpay_testing::operations::OPERATIONS;

/// Exit code of an API error.
const EXIT_API: u8 = 1;
/// Exit code of a usage error (clap's, too).
const EXIT_USAGE: u8 = 2;
/// Exit code when no usable answer came.
const EXIT_TRANSPORT: u8 = 3;

/// Why a command failed, which decides the exit code.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A bad flag, value or file: exit 2.
    Usage(String),
    /// An error from the SDK, already described: exit code by its kind.
    Sdk(wooshpay::Error),
    /// A check that came out negative (an invalid signature): exit 1.
    Negative(String),
    /// Nothing usable came back (or could be written): exit 3.
    Transport(String),
}

/// Runs the tool on the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    // The SDK's default reqwest has rustls without a provider; the tool's own webhook
    // forwarding client takes the process default. Another one already installed is kept.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args = argv::rewrite(std::env::args_os().collect());
    let secrets = argv::secrets(&args);
    let matches = match commands::root().try_get_matches_from(args) {
        Ok(matches) => matches,
        // A usage error quotes arguments: never the key.
        Err(e) if e.use_stderr() => {
            eprint!("{}", argv::redact(&e.render().to_string(), &secrets));
            return ExitCode::from(EXIT_USAGE);
        }
        Err(e) => e.exit(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::from(EXIT_TRANSPORT);
        }
    };
    match runtime.block_on(run(&matches)) {
        Ok(code) => code,
        Err(failure) => report(failure),
    }
}

async fn run(matches: &ArgMatches) -> Result<ExitCode, Failure> {
    let Some((group, sub)) = matches.subcommand() else {
        return Err(Failure::Usage(
            "no command given; see `wooshpay --help`".into(),
        ));
    };
    match group {
        "sandbox" => match sub.subcommand() {
            Some(("advance-time", advance)) => advance_time::run(matches, advance).await,
            _ => Ok(commands::sandbox(sub).await),
        },
        "webhooks" => webhooks::run(sub).await,
        "completions" => commands::completions(sub),
        resource => {
            let Some((name, op_matches)) = sub.subcommand() else {
                return Err(Failure::Usage(format!("`{resource}` needs a command")));
            };
            let command = OPERATIONS
                .iter()
                .find(|c| c.command.resource == resource && c.command.name == name)
                .ok_or_else(|| Failure::Usage(format!("unknown command `{resource} {name}`")))?;
            let client = client(matches)?;
            call::run(&client, command, op_matches).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The client: the key from `--api-key` or `WOOSHPAY_SECRET_KEY`, the base URL from
/// `--base-url` or `WOOSHPAY_BASE_URL`. The key is never printed, not even in errors.
fn client(matches: &ArgMatches) -> Result<Client, Failure> {
    let key = matches
        .get_one::<String>("api-key")
        .cloned()
        .or_else(|| std::env::var(SECRET_KEY_ENV).ok())
        .ok_or_else(|| {
            Failure::Usage(format!(
                "no secret key: pass --api-key or set {SECRET_KEY_ENV}"
            ))
        })?;
    let mut builder = Client::builder().secret_key(key);
    let base_url = matches
        .get_one::<String>("base-url")
        .cloned()
        .or_else(|| std::env::var(BASE_URL_ENV).ok());
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    builder.build().map_err(Failure::Sdk)
}

/// Prints the failure on stderr and returns its exit code.
fn report(failure: Failure) -> ExitCode {
    let code = match failure {
        Failure::Usage(message) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
        Failure::Negative(message) => {
            eprintln!("{message}");
            EXIT_API
        }
        Failure::Transport(message) => {
            eprintln!("error: {message}");
            EXIT_TRANSPORT
        }
        Failure::Sdk(error) => {
            eprint!("{}", output::describe_error(&error));
            match error {
                wooshpay::Error::Api(_) => EXIT_API,
                wooshpay::Error::Config(_) | wooshpay::Error::InvalidRequest(_) => EXIT_USAGE,
                _ => EXIT_TRANSPORT,
            }
        }
    };
    ExitCode::from(code)
}
