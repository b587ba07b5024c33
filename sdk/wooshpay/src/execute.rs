//! Sending a request built by a generated builder: idempotency, retries with backoff,
//! per-request timeouts, a tracing span, reading the body within the size limit, and turning the
//! response into a value or an [`Error`]. Generated `send()` methods end in
//! [`Client::send_request`] and decode what it returns.

use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use progenitor_client::OperationInfo;
use reqwest::Method;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use tracing::field::Empty;

use crate::error::{ApiError, DecodeError, MAX_ERROR_BODY};
use crate::retry::{is_retryable_response, is_retryable_status, retry_after};
use crate::{Client, Error, RequestOptions, TransportError};

/// Response headers that carry the server's request id, in order of preference (named, not
/// parsed per lookup).
const REQUEST_ID_HEADERS: [HeaderName; 2] = [
    HeaderName::from_static("request-id"),
    HeaderName::from_static("x-request-id"),
];
const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// A response read to the end, with the only headers the runtime reads (cheap clones of
/// their shared bytes, not the whole header map).
struct Received {
    status: u16,
    request_id: Option<HeaderValue>,
    content_type: Option<HeaderValue>,
    retry_after: Option<Duration>,
    /// Where a 3xx pointed (redirects are never followed).
    location: Option<HeaderValue>,
    body: Bytes,
    /// Whether `body` is a prefix of a longer (error) body.
    truncated: bool,
}

/// At most this much is reserved up front for a body, whatever its `Content-Length` claims.
const INITIAL_BODY_CAPACITY: usize = 256 * 1024;

