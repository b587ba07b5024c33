//! Nested body fields written as flags — `--line-items[0].price-data.currency USD` — rewritten
//! before clap sees them into the `-d line_items[0][price_data][currency]=USD` they stand for:
//! clap only knows flags declared in advance, and these paths are open-ended.

use std::collections::BTreeSet;
use std::ffi::OsString;

use crate::generated::commands::COMMANDS;

/// `args` with every undeclared `--a[0].b-c` flag (and its value) turned into `-d a[0][b_c]=…`.
pub(crate) fn rewrite(args: Vec<OsString>) -> Vec<OsString> {
    let declared: BTreeSet<&str> = COMMANDS
        .iter()
        .flat_map(|c| {
            c.query()
                .map(|p| p.flag)
                .chain(c.flag_fields().map(|f| f.flag))
        })
        .collect();
    let mut out = Vec::with_capacity(args.len());
    let mut args = args.into_iter();
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
            None => args.next(),
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
}
