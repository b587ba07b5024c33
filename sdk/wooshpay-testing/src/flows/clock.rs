//! What the passing of time does: an open Checkout Session whose `expires_at` has passed
//! expires (`checkout.session.expired`, its PaymentIntent canceled as `abandoned`), and an
//! active subscription whose period ended is billed for the next one. It runs before every
//! request and after [`Sandbox::advance_time`](crate::Sandbox::advance_time). Only moments
//! after the sandbox started count, so the documented objects a fresh sandbox holds (whose
//! dates are long past) stay as documented.

use super::checkout_session;
use super::subscription;
use crate::collections::{CHECKOUT_SESSIONS, SUBSCRIPTIONS};
use crate::fields::{integer, text};
use crate::state::Store;

/// Applies everything that came due by the sandbox's clock.
pub(crate) fn tick(store: &mut Store) {
    let now = store.now_ms();
    let since = store.started_ms();
    let due = |store: &Store, collection: &str, status: &[&str], field: &str| -> Vec<String> {
        store
            .newest_first(collection)
            .into_iter()
            .filter(|o| status.contains(&text(o, "status")))
            .filter(|o| {
                let at = crate::time::to_ms(integer(o.get(field)).unwrap_or(i64::MAX));
                at <= now && at > since
            })
            .map(|o| text(o, "id").to_string())
            .collect()
    };
    for id in due(store, CHECKOUT_SESSIONS, &["open"], "expires_at") {
        // Already expired or gone: nothing left to do.
        let _ = checkout_session::expire(store, &id);
    }
    for id in due(
        store,
        SUBSCRIPTIONS,
        &["active", "past_due"],
        "current_period_end",
    ) {
        let _ = subscription::renew(store, &id, now, since);
    }
}
