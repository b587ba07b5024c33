//! Idempotency keys as the API treats them: the same key with the same body replays the first
//! answer (marked `Idempotent-Replayed: true`); with another body or operation it
//! is a 409 `idempotency_error` with code `idempotency_key_reused`.

use std::collections::HashMap;

use crate::answer::{Outgoing, error};

#[derive(Debug, Default)]
pub(crate) struct Replays {
    seen: HashMap<String, Seen>,
}

#[derive(Debug)]
struct Seen {
    operation: &'static str,
    body: Vec<u8>,
    answer: Outgoing,
}

impl Replays {
    /// The answer to give instead of running the request, if `key` was used before.
    pub(crate) fn check(
        &self,
        key: &str,
        operation: &'static str,
        body: &[u8],
    ) -> Option<Outgoing> {
        let seen = self.seen.get(key)?;
        if seen.operation == operation && seen.body == body {
            let mut replay = seen.answer.clone();
            replay.headers.push(("idempotent-replayed", "true".into()));
            return Some(replay);
        }
        Some(error(
            409,
            "idempotency_error",
            // Not `idempotency_key_in_use`: that says "busy, retry", and a retry cannot help here.
            "idempotency_key_reused",
            &format!(
                "Keys for idempotent requests can only be used with the same parameters they \
                 were first used with. Try using a key other than '{key}' if you meant to \
                 execute a different request."
            ),
            None,
        ))
    }

    /// Keeps the answer to `key`'s first request (server errors are not kept: a retry runs again).
    pub(crate) fn remember(
        &mut self,
        key: &str,
        operation: &'static str,
        body: &[u8],
        answer: &Outgoing,
    ) {
        if answer.status >= 500 {
            return;
        }
        self.seen.entry(key.to_string()).or_insert_with(|| Seen {
            operation,
            body: body.to_vec(),
            answer: answer.clone(),
        });
    }
}
