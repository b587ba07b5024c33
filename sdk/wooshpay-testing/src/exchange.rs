//! One HTTP exchange of the sandbox's server: read the body within the limits, log it, then
//! answer with a hosted page, the clock endpoint, an injected fault or an API operation. Kept
//! apart from [`Sandbox`](crate::Sandbox), which starts the server, so the accept loop that
//! calls this reads nothing of the handle above it.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming as Body;
use hyper::{Request, Response};

use crate::answer::{self, Outgoing};
use crate::hosted_page;
use crate::respond::{self, Incoming};
use crate::{ReceivedRequest, Shared};

/// Bodies at least this large are parsed on a blocking thread, so that parsing them does not
/// hold up other requests on the same runtime thread.
const LARGE_BODY: usize = 64 * 1024;

/// Answers one request: reads its body (whole, within the limits), logs it, then serves a
/// hosted page or an API operation. The body is parsed and checked before the state is locked.
pub(crate) async fn handle(
    request: Request<Body>,
    shared: Arc<Shared>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let method = parts.method.as_str();
    let path = parts.uri.path();
    let found = respond::find_route(method, path);
    let operation_id = found.as_ref().map(|(route, _)| route.operation_id);
    let authorized = crate::auth::check_key(header("authorization"), &shared.keys).is_none();
    let limits = shared.limits;
    let body = crate::body::read(
        &parts.headers,
        body,
        limits.max_body_size,
        limits.idle_timeout,
    )
    .await;
    let number = shared.log(ReceivedRequest {
        method: method.to_string(),
        target: parts
            .uri
            .path_and_query()
            .map_or(path, |p| p.as_str())
            .to_string(),
        operation_id,
        idempotency_key: header("idempotency-key").map(str::to_owned),
        // An unauthenticated caller's body is nobody's business to keep.
        body: match &body {
            Ok(body) if authorized || found.is_none() => body.to_vec(),
            _ => Vec::new(),
        },
    });
    let body = match body {
        Ok(body) => body,
        Err(refused) => return Ok(to_response(refused.outgoing(), number, None)),
    };

    if let Some(refused) = crate::auth::check_host(header("host")) {
        return Ok(to_response(refused, number, None));
    }
    if found.is_none()
        && let Some(page) = shared.with_state(|state| {
            hosted_page::handle(
                &mut state.store,
                method,
                path,
                parts.uri.query().unwrap_or_default(),
                &body,
            )
        })
    {
        return Ok(to_response(page, number, None));
    }
    let fault = shared.take_fault(operation_id);
    if let Some(delay) = fault.as_ref().and_then(|f| f.delay) {
        tokio::time::sleep(delay).await;
    }
    let outgoing = match fault.as_ref().and_then(|f| f.status) {
        Some(status) => answer::error(
            status,
            "api_error",
            "injected_fault",
            "A failure injected by the sandbox.",
            None,
        ),
        None => {
            let incoming = Incoming {
                method,
                path,
                query: parts.uri.query().unwrap_or_default(),
                idempotency_key: header("idempotency-key"),
                authorization: header("authorization"),
                keys: &shared.keys,
                body: &body,
            };
            if path == crate::test_helpers::ADVANCE_TIME {
                shared.with_state(|state| crate::test_helpers::advance_time(&incoming, state))
            } else {
                match respond::admit(found, &incoming) {
                    Err(refused) => refused,
                    Ok((route, params)) => match parse(route, &body, incoming.query).await {
                        Err(refused) => refused,
                        Ok(json) => shared.with_state(|state| {
                            crate::operate::handle(state, route, &params, &incoming, &json)
                        }),
                    },
                }
            }
        }
    };
    Ok(to_response(
        outgoing,
        number,
        fault.and_then(|f| f.retry_after),
    ))
}

/// The body as the operation's JSON, parsed off the runtime's threads when it is large.
async fn parse(
    route: &'static crate::operations::Operation,
    body: &Bytes,
    query: &str,
) -> Result<serde_json::Value, Outgoing> {
    if body.len() < LARGE_BODY {
        return respond::parse_body(route, body, query);
    }
    let (body, query) = (body.clone(), query.to_string());
    tokio::task::spawn_blocking(move || respond::parse_body(route, &body, &query))
        .await
        .unwrap_or_else(|_| {
            Err(answer::error(
                500,
                "api_error",
                "internal_error",
                "The sandbox could not parse the request body.",
                None,
            ))
        })
}

fn to_response(outgoing: Outgoing, number: u64, retry_after: Option<u64>) -> Response<Full<Bytes>> {
    let mut response = Response::builder()
        .status(outgoing.status)
        .header("content-type", outgoing.content_type)
        .header("request-id", format!("req_sandbox_{number}"));
    for (name, value) in &outgoing.headers {
        response = response.header(*name, value);
    }
    if let Some(seconds) = retry_after {
        response = response.header("retry-after", seconds.to_string());
    }
    response
        .body(Full::new(Bytes::from(outgoing.body)))
        .unwrap_or_else(|e| {
            // Never a blank 200: say that the answer could not be given.
            let failed = answer::error(
                500,
                "api_error",
                "internal_error",
                &format!("The sandbox could not form its answer: {e}."),
                None,
            );
            let mut response = Response::new(Full::new(Bytes::from(failed.body)));
            *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            response.headers_mut().insert(
                hyper::header::CONTENT_TYPE,
                hyper::header::HeaderValue::from_static("application/json"),
            );
            response
        })
}
