//! What the tool prints: JSON pretty and coloured on a terminal, compact (one value per line)
//! when piped; errors with every field the server sent.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};

use serde_json::Value;

const KEY: &str = "\x1b[34m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[33m";
const LITERAL: &str = "\x1b[35m";
const RESET: &str = "\x1b[0m";

/// How values are written to stdout.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Printer {
    pretty: bool,
    color: bool,
}

impl Printer {
    /// Pretty on a terminal (coloured unless `NO_COLOR` is set), compact otherwise.
    pub(crate) fn for_stdout() -> Printer {
        let terminal = io::stdout().is_terminal();
        Printer {
            pretty: terminal,
            color: terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// Writes `value` and a newline.
    pub(crate) fn print(&self, value: &Value) -> io::Result<()> {
        let mut text = String::new();
        if self.pretty {
            write_pretty(&mut text, value, 0, self.color);
        } else {
            text = value.to_string();
        }
        text.push('\n');
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()
    }
}

fn paint(out: &mut String, color: bool, code: &str, text: &str) {
    if color {
        let _ = write!(out, "{code}{text}{RESET}");
    } else {
        out.push_str(text);
    }
}

fn write_pretty(out: &mut String, value: &Value, depth: usize, color: bool) {
    let indent = |out: &mut String, depth: usize| out.push_str(&"  ".repeat(depth));
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                indent(out, depth + 1);
                paint(out, color, KEY, &Value::String(key.clone()).to_string());
                out.push_str(": ");
                write_pretty(out, item, depth + 1, color);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, depth + 1);
                write_pretty(out, item, depth + 1, color);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push(']');
        }
        Value::String(_) => paint(out, color, STRING, &value.to_string()),
        Value::Number(_) => paint(out, color, NUMBER, &value.to_string()),
        Value::Bool(_) | Value::Null => paint(out, color, LITERAL, &value.to_string()),
        // `{}` and `[]`.
        _ => out.push_str(&value.to_string()),
    }
}

/// An SDK error as lines for stderr: for an API error, its status, type, code, message,
/// param, decline code and request id, each on its own line.
pub(crate) fn describe_error(error: &wooshpay::Error) -> String {
    let mut text = String::new();
    let Some(api) = error.api_error() else {
        let _ = writeln!(text, "error: {error}");
        return text;
    };
    let _ = writeln!(text, "error: {} answered {}", api.operation, api.status);
    let fields = [
        (
            "type",
            api.error_type.as_ref().map(|t| t.as_str().to_string()),
        ),
        ("code", api.code.clone()),
        ("message", api.message.clone()),
        ("param", api.param.clone()),
        ("decline code", api.decline_code.clone()),
        ("request id", api.request_id.clone()),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            let _ = writeln!(text, "  {label}: {value}");
        }
    }
    if api.message.is_none() && api.code.is_none() {
        let _ = writeln!(text, "  body: {}", api.body_text());
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn pretty_output_is_json_and_colours_only_tokens() {
        let value =
            json!({"id": "pi_1", "amount": 5, "ok": true, "n": null, "list": [1, {}], "e": []});
        let mut plain = String::new();
        write_pretty(&mut plain, &value, 0, false);
        assert_eq!(serde_json::from_str::<Value>(&plain).unwrap(), value);
        let mut coloured = String::new();
        write_pretty(&mut coloured, &value, 0, true);
        assert!(
            coloured.contains("\x1b[34m\"id\"\x1b[0m: \x1b[32m\"pi_1\"\x1b[0m"),
            "{coloured}"
        );
        let stripped = coloured
            .replace(KEY, "")
            .replace(STRING, "")
            .replace(NUMBER, "")
            .replace(LITERAL, "")
            .replace(RESET, "");
        assert_eq!(stripped, plain);
    }
}
