//! The sandbox's HTTP server: hyper on a loopback port, in a task of the caller's runtime.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use std::sync::Mutex;
use std::time::Duration;

use super::deliveries::Delivery;
use super::flows::checkout_session::{self, Choice, Next};
use super::flows::webhook_endpoint::new_secret;
use super::hosted_page;
use super::listen::Limits;
use super::request_log::RequestLog;
use super::state::Sandboxed;
use super::{Fault, ReceivedRequest, Shared, SharedState};
use wooshpay::{Client, Error};

/// A local, offline WooshPay: stateful objects, payment flows by test card, a hosted checkout
/// page and signed webhook deliveries. It stops when dropped.
///
/// A fresh sandbox holds the spec's documented objects (so the docs' ids, such as
/// `cs_1795782989284638720`, can be retrieved); [`SandboxBuilder::empty`] starts without them.
#[derive(Debug)]
pub struct Sandbox {
    base_url: String,
    secret_key: String,
    webhook_secret: String,
    shared: SharedState,
    server: JoinHandle<()>,
}

/// Options for a [`Sandbox`]: its port, whether it starts empty, its key, webhook endpoints,
/// and what its server lets clients take (connections, timeouts, body size, requests
/// remembered).
#[derive(Debug, Clone, Default)]
pub struct SandboxBuilder {
    port: u16,
    empty: bool,
    webhook_urls: Vec<String>,
    limits: Limits,
    secret_key: Option<String>,
    any_key: bool,
}

impl SandboxBuilder {
    /// Listen on this loopback port (default: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Start without the spec's documented objects.
    pub fn empty(mut self) -> Self {
        self.empty = true;
        self
    }

    /// Accept only this secret key (default: [`DUMMY_SECRET_KEY`](super::DUMMY_SECRET_KEY)).
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.secret_key = Some(key.into());
        self
    }

    /// Accept any key sent as HTTP Basic, for clients whose key cannot be set to the
    /// sandbox's (tests written in other languages against a fixed key). Without it, any key
    /// but [`Sandbox::secret_key`] is a 401.
    pub fn any_key(mut self) -> Self {
        self.any_key = true;
        self
    }

    /// Send every event to `url`, signed with [`Sandbox::webhook_secret`] (as if a webhook
    /// endpoint for all events had been created).
    pub fn webhook_endpoint(mut self, url: impl Into<String>) -> Self {
        self.webhook_urls.push(url.into());
        self
    }

    /// Keep at most this many requests for [`Sandbox::requests`] (default 1,000), the oldest
    /// dropped first. Their bodies are bounded too: at most four times
    /// [`max_body_size`](Self::max_body_size) in all, and never less than 16 MiB.
    pub fn request_log_capacity(mut self, requests: usize) -> Self {
        self.limits.request_log_capacity = requests;
        self
    }

    /// Refuse request bodies larger than this with a 413 (default 1 MiB), before reading them
    /// when `Content-Length` says so.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.limits.max_body_size = bytes;
        self
    }

    /// Serve at most this many connections at once (default 512); further ones wait to be
    /// accepted until one ends.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.limits.max_connections = connections.max(1);
        self
    }

    /// Close a connection whose request headers are not complete this long after it is ready
    /// for a request (default 10 s): a new connection, or a kept-alive one after its last
    /// answer. Ends connections that send nothing, or headers a byte at a time.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_read_timeout = timeout;
        self
    }

    /// Answer 408 when a request body stops arriving for this long (default 30 s).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout;
        self
    }

    /// Starts the sandbox in the current tokio runtime. Fails when it cannot listen, or when a
    /// [`webhook_endpoint`](Self::webhook_endpoint) is not an `http`/`https` URL or is the
    /// sandbox itself.
    pub async fn start(self) -> Result<Sandbox, Error> {
        crate::http::ensure_tls_provider();
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], self.port)))
            .await
            .map_err(|e| Error::Config(format!("the sandbox could not listen on loopback: {e}")))?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::Config(format!("the sandbox has no local address: {e}")))?;
        let base_url = format!("http://{address}");
        let mut state = Sandboxed::new(base_url.clone(), self.empty);
        let webhook_secret = new_secret();
        for url in &self.webhook_urls {
            crate::urls::check(&serde_json::json!({ "url": url }), "url", &base_url, true)
                .map_err(|refused| {
                    Error::Config(format!("webhook endpoint: {}", refused.message()))
                })?;
        }
        for url in self.webhook_urls {
            let id = state.store.fresh_id("we_");
            let created = state.store.now_ms();
            state.store.insert(
                crate::collections::WEBHOOK_ENDPOINTS,
                serde_json::json!({
                    "id": id, "object": "webhook_endpoint", "api_version": null,
                    "created": created,
                    "description": "Given to the sandbox at start", "enabled_events": ["*"],
                    "livemode": false, "metadata": {}, "status": "enabled", "url": url,
                    "secret": webhook_secret,
                }),
            );
        }
        let http = crate::http::delivery_client()
            .map_err(|e| Error::Config(format!("the sandbox's webhook client: {e}")))?;
        let limits = self.limits;
        let secret_key = self
            .secret_key
            .unwrap_or_else(|| super::DUMMY_SECRET_KEY.to_string());
        let keys = if self.any_key {
            crate::auth::Keys::Any
        } else {
            crate::auth::Keys::Only(secret_key.clone())
        };
        let shared = Arc::new(Shared {
            keys,
            faults: Mutex::default(),
            requests: Mutex::new(RequestLog::new(
                limits.request_log_capacity,
                limits.request_log_bytes(),
            )),
            limits,
            state: Mutex::new(state),
            deliveries: Arc::default(),
            http,
            base_url: base_url.clone(),
            runtime: tokio::runtime::Handle::current(),
        });
        let server = tokio::spawn(crate::listen::accept(listener, shared.clone()));
        Ok(Sandbox {
            base_url,
            secret_key,
            webhook_secret,
            shared,
            server,
        })
    }
}

