//! Sending a request built by a generated builder: idempotency, retries with backoff,
//! per-attempt time limits (kept by [`time_limit`](crate::time_limit)), a tracing span, reading
//! the response (its body gathered within the size limit by [`body`](crate::body)), and turning
//! it into a value or an [`Error`]. Generated `send()` methods return the call
//! [`Client::send_request`] makes.

use std::future::Pending;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use progenitor_client::OperationInfo;
use reqwest::Method;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION};
use serde::de::DeserializeOwned;
use tracing::field::Empty;

use crate::body::Body;
use crate::error::{ApiError, DecodeError, MAX_ERROR_BODY};
use crate::retry::{is_retryable_response, retry_after};
use crate::time_limit::{Elapsed, Within, within};
use crate::{Client, Error, RequestOptions, RetryPolicy, TransportError};

/// Response headers that carry the server's request id, in order of preference (named, not
/// parsed per lookup).
const REQUEST_ID_HEADERS: [HeaderName; 2] = [
    HeaderName::from_static("request-id"),
    HeaderName::from_static("x-request-id"),
];
const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// A response read to the end (or, for an error, to its prefix bound). Its headers are kept
/// as received, moved out of the response rather than copied: the few the runtime reads
/// (request id, content type, `Retry-After`, `Location`) are looked up only when they are
/// needed, which for a success that no span records is never.
pub(crate) struct Received {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    /// Whether `body` is a prefix of a longer (error) body.
    truncated: bool,
}

/// The server's request id, from the first of [`REQUEST_ID_HEADERS`] present.
fn request_id(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
}

/// A header's value as text, for an error to report.
fn text(headers: &HeaderMap, name: HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A success response and what decoding needs to report a failure.
pub(crate) struct Success {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
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
        self.send_request(Ok((build, options)), info).await
    }

    /// The call a generated `send()` returns: `prepared` is its request maker (called once per
    /// attempt) and options, or why the request cannot be made. The call sends the request,
    /// retrying per the policy, and decodes the final success body into `T`.
    ///
    /// The work before the first attempt is done here, when the call is made (its time limit
    /// still runs from the first poll); what the attempts need is a [`Sending`], a future
    /// written out by hand, which `send()` returns as it is, in an [`Outgoing`]: an `async`
    /// function keeps room in its state for every value it held, even once moved away, and
    /// each `async` layer a decoded object (kilobytes) is returned through copies it.
    pub(crate) fn send_request<'a, T, B>(
        &'a self,
        prepared: Result<(B, RequestOptions), Error>,
        info: &OperationInfo,
    ) -> Outgoing<'a, T, B, impl Future<Output = Outcome> + use<'a, T, B>>
    where
        T: DeserializeOwned,
        B: Fn() -> Result<reqwest::Request, reqwest::Error>,
    {
        let operation = info.operation_id;
        let begun = prepared.and_then(|(build, options)| {
            let (call, first) = self.begin(&build, operation, options)?;
            Ok((build, call, first))
        });
        let (build, call, first) = match begun {
            Ok(begun) => begun,
            Err(error) => {
                return Outgoing::Refused { error: Some(error) };
            }
        };
        // For a span that nothing takes records from, nothing is measured or looked up, and
        // the call is not entered into it at every poll.
        let recorder = if info_is_observed() {
            recorder(operation, &first)
        } else {
            None
        };
        Outgoing::Sending {
            sending: Sending {
                client: self,
                operation,
                build,
                start: |client, limit, request| client.attempt_within(limit, request),
                attempt: Some(self.attempt_within(call.timeout, call.prepare(first))),
                attempts: 1,
                pause: None,
                call,
                recorder,
                decoded: PhantomData,
            },
        }
    }

    /// What a call needs before its first attempt: its settings and first request.
    fn begin<B>(
        &self,
        build: &B,
        operation: &'static str,
        options: RequestOptions,
    ) -> Result<(Call, reqwest::Request), Error>
    where
        B: Fn() -> Result<reqwest::Request, reqwest::Error>,
    {
        let first = build().map_err(Error::request_not_built)?;
        let call = Call::new(self, operation, options, first.method())?;
        Ok((call, first))
    }

    /// One attempt within the time limit `limit` (its output read by [`ended`]). Not an
    /// `async fn` (nor is [`attempt`](Self::attempt)): one would keep its argument, the
    /// request, in its future beside the HTTP library's future that the request is moved into.
    fn attempt_within(
        &self,
        limit: Duration,
        request: reqwest::Request,
    ) -> Within<impl Future<Output = Outcome> + '_> {
        within(self.inner.time_limits, limit, self.attempt(request))
    }

    /// One attempt: send, then read the response, its body up to the size limit for a
    /// success and only a bounded prefix for anything else (all that an error keeps). One
    /// future for both, so that polling an attempt goes through as few layers as possible.
    fn attempt(&self, request: reqwest::Request) -> impl Future<Output = Outcome> + '_ {
        let sending = self.client.execute(request);
        async move {
            let mut response = sending.await.map_err(TransportError::sending)?;
            let status = response.status().as_u16();
            let headers = std::mem::take(response.headers_mut());
            let mut body = Body::new(
                status,
                response.content_length(),
                self.inner.max_response_size,
            )?;
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| TransportError::reading_body(status, e))?
            {
                if !body.push(chunk)? {
                    break;
                }
            }
            let (body, truncated) = body.finish();
            Ok(Received {
                status,
                headers,
                body,
                truncated,
            })
        }
    }
}

