//! The sandbox's state: the stored objects and events ([`store`]), what a new object looks like
//! from the spec's examples ([`seed`]), lists and their filters ([`list`]), the idempotency keys
//! seen, and the parameters the sandbox models ([`params`]). It knows nothing of the payment
//! rules: [`operate`](crate::operate) applies an operation to it, with the rules of
//! [`flows`](crate::flows) where a resource has them.

pub(crate) mod idempotency;
pub(crate) mod list;
pub(crate) mod merge;
pub(crate) mod params;
pub(crate) mod seed;
pub(crate) mod store;

use crate::answer::{Outgoing, error};
pub(crate) use store::Store;

/// Everything a sandbox holds, behind one lock: the objects and the idempotency keys seen.
#[derive(Debug)]
pub(crate) struct Sandboxed {
    pub(crate) store: Store,
    pub(crate) replays: idempotency::Replays,
}

impl Sandboxed {
    /// A sandbox at `base_url`, holding the spec's documented objects unless `empty`.
    pub(crate) fn new(base_url: String, empty: bool) -> Sandboxed {
        let mut store = Store::new(base_url);
        if !empty {
            seed::seed(&mut store);
        }
        Sandboxed {
            store,
            replays: idempotency::Replays::default(),
        }
    }
}

/// The 404 WooshPay gives for an id it does not know.
pub(crate) fn missing(kind: &str, id: &str, param: &str) -> Outgoing {
    error(
        404,
        "invalid_request_error",
        "resource_missing",
        &format!("No such {kind}: '{id}'"),
        Some(param),
    )
}
