//! Lists as the API pages them: newest first, `limit` (1 to 100, default 10), `starting_after`
//! and `ending_before` cursors, `created[gt|gte|lt|lte]` (instants, in seconds or milliseconds:
//! see [`time`](crate::time)), and equality filters on the fields the
//! objects have (`customer`, `payment_intent`, `status`…).

use serde_json::{Value, json};

use crate::answer::{Outgoing, error};

/// The query string's pairs, percent-decoded (`created[gt]` stays one name).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// One page of `objects` (already newest first) as a list object at `url`.
pub(crate) fn page(
    objects: Vec<&Value>,
    query: &[(String, String)],
    url: &str,
    object: &str,
) -> Result<Value, Outgoing> {
    let param = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let limit = match param("limit") {
        None => 10,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(error(
                    400,
                    "invalid_request_error",
                    "parameter_invalid",
                    &format!("Invalid limit `{text}`: must be an integer from 1 to 100."),
                    Some("limit"),
                ));
            }
        },
    };
    let mut kept = Vec::new();
    for candidate in objects {
        if fits(candidate, query)? {
            kept.push(candidate);
        }
    }
    let position = |name: &str, id: &str| {
        kept.iter()
            .position(|v| v.get("id").and_then(Value::as_str) == Some(id))
            .ok_or_else(|| {
                error(
                    400,
                    "invalid_request_error",
                    "resource_missing",
                    &format!("No such object: '{id}' (given as `{name}`)."),
                    Some(name),
                )
            })
    };
    let (data, has_more): (Vec<&Value>, bool) = if let Some(id) = param("starting_after") {
        let from = position("starting_after", id)? + 1;
        let rest = &kept[from..];
        (
            rest.iter().take(limit).copied().collect(),
            rest.len() > limit,
        )
    } else if let Some(id) = param("ending_before") {
        let end = position("ending_before", id)?;
        let start = end.saturating_sub(limit);
        (kept[start..end].to_vec(), start > 0)
    } else {
        (
            kept.iter().take(limit).copied().collect(),
            kept.len() > limit,
        )
    };
    Ok(json!({"object": object, "url": url, "has_more": has_more, "data": data}))
}

/// Whether `object` passes the query's filters.
fn fits(object: &Value, query: &[(String, String)]) -> Result<bool, Outgoing> {
    for (name, value) in query {
        if let Some(op) = name
            .strip_prefix("created[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let bound: i64 = value.parse().map_err(|_| {
                error(
                    400,
                    "invalid_request_error",
                    "parameter_invalid",
                    &format!("Invalid integer `{value}` for `{name}`."),
                    Some(name),
                )
            })?;
            // Instants, whatever unit the object and the bound are in.
            let created =
                crate::time::to_ms(object.get("created").and_then(Value::as_i64).unwrap_or(0));
            let (first, last) = crate::time::span_ms(bound);
            let ok = match op {
                "gt" => created > last,
                "gte" => created >= first,
                "lt" => created < first,
                "lte" => created <= last,
                _ => true,
            };
            if !ok {
                return Ok(false);
            }
            continue;
        }
        if matches!(
            name.as_str(),
            "limit" | "starting_after" | "ending_before" | "query"
        ) {
            continue;
        }
        // A filter on a field the object lacks (or holds null) keeps nothing.
        let pointer = super::params::filter_pointer(name);
        if !matches_value(object.pointer(&pointer), value) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether a field holds `value` (its text form, as a query string gives it).
fn matches_value(field: Option<&Value>, value: &str) -> bool {
    match field {
        Some(Value::String(s)) => s == value,
        Some(Value::Number(n)) => n.to_string() == value,
        Some(Value::Bool(b)) => b.to_string() == value,
        _ => false,
    }
}

/// A search `query` as (field pointer, value) clauses: `field:'value'` (or `"value"`),
/// `metadata['key']:'value'`, joined by ` AND `. Anything else is refused: the docs show no
/// grammar beyond `merchant_order_id:'order1234'`.
pub(crate) fn search_clauses(
    query: &[(String, String)],
) -> Result<Vec<(String, String)>, Outgoing> {
    let text = query
        .iter()
        .find(|(n, _)| n == "query")
        .map(|(_, v)| v.trim())
        .unwrap_or_default();
    let refuse = || {
        error(
            400,
            "invalid_request_error",
            "parameter_unsupported",
            "The sandbox's search takes clauses `field:'value'` or `metadata['key']:'value'` \
             joined by ` AND `; it does not model other query syntax.",
            Some("query"),
        )
    };
    if text.is_empty() {
        return Err(error(
            400,
            "invalid_request_error",
            "parameter_missing",
            "Missing required param: query.",
            Some("query"),
        ));
    }
    let mut clauses = Vec::new();
    for clause in text.split(" AND ") {
        let (field, value) = clause.trim().split_once(':').ok_or_else(refuse)?;
        let value = unquote(value).ok_or_else(refuse)?;
        let pointer = match field
            .strip_prefix("metadata[")
            .and_then(|f| f.strip_suffix(']'))
        {
            Some(key) => format!("/metadata/{}", unquote(key).ok_or_else(refuse)?),
            None if !field.is_empty()
                && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                format!("/{field}")
            }
            None => return Err(refuse()),
        };
        clauses.push((pointer, value));
    }
    Ok(clauses)
}

fn unquote(text: &str) -> Option<String> {
    let text = text.trim();
    ['\'', '"'].into_iter().find_map(|q| {
        text.strip_prefix(q)
            .and_then(|t| t.strip_suffix(q))
            .map(str::to_owned)
    })
}

/// Whether `object` satisfies every search clause.
pub(crate) fn matches_all(object: &Value, clauses: &[(String, String)]) -> bool {
    clauses
        .iter()
        .all(|(pointer, value)| matches_value(object.pointer(pointer), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(n: usize) -> Vec<Value> {
        (0..n)
            .rev()
            .map(|i| json!({"id": format!("x_{i}"), "created": i}))
            .collect()
    }

    fn ids(page: &Value) -> Vec<String> {
        page["data"]
            .as_array()
            .map(|d| {
                d.iter()
                    .map(|v| v["id"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn cursors_page_both_ways() {
        let all = objects(5);
        let refs: Vec<&Value> = all.iter().collect();
        let q = parse_query("limit=2&starting_after=x_3");
        let p = page(refs.clone(), &q, "/v1/x", "list").ok().unwrap();
        assert_eq!(ids(&p), ["x_2", "x_1"]);
        assert_eq!(p["has_more"], true);
        let q = parse_query("limit=2&ending_before=x_1");
        let p = page(refs.clone(), &q, "/v1/x", "list").ok().unwrap();
        assert_eq!(ids(&p), ["x_3", "x_2"]);
        assert_eq!(p["has_more"], true);
        let q = parse_query("created%5Bgte%5D=3");
        let p = page(refs, &q, "/v1/x", "list").ok().unwrap();
        assert_eq!(ids(&p), ["x_4", "x_3"]);
        assert_eq!(p["has_more"], false);
    }

    #[test]
    fn bad_limits_and_cursors_name_the_parameter() {
        let all = objects(1);
        let refs: Vec<&Value> = all.iter().collect();
        for query in [
            "limit=0",
            "limit=101",
            "limit=x",
            "starting_after=x_9",
            "created[gt]=soon",
        ] {
            let Err(outgoing) = page(refs.clone(), &parse_query(query), "/v1/x", "list") else {
                panic!("{query} passed");
            };
            assert_eq!(outgoing.status, 400, "{query}");
        }
    }
}
