//! The SDK's one error type: what failed, where, and everything the server said.

use std::fmt;

use bytes::Bytes;

use crate::types;
use crate::{ConversionError, TransportError};

/// How much of a response body an [`ApiError`] or [`DecodeError`] keeps: enough for any error
/// object WooshPay sends and for a diagnosis, never a whole oversized body.
pub(crate) const MAX_ERROR_BODY: usize = 64 * 1024;

/// Everything that can go wrong when calling WooshPay.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be configured (missing or malformed key, bad base URL).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request was refused before anything was sent: a missing or invalid parameter or
    /// field, whose path ([`ConversionError::path`], also [`Error::param`]) says which.
    #[error("invalid request: {0}")]
    InvalidRequest(ConversionError),
    /// No complete response was received: WooshPay could not be reached, the connection failed
    /// or closed mid-response, the attempt timed out, or the body exceeded the size limit.
    #[error("{operation}: {source}{}", after(*.attempts))]
    Transport {
        /// The operation that was being called.
        operation: &'static str,
        /// How many attempts were made (the first plus retries).
        attempts: u32,
        /// What happened (connect, reset, cut-off body, timeout, size limit …).
        #[source]
        source: TransportError,
    },
    /// WooshPay answered with a non-success status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A success response whose body is not the documented shape.
    #[error(transparent)]
    Decode(Box<DecodeError>),
}

impl Error {
    /// The HTTP status of the response that caused the error, if one was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Transport { source, .. } => source.status(),
            Error::Config(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// The request id WooshPay sent with the response, if any (quote it to support).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

/// What WooshPay said about a failed request, read straight off the error: each is `None`
/// when the error is not an API error (or the server did not say).
///
/// ```
/// # fn report(e: &wooshpay::Error) {
/// if e.is_card_error() {
///     println!("declined: {:?}", e.decline_code());
/// } else if e.code() == Some("resource_missing") {
///     println!("no such {:?}", e.param());
/// }
/// # }
/// ```
impl Error {
    /// The API error, when WooshPay answered with a non-success status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// `error.type`: `card_error`, `invalid_request_error`, `api_error`, …
    pub fn error_type(&self) -> Option<&types::ApiErrorType> {
        self.api_error()?.error_type.as_ref()
    }

    /// `error.code`, e.g. `resource_missing` or `card_declined`.
    pub fn code(&self) -> Option<&str> {
        self.api_error()?.code.as_deref()
    }

    /// `error.message`, written for the developer (not always fit to show a customer).
    pub fn message(&self) -> Option<&str> {
        self.api_error()?.message.as_deref()
    }

    /// The request parameter the error is about: `error.param` of an API error, or the path
    /// of the field (`line_items[0].price_data.currency`) of a request refused before sending.
    pub fn param(&self) -> Option<&str> {
        match self {
            Error::InvalidRequest(e) => e.path(),
            _ => self.api_error()?.param.as_deref(),
        }
    }

    /// `error.decline_code`: the card issuer's reason for a decline.
    pub fn decline_code(&self) -> Option<&str> {
        self.api_error()?.decline_code.as_deref()
    }

    /// Whether WooshPay refused a card (`error.type` is `card_error`): show the customer a
    /// decline, don't retry.
    pub fn is_card_error(&self) -> bool {
        matches!(self.error_type(), Some(types::ApiErrorType::CardError))
    }
}

impl Error {
    /// A request that could not be built (an invalid URL from a bad base URL).
    pub(crate) fn request_not_built(e: reqwest::Error) -> Self {
        Error::invalid_request(format!("the request could not be built: {e}"))
    }

    /// A request refused before sending, for a reason that is about no one field.
    pub(crate) fn invalid_request(message: String) -> Self {
        Error::InvalidRequest(ConversionError::from(message))
    }
}

/// A non-success response from WooshPay, with its parsed error object where there is one.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation that was called (its operationId, e.g. `retrieve_checkout_session`).
    pub operation: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// The request id response header, if sent.
    pub request_id: Option<String>,
    /// `error.type`: `card_error`, `invalid_request_error`, …
    pub error_type: Option<types::ApiErrorType>,
    /// `error.code`, e.g. `resource_missing` (an open string).
    pub code: Option<String>,
    /// `error.message` (or a top-level `message`).
    pub message: Option<String>,
    /// `error.param`: the parameter the error is about.
    pub param: Option<String>,
    /// `error.decline_code`: the issuer's reason for a card decline.
    pub decline_code: Option<String>,
    /// The `Content-Type` of the response.
    pub content_type: Option<String>,
    /// The raw response body, or its first 64 KiB when it is longer (see `body_truncated`).
    pub body: Bytes,
    /// Whether the body was longer than what `body` keeps.
    pub body_truncated: bool,
    /// How many attempts were made (the first plus retries).
    pub attempts: u32,
}

impl ApiError {
    /// Builds the error from a response, parsing the error object when the body has one.
    pub(crate) fn from_response(
        operation: &'static str,
        status: u16,
        request_id: Option<String>,
        content_type: Option<String>,
        body: Bytes,
    ) -> Self {
        let parsed = serde_json::from_slice::<types::ErrorResponse>(&body).ok();
        let top_message = parsed.as_ref().and_then(|p| p.message.clone());
        let object = parsed.and_then(|p| p.error);
        let mut error = ApiError {
            operation,
            status,
            request_id,
            error_type: None,
            code: None,
            message: top_message,
            param: None,
            decline_code: None,
            content_type,
            body,
            body_truncated: false,
            attempts: 1,
        };
        if let Some(object) = object {
            error.error_type = object.type_;
            error.code = object.code;
            error.message = object.message.or(error.message);
            error.param = object.param;
            error.decline_code = object.decline_code;
        }
        error
    }