/// What the customer does on a session's hosted page (see [`Sandbox::checkout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckoutOutcome {
    /// Pay with the test card that succeeds.
    Pay,
    /// Pay with the test card that is declined.
    Decline,
    /// Pay with the test card that asks for 3-D Secure.
    ThreeDSecure,
    /// Leave through the cancel link.
    Cancel,
}

/// Where the customer's browser goes after a [`CheckoutOutcome`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckoutResult {
    /// Redirected (303) to this URL: the session's `success_url` (with
    /// `{CHECKOUT_SESSION_ID}` filled in), its `cancel_url`, or (Cancel on a session without
    /// one) the sandbox's own "you left the checkout" page.
    Redirected(String),
    /// The 3-D Secure challenge page at this URL; finish it with [`Sandbox::authenticate`].
    ChallengeRequired(String),
    /// The card was declined; the page shows this message and the session stays open.
    Declined(String),
}

impl Sandbox {
    /// Starts a sandbox on a free loopback port, in the current tokio runtime, holding the
    /// spec's documented objects.
    pub async fn start() -> Result<Sandbox, Error> {
        Sandbox::builder().start().await
    }

    /// Options for a sandbox (port, empty, webhook endpoints).
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// The sandbox's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The secret key the sandbox accepts (HTTP Basic username, empty password); any other key
    /// is a 401, unless it was started with [`SandboxBuilder::any_key`].
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The signing secret of the endpoints given to [`SandboxBuilder::webhook_endpoint`].
    /// Endpoints created through the API get their own, in the creation response.
    pub fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }

    /// A client for the sandbox, with its [`secret_key`](Sandbox::secret_key) and retries a
    /// millisecond apart, so that tests of retry handling stay fast.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .unwrap_or_else(|e| unreachable!("a fixed, valid configuration: {e}"))
    }

    /// A client builder for the sandbox, with its [`secret_key`](Sandbox::secret_key), its base
    /// URL and a tiny retry backoff set, for tests that adjust timeouts or retries.
    pub fn client_builder(&self) -> wooshpay::ClientBuilder {
        Client::builder()
            .secret_key(&self.secret_key)
            .base_url(&self.base_url)
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
    }

    /// Makes the next matching requests fail or wait (see [`Fault`]).
    pub fn inject(&self, fault: Fault) {
        self.shared
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(fault);
    }

    /// Moves the sandbox's clock forward by `by` and applies what came due: open Checkout
    /// Sessions past `expires_at` expire (`checkout.session.expired`, their PaymentIntent
    /// canceled as `abandoned`), and active subscriptions past their period's end are billed
    /// for the next period. Objects created afterwards carry the advanced time. Over HTTP:
    /// `POST /v1/test_helpers/advance_time` with `{"seconds": N}`.
    pub fn advance_time(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.shared.with_state(|state| {
            state.store.advance(ms);
            crate::flows::clock::tick(&mut state.store);
        });
    }

    /// The latest requests received, oldest first: at most
    /// [`request_log_capacity`](SandboxBuilder::request_log_capacity) of them (1,000 by
    /// default), the older ones dropped. A request refused before its body was read (no key,
    /// too large, cut off) is kept without its body.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .snapshot()
    }

    /// Does what the customer would do on the session's hosted page, typing the test card the
    /// outcome names ([`CARD_SUCCEEDS`](super::CARD_SUCCEEDS),
    /// [`CARD_DECLINED`](super::CARD_DECLINED), [`CARD_THREE_D_SECURE`](super::CARD_THREE_D_SECURE))
    /// or pressing Cancel: paying completes the session and succeeds its PaymentIntent,
    /// recording `payment_intent.succeeded` and `checkout.session.completed`.
    pub fn checkout(
        &self,
        session_id: &str,
        outcome: CheckoutOutcome,
    ) -> Result<CheckoutResult, Error> {
        let card = |number: &str| Choice::Card(checkout_session::Card::test(number));
        let choice = match outcome {
            CheckoutOutcome::Pay => card(super::CARD_SUCCEEDS),
            CheckoutOutcome::Decline => card(super::CARD_DECLINED),
            CheckoutOutcome::ThreeDSecure => card(super::CARD_THREE_D_SECURE),
            CheckoutOutcome::Cancel => Choice::Cancel,
        };
        let base = self.base_url.clone();
        self.shared
            .with_state(|state| checkout_session::choose(&mut state.store, session_id, choice))
            .map(|next| match next {
                Next::Redirect(url) if url.starts_with(&format!("{base}/3ds/")) => {
                    CheckoutResult::ChallengeRequired(url)
                }
                Next::Redirect(url) => CheckoutResult::Redirected(url),
                Next::Declined { message, .. } => CheckoutResult::Declined(message),
            })
            .map_err(|e| Error::InvalidRequest(e.message().into()))
    }

    /// Finishes the 3-D Secure challenge of a PaymentIntent (or, in a setup-mode session, a
    /// SetupIntent: `seti_…`) in `requires_action`: passed succeeds it (and completes its
    /// Checkout Session), failed declines it. Returns where the customer goes next.
    pub fn authenticate(&self, payment_intent_id: &str, passed: bool) -> Result<String, Error> {
        self.shared
            .with_state(|state| {
                hosted_page::finish_challenge(&mut state.store, payment_intent_id, passed)
            })
            .map_err(|e| Error::InvalidRequest(e.message().into()))
    }

    /// Every event the sandbox has recorded, newest first: what a `list_events` would return
    /// (the API documents only `retrieve_event`, which serves each of them).
    pub fn events(&self) -> Vec<wooshpay::types::Event> {
        let events: Vec<serde_json::Value> = self.shared.with_state(|state| {
            state
                .store
                .newest_first(crate::state::store::EVENTS)
                .into_iter()
                .cloned()
                .collect()
        });
        events
            .into_iter()
            .filter_map(|event| serde_json::from_value(event).ok())
            .collect()
    }

    /// Every webhook delivery so far (one per event and endpoint), in the order they were made.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared
            .deliveries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until every delivery so far has finished (delivered or out of attempts), at most
    /// `timeout`, and returns them.
    pub async fn settled_deliveries(&self, timeout: Duration) -> Vec<Delivery> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let deliveries = self.deliveries();
            if deliveries.iter().all(|d| d.finished) || tokio::time::Instant::now() >= deadline {
                return deliveries;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.server.abort();
    }
}