pin_project_lite::pin_project! {
    /// A call: refused before anything was sent (a field of the request is missing or
    /// invalid), or [`Sending`].
    #[project = OutgoingProjection]
    pub(crate) enum Outgoing<'a, T, B, A> {
        Refused { error: Option<Error> },
        Sending { #[pin] sending: Sending<'a, T, B, A> },
    }
}

impl<T, B, A> Future for Outgoing<'_, T, B, A>
where
    T: DeserializeOwned,
    B: Fn() -> Result<reqwest::Request, reqwest::Error>,
    A: Future<Output = Outcome>,
{
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            OutgoingProjection::Sending { sending } => sending.poll(cx),
            // A poll after the error was given has no second result to give.
            OutgoingProjection::Refused { error } => match error.take() {
                Some(error) => Poll::Ready(Err(error)),
                None => Poll::Pending,
            },
        }
    }
}

pin_project_lite::pin_project! {
    /// A call in flight: an attempt, then, while the policy says to retry, a pause and another
    /// attempt, until one is final; that one's result is the call's. Entered into the call's
    /// span, when there is one, at every poll. Its result is the final success body decoded
    /// into `T`, or the call's error.
    pub(crate) struct Sending<'a, T, B, A> {
        client: &'a Client,
        operation: &'static str,
        build: B,
        // Makes an attempt's future: `Client::attempt_within`, whose future's type can be
        // named only through this pointer's signature.
        start: fn(&'a Client, Duration, reqwest::Request) -> Within<A>,
        #[pin]
        attempt: Option<Within<A>>,
        // The number of the attempt in flight, or of the last one.
        attempts: u32,
        // The pause before the next attempt, while one is due.
        pause: Option<Within<Pending<()>>>,
        call: Call,
        // The call's span and when the call started, when something takes the span's records.
        recorder: Option<(tracing::Span, Instant)>,
        decoded: PhantomData<fn() -> T>,
    }
}

impl<T, B, A> Future for Sending<'_, T, B, A>
where
    T: DeserializeOwned,
    B: Fn() -> Result<reqwest::Request, reqwest::Error>,
    A: Future<Output = Outcome>,
{
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let _entered = this.recorder.as_ref().map(|(span, _)| span.enter());
        loop {
            if let Some(pause) = this.pause.as_mut() {
                // A pause is a limit on a future that never ends: it always ends as elapsed.
                let _elapsed = ready!(Pin::new(pause).poll(cx));
                *this.pause = None;
                let next = next_attempt(this.client, this.build, *this.start, this.call)?;
                this.attempt.set(Some(next));
            }
            let Some(attempt) = this.attempt.as_mut().as_pin_mut() else {
                // Only a poll after the call ended gets here: it has no second result to give.
                return Poll::Pending;
            };
            let outcome = ended(this.call.timeout, ready!(attempt.poll(cx)));
            this.attempt.set(None);
            let policy = &this.client.inner.retry;
            match this.call.retry_wait(policy, *this.attempts, &outcome) {
                None => {
                    let concluded = conclude(
                        this.operation,
                        *this.attempts,
                        outcome,
                        this.recorder.as_ref(),
                    );
                    return match concluded {
                        Ok(success) => success.decoded(),
                        Err(error) => Poll::Ready(Err(error)),
                    };
                }
                Some(wait) => {
                    let pause = pause_before_retry(this.client, *this.attempts, wait, outcome);
                    *this.pause = Some(pause);
                    *this.attempts += 1;
                }
            }
        }
    }
}

