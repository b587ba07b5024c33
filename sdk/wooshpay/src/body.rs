//! Reading a response body within a size limit. The usual body arrives as one chunk and is
//! kept as it arrived (a view of the connection's read buffer, no copy); only a body that
//! arrives in several chunks is gathered into a buffer of its own.

use bytes::{Bytes, BytesMut};

use crate::TransportError;

/// At most this much is reserved up front for a body in several chunks, whatever its
/// `Content-Length` claims.
const INITIAL_BODY_CAPACITY: usize = 256 * 1024;

/// A body read to its end or to its limit.
pub(crate) struct Body {
    pub(crate) bytes: Bytes,
    /// Whether `bytes` is a prefix of a longer body (only ever for a body read with
    /// [`Overflow::Truncate`]).
    pub(crate) truncated: bool,
}

/// What to do with a body longer than the limit.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overflow {
    /// Fail with [`TransportError::too_large`] (a success body: a prefix of it is useless).
    Fail,
    /// Keep the first `limit` bytes and stop reading (an error body: its prefix says enough).
    Truncate,
}

/// Reads `response`'s body, at most `limit` bytes. `status` and `limit_setting` are what an
/// error reports.
pub(crate) async fn read(
    response: &mut reqwest::Response,
    status: u16,
    limit: usize,
    limit_setting: u64,
    overflow: Overflow,
) -> Result<Body, TransportError> {
    let expected = response
        .content_length()
        .and_then(|len| usize::try_from(len).ok())
        .unwrap_or(0);
    let mut gathered = Gathered::Empty;
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| TransportError::reading_body(status, e))?
    {
        let room = limit - gathered.len();
        if chunk.len() > room {
            if overflow == Overflow::Fail {
                return Err(TransportError::too_large(status, limit_setting));
            }
            // Dropping the response after this closes the connection: nothing more is read.
            gathered.push(chunk.slice(..room), expected.min(limit));
            return Ok(Body {
                bytes: gathered.into_bytes(),
                truncated: true,
            });
        }
        gathered.push(chunk, expected.min(limit));
    }
    Ok(Body {
        bytes: gathered.into_bytes(),
        truncated: false,
    })
}

/// The chunks read so far.
enum Gathered {
    Empty,
    /// One chunk, as it arrived.
    One(Bytes),
    /// Several chunks, copied into one buffer.
    Many(BytesMut),
}

impl Gathered {
    fn len(&self) -> usize {
        match self {
            Gathered::Empty => 0,
            Gathered::One(bytes) => bytes.len(),
            Gathered::Many(buffer) => buffer.len(),
        }
    }

    /// Adds a chunk; `expected` is the whole body's announced length, a hint for the buffer.
    fn push(&mut self, chunk: Bytes, expected: usize) {
        *self = match std::mem::replace(self, Gathered::Empty) {
            Gathered::Empty => Gathered::One(chunk),
            Gathered::One(first) => {
                let capacity = expected
                    .max(first.len() + chunk.len())
                    .min(INITIAL_BODY_CAPACITY);
                let mut buffer = BytesMut::with_capacity(capacity);
                buffer.extend_from_slice(&first);
                buffer.extend_from_slice(&chunk);
                Gathered::Many(buffer)
            }
            Gathered::Many(mut buffer) => {
                buffer.extend_from_slice(&chunk);
                Gathered::Many(buffer)
            }
        };
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Gathered::Empty => Bytes::new(),
            Gathered::One(bytes) => bytes,
            Gathered::Many(buffer) => buffer.freeze(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_chunk_is_kept_as_it_arrived() {
        let chunk = Bytes::from_static(b"{\"id\":\"cs_1\"}");
        let mut gathered = Gathered::Empty;
        gathered.push(chunk.clone(), 0);
        let bytes = gathered.into_bytes();
        assert_eq!(bytes, chunk);
        assert_eq!(
            bytes.as_ptr(),
            chunk.as_ptr(),
            "no copy of a one-chunk body"
        );
    }

    #[test]
    fn several_chunks_are_gathered_in_order() {
        let mut gathered = Gathered::Empty;
        for part in [&b"{\"id\":"[..], b"\"cs_1\"", b"}"] {
            gathered.push(Bytes::copy_from_slice(part), 1 << 40);
        }
        assert_eq!(gathered.len(), 13);
        assert_eq!(&gathered.into_bytes()[..], b"{\"id\":\"cs_1\"}");
    }
}
