//! How the sandbox answers one API request: find the operation, check the key and the body, and
//! hand it to the state. Kept apart from the HTTP server, so the server around it stays thin.

use serde_json::{Value, json};

use crate::answer::{Outgoing, error};
use crate::operations::OPERATIONS;
use crate::operations::Operation;
use crate::schemas;

/// A request, reduced to what the sandbox looks at.
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a str,
    /// The path, still percent-encoded, without the query.
    pub(crate) path: &'a str,
    /// The query string, still percent-encoded.
    pub(crate) query: &'a str,
    pub(crate) idempotency_key: Option<&'a str>,
    /// The `Authorization` header, checked against `keys`.
    pub(crate) authorization: Option<&'a str>,
    pub(crate) keys: &'a crate::auth::Keys,
    pub(crate) body: &'a [u8],
}

/// An operation with the path's parameters (decoded).
pub(crate) type Found = (&'static Operation, Vec<(&'static str, String)>);

/// The operation a method and path address, with the path's parameters (decoded). When several
/// templates match, the one with the most literal segments wins (`/v1/payment_intents/search`
/// over `/v1/payment_intents/{id}`).
pub(crate) fn find_route(method: &str, path: &str) -> Option<Found> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    OPERATIONS
        .iter()
        .filter(|route| route.method.eq_ignore_ascii_case(method))
        .filter_map(|route| {
            let template: Vec<&str> = route.path.trim_start_matches('/').split('/').collect();
            if template.len() != segments.len() {
                return None;
            }
            let mut params = Vec::new();
            let mut literals = 0;
            for (expected, actual) in template.iter().zip(&segments) {
                match expected.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) if !actual.is_empty() => params.push((name, decode(actual))),
                    Some(_) => return None,
                    None if expected == actual => literals += 1,
                    None => return None,
                }
            }
            Some((literals, route, params))
        })
        .max_by_key(|(literals, _, _)| *literals)
        .map(|(_, route, params)| (route, params))
}

fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// The operation an API request addresses, or the error WooshPay would give (no key, unknown
/// URL). Needs no state, so it runs before the state is locked.
pub(crate) fn admit(found: Option<Found>, request: &Incoming) -> Result<Found, Outgoing> {
    if let Some(refused) = crate::auth::check_key(request.authorization, request.keys) {
        return Err(refused);
    }
    found.ok_or_else(|| {
        let message = format!(
            "Unrecognized request URL ({} {}).",
            request.method, request.path
        );
        error(
            404,
            "invalid_request_error",
            "resource_missing",
            &message,
            None,
        )
    })
}

/// The request body of `route` as JSON, checked against its request schema, refused where it
/// sets a parameter the sandbox does not model and validated as the API validates it, or a
/// 400 naming the field. Needs no state, so it runs before the state is locked (operations act
/// on the state through [`operate::handle`](crate::operate::handle)).
pub(crate) fn parse_body(
    route: &'static Operation,
    body: &[u8],
    query: &str,
) -> Result<Value, Outgoing> {
    match route.request_schema {
        Some(schema) => {
            let body = check_body(schema, body)?;
            modelled(route, &body, query)?;
            crate::validate::check(&body)?;
            Ok(body)
        }
        None => {
            let body = serde_json::from_slice(body).unwrap_or_else(|_| json!({}));
            modelled(route, &body, query)?;
            Ok(body)
        }
    }
}

/// `Ok` when the sandbox models every parameter sent (see
/// [`params`](crate::state::params)); checked before the values, so that a parameter the
/// sandbox would ignore is named as such.
fn modelled(route: &'static Operation, body: &Value, query: &str) -> Result<(), Outgoing> {
    crate::state::params::check(
        route,
        &crate::state::seed::template(route.collection),
        body,
        &crate::state::list::parse_query(query),
    )
}

/// A JSON body that fits the operation's request schema, or a 400 naming the field.
fn check_body(schema: &str, body: &[u8]) -> Result<Value, Outgoing> {
    let json: Value = if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(body).map_err(|e| {
            error(
                400,
                "invalid_request_error",
                "parameter_invalid",
                &format!("The request body is not valid JSON: {e}."),
                None,
            )
        })?
    };
    match schemas::round_trip(schema, &json) {
        Some(Err(mismatch)) => {
            let param = match mismatch.message.strip_prefix("missing field `") {
                Some(rest) => rest
                    .split('`')
                    .next()
                    .map(|field| field_path(&mismatch.path, field)),
                None => Some(mismatch.path.clone()),
            };
            let code = if mismatch.message.starts_with("missing field") {
                "parameter_missing"
            } else {
                "parameter_invalid"
            };
            let message = format!(
                "Invalid request body ({schema}) at `{}`: {}.",
                mismatch.path, mismatch.message
            );
            Err(error(
                400,
                "invalid_request_error",
                code,
                &message,
                param.as_deref(),
            ))
        }
        Some(Ok(back)) => match unknown_field(&json, &back, String::new()) {
            Some(param) => Err(error(
                400,
                "invalid_request_error",
                "parameter_unknown",
                &format!("Received unknown parameter: {param}."),
                Some(&param),
            )),
            None => Ok(json),
        },
        None => Ok(json),
    }
}

/// The first field of `sent` that did not survive the round trip through the request type
/// (so the schema does not have it), as a parameter path like `line_items[0].colour`.
fn unknown_field(sent: &Value, back: &Value, at: String) -> Option<String> {
    match (sent, back) {
        (Value::Object(sent), Value::Object(back)) => sent.iter().find_map(|(name, value)| {
            let path = if at.is_empty() {
                name.clone()
            } else {
                format!("{at}.{name}")
            };
            match back.get(name) {
                None if !value.is_null() => Some(path),
                None => None,
                Some(inner) => unknown_field(value, inner, path),
            }
        }),
        (Value::Array(sent), Value::Array(back)) => sent
            .iter()
            .zip(back)
            .enumerate()
            .find_map(|(i, (s, b))| unknown_field(s, b, format!("{at}[{i}]"))),
        _ => None,
    }
}

fn field_path(parent: &str, field: &str) -> String {
    if parent == "." {
        field.to_string()
    } else {
        format!("{parent}.{field}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_over_parameters() {
        let (route, params) = find_route("GET", "/v1/payment_intents/search").unwrap();
        assert_eq!(route.operation_id, "search_payment_intents");
        assert!(params.is_empty());
        let (route, params) = find_route("GET", "/v1/payment_intents/pi_1").unwrap();
        assert_eq!(route.operation_id, "retrieve_payment_intent");
        assert_eq!(params, [("id", "pi_1".to_string())]);
    }

    #[test]
    fn unknown_paths_and_methods_match_nothing() {
        assert!(find_route("GET", "/v1/nothing").is_none());
        assert!(find_route("PATCH", "/v1/payment_intents/pi_1").is_none());
        assert!(
            find_route("GET", "/v1/payment_intents/").is_none(),
            "an empty id is no id"
        );
    }
}
