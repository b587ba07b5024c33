//! Reading a request body: whole, within the size limit, and without long silences — or an
//! error in WooshPay's shape. A body that does not arrive whole is never handled as an empty
//! one: acting on it would create an object the client did not ask for.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::HeaderMap;
use hyper::body::Incoming;

use crate::answer::{Outgoing, error};

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Over the limit (declared or sent).
    TooLarge(usize),
    /// Cut off, or badly framed (a broken chunked encoding).
    Incomplete(String),
    /// No data for longer than the idle timeout.
    Stalled(Duration),
}

impl BodyError {
    /// The answer to the request whose body this was.
    pub(crate) fn outgoing(&self) -> Outgoing {
        match self {
            BodyError::TooLarge(limit) => error(
                413,
                "invalid_request_error",
                "body_too_large",
                &format!("The request body is larger than the sandbox accepts ({limit} bytes)."),
                None,
            ),
            BodyError::Incomplete(why) => error(
                400,
                "invalid_request_error",
                "body_incomplete",
                &format!("The request body did not arrive whole ({why}); nothing was done."),
                None,
            ),
            BodyError::Stalled(idle) => error(
                408,
                "invalid_request_error",
                "body_timeout",
                &format!(
                    "The request body stopped arriving for {} ms; nothing was done.",
                    idle.as_millis()
                ),
                None,
            ),
        }
    }
}

/// The whole body, at most `limit` bytes, each piece arriving within `idle` of the last.
pub(crate) async fn read(
    headers: &HeaderMap,
    body: Incoming,
    limit: usize,
    idle: Duration,
) -> Result<Bytes, BodyError> {
    let declared = headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        // Refused before a byte of it is read.
        return Err(BodyError::TooLarge(limit));
    }
    let mut body = Limited::new(body, limit);
    let mut whole = BytesMut::new();
    loop {
        match tokio::time::timeout(idle, body.frame()).await {
            Err(_) => return Err(BodyError::Stalled(idle)),
            Ok(None) => return Ok(whole.freeze()),
            Ok(Some(Err(e))) if e.downcast_ref::<LengthLimitError>().is_some() => {
                return Err(BodyError::TooLarge(limit));
            }
            Ok(Some(Err(e))) => return Err(BodyError::Incomplete(e.to_string())),
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    whole.extend_from_slice(&data);
                }
            }
        }
    }
}
