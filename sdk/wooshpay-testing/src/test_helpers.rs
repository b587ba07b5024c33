//! The sandbox's own endpoint beside the API: `POST /v1/test_helpers/advance_time` with
//! `{"seconds": N}` moves its clock forward, for tests that drive the sandbox over HTTP from
//! any language (Rust tests call [`Sandbox::advance_time`](crate::Sandbox::advance_time)). It
//! takes the sandbox's key like any API request.

use serde_json::{Value, json};

use crate::answer::{Outgoing, error};
use crate::respond::Incoming;
use crate::state::Sandboxed;

/// The path of the clock endpoint.
pub(crate) const ADVANCE_TIME: &str = "/v1/test_helpers/advance_time";

/// The answer to a request for [`ADVANCE_TIME`].
pub(crate) fn advance_time(request: &Incoming, state: &mut Sandboxed) -> Outgoing {
    if let Some(refused) = crate::auth::check_key(request.authorization, request.keys) {
        return refused;
    }
    if request.method != "POST" {
        return error(
            405,
            "invalid_request_error",
            "method_not_allowed",
            "Use POST to advance the sandbox's clock.",
            None,
        );
    }
    let body: Value = serde_json::from_slice(request.body).unwrap_or(Value::Null);
    let seconds = body
        .get("seconds")
        .and_then(Value::as_i64)
        .filter(|s| *s > 0);
    let Some(ms) = seconds.and_then(|s| s.checked_mul(1000)) else {
        return error(
            400,
            "invalid_request_error",
            "parameter_invalid",
            "`seconds` must be a positive whole number of seconds.",
            Some("seconds"),
        );
    };
    state.store.advance(ms);
    crate::flows::clock::tick(&mut state.store);
    Outgoing::json(
        200,
        &json!({"object": "test_helpers.advance_time", "seconds": seconds, "now": state.store.now_ms()}),
    )
}
