//! Gathering a response body within a size limit, chunk by chunk as the caller reads them.
//! The usual body arrives as one chunk and is kept as it arrived (a view of the connection's
//! read buffer, no copy); only a body that arrives in several chunks is gathered into a buffer
//! of its own.

use bytes::{Bytes, BytesMut};

use crate::TransportError;
use crate::error::MAX_ERROR_BODY;

/// At most this much is reserved up front for a body in several chunks, whatever its
/// `Content-Length` claims.
const INITIAL_BODY_CAPACITY: usize = 256 * 1024;

/// The body of one response, read so far.
pub(crate) struct Body {
    gathered: Gathered,
    status: u16,
    /// The most that is kept.
    limit: usize,
    /// The client's limit on success bodies, as an error reports it.
    max_response_size: u64,
    /// A success body over the limit fails the attempt (a prefix of it is useless); an error
    /// body keeps its first `limit` bytes (its prefix says enough).
    success: bool,
    /// The announced length, a hint for the buffer of a body in several chunks.
    expected: usize,
    truncated: bool,
}

impl Body {
    /// The body of a response with `status` and `Content-Length` `announced`: a success body up
    /// to `max_response_size` bytes (one announced as longer fails at once), any other up to
    /// the prefix an error keeps.
    pub(crate) fn new(
        status: u16,
        announced: Option<u64>,
        max_response_size: u64,
    ) -> Result<Self, TransportError> {
        let success = (200..300).contains(&status);
        let limit = if success {
            if announced.is_some_and(|len| len > max_response_size) {
                return Err(TransportError::too_large(status, max_response_size));
            }
            usize::try_from(max_response_size).unwrap_or(usize::MAX)
        } else {
            MAX_ERROR_BODY
        };
        let expected = announced
            .and_then(|len| usize::try_from(len).ok())
            .unwrap_or(0);
        Ok(Body {
            gathered: Gathered::Empty,
            status,
            limit,
            max_response_size,
            success,
            expected: expected.min(limit),
            truncated: false,
        })
    }

    /// Adds the next chunk. `Ok(false)` when the body is complete as far as it is kept (an
    /// error body reached its prefix bound): the caller stops reading, and dropping the
    /// response then closes the connection.
    pub(crate) fn push(&mut self, chunk: Bytes) -> Result<bool, TransportError> {
        let room = self.limit - self.gathered.len();
        if chunk.len() <= room {
            self.gathered.push(chunk, self.expected);
            return Ok(true);
        }
        if self.success {
            return Err(TransportError::too_large(
                self.status,
                self.max_response_size,
            ));
        }
        self.gathered.push(chunk.slice(..room), self.expected);
        self.truncated = true;
        Ok(false)
    }

    /// The bytes kept, and whether they are a prefix of a longer body.
    pub(crate) fn finish(self) -> (Bytes, bool) {
        (self.gathered.into_bytes(), self.truncated)
    }
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
        let mut body = Body::new(200, Some(13), 1024).unwrap();
        assert!(body.push(chunk.clone()).unwrap());
        let (bytes, truncated) = body.finish();
        assert_eq!(bytes, chunk);
        assert_eq!(
            bytes.as_ptr(),
            chunk.as_ptr(),
            "no copy of a one-chunk body"
        );
        assert!(!truncated);
    }

    #[test]
    fn several_chunks_are_gathered_in_order() {
        let mut body = Body::new(200, None, 1024).unwrap();
        for part in [&b"{\"id\":"[..], b"\"cs_1\"", b"}"] {
            assert!(body.push(Bytes::copy_from_slice(part)).unwrap());
        }
        assert_eq!(&body.finish().0[..], b"{\"id\":\"cs_1\"}");
    }

    #[test]
    fn a_success_body_over_the_limit_fails_and_an_error_body_is_cut() {
        let too_long = Body::new(200, Some(11), 10)
            .err()
            .expect("announced too long");
        assert!(too_long.is_too_large());
        let mut body = Body::new(200, None, 10).unwrap();
        assert!(body.push(Bytes::from_static(b"0123456")).unwrap());
        let over = body.push(Bytes::from_static(b"7890")).unwrap_err();
        assert!(over.is_too_large() && over.status() == Some(200));

        let mut body = Body::new(500, None, 10).unwrap();
        let long = Bytes::from(vec![b'x'; MAX_ERROR_BODY + 10]);
        assert!(
            !body.push(long).unwrap(),
            "reading stops at the prefix bound"
        );
        let (bytes, truncated) = body.finish();
        assert_eq!(bytes.len(), MAX_ERROR_BODY);
        assert!(truncated);
    }
}
