//! How the sandbox answers one request: find the operation, check the request, and serve the
//! documented example. Pure functions of the request, so the server around them stays thin.

use serde_json::{Value, json};

use super::Route;
use crate::generated::routes::ROUTES;
use crate::schemas;

/// A request, reduced to what the sandbox looks at.
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a str,
    /// The path, still percent-encoded, without the query.
    pub(crate) path: &'a str,
    pub(crate) authorized: bool,
    pub(crate) body: &'a [u8],
}

/// What the sandbox answers.
pub(crate) struct Outgoing {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

/// The operation a method and path address, with the path's parameters (decoded). When several
/// templates match, the one with the most literal segments wins (`/v1/payment_intents/search`
/// over `/v1/payment_intents/{id}`).
pub(crate) fn find_route(
    method: &str,
    path: &str,
) -> Option<(&'static Route, Vec<(&'static str, String)>)> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    ROUTES
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

/// The answer to `request` for `route` (already matched), or the error WooshPay would give.
pub(crate) fn respond(
    found: Option<(&'static Route, Vec<(&'static str, String)>)>,
    request: &Incoming,
) -> Outgoing {
    if !request.authorized {
        return error(
            401,
            "invalid_request_error",
            "api_key_invalid",
            "No valid API key provided (HTTP Basic, secret key as username).",
            None,
        );
    }
    let Some((route, params)) = found else {
        let message = format!(
            "Unrecognized request URL ({} {}).",
            request.method, request.path
        );
        return error(
            404,
            "invalid_request_error",
            "resource_missing",
            &message,
            None,
        );
    };
    if let Some(schema) = route.request_schema
        && let Err(outgoing) = check_body(schema, request.body)
    {
        return outgoing;
    }
    let mut body: Value = serde_json::from_str(route.example).unwrap_or_else(|_| json!({}));
    // Echo the addressed id, so a test that retrieves `pi_123` gets `pi_123` back.
    if let Some((_, id)) = params.iter().find(|(name, _)| *name == "id")
        && route.path.ends_with("{id}")
        && let Some(field) = body.get_mut("id")
    {
        *field = Value::String(id.clone());
    }
    Outgoing {
        status: 200,
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

/// A JSON body that fits the operation's request schema, or a 400 naming the field.
fn check_body(schema: &str, body: &[u8]) -> Result<(), Outgoing> {
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
        _ => Ok(()),
    }
}

fn field_path(parent: &str, field: &str) -> String {
    if parent == "." {
        field.to_string()
    } else {
        format!("{parent}.{field}")
    }
}

/// An error in WooshPay's shape.
pub(crate) fn error(
    status: u16,
    kind: &str,
    code: &str,
    message: &str,
    param: Option<&str>,
) -> Outgoing {
    let mut error = json!({"type": kind, "code": code, "message": message});
    if let Some(param) = param {
        error["param"] = Value::String(param.to_string());
    }
    Outgoing {
        status,
        body: serde_json::to_vec(&json!({"error": error})).unwrap_or_default(),
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