/// The call's span and when the call started, unless the span is empty. The call records on
/// its own span, never on whatever span is current: an application's span may have fields of
/// the same names. Out of line: most calls have no one taking their records.
#[cold]
#[inline(never)]
fn recorder(operation: &'static str, first: &reqwest::Request) -> Option<(tracing::Span, Instant)> {
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
    // An empty span is what the macro gives when neither a subscriber enables it nor (with
    // no subscriber set) tracing's `log` feature writes it as log records.
    (!span.is_none()).then(|| (span, Instant::now()))
}

/// The pause before the attempt after number `attempt`, which ended with `outcome`. Out of
/// line, as the attempt after it: most calls end at their first attempt.
#[cold]
#[inline(never)]
fn pause_before_retry(
    client: &Client,
    attempt: u32,
    wait: Duration,
    outcome: Outcome,
) -> Within<Pending<()>> {
    let status = outcome.as_ref().ok().map(|r| r.status);
    tracing::debug!(
        attempt,
        ?status,
        wait_ms = wait.as_millis() as u64,
        "retrying"
    );
    within(client.inner.time_limits, wait, std::future::pending())
}

/// The next attempt of a call, its request made again by `build`.
#[cold]
#[inline(never)]
fn next_attempt<'a, B, A>(
    client: &'a Client,
    build: &B,
    start: fn(&'a Client, Duration, reqwest::Request) -> Within<A>,
    call: &Call,
) -> Result<Within<A>, Error>
where
    B: Fn() -> Result<reqwest::Request, reqwest::Error>,
{
    let request = build().map_err(Error::request_not_built)?;
    Ok(start(client, call.timeout, call.prepare(request)))
}

/// What an attempt [within a time limit](Client::attempt_within) of `limit` ended with.
fn ended(limit: Duration, finished: Result<Outcome, Elapsed>) -> Outcome {
    finished.unwrap_or_else(|_| Err(TransportError::timed_out(limit)))
}

/// Whether anything may take an INFO span's or event's records: a subscriber's level allows
/// INFO, or a `log` logger's does (tracing's `log` feature writes them as log records when no
/// subscriber is set). One load of each level; when neither does, the call makes no span.
fn info_is_observed() -> bool {
    tracing::level_filters::LevelFilter::current() >= tracing::Level::INFO
        || log::max_level() >= log::LevelFilter::Info
}

/// What an attempt ends with.
pub(crate) type Outcome = Result<Received, TransportError>;

/// What every attempt of one call shares.
struct Call {
    max_retries: u32,
    /// The time limit of each attempt.
    timeout: Duration,
    /// One idempotency key for every attempt of a POST.
    idempotency_key: Option<HeaderValue>,
}

