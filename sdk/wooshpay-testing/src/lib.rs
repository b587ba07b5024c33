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
//! [`Sandbox`] is a local, stateful WooshPay: every operation acts on stored objects (built from
//! the request and the API's rules, never from the docs' examples, with fresh prefixed ids and
//! `created` in ms; amounts, currencies and metadata are checked as the API checks them), lists
//! page newest first with real cursors, and idempotency keys replay or conflict. Payments follow
//! the test cards ([`CARD_SUCCEEDS`], [`CARD_DECLINED`], [`CARD_THREE_D_SECURE`]); a Checkout
//! Session's `url` is a hosted HTML page (see [`Sandbox::checkout`]); every change records an
//! event, delivered signed to the webhook endpoints ([`Sandbox::deliveries`]). A fresh sandbox
//! holds the spec's documented objects ([`SandboxBuilder::empty`] starts without them). Requests
//! are checked the way the API would: an unknown id gets a 404 naming it, a body that does not
//! fit the request schema a 400 naming the field, a request without the sandbox's own
//! [`secret_key`](Sandbox::secret_key) a 401 — all in WooshPay's error shape. Only event types
//! the spec lists are recorded, and a webhook endpoint's secret appears only in the response
//! that creates it. It can be told to fail or slow down, per operation, to test retries.
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
//! # Test cards
//!
//! Confirming a payment (through the API's `payment_method_data`, or by typing the card on the
//! hosted checkout page) decides by card number. Any future expiry and any 3-digit CVC work.
//!
//! | card number        | outcome                                                              |
//! |--------------------|----------------------------------------------------------------------|
//! | `4111111111111111` | succeeds ([`CARD_SUCCEEDS`]); `requires_capture` with manual capture  |
//! | `4242424242424242` | succeeds                                                              |
//! | `4000002500003155` | asks for 3-D Secure ([`CARD_THREE_D_SECURE`]): passed succeeds, failed is declined (`payment_intent_authentication_failure`) |
//! | `4000000000000002` | declined: `card_declined` / `generic_decline` ([`CARD_DECLINED`])      |
//! | `4000000000009995` | declined: `card_declined` / `insufficient_funds`                      |
//! | `4000000000009987` | declined: `card_declined` / `lost_card`                               |
//! | `4000000000009979` | declined: `card_declined` / `stolen_card`                             |
//! | `4000000000000069` | declined: `expired_card`                                              |
//! | `4000000000000127` | declined: `incorrect_cvc`                                             |
//! | `4000000000000119` | declined: `processing_error`                                          |
//! | any other number passing the Luhn check | succeeds                                         |
//! | any number failing it | refused: 402 `incorrect_number` (on the page: "Your card number is incorrect.") |
//!
//! A decline is a 402 `card_error` carrying the PaymentIntent, which goes back to
//! `requires_payment_method`. WooshPay publishes no test cards; these are Stripe's numbers.
//!
//! # The hosted checkout page
//!
//! A session's `url` is an HTML page without JavaScript: its line items and total (in the
//! currency's units: `3,000 JPY`, `1,350.00 USD`), an email, card number, expiry and CVC form,
//! and a Cancel link. Every post is answered with a 303, so a reload never posts again; pages
//! are sent `Cache-Control: no-store`. A paid session shows a sentence and a link to its
//! `success_url`, an expired one answers 410, Cancel without a `cancel_url` leads to the
//! sandbox's own page, and a failed 3-D Secure is said on the page.
//!
//! # What the sandbox honours
//!
//! No parameter is ignored silently: each one an operation is sent is applied (to the stored
//! object, the payment flow or the list's filters) or refused with a 400
//! `parameter_unsupported` naming it. [`Operation::honoured_body_parameters`] and
//! [`Operation::honoured_query_parameters`] give the list for every operation. In short:
//!
//! | operations | honoured |
//! |---|---|
//! | `create_checkout_session` | every documented parameter but `discounts` and `subscription_data`; line items by `price` or `price_data` (`currency`, `unit_amount`, `product`, `product_data`, `recurring`) and `quantity` |
//! | `create_payment_intent`, `confirm_payment_intent` | every documented parameter; `payment_method_data` of `type: card` only; `off_session` and `error_on_requires_action` decline a card that asks for 3-D Secure |
//! | `update_payment_intent` | every documented parameter but `confirm` and `payment_method_data` |
//! | `create_setup_intent`, `confirm_setup_intent`, `cancel_setup_intent` | the card, `payment_method`, `return_url`, `confirm`, and the stored fields on create |
//! | `attach_payment_method`, `detach_payment_method`, `close_dispute`, `capture_payment_intent`, `cancel_payment_intent`, `create_refund` | every documented parameter |
//! | other creates and updates | the parameters that are fields of the object (stored as sent); request-only ones (`trial_period_days`, `proration_behavior`, `submit`…) are refused |
//! | lists | `limit`, `starting_after`, `ending_before`, `created[gt\|gte\|lt\|lte]`, and a filter per field of the listed objects |
//! | searches | `query` (clauses `field:'value'` or `metadata['key']:'value'` joined by ` AND `) and `limit` |
//!
//! Time filters and time fields take seconds or milliseconds (read by size: below 10^11,
//! seconds), and compare instants.
//!
//! For finer control of single responses, the [`mock`] module has typed
//! [httpmock](https://docs.rs/httpmock) helpers for every operation; [`mock_client`] is a
//! client for such a server.
//!
//! Every client made here ([`Sandbox::client`], [`mock_client`]) uses [`DUMMY_SECRET_KEY`] (the
//! sandbox's key unless [`SandboxBuilder::secret_key`] sets another), never a real key: test
//! servers log requests with their headers (httpmock at DEBUG and TRACE).

