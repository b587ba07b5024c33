//! Recipes for the everyday code of a shop backend. Each one compiles and runs as a test,
//! against the offline sandbox or a mock (the `mock` feature).
//!
//! # Checkout with inline prices
//!
//! Body fields are setters on the call. A list setter takes any iterator of its items, nested
//! builders included; metadata takes any pairs. A required field left out is reported, with its
//! path, by `send()` before anything is sent.
//!
//! ```
//! use wooshpay::prelude::*;
//! use wooshpay::types::{CheckoutSessionMode, LineItemParams, PriceDataParams, ProductDataParams};
//!
//! struct CartLine { name: String, unit_amount: i64, quantity: i64 }
//!
//! async fn checkout(client: &Client, cart: &[CartLine], order_id: &str) -> Result<String, Error> {
//!     let session = client
//!         .create_checkout_session()
//!         .mode(CheckoutSessionMode::Payment)
//!         .line_items(cart.iter().map(|line| {
//!             LineItemParams::builder()
//!                 .price_data(
//!                     PriceDataParams::builder()
//!                         .currency("USD")
//!                         .unit_amount(line.unit_amount)
//!                         .product_data(ProductDataParams::builder().name(&line.name)),
//!                 )
//!                 .quantity(line.quantity)
//!         }))
//!         .success_url("https://shop.example/success")
//!         .cancel_url("https://shop.example/cart")
//!         .client_reference_id(order_id)
//!         .metadata([("order_id", order_id), ("channel", "web")])
//!         .send()
//!         .await?;
//!     Ok(session.url.unwrap_or_default()) // redirect the customer here
//! }
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! # let sandbox = wooshpay_testing::Sandbox::start().await.unwrap();
//! # let cart = [CartLine { name: "Beans".into(), unit_amount: 1800, quantity: 2 }];
//! # checkout(&sandbox.client(), &cart, "order_42").await.unwrap();
//! # let sent: serde_json::Value = serde_json::from_slice(&sandbox.requests()[0].body).unwrap();
//! # assert_eq!(sent["line_items"][0]["price_data"]["product_data"]["name"], "Beans");
//! # }
//! ```
//!
//! # Every item of a list: `stream()`
//!
//! `stream()` requests the next page only when the previous one is used up; stop early and no
//! more pages are fetched.
//!
//! ```
//! use wooshpay::prelude::*;
//!
//! async fn product_names(client: &Client) -> Result<Vec<String>, Error> {
//!     let mut names = Vec::new();
//!     let mut products = client.list_products().limit(100).stream();
//!     while let Some(product) = products.try_next().await? {
//!         names.extend(product.name);
//!     }
//!     Ok(names)
//! }
//!
//! async fn first_ten_intent_ids(client: &Client) -> Result<Vec<String>, Error> {
//!     client.list_payment_intents().stream().take(10).map_ok(|intent| intent.id).try_collect().await
//! }
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! # let sandbox = wooshpay_testing::Sandbox::start().await.unwrap();
//! # assert!(!product_names(&sandbox.client()).await.unwrap().is_empty());
//! # assert!(!first_ten_intent_ids(&sandbox.client()).await.unwrap().is_empty());
//! # }
//! ```
//!
//! # Matching errors
//!
//! What WooshPay said is read straight off [`Error`](crate::Error): `code()`, `param()`,
//! `decline_code()`, `request_id()` and `status()` are `None` when the error is not an API
//! error.
//!
//! ```
//! use wooshpay::prelude::*;
//!
//! enum Outcome { Paid, Declined(String), NotFound, Failed(Error) }
//!
//! async fn confirm(client: &Client, intent: &str) -> Outcome {
//!     match client.confirm_payment_intent().id(intent).send().await {
//!         Ok(_) => Outcome::Paid,
//!         Err(e) if e.is_card_error() => {
//!             Outcome::Declined(e.decline_code().unwrap_or("generic_decline").to_string())
//!         }
//!         Err(e) if e.code() == Some("resource_missing") => Outcome::NotFound,
//!         Err(e) => {
//!             eprintln!("{e} (request id {:?})", e.request_id()); // quote it to support
//!             Outcome::Failed(e)
//!         }
//!     }
//! }
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! # let sandbox = wooshpay_testing::Sandbox::start().await.unwrap();
//! # assert!(matches!(confirm(&sandbox.client(), "pi_1").await, Outcome::NotFound));
//! # }
//! ```
//!
//! # A webhook endpoint
//!
//! `sdk/wooshpay/examples/webhook_axum.rs` is a complete axum handler: it verifies the signature with
//! [`webhook::construct_event`](crate::webhook::construct_event) and matches
//! [`event.typed()`](crate::types::Event::typed) by type. The heart of it:
//!
//! ```
//! use wooshpay::webhook::{self, TypedEvent, WebhookError};
//!
//! fn handle(body: &[u8], signature: &str, secret: &str) -> Result<(), WebhookError> {
//!     let event = webhook::construct_event(body, signature, secret)?;
//!     match event.typed()? {
//!         TypedEvent::PaymentIntentSucceeded(intent) => println!("fulfil the order of {}", intent.id),
//!         TypedEvent::CheckoutSessionCompleted(session) => println!("{} is paid", session.id),
//!         _ => {} // acknowledge the rest
//!     }
//!     Ok(())
//! }
//! # let body = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","object":"payment_intent"}}}"#;
//! # let signature = webhook::sign_payload(body, "whsec_1", std::time::SystemTime::now());
//! # handle(body, &signature, "whsec_1").unwrap();
//! # assert!(handle(body, &signature, "whsec_2").is_err());
//! ```
//!
//! # Testing a whole checkout offline
//!
//! The sandbox keeps what you create, serves the session's hosted page, and delivers signed
//! events to your webhook endpoint; `sandbox.checkout` does what the customer would do there.
//!
//! ```
//! use std::time::Duration;
//!
//! use wooshpay::prelude::*;
//! use wooshpay_testing::{CheckoutOutcome, Sandbox};
//! use wooshpay::types::{CheckoutSessionMode, LineItemParams, PriceDataParams, ProductDataParams};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), wooshpay::Error> {
//! // Your webhook endpoint would be here; the sandbox records every delivery attempt.
//! let sandbox = Sandbox::builder()
//!     .empty()
//!     .webhook_endpoint("http://127.0.0.1:9/webhooks")
//!     .start()
//!     .await?;
//! let client = sandbox.client();
//! let session = client
//!     .create_checkout_session()
//!     .mode(CheckoutSessionMode::Payment)
//!     .line_items([LineItemParams::builder()
//!         .price_data(
//!             PriceDataParams::builder()
//!                 .currency("EUR")
//!                 .unit_amount(1250)
//!                 .product_data(ProductDataParams::builder().name("Beans")),
//!         )
//!         .quantity(2)])
//!     .success_url("https://shop.example/success?session={CHECKOUT_SESSION_ID}")
//!     .send()
//!     .await?;
//! assert_eq!(session.amount_total, Some(2500));
//!
//! sandbox.checkout(&session.id, CheckoutOutcome::Pay)?; // the customer pays
//! let paid = client.retrieve_checkout_session().id(&session.id).send().await?;
//! assert_eq!(paid.payment_status.map(|s| s.as_str().to_string()).as_deref(), Some("paid"));
//!
//! let deliveries = sandbox.settled_deliveries(Duration::from_secs(2)).await;
//! let types: Vec<&str> = deliveries.iter().map(|d| d.event_type.as_str()).collect();
//! assert!(types.contains(&"checkout.session.completed"), "{types:?}");
//! # Ok(())
//! # }
//! ```
//!
//! # Testing a card decline and a retry
//!
//! The sandbox injects failures (here two 503s, which the client retries); a typed mock answers
//! an operation with the error of your choice.
//!
//! ```
//! use wooshpay_testing::mock::MockServerExt;
//! use wooshpay_testing::{Fault, Sandbox, TestBuilder};
//! use wooshpay::types::{ApiError, ErrorResponse};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), wooshpay::Error> {
//! // Retries: the call succeeds on its third attempt.
//! let sandbox = Sandbox::start().await?;
//! sandbox.inject(Fault::status(503).times(2));
//! // The sandbox holds the documented objects, such as this PaymentIntent.
//! sandbox.client().retrieve_payment_intent().id("pi_1604012360740110336").send().await?;
//! assert_eq!(sandbox.requests().len(), 3);
//!
//! // A decline: the mock answers 402 with a card error.
//! let server = httpmock::MockServer::start_async().await;
//! let declined = ErrorResponse::try_from(ErrorResponse::builder().error(
//!     ApiError::builder()
//!         .type_("card_error")
//!         .code("card_declined")
//!         .decline_code("insufficient_funds"),
//! ))?;
//! server.confirm_payment_intent(|when, then| {
//!     when.id("pi_1");
//!     then.client_error(402, &declined);
//! });
//! let client = wooshpay::Client::builder()
//!     .secret_key("sk_test_dummy")
//!     .base_url(server.base_url())
//!     .build()?;
//! let error = client.confirm_payment_intent().id("pi_1").send().await.unwrap_err();
//! assert!(error.is_card_error());
//! assert_eq!(error.decline_code(), Some("insufficient_funds"));
//! # Ok(())
//! # }
//! ```
