//! The test kit of the [`wooshpay`] SDK: an offline WooshPay for your tests, and typed
//! httpmock helpers. Add it as a dev-dependency beside `wooshpay`:
//!
//! ```toml
//! [dependencies]
//! wooshpay = "0.1"
//!
//! [dev-dependencies]
//! wooshpay-testing = "0.1"
//! ```
//!
//! [`Sandbox`] is a local, stateful WooshPay: every operation acts on stored objects (created
//! from the request over the spec's example, with fresh prefixed ids and `created` in ms), lists
//! page newest first with real cursors, and idempotency keys replay or conflict. Payments follow
//! the test cards ([`CARD_SUCCEEDS`], [`CARD_DECLINED`], [`CARD_THREE_D_SECURE`]); a Checkout
//! Session's `url` is a hosted HTML page (see [`Sandbox::checkout`]); every change records an
//! event, delivered signed to the webhook endpoints ([`Sandbox::deliveries`]). A fresh sandbox
//! holds the spec's documented objects ([`SandboxBuilder::empty`] starts without them). Requests
//! are checked the way the API would: an unknown id gets a 404 naming it, a body that does not
//! fit the request schema a 400 naming the field, a request without a key a 401 — all in
//! WooshPay's error shape. It can be told to fail or slow down, per operation, to test retries.
//! Its server keeps serving whatever clients do: connections are capped and their headers and
//! bodies have deadlines, a body over the limit is a 413 and one that does not arrive whole a
//! 400 that changes nothing, and it keeps only the latest requests (see the [`SandboxBuilder`]
//! options).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use wooshpay_testing::{Fault, Sandbox};
//!
//! let sandbox = Sandbox::start().await?;
//! let client = sandbox.client();
//!
//! let intent = client
//!     .create_payment_intent()
//!     .amount(1000)
//!     .currency("USD")
//!     .send()
//!     .await?;
//! assert_eq!(intent.object, "payment_intent");
//!
//! // The next call fails once with a 503, which the client retries.
//! sandbox.inject(Fault::status(503).times(1));
//! let again = client.retrieve_payment_intent().id(&intent.id).send().await?;
//! assert_eq!(again.id, intent.id);
//! assert_eq!(sandbox.requests().len(), 3);
//! # Ok(())
//! # }
//! ```
//!
//! For finer control of single responses, the [`mock`] module has typed
//! [httpmock](https://docs.rs/httpmock) helpers for every operation; [`mock_client`] is a
//! client for such a server.
//!
//! Every client made here ([`Sandbox::client`], [`mock_client`]) uses [`DUMMY_SECRET_KEY`],
//! never a real key: test servers log requests with their headers (httpmock at DEBUG and TRACE).

mod body;
mod build;
mod clients;
mod deliveries;
mod flows;
#[rustfmt::skip] // formatted by the generator (prettyplease)
mod generated;
mod hosted_page;
mod html;
mod http;
mod listen;
pub mod operations;
mod request_log;
mod respond;
mod server;
mod state;
mod urls;

pub use clients::{DUMMY_SECRET_KEY, mock_client, mock_client_builder};
pub use deliveries::Delivery;
pub use flows::payment_intent::{CARD_DECLINED, CARD_SUCCEEDS, CARD_THREE_D_SECURE};

use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use build::TestBuilder;
pub use generated::{builders, mock, schemas};
pub use operations::Operation;
pub use server::{CheckoutOutcome, CheckoutResult, Sandbox, SandboxBuilder};

/// Every operation of the API (see [`operations::OPERATIONS`]).
pub fn operations() -> impl Iterator<Item = &'static Operation> {
    operations::OPERATIONS.iter()
}

/// A failure the sandbox injects into the next matching requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    status: Option<u16>,
    delay: Option<Duration>,
    retry_after: Option<u64>,
    operation: Option<String>,
    times: usize,
}

impl Fault {
    /// Answer with this status (and an `api_error` body) instead of the example.
    pub fn status(status: u16) -> Fault {
        Fault {
            status: Some(status),
            delay: None,
            retry_after: None,
            operation: None,
            times: 1,
        }
    }

    /// Wait this long before answering (combine with [`Fault::with_status`] to fail too).
    pub fn delay(delay: Duration) -> Fault {
        Fault {
            status: None,
            delay: Some(delay),
            retry_after: None,
            operation: None,
            times: 1,
        }
    }

    /// Also answer with this status.
    pub fn with_status(mut self, status: u16) -> Fault {
        self.status = Some(status);
        self
    }

    /// Send a `Retry-After` header with this many seconds.
    pub fn retry_after(mut self, seconds: u64) -> Fault {
        self.retry_after = Some(seconds);
        self
    }

    /// Only requests of this operation (e.g. `create_payment_intent`).
    pub fn operation(mut self, operation_id: impl Into<String>) -> Fault {
        self.operation = Some(operation_id.into());
        self
    }

    /// For this many matching requests (default 1).
    pub fn times(mut self, times: usize) -> Fault {
        self.times = times;
        self
    }
}

/// A request the sandbox received.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The HTTP method.
    pub method: String,
    /// The path and query as sent.
    pub target: String,
    /// The operation it matched, if any.
    pub operation_id: Option<&'static str>,
    /// The `Idempotency-Key` header, if sent.
    pub idempotency_key: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// State shared between the sandbox handle and its server task.
#[derive(Debug)]
struct Shared {
    faults: Mutex<Vec<Fault>>,
    requests: Mutex<request_log::RequestLog>,
    limits: listen::Limits,
    /// The objects; one lock, held only while a request is applied (never across an await).
    state: Mutex<state::Sandboxed>,
    deliveries: Arc<Mutex<Vec<Delivery>>>,
    http: reqwest::Client,
    base_url: String,
    runtime: tokio::runtime::Handle,
}

impl Shared {
    /// Runs `change` on the state, then sends the events it recorded to the webhook endpoints.
    fn with_state<T>(&self, change: impl FnOnce(&mut state::Sandboxed) -> T) -> T {
        let (result, events, targets) = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let result = change(&mut state);
            let events = state.store.take_fresh_events();
            let targets = if events.is_empty() {
                Vec::new()
            } else {
                deliveries::targets(&state.store)
            };
            (result, events, targets)
        };
        deliveries::dispatch(
            &self.runtime,
            &self.http,
            &self.deliveries,
            events,
            targets,
            &self.base_url,
        );
        result
    }
}

impl Shared {
    /// Logs a received request and returns its number (1 for the first).
    fn log(&self, request: ReceivedRequest) -> u64 {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(request)
    }

    /// Takes one use of the first fault matching `operation`.
    fn take_fault(&self, operation: Option<&str>) -> Option<Fault> {
        let mut faults = self.faults.lock().unwrap_or_else(|e| e.into_inner());
        let index = faults.iter().position(|f| {
            f.times > 0
                && f.operation
                    .as_deref()
                    .is_none_or(|op| Some(op) == operation)
        })?;
        let fault = faults[index].clone();
        faults[index].times -= 1;
        if faults[index].times == 0 {
            faults.remove(index);
        }
        Some(fault)
    }
}

type SharedState = Arc<Shared>;
