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
//! | [`builder`] | the request builders; `send()` performs the call | generated |
//! | [`types`] | every schema of the API: resources, enums, request bodies | generated |
//! | [`ClientBuilder`] | keys, environments, base URL, timeouts, retries | hand-written |
//! | [`RetryPolicy`], [`RequestOptions`] | retries with backoff; per-request key, retries, timeout | hand-written |
//! | [`Error`] | transport, API and decode errors | hand-written |
//! | [`webhook`] | signature verification, typed events | hand-written; event types from the spec |
//! | `testing`, `mock` | offline sandbox, typed httpmock helpers (`mock` feature) | hand-written; routes and mocks generated |
//!
//! # Testing your payment code
//!
//! With the `mock` feature, `wooshpay::testing::Sandbox` is an offline WooshPay for your tests,
//! and `wooshpay::mock` has typed httpmock helpers for every operation:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! // The application code under test: charge an order, return the PaymentIntent's id.
//! async fn charge(client: &wooshpay::Client, cents: i64) -> Result<String, wooshpay::Error> {
//!     let intent = client
//!         .create_payment_intent()
//!         .body_map(|body| body.amount(cents).currency("EUR"))
//!         .send()
//!         .await?;
//!     Ok(intent.id)
//! }
//!
//! // The test: no network, no credentials.
//! let sandbox = wooshpay::testing::Sandbox::start().await.unwrap();
//! let id = charge(&sandbox.client(), 4200).await.unwrap();
//! assert!(id.starts_with("pi_"));
//! assert_eq!(sandbox.requests()[0].operation_id, Some("create_payment_intent"));
//!
//! // How does the code behave when WooshPay is down? (Two retries, then an error.)
//! sandbox.inject(wooshpay::testing::Fault::status(503).times(3));
//! assert_eq!(charge(&sandbox.client(), 4200).await.unwrap_err().status(), Some(503));
//! # }
//! ```
//!
//! The generated modules come from `spec/wooshpay.yaml` through `cargo xtask codegen` and are
//! never edited by hand. Enums are open: a value the server adds later arrives as
//! `Unknown(String)` instead of failing the response. Timestamps keep the raw integer
//! ([`types::Timestamp`]), which WooshPay sends in seconds or milliseconds.

mod client;
mod error;
mod execute;
mod files;
#[rustfmt::skip] // formatted by the generator (prettyplease)
mod generated;
mod multipart;
mod numbers;
mod options;
mod pagination;
mod request;
mod retry;
#[cfg(feature = "mock")]
pub mod testing;
mod timestamp;
mod transport;
pub mod webhook;

pub use client::{ClientBuilder, DEFAULT_MAX_RESPONSE_SIZE, Mode};
pub use error::{ApiError, DecodeError, Error};
pub use files::CreateFile;
#[cfg(feature = "mock")]
pub use generated::mock;
#[doc(hidden)]
pub use generated::schemas;
pub use generated::{Client, builder, types};
pub use options::RequestOptions;
pub use pagination::{Cursor, ListPage};
pub use retry::RetryPolicy;
pub use transport::TransportError;
