//! Values from the command line into a request: text parsed by the field's kind, and bracket
//! paths (`line_items[0][price_data][currency]`) set into a JSON body, checked against the
//! operation's fields so that a typo is an error naming it rather than a field the API ignores.

use serde_json::{Map, Value};

use wooshpay_testing::operations::{Field, ValueKind as Kind};

/// `text` as a value of `kind`; `what` names the flag or `-d` pair in the error.
pub(crate) fn parse(kind: Kind, text: &str, what: &str) -> Result<Value, String> {
    match kind {
        Kind::String => Ok(Value::String(text.to_string())),
        Kind::Integer => text
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("{what}: `{text}` is not an integer")),
        Kind::Number => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("{what}: `{text}` is not a number")),
        Kind::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("{what}: `{text}` is not `true` or `false`")),
        },
        Kind::Json => Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into()))),
    }
}

/// One step into a body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
    /// `[]`: a new item at the end.
    Push,
}

/// `a[0][b]` as its steps, each bracket read by what the field table says is there.
fn steps(key: &str, fields: &'static [Field]) -> Result<(Vec<Step>, &'static Field), String> {
    let (head, mut rest) = key.split_at(key.find('[').unwrap_or(key.len()));
    if head.is_empty() {
        return Err(format!("`{key}` does not start with a field name"));
    }
    let mut raw = vec![head.to_string()];
    while !rest.is_empty() {
        let inner = rest
            .strip_prefix('[')
            .and_then(|r| r.find(']').map(|end| (&r[..end], &r[end + 1..])));
        let Some((part, after)) = inner else {
            return Err(format!("`{key}` has an unclosed or stray bracket"));
        };
        raw.push(part.to_string());
        rest = after;
    }
    let field = fields
        .iter()
        .find(|f| matches(f.path, &raw))
        .ok_or_else(|| format!("there is no field `{key}`"))?;
    let table = table_parts(field.path);
    let steps = raw
        .into_iter()
        .zip(table)
        .map(|(part, slot)| match slot {
            "[]" if part.is_empty() => Step::Push,
            "[]" => part.parse().map_or(Step::Key(part), Step::Index),
            _ => Step::Key(part),
        })
        .collect();
    Ok((steps, field))
}

/// `line_items[][price_data]` → `["line_items", "[]", "price_data"]` (`[]` an item, `*` any key).
fn table_parts(path: &str) -> Vec<&str> {
    let (head, rest) = path.split_at(path.find('[').unwrap_or(path.len()));
    let mut parts = vec![head];
    for part in rest.split('[').skip(1) {
        let name = part.trim_end_matches(']');
        parts.push(if name.is_empty() { "[]" } else { name });
    }
    parts
}

fn matches(path: &str, raw: &[String]) -> bool {
    let table = table_parts(path);
    table.len() == raw.len()
        && table.iter().zip(raw).all(|(slot, part)| match *slot {
            "[]" => part.is_empty() || part.parse::<usize>().is_ok(),
            "*" => true,
            name => name == part,
        })
}

/// Sets `key=text` (a `-d` pair) into `body`, parsing `text` by the field's kind.
pub(crate) fn set_pair(
    body: &mut Value,
    key: &str,
    text: &str,
    fields: &'static [Field],
) -> Result<&'static Field, String> {
    let what = format!("-d {key}");
    let (steps, field) = steps(key, fields).map_err(|e| format!("{what}: {e}"))?;
    let value = parse(field.kind, text, &what)?;
    set(body, &steps, value).map_err(|e| format!("{what}: {e}"))?;
    Ok(field)
}

/// Sets top-level field `name` of `body` to `value`.
pub(crate) fn set_field(body: &mut Value, name: &str, value: Value) -> Result<(), String> {
    set(body, &[Step::Key(name.to_string())], value)
}

fn set(body: &mut Value, steps: &[Step], value: Value) -> Result<(), String> {
    let mut slot = body;
    for step in steps {
        slot = match step {
            Step::Key(key) => {
                if slot.is_null() {
                    *slot = Value::Object(Map::new());
                }
                let Value::Object(map) = slot else {
                    return Err(format!(
                        "`{key}` is set inside a value that is not an object"
                    ));
                };
                map.entry(key.clone()).or_insert(Value::Null)
            }
            Step::Index(_) | Step::Push => {
                if slot.is_null() {
                    *slot = Value::Array(Vec::new());
                }
                let Value::Array(items) = slot else {
                    return Err("an item is set inside a value that is not an array".into());
                };
                let index = match step {
                    Step::Index(i) => *i,
                    _ => items.len(),
                };
                if index > items.len() {
                    return Err(format!(
                        "index {index} skips over index {}: give the items in order",
                        items.len()
                    ));
                }
                if index == items.len() {
                    items.push(Value::Null);
                }
                &mut items[index]
            }
        };
    }
    *slot = value;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    static FIELDS: &[Field] = &[
        field("amount", Kind::Integer),
        field("line_items", Kind::Json),
        field("line_items[]", Kind::Json),
        field("line_items[][quantity]", Kind::Integer),
        field("line_items[][price_data][currency]", Kind::String),
        field("metadata", Kind::Json),
        field("metadata[*]", Kind::String),
        field("capture", Kind::Boolean),
    ];

    const fn field(path: &'static str, kind: Kind) -> Field {
        Field {
            path,
            flag: path,
            kind,
            required: false,
            file: false,
            help: "",
        }
    }

    #[test]
    fn pairs_build_nested_typed_bodies() {
        let mut body = Value::Null;
        for (key, text) in [
            ("amount", "2500"),
            ("line_items[0][price_data][currency]", "USD"),
            ("line_items[0][quantity]", "2"),
            ("line_items[][quantity]", "1"),
            ("metadata[order_id]", "42"),
            ("metadata[7]", "x"),
            ("capture", "false"),
        ] {
            set_pair(&mut body, key, text, FIELDS).unwrap();
        }
        assert_eq!(
            body,
            json!({
                "amount": 2500,
                "line_items": [{"price_data": {"currency": "USD"}, "quantity": 2}, {"quantity": 1}],
                "metadata": {"order_id": "42", "7": "x"},
                "capture": false,
            })
        );
    }

    #[test]
    fn errors_name_the_pair() {
        let mut body = Value::Null;
        let cases = [
            ("amount", "abc", "-d amount: `abc` is not an integer"),
            ("amont", "1", "-d amont: there is no field `amont`"),
            (
                "line_items[2][quantity]",
                "1",
                "-d line_items[2][quantity]: index 2 skips over index 0",
            ),
            (
                "capture",
                "yes",
                "-d capture: `yes` is not `true` or `false`",
            ),
            (
                "metadata[a",
                "1",
                "-d metadata[a: `metadata[a` has an unclosed or stray bracket",
            ),
        ];
        for (key, text, expected) in cases {
            let err = set_pair(&mut body, key, text, FIELDS).unwrap_err();
            assert!(err.starts_with(expected), "{err}");
        }
    }
}
