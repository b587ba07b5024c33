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
//!
//! # What the header parser accepts
//!
//! Strict where it protects: only a `v1` of exactly 64 hexadecimal digits (upper or lower case,
//! nothing else) is compared, a header without one is malformed, and an empty secret is refused ([`WebhookError::EmptySecret`]) rather than
//! verifying signatures anyone could make. Tolerant where it does not: whitespace around items,
//! empty items and a trailing comma are skipped, unknown schemes (`v0`, …) are ignored, and
//! several signatures are all tried — several `v1` in one header (a secret being rotated),
//! several headers ([`construct_event_from_headers`], [`verify_signatures`]), or several headers
//! joined into one line by a proxy (each `t=` starts a new signature).

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
    /// The endpoint secret is empty or only whitespace (an unset environment variable?).
    #[error("the webhook secret is empty: pass the endpoint's `whsec_…` secret")]
    EmptySecret,
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

/// The signature header's value: `Wooshpay-Signature`, or else `Signature`. Only the first
/// value; [`signature_headers`] returns all of them.
pub fn signature_header(headers: &HeaderMap) -> Option<&str> {
    SIGNATURE_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
}

/// Every value of every signature header (`Wooshpay-Signature` first, then `Signature`), in
/// the order received. Values that are not text are skipped.
pub fn signature_headers(headers: &HeaderMap) -> Vec<&str> {
    SIGNATURE_HEADERS
        .iter()
        .flat_map(|name| headers.get_all(*name))
        .filter_map(|value| value.to_str().ok())
        .collect()
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
    verify_signatures(payload, [header_value], secret, tolerance, now)
}

/// [`verify_signature`] over several header values (every signature header of a delivery, see
/// [`signature_headers`]): accepts when any signature of any of them matches and is within the
/// tolerance. With no values at all, the error is [`WebhookError::MissingHeader`].
pub fn verify_signatures<'h>(
    payload: &[u8],
    header_values: impl IntoIterator<Item = &'h str>,
    secret: &str,
    tolerance: Duration,
    now: SystemTime,
) -> Result<(), WebhookError> {
    if secret.trim().is_empty() {
        return Err(WebhookError::EmptySecret);
    }
    let mut signed = Vec::new();
    let mut first_error = None;
    let mut values = 0;
    for value in header_values {
        values += 1;
        match SignatureHeader::parse(value) {
            Ok(parsed) => signed.extend(parsed.signed),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if signed.is_empty() {
        return Err(first_error.unwrap_or(if values == 0 {
            WebhookError::MissingHeader
        } else {
            WebhookError::NoSignature
        }));
    }
    // Every candidate is compared (in constant time each), so timing does not tell which one
    // matched; the newest matching timestamp decides the age check.
    let mut newest_match: Option<&Signed> = None;
    for candidate in &signed {
        let expected = mac(secret, candidate.timestamp_text, payload);
        let matched = candidate.signatures.iter().fold(false, |any, signature| {
            expected.clone().verify_slice(signature).is_ok() | any
        });
        if matched && newest_match.is_none_or(|m| m.timestamp < candidate.timestamp) {
            newest_match = Some(candidate);
        }
    }
    let Some(matched) = newest_match else {
        return Err(WebhookError::SignatureMismatch);
    };
    if tolerance.is_zero() {
        return Ok(());
    }
    let signed_at = matched.signed_at();
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

/// Verifies a delivery given its headers (every signature header is read, see
/// [`signature_headers`]) with the default tolerance at the current time, then parses its event.
pub fn construct_event_from_headers(
    payload: &[u8],
    headers: &HeaderMap,
    secret: &str,
) -> Result<Event, WebhookError> {
    verify_signatures(
        payload,
        signature_headers(headers),
        secret,
        DEFAULT_TOLERANCE,
        SystemTime::now(),
    )?;
    parse_event(payload)
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

/// One signed timestamp and the `v1` signatures given for it.
#[derive(Debug, PartialEq, Eq)]
struct Signed<'a> {
    timestamp: i64,
    timestamp_text: &'a str,
    signatures: Vec<[u8; SIGNATURE_BYTES]>,
}

impl Signed<'_> {
    /// `t` as a point in time, read as milliseconds when it has 12 or more digits.
    fn signed_at(&self) -> SystemTime {
        crate::types::Timestamp(self.timestamp).to_system_time()
    }
}

/// A parsed header value: each `t=` followed by its `v1` signatures.
#[derive(Debug, PartialEq, Eq)]
struct SignatureHeader<'a> {
    signed: Vec<Signed<'a>>,
}

impl<'a> SignatureHeader<'a> {
    fn parse(value: &'a str) -> Result<Self, WebhookError> {
        let malformed = |why: &str| WebhookError::MalformedHeader(why.to_string());
        if value.trim().is_empty() {
            return Err(WebhookError::MissingHeader);
        }
        let mut signed: Vec<Signed<'a>> = Vec::new();
        let mut malformed_signatures = 0;
        for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (key, val) = item
                .split_once('=')
                .ok_or_else(|| malformed("an item is not `key=value`"))?;
            let val = val.trim();
            match key.trim() {
                "t" => signed.push(Signed {
                    timestamp: parse_timestamp(val)
                        .ok_or_else(|| malformed("`t` is not an integer"))?,
                    timestamp_text: val,
                    signatures: Vec::new(),
                }),
                "v1" => {
                    let group = signed
                        .last_mut()
                        .ok_or_else(|| malformed("a `v1` signature comes before any `t`"))?;
                    // A malformed candidate is never compared; it only decides the error
                    // when no well-formed one is left.
                    match decode_hex(val) {
                        Some(signature) => group.signatures.push(signature),
                        None => malformed_signatures += 1,
                    }
                }
                _ => {} // other schemes (v0, …) are ignored
            }
        }
        if signed.is_empty() {
            return Err(malformed("no `t` timestamp"));
        }
        signed.retain(|s| !s.signatures.is_empty());
        if signed.is_empty() && malformed_signatures > 0 {
            return Err(malformed(
                "no `v1` signature is exactly 64 hexadecimal digits",
            ));
        }
        if signed.is_empty() {
            return Err(WebhookError::NoSignature);
        }
        Ok(SignatureHeader { signed })
    }
}

/// `t`: decimal digits only (an optional `-`), so that the signed text is the number read.
fn parse_timestamp(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
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

/// The length of an HMAC-SHA256 signature.
const SIGNATURE_BYTES: usize = 32;

/// Exactly 64 hex digits (either case) into the signature's bytes. Digit by digit, never
/// `from_str_radix`, which accepts a leading `+` and so would make signatures malleable.
fn decode_hex(text: &str) -> Option<[u8; SIGNATURE_BYTES]> {
    let digits = text.as_bytes();
    if digits.len() != 2 * SIGNATURE_BYTES {
        return None;
    }
    let mut out = [0u8; SIGNATURE_BYTES];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
    }
    Some(out)
}

fn hex_digit(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
