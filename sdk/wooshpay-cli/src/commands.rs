//! The clap command tree: one subcommand per resource and operation from the generated
//! tables, and the built-in `sandbox`, `webhooks` and `completions`.

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use clap_complete::Shell;

use super::Failure;
use wooshpay_testing::operations::{Body, Operation, ValueKind as Kind};
use wooshpay_testing::operations::{EVENTS, OPERATIONS};

const EXIT_CODES: &str = "Exit codes: 0 success; 1 API error (also an invalid signature, or a \
webhook endpoint answering other than 2xx); 2 usage error; 3 no usable answer (network, \
timeout, a body that is not JSON).";

/// The whole tool.
pub(crate) fn root() -> Command {
    let mut root = Command::new("wooshpay")
        .version(env!("CARGO_PKG_VERSION"))
        .about("The WooshPay API from the command line")
        .after_help(EXIT_CODES)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new("api-key")
                .long("api-key")
                .global(true)
                .value_name("KEY")
                .help("The secret key (default: $WOOSHPAY_SECRET_KEY); never printed"),
        )
        .arg(
            Arg::new("base-url")
                .long("base-url")
                .global(true)
                .value_name("URL")
                .help("The API's base URL, e.g. a sandbox's (default: $WOOSHPAY_BASE_URL, else by the key)"),
        );
    let mut resources: Vec<&str> = Vec::new();
    for op in OPERATIONS {
        if !resources.contains(&op.command.resource) {
            resources.push(op.command.resource);
        }
    }
    for resource in resources {
        let operations = OPERATIONS.iter().filter(|c| c.command.resource == resource);
        root = root.subcommand(
            Command::new(resource)
                .about(format!("{resource}: {}", names(resource).join(", ")))
                .subcommand_required(true)
                .subcommands(operations.map(operation)),
        );
    }
    root.subcommand(sandbox_command())
        .subcommand(webhooks_command())
        .subcommand(
            Command::new("completions")
                .about("Prints a shell completion script")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(value_parser!(Shell)),
                ),
        )
}

fn names(resource: &str) -> Vec<&'static str> {
    OPERATIONS
        .iter()
        .filter(|c| c.command.resource == resource)
        .map(|c| c.command.name)
        .collect()
}

fn with_kind(arg: Arg, kind: Kind) -> Arg {
    match kind {
        Kind::Integer => arg.value_parser(value_parser!(i64)).value_name("INTEGER"),
        Kind::Number => arg.value_parser(value_parser!(f64)).value_name("NUMBER"),
        Kind::Boolean => arg.value_parser(value_parser!(bool)).value_name("BOOL"),
        Kind::String => arg.value_name("TEXT"),
        Kind::Json => arg.value_name("JSON"),
    }
}

fn help(text: &'static str, required: bool) -> String {
    if required {
        format!("{text} (required)").trim_start().to_string()
    } else {
        text.to_string()
    }
}

/// One operation: path parameters positional, query parameters and top-level body fields as
/// flags typed by their schema, `-d` for anything (nested fields, a whole body).
fn operation(op: &'static Operation) -> Command {
    let mut cmd = Command::new(op.command.name)
        .about(op.command.about)
        .long_about(format!(
            "{}\n\n{}\n\n{} {}",
            op.command.about, op.command.long_about, op.method, op.path
        ))
        .after_help(EXIT_CODES);
    for param in op.command.path_params() {
        cmd = cmd.arg(Arg::new(param.flag).required(true).help(param.help));
    }
    for param in op.command.query() {
        let arg = Arg::new(param.flag)
            .long(param.flag)
            .help(help(param.help, param.required));
        cmd = cmd.arg(with_kind(arg, param.kind));
    }
    for field in op.command.flag_fields() {
        let arg = Arg::new(field.flag)
            .long(field.flag)
            .help(help(field.help, field.required));
        cmd = cmd.arg(if field.file {
            arg.value_name("FILE")
        } else {
            with_kind(arg, field.kind)
        });
    }
    let data_help = match op.command.body {
        Body::None => "A query parameter as KEY=VALUE (repeatable)",
        Body::Json => {
            "A body field as KEY=VALUE with nested keys in brackets (metadata[order_id]=42, \
             line_items[0][quantity]=2), or the whole body as JSON, @FILE or @- (stdin); \
             repeatable. Nested fields can also be flags: --line-items[0].price-data.currency USD"
        }
        Body::Multipart => "A form field as KEY=VALUE (repeatable)",
    };
    cmd = cmd.arg(
        Arg::new("data")
            .short('d')
            .long("data")
            .action(ArgAction::Append)
            .value_name("KEY=VALUE|JSON|@FILE")
            .help(data_help),
    );
    if op.method == "POST" {
        cmd = cmd.arg(
            Arg::new("idempotency-key")
                .long("idempotency-key")
                .value_name("KEY")
                .help("The request's Idempotency-Key (default: a fresh UUID, reused by retries)"),
        );
    }
    if op.command.paginated {
        cmd = cmd.arg(
            Arg::new("all")
                .long("all")
                .action(ArgAction::SetTrue)
                .help("Follow every page, printing each object as it arrives (one JSON object per line when piped) and the count on stderr"),
        );
    }
    cmd
}