mod answer;
mod auth;
mod body;
mod build;
mod clients;
mod collections;
mod currency;
mod deliveries;
mod exchange;
mod fields;
mod flows;
#[rustfmt::skip] // formatted by the generator (prettyplease)
mod generated;
mod hosted_page;
mod html;
mod http;
mod listen;
mod operate;
pub mod operations;
mod request_log;
mod respond;
mod server;
mod state;
mod test_helpers;
mod time;
mod urls;
mod validate;

pub use clients::{DUMMY_SECRET_KEY, mock_client, mock_client_builder};
pub use deliveries::Delivery;
pub use flows::cards::{CARD_DECLINED, CARD_SUCCEEDS, CARD_THREE_D_SECURE};

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

impl Operation {
    /// The body parameters the sandbox honours for this operation (a parameter covers what is
    /// nested in it; `line_items[].price_data.currency` names a field of every item). Any other
    /// body parameter is refused with a 400 `parameter_unsupported` naming it, never ignored.
    pub fn honoured_body_parameters(&self) -> Vec<String> {
        state::params::honoured(
            self.collection,
            self.kind,
            &state::seed::template(self.collection),
        )
    }

    /// The query parameters the sandbox honours for this operation: for lists, the cursors,
    /// `limit`, `created[…]` and a filter per field of the listed objects; for searches,
    /// `query` and `limit`; for others, none. Any other is refused like a body parameter.
    pub fn honoured_query_parameters(&self) -> Vec<String> {
        use operations::OperationKind as Kind;
        match self.kind {
            Kind::Search => vec!["query".into(), "limit".into()],
            Kind::List | Kind::SubList(_) => {
                let mut names: Vec<String> = [
                    "limit",
                    "starting_after",
                    "ending_before",
                    "created[gt]",
                    "created[gte]",
                    "created[lt]",
                    "created[lte]",
                ]
                .map(String::from)
                .to_vec();
                if self.kind == Kind::List {
                    let template = state::seed::template(self.collection);
                    for (name, value) in template.as_object().into_iter().flatten() {
                        names.push(name.clone());
                        // A field of a nested object is filtered on as `parent[field]`.
                        for (inner, _) in value.as_object().into_iter().flatten() {
                            names.push(format!("{name}[{inner}]"));
                        }
                    }
                }
                names
            }
            _ => Vec::new(),
        }
    }
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
    /// The keys the API accepts.
    keys: auth::Keys,
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
            // Whatever came due on the clock happens before the request sees the state.
            flows::clock::tick(&mut state.store);
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
