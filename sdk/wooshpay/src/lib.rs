//! Rust SDK for the [WooshPay](https://wooshpay.com) payments API.
//!
//! ```no_run
//! # async fn example() -> Result<(), wooshpay::Error> {
//! // Reads WOOSHPAY_SECRET_KEY; `sk_test_…` talks to the test API, `sk_live_…` to the live one.
//! let client = wooshpay::Client::from_env()?;
//! let session = client
//!     .retrieve_checkout_session()
//!     .id("cs_1795782989284638720")
//!     .send()
//!     .await?;
//! println!("{} is {:?}", session.id, session.status);
//! # Ok(())
//! # }
//! ```
//!
//! # Organization
//!
//! | module | what | how it is made |
//! |---|---|---|
//! | [`Client`] | one method per API operation, each returning a builder | generated |
//! | [`builder`] | the request builders: parameters and body fields as setters; `send()` performs the call | generated |
//! | [`types`] | every schema of the API: resources, enums, request bodies | generated |
//! | [`types::builder`] | a builder per schema type, for nested request values (`LineItemParams::builder()`) | generated |
//! | [`ClientBuilder`] | keys, environments, base URL, timeouts, retries | hand-written |
//! | [`RetryPolicy`] | retries with backoff; each call can also set its key, retries and timeout | hand-written |
//! | [`Error`], [`ConversionError`] | transport, API and decode errors; a request value missing a field | hand-written |
//! | [`prelude`] | `use wooshpay::prelude::*`: the client, its error, the stream traits | hand-written |
//! | [`cookbook`] | recipes: checkout, lists, errors, webhooks, tests | hand-written |
//! | [`webhook`] | signature verification, typed events | hand-written; event types from the spec |
//! | [`raw`] | requests to any path with a JSON body, through the same runtime | hand-written |
//!
//! # Testing your payment code
//!
//! The test kit, the `wooshpay-testing` crate (a dev-dependency), has `Sandbox`, an offline
//! WooshPay for your tests, and typed httpmock helpers for every operation (its `mock` module):
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! // The application code under test: charge an order, return the PaymentIntent's id.
//! async fn charge(client: &wooshpay::Client, cents: i64) -> Result<String, wooshpay::Error> {
//!     let intent = client
//!         .create_payment_intent()
//!         .amount(cents)
//!         .currency("EUR")
//!         .send()
//!         .await?;
//!     Ok(intent.id)
//! }
//!
//! // The test: no network, no credentials.
//! let sandbox = wooshpay_testing::Sandbox::start().await.unwrap();
//! let id = charge(&sandbox.client(), 4200).await.unwrap();
//! assert!(id.starts_with("pi_"));
//! assert_eq!(sandbox.requests()[0].operation_id, Some("create_payment_intent"));
//!
//! // How does the code behave when WooshPay is down? (Two retries, then an error.)
//! sandbox.inject(wooshpay_testing::Fault::status(503).times(3));
//! assert_eq!(charge(&sandbox.client(), 4200).await.unwrap_err().status(), Some(503));
//! # }
//! ```
//!
//! A type and its builder share a name: `types::LineItemParams` is the value (what responses
//! hold and requests send), `types::builder::LineItemParams` (from `LineItemParams::builder()`)
//! collects its fields and is accepted wherever the value is.
//!
//! # Reading responses
//!
//! A resource's `id` and `object` are always there; every other field is an `Option`, because
//! WooshPay's responses leave fields out or send `null` for them (its own examples do), and a
//! response missing a field should still decode. A list's `data` is a `Vec`, empty when absent.
//! Fields WooshPay sends in more than one form read as one type: an id or the expanded object
//! is [`types::Expandable`], and a value sent as a JSON-encoded string (`"[\"card\"]"`, `""`
//! for none) reads as the value itself.
//!
//! ```
//! use wooshpay::types::{PaymentIntent, PaymentMethodType};
//!
//! // A `payment_intent.payment_failed` event's object, trimmed.
//! let intent: PaymentIntent = serde_json::from_str(r#"{"id": "pi_1", "object": "payment_intent",
//!     "payment_method_types": "[\"card\"]",
//!     "last_payment_error": {"type": "card_error", "decline_code": "insufficient_funds"}}"#)?;
//! let reason = intent.last_payment_error.as_ref().and_then(|e| e.decline_code.as_deref());
//! assert_eq!(reason.unwrap_or("unknown"), "insufficient_funds");
//! let cards = intent.payment_method_types.iter().flatten().any(|t| *t == PaymentMethodType::Card);
//! assert!(cards);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! The generated modules come from `spec/wooshpay.yaml` through `cargo xtask codegen` and are
//! never edited by hand. Enums are open: a value the server adds later arrives as
//! `Unknown(String)` instead of failing the response. Timestamps keep the raw integer
//! ([`types::Timestamp`]), which WooshPay sends in seconds or milliseconds.

#![deny(missing_docs)]

mod base_url;
mod body;
mod client;
mod conversion;
pub mod cookbook;
mod error;
mod event_objects;
mod execute;
mod expandable;
mod files;
#[rustfmt::skip] // formatted by the generator (prettyplease)
mod generated;
mod json_string;
mod metadata;
mod multipart;
mod next_action;
mod null_as_empty;
mod numbers;
mod open_enum;
mod options;
mod pagination;
pub mod raw;
mod request;
mod retry;
mod time_limit;
mod timestamp;
mod tls;
mod transport;
pub mod webhook;

/// What application code usually needs: `use wooshpay::prelude::*;`.
///
/// The client and its error, and the stream extension traits that consume a list's
/// `stream()` (`next`, `try_next`, `try_collect`, …).
pub mod prelude {
    pub use crate::{Client, Error};
    pub use futures_util::{StreamExt, TryStreamExt};
}

pub use client::{BASE_URL_ENV, ClientBuilder, DEFAULT_MAX_RESPONSE_SIZE, Mode, SECRET_KEY_ENV};
pub use conversion::ConversionError;
pub use error::{ApiError, DecodeError, Error};
pub use expandable::Identified;
pub use files::CreateFile;
pub use generated::{Client, builder, types};
pub use metadata::IntoMetadataValue;
pub(crate) use options::RequestOptions;
pub use pagination::{Cursor, ListPage};
pub use request::encode_path_segment;
pub use retry::RetryPolicy;
pub use transport::TransportError;