impl Call {
    fn new(
        client: &Client,
        operation: &str,
        options: RequestOptions,
        method: &Method,
    ) -> Result<Self, Error> {
        let idempotency_key = if method == Method::POST {
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
        Ok(Call {
            max_retries: options
                .max_retries
                .unwrap_or(client.inner.retry.max_retries),
            timeout: options.timeout.unwrap_or(client.inner.timeout),
            idempotency_key,
        })
    }

    /// The request as each attempt sends it.
    fn prepare(&self, mut request: reqwest::Request) -> reqwest::Request {
        if request.method() == Method::POST && request.body().is_none() {
            // reqwest sends no length for an empty body; some front ends answer 411 without
            // one.
            request
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        if let Some(key) = &self.idempotency_key
            && !request.headers().contains_key(IDEMPOTENCY_KEY)
        {
            request.headers_mut().insert(IDEMPOTENCY_KEY, key.clone());
        }
        request
    }

    /// How long to wait, by `policy`, before retrying after attempt number `attempt` ended
    /// with `outcome`; `None` when it is final.
    fn retry_wait(
        &self,
        policy: &RetryPolicy,
        attempt: u32,
        outcome: &Outcome,
    ) -> Option<Duration> {
        match outcome {
            _ if attempt > self.max_retries => None,
            Ok(r) if is_retryable_response(r.status, &r.body) => {
                let asked = retry_after(&r.headers, SystemTime::now());
                Some(policy.delay(attempt, asked))
            }
            Err(e) if e.is_retryable() => Some(policy.delay(attempt, None)),
            _ => None,
        }
    }
}

/// The call's result from its final attempt, recorded on its span when something takes the
/// records (`recorder`: the span and when the call started).
fn conclude(
    operation: &'static str,
    attempts: u32,
    outcome: Outcome,
    recorder: Option<&(tracing::Span, Instant)>,
) -> Result<Success, Error> {
    if let Some(recorder) = recorder {
        record(recorder, attempts, &outcome);
    }
    if info_is_observed() {
        tell(&outcome);
    }
    match outcome {
        Err(source) => Err(Error::Transport {
            operation,
            attempts,
            source,
        }),
        Ok(received) => finish(operation, attempts, received),
    }
}

/// Records how the call ended on its span (`recorder`: the span and when the call started).
/// Out of line, as [`tell`]: most calls have no one taking their records.
#[cold]
#[inline(never)]
fn record(recorder: &(tracing::Span, Instant), attempts: u32, outcome: &Outcome) {
    let (span, started) = recorder;
    span.record("attempts", attempts);
    span.record("latency_ms", started.elapsed().as_millis() as u64);
    if let Ok(received) = outcome {
        span.record("status", received.status);
        if let Some(id) = request_id(&received.headers) {
            span.record("request_id", id);
        }
    }
}

/// How the call ended, as an INFO event.
#[cold]
#[inline(never)]
fn tell(outcome: &Outcome) {
    match outcome {
        Err(source) => tracing::info!(error = %source, "request failed"),
        Ok(received) => tracing::info!(status = received.status, "response"),
    }
}

fn finish(operation: &'static str, attempts: u32, received: Received) -> Result<Success, Error> {
    let Received {
        status,
        headers,
        body,
        truncated,
    } = received;
    if (200..300).contains(&status) {
        return Ok(Success {
            operation,
            status,
            headers,
            body,
        });
    }
    let request_id = request_id(&headers).map(str::to_owned);
    let content_type = text(&headers, CONTENT_TYPE);
    let location = text(&headers, LOCATION);
    // A copy, so that an error kept by the caller does not hold on to the connection's read
    // buffer the body was a view of.
    let body = Bytes::copy_from_slice(&body);
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
    /// The body decoded into `T`, as the call's result; only a failure goes through
    /// [`Success::decode_failure`]. Out of the call's `poll`, and returning what `poll` returns,
    /// so that the decoded object (kilobytes) is written where the call returns it from, and
    /// its room on the stack is taken only while decoding, not below every poll of the
    /// attempt's HTTP code.
    #[inline(never)]
    fn decoded<T: DeserializeOwned>(self) -> Poll<Result<T, Error>> {
        // `serde_json::from_slice`, written out: it would hold the value in a frame of its own
        // and copy it once more on the way out.
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        Poll::Ready(match T::deserialize(&mut deserializer) {
            Ok(value) if deserializer.end().is_ok() => Ok(value),
            _ => Err(self.decode_failure::<T>()),
        })
    }

    /// Decodes the body again to find the JSON path of the failure.
    #[cold]
    #[inline(never)]
    fn decode_failure<T: DeserializeOwned>(self) -> Error {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(_) => match deserializer.end() {
                Ok(()) => (".".to_string(), "the body could not be decoded".to_string()),
                Err(e) => (".".to_string(), e.to_string()),
            },
            Err(e) => (e.path().to_string(), e.into_inner().to_string()),
        };
        // A copy of (the prefix of) the body, so that the error does not hold on to the whole
        // body or the connection's read buffer it may be a view of.
        let body_truncated = self.body.len() > MAX_ERROR_BODY;
        let kept = self.body.len().min(MAX_ERROR_BODY);
        Error::Decode(Box::new(DecodeError {
            operation: self.operation,
            status: self.status,
            request_id: request_id(&self.headers).map(str::to_owned),
            path,
            message,
            content_type: text(&self.headers, CONTENT_TYPE),
            body: Bytes::copy_from_slice(&self.body[..kept]),
            body_truncated,
        }))
    }
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
            headers: HeaderMap::new(),
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
            match success(body.clone()).decoded::<types::PaymentIntent>() {
                Poll::Pending => prop_assert!(false, "a body decodes at once"),
                Poll::Ready(Ok(_)) => {}
                Poll::Ready(Err(Error::Decode(e))) => {
                    let kept = body.len().min(MAX_ERROR_BODY);
                    prop_assert_eq!(&e.body[..], &body[..kept]);
                    prop_assert_eq!(e.body_truncated, body.len() > MAX_ERROR_BODY);
                    prop_assert!(!e.to_string().is_empty());
                }
                Poll::Ready(Err(other)) => prop_assert!(false, "{other}"),
            }
        }
    }
}
