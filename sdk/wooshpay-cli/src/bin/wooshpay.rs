//! `wooshpay`: the WooshPay API from the command line — every operation of the spec as a
//! command, the offline sandbox, webhook triggers and signatures, shell completions.
//!
//! ```text
//! cargo install --path sdk/wooshpay-cli
//! wooshpay payment-intents create --amount 2500 --currency USD -d metadata[order_id]=42
//! ```
//!
//! Run `wooshpay --help` for the commands and exit codes.

fn main() -> std::process::ExitCode {
    wooshpay_cli::main()
}
