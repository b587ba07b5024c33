//! What went wrong below the API: the network, or a response that could not be received in
//! full. Opaque, so that the HTTP library it wraps is not part of the SDK's public API.

use std::fmt;
use std::time::Duration;

/// Why no complete response was received. Reached through [`Error::Transport`]; the
/// underlying HTTP library's error, when there is one, is its [`source`].
///
/// [`Error::Transport`]: crate::Error::Transport
/// [`source`]: std::error::Error::source
#[derive(Debug)]
pub struct TransportError {
    kind: Kind,
    status: Option<u16>,
    source: Option<reqwest::Error>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// No connection could be established.
    Connect,
    /// The attempt ran out of time (after this long, when the SDK's own limit ended it).
    Timeout { after: Option<Duration> },
    /// The connection failed after the request was sent and before a response arrived.
    NoResponse,
    /// The response's head arrived, then the connection ended before the body was complete.
    IncompleteBody,
    /// The response body is larger than the client's limit; reading stopped there.
    TooLarge { limit: u64 },
    /// Anything else the HTTP library reported (not retried).
    Other,
}

impl TransportError {
    /// A failure to send the request or to receive the response's head.
    pub(crate) fn sending(error: reqwest::Error) -> Self {
        let kind = if error.is_timeout() {
            Kind::Timeout { after: None }
        } else if error.is_connect() {
            Kind::Connect
        } else if error.is_request() || error.is_body() {
            Kind::NoResponse
        } else {
            Kind::Other
        };
        TransportError {
            kind,
            status: error.status().map(|s| s.as_u16()),
            source: Some(error),
        }
    }

    /// A failure while reading the body of a response with this status. Whatever the HTTP
    /// library calls it (hyper's "end of file before message length reached" arrives as a
    /// decode error), the body did not arrive in full.
    pub(crate) fn reading_body(status: u16, error: reqwest::Error) -> Self {
        let kind = if error.is_timeout() {
            Kind::Timeout { after: None }
        } else {
            Kind::IncompleteBody
        };
        TransportError {
            kind,
            status: Some(status),
            source: Some(error),
        }
    }

    /// An attempt that did not complete (response and body) within `limit`.
    pub(crate) fn timed_out(limit: Duration) -> Self {
        TransportError {
            kind: Kind::Timeout { after: Some(limit) },
            status: None,
            source: None,
        }
    }

    /// A response body larger than `limit` bytes.
    pub(crate) fn too_large(status: u16, limit: u64) -> Self {
        TransportError {
            kind: Kind::TooLarge { limit },
            status: Some(status),
            source: None,
        }
    }

    /// Whether another attempt may succeed: connection failures, timeouts, and responses cut
    /// off by the network. A body over the size limit would be just as large again.
    pub(crate) fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            Kind::Connect | Kind::Timeout { .. } | Kind::NoResponse | Kind::IncompleteBody
        )
    }

    /// No connection to WooshPay could be established (nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.kind == Kind::Connect
    }

    /// The attempt took longer than its timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind, Kind::Timeout { .. })
    }

    /// The connection closed before the response body was complete.
    pub fn is_incomplete_body(&self) -> bool {
        self.kind == Kind::IncompleteBody
    }

    /// The response body was larger than the client's limit
    /// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size)).
    pub fn is_too_large(&self) -> bool {
        matches!(self.kind, Kind::TooLarge { .. })
    }

    /// The HTTP status of the response, when its head arrived before the failure.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::Connect => write!(f, "could not connect to WooshPay")?,
            Kind::Timeout { after: None } => write!(f, "timed out waiting for WooshPay")?,
            Kind::Timeout { after: Some(limit) } => write!(
                f,
                "no complete response from WooshPay within the attempt's time limit of {limit:?}"
            )?,
            Kind::NoResponse => write!(f, "the connection failed before a response arrived")?,
            Kind::IncompleteBody => write!(
                f,
                "the connection closed before the response body was complete"
            )?,
            Kind::TooLarge { limit } => {
                return write!(
                    f,
                    "the response body is larger than the limit of {limit} bytes \
                     (ClientBuilder::max_response_size); reading stopped there"
                );
            }
            Kind::Other => write!(f, "the HTTP exchange with WooshPay failed")?,
        }
        match &self.source {
            Some(source) => write!(f, ": {source}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
