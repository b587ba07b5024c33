//! Nested body fields written as flags — `--line-items[0].price-data.currency USD` — rewritten
//! before clap sees them into the `-d line_items[0][price_data][currency]=USD` they stand for:
//! clap only knows flags declared in advance, and these paths are open-ended. Also what a usage
//! error must not repeat from the arguments: the secret key.

use std::collections::BTreeSet;
use std::ffi::OsString;

use wooshpay_testing::operations::OPERATIONS;

/// `args` with every undeclared `--a[0].b-c` flag (and its value) turned into `-d a[0][b_c]=…`.
/// A following token that starts with `-` is the next flag, never the value (a value that starts
/// with `-` is written `--a.b=-1`): taking it would leave the flag's own value, perhaps the key
/// after `--api-key`, as a stray argument that clap's error quotes.
pub(crate) fn rewrite(args: Vec<OsString>) -> Vec<OsString> {
    let declared: BTreeSet<&str> = OPERATIONS
        .iter()
        .flat_map(|c| {
            c.command
                .query()
                .map(|p| p.flag)
                .chain(c.command.flag_fields().map(|f| f.flag))
        })
        .collect();
    let mut out = Vec::with_capacity(args.len());
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str().and_then(|a| a.strip_prefix("--")) else {
            out.push(arg);
            continue;
        };
        let (name, inline) = match text.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (text, None),
        };
        let nested = name.contains('[') || name.contains('.');
        if !nested || declared.contains(name) {
            out.push(arg);
            continue;
        }
        let key = bracket_path(name);
        let value = match inline {
            Some(value) => Some(OsString::from(value)),
            None => args.next_if(|next| !next.to_string_lossy().starts_with('-')),
        };
        match value {
            Some(value) => {
                let mut pair = OsString::from(format!("{key}="));
                pair.push(value);
                out.push("-d".into());
                out.push(pair);
            }
            // No value: left as it was, for clap to report.
            None => out.push(arg),
        }
    }
    out
}

/// How secret and restricted keys start.
const KEY_PREFIXES: [&str; 4] = ["sk_test_", "sk_live_", "rk_test_", "rk_live_"];

/// What a usage error must not show: the value of `--api-key` (`--api-key K`, `--api-key=K`) and
/// any argument shaped like a secret key, wherever it was typed.
pub(crate) fn secrets(args: &[OsString]) -> Vec<String> {
    let mut found = Vec::new();
    let mut after_flag = false;
    for arg in args.iter().map(|a| a.to_string_lossy()) {
        if after_flag {
            found.push(arg.to_string());
        } else if let Some(key) = arg.strip_prefix("--api-key=") {
            found.push(key.to_string());
        } else if let Some(at) = KEY_PREFIXES.iter().filter_map(|p| arg.find(p)).min() {
            found.push(arg[at..].to_string());
        }
        after_flag = arg == "--api-key";
    }
    found.retain(|s| !s.is_empty());
    found
}

/// `text` with every one of `secrets` replaced by `***`.
pub(crate) fn redact(text: &str, secrets: &[String]) -> String {
    secrets.iter().fold(text.to_string(), |text, secret| {
        text.replace(secret.as_str(), "***")
    })
}

/// `line-items[0].price-data.currency` → `line_items[0][price_data][currency]`.
fn bracket_path(name: &str) -> String {
    let mut parts = name.split('.');
    let mut key = parts.next().unwrap_or_default().replace('-', "_");
    for part in parts {
        // `a.b[0]` → `a[b][0]`: the name goes in brackets, its own indexes follow.
        let (field, rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        key.push_str(&format!("[{}]{rest}", field.replace('-', "_")));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        rewrite(args.iter().map(OsString::from).collect())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn nested_flags_become_data_pairs_and_declared_ones_stay() {
        assert_eq!(
            strings(&[
                "wooshpay",
                "checkout-sessions",
                "create",
                "--line-items[0].price-data.currency",
                "USD",
                "--line-items[0].quantity=2",
                "--metadata.order-id",
                "42",
                "--mode",
                "payment",
            ]),
            [
                "wooshpay",
                "checkout-sessions",
                "create",
                "-d",
                "line_items[0][price_data][currency]=USD",
                "-d",
                "line_items[0][quantity]=2",
                "-d",
                "metadata[order_id]=42",
                "--mode",
                "payment",
            ]
        );
        assert_eq!(bracket_path("a.b[1].c"), "a[b][1][c]");
    }

    #[test]
    fn a_nested_flag_never_takes_the_next_flag_as_its_value() {
        let args = [
            "wooshpay",
            "customers",
            "create",
            "--metadata.note",
            "--api-key",
            "sk_test_secret",
        ];
        assert_eq!(strings(&args), args, "left as typed, for clap to report");
        assert_eq!(
            strings(&["wooshpay", "--metadata.delta=-1", "--metadata.note", "-d"]),
            [
                "wooshpay",
                "-d",
                "metadata[delta]=-1",
                "--metadata.note",
                "-d"
            ]
        );
    }

    #[test]
    fn keys_are_found_and_redacted_wherever_they_were_typed() {
        let args: Vec<OsString> = [
            "wooshpay",
            "--api-key",
            "sk_test_one",
            "--api-key=mystery",
            "balance",
            "--metadata.task_id",
            "sk_live_two",
            "-d",
            "note=sk_test_three",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        let secrets = secrets(&args);
        assert_eq!(
            secrets,
            ["sk_test_one", "mystery", "sk_live_two", "sk_test_three"]
        );
        let text = redact(
            "unexpected argument 'sk_live_two'; also sk_test_one and mystery",
            &secrets,
        );
        assert!(!text.contains("sk_") && !text.contains("mystery"), "{text}");
    }
}
