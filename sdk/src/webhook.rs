//! Webhooks: verifying that a delivery comes from WooshPay, and reading its event.
//!
//! WooshPay signs each delivery with the endpoint's secret (`whsec_…`): the
//! `Wooshpay-Signature` header (a newer doc page calls it `Signature`) carries
//! `t=<timestamp>,v1=<hex>`, where the hex is HMAC-SHA256 over `"<t>.<raw body>"`.
//!
//! ```no_run
//! # fn handle(headers: &reqwest::header::HeaderMap, body: &[u8]) -> Result<(), wooshpay::webhook::WebhookError> {
//! use wooshpay::webhook::{self, EventObject};
//!
//! let header = webhook::signature_header(headers).unwrap_or_default();
//! let event = webhook::construct_event(body, header, "whsec_…")?;
//! match event.object()? {
//!     EventObject::PaymentIntent(intent) => println!("{} {:?}", intent.id, event.type_),
//!     other => println!("{:?}: {other:?}", event.type_),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Timestamps, tolerance and redelivery
//!
//! A signature older or newer than the tolerance (default 5 minutes) is refused, so a captured
//! delivery cannot be replayed later. `t` is read in seconds or milliseconds (real deliveries
//! carry 13-digit milliseconds). WooshPay retries a failed delivery for up to 3 days, and one
//! integration reports that a retry keeps the original `t`: such a retry fails with
//! [`WebhookError::TimestampTooOld`] once the tolerance has passed. Acknowledge deliveries
//! quickly (2xx before heavy work) so they are not retried; if you must accept late retries,
//! raise the tolerance with [`verify_signature`] and de-duplicate on the event id.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;

pub use crate::generated::events::{EventObject, TypedEvent};
pub use crate::types::{Event, EventType};

/// The tolerance [`construct_event`] uses: 5 minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Header names that carry the signature, in order of preference.
pub const SIGNATURE_HEADERS: [&str; 2] = ["wooshpay-signature", "signature"];

/// Why a delivery was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// Neither `Wooshpay-Signature` nor `Signature` was present.
    #[error("the delivery has no Wooshpay-Signature (or Signature) header")]
    MissingHeader,
    /// The header is not of the form `t=<timestamp>,v1=<hex>`.
    #[error("the signature header is malformed: {0}")]
    MalformedHeader(String),
    /// The header has a timestamp but no `v1` signature.
    #[error("the signature header has no v1 signature")]
    NoSignature,
    /// No `v1` signature matches the payload and secret.
    #[error("no v1 signature matches the payload: wrong secret, or the body was changed")]
    SignatureMismatch,
    /// The signature is older than the tolerance.
    #[error("the signature timestamp is {age:?} old, more than the tolerance of {tolerance:?}")]
    TimestampTooOld {
        /// How old the timestamp is.
        age: Duration,
        /// The tolerance it exceeds.
        tolerance: Duration,
    },
    /// The signature is further in the future than the tolerance.
    #[error(
        "the signature timestamp is {ahead:?} in the future, more than the tolerance of {tolerance:?}"
    )]
    TimestampInFuture {
        /// How far ahead the timestamp is.
        ahead: Duration,
        /// The tolerance it exceeds.
        tolerance: Duration,
    },
    /// `data.object.object` is not the kind of object the event's type carries (or is missing).
    #[error(
        "`data.object.object` is {}, but a `{event_type}` event carries a `{expected}`",
        found.as_deref().map_or_else(|| "missing".to_string(), |f| format!("`{f}`"))
    )]
    ObjectMismatch {
        /// The event's type.
        event_type: String,
        /// The `object` value that type carries, e.g. `payment_intent`.
        expected: &'static str,
        /// The `object` value the event has, if any.
        found: Option<String>,
    },
    /// The verified payload is not an event; `path` is where decoding failed.
    #[error("the payload is not a WooshPay event at `{path}`: {message}")]
    InvalidPayload {
        /// The JSON path that failed (`.` for the root).
        path: String,
        /// What was wrong there.
        message: String,
    },
}

/// The signature header's value: `Wooshpay-Signature`, or else `Signature`.
pub fn signature_header(headers: &HeaderMap) -> Option<&str> {
    SIGNATURE_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
}