fn text(value: Option<&HeaderValue>) -> Option<String> {
    value.and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn first_header(headers: &HeaderMap, names: &[HeaderName]) -> Option<HeaderValue> {
    names.iter().find_map(|name| headers.get(name).cloned())
}

/// A success response and what decoding needs to report a failure (headers kept as received:
/// they become text only for an error).
pub(crate) struct Success {
    operation: &'static str,
    status: u16,
    request_id: Option<HeaderValue>,
    content_type: Option<HeaderValue>,
    body: Bytes,
}

impl Client {
    /// Sends the request `build` makes and decodes a success body into `T`. `build` is called
    /// once per attempt, so a retry re-sends the same request without a copy being kept for it
    /// on the way (the call that succeeds first time, the usual case, never copies anything).
    pub(crate) async fn execute<T, B>(
        &self,
        build: B,
        info: &OperationInfo,
        options: RequestOptions,
    ) -> Result<T, Error>
    where
        T: DeserializeOwned,
        B: Fn() -> Result<reqwest::Request, reqwest::Error>,
    {
        self.send_request(build, info, options).await?.decode()
    }

    /// Sends the request `build` makes, retrying per the policy, and returns the final success
    /// response, for the caller to [`decode`](Success::decode). Generated `send()` methods
    /// decode in their own frame rather than through [`Client::execute`]: a decoded object can
    /// be kilobytes, and each async layer it is returned through copies it.
    pub(crate) async fn send_request<B>(
        &self,
        build: B,
        info: &OperationInfo,
        options: RequestOptions,
    ) -> Result<Success, Error>
    where
        B: Fn() -> Result<reqwest::Request, reqwest::Error>,
    {
        let operation = info.operation_id;
        let policy = self.inner.retry;
        let max_retries = options.max_retries.unwrap_or(policy.max_retries);
        let first = build().map_err(Error::request_not_built)?;
        // One idempotency key for every attempt of a POST.
        let idempotency_key = if first.method() == Method::POST {
            let key = options
                .idempotency_key
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            Some(HeaderValue::from_str(&key).map_err(|_| {
                Error::invalid_request(format!(
                    "{operation}: the idempotency key is not a valid header value"
                ))
            })?)
        } else {
            None
        };
        let timeout = options.timeout.unwrap_or(self.inner.timeout);
        let prepare = |mut request: reqwest::Request| {
            if request.method() == Method::POST && request.body().is_none() {
                // reqwest sends no length for an empty body; some front ends answer 411
                // without one.
                request
                    .headers_mut()
                    .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
            }
            if let Some(key) = &idempotency_key
                && !request.headers().contains_key(IDEMPOTENCY_KEY)
            {
                request.headers_mut().insert(IDEMPOTENCY_KEY, key.clone());
            }
            request
        };
        let span = tracing::info_span!(
            "wooshpay.request",
            operation,
            method = %first.method(),
            path = first.url().path(),
            attempts = Empty,
            status = Empty,
            request_id = Empty,
            latency_ms = Empty,
        );
        let started = Instant::now();
        // The loop records on this call's own span (a no-op when it is disabled), never on
        // whatever span is current: an application's span may have fields of the same names.
        let recorder = span.clone();
        // Captured by the loop as its only copy of the first request.
        let mut request = Some(first);
        let attempts = async move {
            let mut attempt = 0;
            loop {
                attempt += 1;
                let this = match request.take() {
                    Some(built) => built,
                    // A retry: the same request, built again.
                    None => build().map_err(Error::request_not_built)?,
                };
                let outcome = tokio::time::timeout(timeout, self.attempt(prepare(this)))
                    .await
                    .unwrap_or_else(|_| Err(TransportError::timed_out(timeout)));
                let retry_wait = match &outcome {
                    _ if attempt > max_retries => None,
                    Ok(r) if is_retryable_response(r.status, &r.body) => {
                        Some(policy.delay(attempt, r.retry_after))
                    }
                    Err(e) if e.is_retryable() => Some(policy.delay(attempt, None)),
                    _ => None,
                };
                if let Some(wait) = retry_wait {
                    let status = outcome.as_ref().ok().map(|r| r.status);
                    tracing::debug!(
                        attempt,
                        ?status,
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                let span = &recorder;
                span.record("attempts", attempt);
                span.record("latency_ms", started.elapsed().as_millis() as u64);
                return match outcome {
                    Err(source) => {
                        tracing::info!(error = %source, "request failed");
                        Err(Error::Transport {
                            operation,
                            attempts: attempt,
                            source,
                        })
                    }
                    Ok(received) => {
                        span.record("status", received.status);
                        if let Some(id) = received.request_id.as_ref().and_then(|v| v.to_str().ok())
                        {
                            span.record("request_id", id);
                        }
                        tracing::info!(status = received.status, "response");
                        finish(operation, attempt, received)
                    }
                };
            }
        };
        // A span no subscriber wants records nothing: the loop then runs without the wrapper
        // that enters and leaves it at every poll.
        if span.is_disabled() {
            attempts.await
        } else {
            attempts.instrument(span).await
        }
    }

    /// One attempt: send, then read the body, up to the size limit for a success and only a
    /// bounded prefix for anything else (all that an error keeps).
    async fn attempt(&self, request: reqwest::Request) -> Result<Received, TransportError> {
        let mut response = self
            .client
            .execute(request)
            .await
            .map_err(TransportError::sending)?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let request_id = first_header(headers, &REQUEST_ID_HEADERS);
        let content_type = headers.get(CONTENT_TYPE).cloned();
        let location = (300..400)
            .contains(&status)
            .then(|| headers.get(LOCATION).cloned())
            .flatten();
        let retry_after = is_retryable_status(status)
            .then(|| retry_after(headers, SystemTime::now()))
            .flatten();
        let limit = self.inner.max_response_size;
        let success = (200..300).contains(&status);
        if success && response.content_length().is_some_and(|len| len > limit) {
            return Err(TransportError::too_large(status, limit));
        }
        let cap = if success {
            usize::try_from(limit).unwrap_or(usize::MAX)
        } else {
            MAX_ERROR_BODY
        };
        let expected = response
            .content_length()
            .and_then(|len| usize::try_from(len).ok())
            .unwrap_or(0);
        let mut body = BytesMut::with_capacity(expected.min(cap).min(INITIAL_BODY_CAPACITY));
        let mut truncated = false;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| TransportError::reading_body(status, e))?
        {
            let room = cap - body.len();
            if chunk.len() > room {
                if success {
                    return Err(TransportError::too_large(status, limit));
                }
                // Dropping the response here closes the connection: nothing more is read.
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Received {
            status,
            request_id,
            content_type,
            retry_after,
            location,
            body: body.freeze(),
            truncated,
        })
    }
}

fn finish(operation: &'static str, attempts: u32, received: Received) -> Result<Success, Error> {
    let Received {
        status,
        request_id,
        content_type,
        location,
        body,
        truncated,
        ..
    } = received;
    if (200..300).contains(&status) {
        return Ok(Success {
            operation,
            status,
            request_id,
            content_type,
            body,
        });
    }
    let request_id = text(request_id.as_ref());
    let content_type = text(content_type.as_ref());
    let location = text(location.as_ref());
    let mut error = ApiError::from_response(operation, status, request_id, content_type, body);
    error.attempts = attempts;
    error.body_truncated = truncated;
    if (300..400).contains(&status) && error.message.is_none() {
        // An API client does not follow redirects: a 307/308 would re-send a POST's body (and,
        // on the same origin, its key) to wherever the response points.
        error.message = Some(match location {
            Some(to) => format!("a redirect to `{to}`, which is not followed"),
            None => "a redirect, which is not followed".to_string(),
        });
    }
    Err(Error::Api(Box::new(error)))
}

impl Success {
    /// The body decoded into `T`.
    pub(crate) fn decode<T: DeserializeOwned>(self) -> Result<T, Error> {
        decode(self)
    }
}

/// Decodes on the fast path; only when that fails is the body decoded again to find the JSON
/// path of the failure.
fn decode<T: DeserializeOwned>(success: Success) -> Result<T, Error> {
    let operation = success.operation;
    if let Ok(value) = serde_json::from_slice(&success.body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&success.body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => match deserializer.end() {
            Ok(()) => (".".to_string(), "the body could not be decoded".to_string()),
            Err(e) => (".".to_string(), e.to_string()),
        },
        Err(e) => (e.path().to_string(), e.into_inner().to_string()),
    };
    // A copy of the prefix, so that the (up to size-limit) body is freed with the response.
    let body_truncated = success.body.len() > MAX_ERROR_BODY;
    let body = if body_truncated {
        Bytes::copy_from_slice(&success.body[..MAX_ERROR_BODY])
    } else {
        success.body
    };
    Err(Error::Decode(Box::new(DecodeError {
        operation,
        status: success.status,
        request_id: text(success.request_id.as_ref()),
        path,
        message,
        content_type: text(success.content_type.as_ref()),
        body,
        body_truncated,
    })))
}

#[cfg(test)]
mod rebuilding {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Duration;

    use httpmock::prelude::*;

    use super::*;

    fn client(server: &MockServer) -> Client {
        Client::builder()
            .secret_key("sk_test_rebuild")
            .base_url(server.base_url())
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
            .build()
            .unwrap()
    }

    /// Sends a POST whose request is built by a counting closure, to a server answering each
    /// attempt with the next of `statuses` (and only when it carries an idempotency key);
    /// returns how many times the request was built.
    async fn builds_for(server: &MockServer, statuses: &[u16]) -> u32 {
        for (i, status) in statuses.iter().enumerate() {
            server
                .mock_async(|when, then| {
                    when.method(POST)
                        .path("/v1/things")
                        .header("x-attempt", i.to_string())
                        .header_exists("idempotency-key");
                    then.status(*status)
                        .json_body(serde_json::json!({"id": "t_1"}));
                })
                .await;
        }
        let client = client(server);
        let builds = AtomicU32::new(0);
        let build = || {
            let n = builds.fetch_add(1, Ordering::SeqCst);
            client
                .client
                .post(format!("{}/v1/things", client.baseurl))
                .header("x-attempt", n.to_string())
                .body("{}")
                .build()
        };
        let info = OperationInfo {
            operation_id: "create_thing",
        };
        let result = client
            .execute::<serde_json::Value, _>(build, &info, RequestOptions::default())
            .await;
        assert!(result.is_ok(), "{result:?}");
        builds.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn a_request_that_succeeds_first_time_is_built_once() {
        let server = MockServer::start_async().await;
        let builds = builds_for(&server, &[200]).await;
        assert_eq!(builds, 1, "no copy is made for a retry that never happens");
    }

    #[tokio::test]
    async fn each_retry_builds_the_request_again() {
        let server = MockServer::start_async().await;
        assert_eq!(builds_for(&server, &[503, 503, 200]).await, 3);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::types;

    const EXAMPLE: &str = r#"{"id":"pi_1","object":"payment_intent","amount":1000,"currency":"USD","status":"succeeded","metadata":{"order":"42"},"created":1700000000,"livemode":false}"#;

    fn success(body: Vec<u8>) -> Success {
        Success {
            operation: "retrieve_payment_intent",
            status: 200,
            request_id: None,
            content_type: None,
            body: Bytes::from(body),
        }
    }

    proptest! {
        // CI budget; `PROPTEST_CASES=1000000` is the long run (see the README).
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2000)
        ))]

        /// A body with bytes flipped, cut or spliced decodes or fails with the body kept (up to
        /// the prefix bound), never panicking.
        #[test]
        fn mutated_bodies_decode_or_fail_with_the_body(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..8),
            padding in 0usize..(2 * MAX_ERROR_BODY),
        ) {
            let mut body = EXAMPLE.as_bytes().to_vec();
            for (at, byte, kind) in edits {
                if body.is_empty() { break; }
                let i = at.index(body.len());
                match kind {
                    0 => body[i] = byte,
                    1 => body.truncate(i),
                    _ => body.insert(i, byte),
                }
            }
            if padding > MAX_ERROR_BODY {
                body.extend(std::iter::repeat_n(b' ', padding));
                body.push(b'!');
            }
            match decode::<types::PaymentIntent>(success(body.clone())) {
                Ok(_) => {}
                Err(Error::Decode(e)) => {
                    let kept = body.len().min(MAX_ERROR_BODY);
                    prop_assert_eq!(&e.body[..], &body[..kept]);
                    prop_assert_eq!(e.body_truncated, body.len() > MAX_ERROR_BODY);
                    prop_assert!(!e.to_string().is_empty());
                }
                Err(other) => prop_assert!(false, "{other}"),
            }
        }
    }
}
