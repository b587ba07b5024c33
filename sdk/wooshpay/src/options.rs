//! Settings for one request, set on an operation's builder.

use std::time::Duration;

/// Per-request overrides of the client's settings, set through every operation builder's
/// `.idempotency_key(…)` (POST only), `.max_retries(…)` and `.timeout(…)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RequestOptions {
    /// The `Idempotency-Key` of a POST; by default a fresh UUID v4 per call, reused by its retries.
    pub idempotency_key: Option<String>,
    /// Retries after the first attempt, overriding the client's policy (0 disables).
    pub max_retries: Option<u32>,
    /// Time limit per attempt, overriding the client's timeout.
    pub timeout: Option<Duration>,
}

/// The per-call option setters of an operation builder (a struct with an `options` field),
/// defined once for every builder: `call_options!()`, or `call_options!(post)` to add the
/// idempotency key, which only a POST has.
macro_rules! call_options {
    (post) => {
        /// Sets the `Idempotency-Key` of this call. By default every call gets a fresh UUID
        /// v4, which its retries reuse; set your own (an order id, say) to make a repeated call
        /// after a crash replay the first one instead of acting twice.
        pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
            self.options.idempotency_key = Some(key.into());
            self
        }
        $crate::options::call_options!();
    };
    () => {
        /// Retries after the first attempt for this call, overriding the client's policy
        /// (0 disables retrying).
        pub fn max_retries(mut self, retries: u32) -> Self {
            self.options.max_retries = Some(retries);
            self
        }
        /// The time limit of each attempt of this call, overriding the client's timeout.
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.options.timeout = Some(timeout);
            self
        }
    };
}

pub(crate) use call_options;