fn sandbox_command() -> Command {
    Command::new("sandbox")
        .about("Serves the offline, stateful WooshPay sandbox until Ctrl-C")
        .args_conflicts_with_subcommands(true)
        .subcommand(
            Command::new("advance-time")
                .about("Moves a running sandbox's clock forward: sessions past expires_at expire, subscriptions past their period's end are billed")
                .arg(
                    Arg::new("duration")
                        .required(true)
                        .value_name("DURATION")
                        .help("How far, e.g. 25h, 1h30m, 2d, 90s (a bare number: seconds)"),
                ),
        )
        .arg(
            Arg::new("port")
                .long("port")
                .value_parser(value_parser!(u16))
                .default_value("12111")
                .help("The loopback port to listen on (0: any free port)"),
        )
        .arg(
            Arg::new("empty")
                .long("empty")
                .action(ArgAction::SetTrue)
                .help("Start without the documented example objects"),
        )
        .arg(
            Arg::new("any-key")
                .long("any-key")
                .action(ArgAction::SetTrue)
                .help("Accept any API key, not only the printed one (for clients with a fixed key)"),
        )
        .arg(
            Arg::new("webhook-endpoint")
                .long("webhook-endpoint")
                .value_name("URL")
                .action(ArgAction::Append)
                .help("Deliver every event to this URL, signed with the printed webhook secret (repeatable)"),
        )
}

fn webhooks_command() -> Command {
    let secret = || {
        Arg::new("secret")
            .long("secret")
            .value_name("WHSEC")
            .help("The endpoint's signing secret (default: $WOOSHPAY_WEBHOOK_SECRET)")
    };
    let types: Vec<&'static str> = EVENTS.iter().map(|(kind, _)| *kind).collect();
    Command::new("webhooks")
        .about("Sends signed test events; signs and verifies payloads")
        .subcommand_required(true)
        .subcommand(
            Command::new("trigger")
                .about("Sends a realistic, signed event of a type (its object from the spec's examples) and prints the answer's status")
                .arg(
                    Arg::new("event-type")
                        .required(true)
                        .value_parser(clap::builder::PossibleValuesParser::new(types)),
                )
                .arg(
                    Arg::new("forward-to")
                        .long("forward-to")
                        .required(true)
                        .value_name("URL")
                        .help("The webhook endpoint to POST the event to"),
                )
                .arg(secret().help(
                    "The signing secret (default: $WOOSHPAY_WEBHOOK_SECRET, else a fresh one, printed on stderr)",
                )),
        )
        .subcommand(
            Command::new("sign")
                .about("Prints the signature header of the payload on stdin")
                .arg(secret())
                .arg(
                    Arg::new("timestamp")
                        .long("timestamp")
                        .value_parser(value_parser!(u64))
                        .value_name("MILLISECONDS")
                        .help("The signing time, in ms since the epoch (default: now)"),
                ),
        )
        .subcommand(
            Command::new("verify")
                .about("Checks the signature header of the payload on stdin: prints `valid` (exit 0) or why not (exit 1)")
                .arg(secret())
                .arg(
                    Arg::new("header")
                        .long("header")
                        .required(true)
                        .value_name("SIGNATURE")
                        .help("The Wooshpay-Signature header's value (t=…,v1=…)"),
                )
                .arg(
                    Arg::new("tolerance")
                        .long("tolerance")
                        .value_parser(value_parser!(u64))
                        .default_value("300")
                        .value_name("SECONDS")
                        .help("The greatest accepted age of the signature (0: any)"),
                ),
        )
}

/// `wooshpay sandbox`.
pub(crate) async fn sandbox(matches: &ArgMatches) -> ExitCode {
    let port = matches.get_one::<u16>("port").copied().unwrap_or(12111);
    let mut builder = wooshpay_testing::Sandbox::builder().port(port);
    if matches.get_flag("empty") {
        builder = builder.empty();
    }
    if matches.get_flag("any-key") {
        builder = builder.any_key();
    }
    for url in matches
        .get_many::<String>("webhook-endpoint")
        .into_iter()
        .flatten()
    {
        builder = builder.webhook_endpoint(url.clone());
    }
    crate::serve::serve(builder).await
}

/// `wooshpay completions <shell>`.
pub(crate) fn completions(matches: &ArgMatches) -> Result<ExitCode, Failure> {
    let shell = *matches
        .get_one::<Shell>("shell")
        .ok_or_else(|| Failure::Usage("no shell given".into()))?;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut root(), "wooshpay", &mut out);
    std::io::Write::write_all(&mut std::io::stdout().lock(), &out)
        .map_err(|e| Failure::Transport(format!("could not write the script: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