    /// The body as text (lossy for bytes that are not UTF-8).
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: WooshPay answered HTTP {}",
            self.operation,
            status_text(self.status)
        )?;
        let parsed = self.error_type.is_some() || self.code.is_some() || self.message.is_some();
        if parsed {
            if let Some(t) = &self.error_type {
                write!(f, ": {t}")?;
            }
            if let Some(code) = &self.code {
                write!(f, " ({code})")?;
            }
            if let Some(message) = &self.message {
                write!(f, ": {message}")?;
            }
            if let Some(param) = &self.param {
                write!(f, " [param: {param}]")?;
            }
            if let Some(decline) = &self.decline_code {
                write!(f, " [decline code: {decline}]")?;
            }
        } else if self.body.is_empty() {
            write!(f, " with an empty body")?;
        } else {
            let kind = self.content_type.as_deref().unwrap_or("no content type");
            write!(
                f,
                " with a body that is not a WooshPay error ({kind}, {}{} bytes)",
                if self.body_truncated {
                    "more than "
                } else {
                    ""
                },
                self.body.len()
            )?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {id}]")?;
        }
        write!(f, "{}", after(self.attempts))
    }
}

impl std::error::Error for ApiError {}

/// " after N attempts" when the request was retried.
fn after(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// A success response whose body could not be decoded into the operation's type.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation that was called.
    pub operation: &'static str,
    /// The HTTP status code (a success code).
    pub status: u16,
    /// The request id response header, if sent.
    pub request_id: Option<String>,
    /// The JSON path where decoding failed, e.g. `line_items.data[0].quantity` (`.` for the root).
    pub path: String,
    /// What was wrong at that path.
    pub message: String,
    /// The `Content-Type` of the response.
    pub content_type: Option<String>,
    /// The raw response body, or its first 64 KiB when it is longer (see `body_truncated`).
    pub body: Bytes,
    /// Whether the body was longer than what `body` keeps.
    pub body_truncated: bool,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.operation)?;
        if self.body.is_empty() {
            write!(f, "the HTTP {} response has an empty body", self.status)?;
        } else if self.path == "." {
            let kind = self.content_type.as_deref().unwrap_or("no content type");
            write!(
                f,
                "the HTTP {} response is not the expected JSON ({kind}, {}{} bytes): {}",
                self.status,
                if self.body_truncated {
                    "more than "
                } else {
                    ""
                },
                self.body.len(),
                self.message
            )?;
        } else {
            write!(
                f,
                "the HTTP {} response could not be decoded at `{}`: {}",
                self.status, self.path, self.message
            )?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

fn status_text(status: u16) -> String {
    match reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}
