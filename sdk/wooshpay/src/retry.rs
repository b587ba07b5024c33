//! When and how long to wait before trying a request again.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How failed requests are retried: network errors (including a response cut off mid-body),
/// HTTP 429, 500, 502, 503 and 504, and a 409 whose key is still in use by a request that is
/// running, with exponential backoff and full jitter. Other statuses are never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying). Default 2.
    pub max_retries: u32,
    /// The backoff ceiling before the first retry; it doubles per retry. Default 0.5 s.
    pub initial_backoff: Duration,
    /// The largest backoff ceiling. Default 8 s.
    pub max_backoff: Duration,
    /// The longest `Retry-After` that is honoured; longer values are shortened to it. Default 30 s.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1-based): a uniformly random duration between zero
    /// and `min(max_backoff, initial_backoff × 2^(retry-1))` ("full jitter"), unless the server
    /// said when to come back.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_retry_after);
        }
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Whether a response with this status may be retried, before its body is read: a 409 only
/// when [`is_retryable_response`] agrees.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 409 | 429 | 500 | 502 | 503 | 504)
}

/// The `error.code` of a 409 whose idempotency key is held by a request still running: the
/// same request sent again later gets that request's answer.
const KEY_IN_USE: &str = "idempotency_key_in_use";

/// Whether a response is worth another attempt. A 409 is retried only while its key is in use
/// (`code` `idempotency_key_in_use`); an `idempotency_error` (the key was first used with other
/// parameters) or any other conflict answers the same every time.
pub(crate) fn is_retryable_response(status: u16, body: &[u8]) -> bool {
    if status != 409 {
        return is_retryable_status(status);
    }
    #[derive(serde::Deserialize)]
    struct Envelope {
        error: Option<Conflict>,
    }
    #[derive(serde::Deserialize)]
    struct Conflict {
        #[serde(rename = "type")]
        kind: Option<String>,
        code: Option<String>,
    }
    let Ok(Envelope { error: Some(error) }) = serde_json::from_slice::<Envelope>(body) else {
        return false;
    };
    error.code.as_deref() == Some(KEY_IN_USE) && error.kind.as_deref() != Some("idempotency_error")
}

/// `Retry-After` as a duration from `now`: delay-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_is_jittered_below_a_doubling_ceiling() {
        let policy = RetryPolicy::default();
        for _ in 0..1000 {
            assert!(policy.delay(1, None) <= Duration::from_millis(500));
            assert!(policy.delay(2, None) <= Duration::from_secs(1));
            assert!(policy.delay(10, None) <= Duration::from_secs(8));
            assert!(policy.delay(u32::MAX, None) <= Duration::from_secs(8));
        }
        let spread: Vec<Duration> = (0..50).map(|_| policy.delay(3, None)).collect();
        assert!(
            spread.iter().any(|d| *d != spread[0]),
            "jitter varies the delay"
        );
    }

    #[test]
    fn retry_after_wins_up_to_its_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(600))),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:05 GMT"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(5)));
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:27:00 GMT"),
        );
        assert_eq!(
            retry_after(&headers, now),
            Some(Duration::ZERO),
            "a past date means now"
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for status in [429, 500, 502, 503, 504] {
            assert!(is_retryable_status(status), "{status}");
            assert!(is_retryable_response(status, b""), "{status}");
        }
        for status in [200, 400, 401, 402, 403, 404, 422, 501] {
            assert!(!is_retryable_status(status), "{status}");
            assert!(!is_retryable_response(status, b""), "{status}");
        }
    }

    #[test]
    fn a_conflict_is_retried_only_while_its_key_is_in_use() {
        let in_use =
            br#"{"error":{"type":"invalid_request_error","code":"idempotency_key_in_use"}}"#;
        assert!(is_retryable_response(409, in_use));
        for body in [
            &br#"{"error":{"type":"idempotency_error","message":"other parameters"}}"#[..],
            br#"{"error":{"type":"idempotency_error","code":"idempotency_key_in_use"}}"#,
            br#"{"error":{"type":"invalid_request_error","code":"resource_exists"}}"#,
            b"<html>conflict</html>",
            b"",
        ] {
            assert!(
                !is_retryable_response(409, body),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