/// Verifies a delivery: `payload` is the raw request body, `header_value` the signature header,
/// `secret` the endpoint's secret exactly as given. Accepts when any `v1` signature matches
/// (several are sent while a secret is rotated), compared in constant time. A `tolerance` of
/// zero skips the timestamp check.
pub fn verify_signature(
    payload: &[u8],
    header_value: &str,
    secret: &str,
    tolerance: Duration,
    now: SystemTime,
) -> Result<(), WebhookError> {
    let header = SignatureHeader::parse(header_value)?;
    let expected = mac(secret, header.timestamp_text, payload);
    let matched = header
        .signatures
        .iter()
        .filter_map(|hex| decode_hex(hex))
        .fold(false, |any, candidate| {
            expected.clone().verify_slice(&candidate).is_ok() | any
        });
    if !matched {
        return Err(WebhookError::SignatureMismatch);
    }
    if tolerance.is_zero() {
        return Ok(());
    }
    let signed_at = header.signed_at();
    match now.duration_since(signed_at) {
        Ok(age) if age > tolerance => Err(WebhookError::TimestampTooOld { age, tolerance }),
        Ok(_) => Ok(()),
        Err(ahead) if ahead.duration() > tolerance => Err(WebhookError::TimestampInFuture {
            ahead: ahead.duration(),
            tolerance,
        }),
        Err(_) => Ok(()),
    }
}

/// Verifies a delivery with the default tolerance at the current time, then parses its event.
pub fn construct_event(
    payload: &[u8],
    header_value: &str,
    secret: &str,
) -> Result<Event, WebhookError> {
    verify_signature(
        payload,
        header_value,
        secret,
        DEFAULT_TOLERANCE,
        SystemTime::now(),
    )?;
    parse_event(payload)
}

/// Parses an event without verifying it (for events fetched from the API, or already verified).
pub fn parse_event(payload: &[u8]) -> Result<Event, WebhookError> {
    let invalid = |path: String, message: String| WebhookError::InvalidPayload { path, message };
    let mut deserializer = serde_json::Deserializer::from_slice(payload);
    let event = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| invalid(e.path().to_string(), e.inner().to_string()))?;
    deserializer
        .end()
        .map_err(|e| invalid(".".into(), e.to_string()))?;
    Ok(event)
}

/// A valid signature header for `payload`, as WooshPay would send it at `at` (with a
/// millisecond `t`), so that applications can test their webhook handlers.
pub fn sign_payload(payload: &[u8], secret: &str, at: SystemTime) -> String {
    let millis = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let timestamp = millis.to_string();
    let signature = mac(secret, &timestamp, payload).finalize().into_bytes();
    format!("t={timestamp},v1={}", encode_hex(&signature))
}

impl Event {
    /// The event's type; [`EventType::Unknown`] for a type this SDK does not list, and for an
    /// event without one.
    pub fn event_type(&self) -> EventType {
        self.type_
            .clone()
            .unwrap_or_else(|| EventType::Unknown(String::new()))
    }

    /// `data.object` typed by the event's type ([`EventObject::Other`] with the raw JSON for
    /// types this SDK does not map). The raw JSON is always in `data.object` as well.
    pub fn object(&self) -> Result<EventObject, WebhookError> {
        let object = crate::event_objects::data_object(self).clone();
        EventObject::decode(&self.event_type(), object)
    }
}

struct SignatureHeader<'a> {
    timestamp: i64,
    timestamp_text: &'a str,
    signatures: Vec<&'a str>,
}

impl<'a> SignatureHeader<'a> {
    fn parse(value: &'a str) -> Result<Self, WebhookError> {
        let malformed = |why: &str| WebhookError::MalformedHeader(why.to_string());
        if value.trim().is_empty() {
            return Err(WebhookError::MissingHeader);
        }
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for item in value.split(',') {
            let (key, val) = item
                .trim()
                .split_once('=')
                .ok_or_else(|| malformed("an item is not `key=value`"))?;
            match key.trim() {
                "t" if timestamp.is_some() => return Err(malformed("more than one `t`")),
                "t" => timestamp = Some(val.trim()),
                "v1" => signatures.push(val.trim()),
                _ => {} // other schemes (v0, …) are ignored
            }
        }
        let timestamp_text = timestamp.ok_or_else(|| malformed("no `t` timestamp"))?;
        let timestamp = timestamp_text
            .parse()
            .map_err(|_| malformed("`t` is not an integer"))?;
        if signatures.is_empty() {
            return Err(WebhookError::NoSignature);
        }
        Ok(SignatureHeader {
            timestamp,
            timestamp_text,
            signatures,
        })
    }

    /// `t` as a point in time, read as milliseconds when it has 12 or more digits.
    fn signed_at(&self) -> SystemTime {
        crate::types::Timestamp(self.timestamp).to_system_time()
    }
}

fn mac(secret: &str, timestamp: &str, payload: &[u8]) -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!());
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
