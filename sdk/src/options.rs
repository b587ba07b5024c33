//! Settings for one request, set on an operation's builder.

use std::time::Duration;

/// Per-request overrides of the client's settings. Every operation builder has setters for
/// them (`.idempotency_key(…)`, `.max_retries(…)`, `.timeout(…)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestOptions {
    /// The `Idempotency-Key` of a POST; by default a fresh UUID v4 per call, reused by its retries.
    pub idempotency_key: Option<String>,
    /// Retries after the first attempt, overriding the client's policy (0 disables).
    pub max_retries: Option<u32>,
    /// Time limit per attempt, overriding the client's timeout.
    pub timeout: Option<Duration>,
}
