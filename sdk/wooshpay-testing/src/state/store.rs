//! The sandbox's objects: one collection per resource, in creation order, with fresh ids and an
//! event for every change.

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use wooshpay::types::EventType;

/// The collection events live in (`list_events`, `retrieve_event`).
pub(crate) const EVENTS: &str = "events";

/// Every object the sandbox holds.
#[derive(Debug)]
pub(crate) struct Store {
    collections: HashMap<String, Collection>,
    last_id: u64,
    /// The sandbox's base URL, for the URLs it hands out (hosted pages, challenges).
    pub(crate) base_url: String,
    /// Events recorded since the server last took them, for webhook delivery.
    fresh_events: Vec<Value>,
    /// How far the sandbox's clock is ahead of the real one ([`Store::advance`]).
    offset_ms: i64,
    /// When the sandbox started, in ms.
    started_ms: i64,
    /// Links the API's objects do not show: a subscription-mode Checkout Session's Subscription.
    pub(crate) links: HashMap<String, String>,
}

/// One resource's objects, oldest first.
#[derive(Debug, Default)]
struct Collection {
    next: u64,
    by_order: BTreeMap<u64, Value>,
    order_of: HashMap<String, u64>,
}

impl Store {
    pub(crate) fn new(base_url: String) -> Store {
        Store {
            collections: HashMap::new(),
            last_id: 0,
            base_url,
            fresh_events: Vec::new(),
            offset_ms: 0,
            started_ms: real_now_ms(),
            links: HashMap::new(),
        }
    }

    /// When the sandbox started (real time), in ms.
    pub(crate) fn started_ms(&self) -> i64 {
        self.started_ms
    }

    /// Now on the sandbox's clock, in milliseconds since the epoch (WooshPay's timestamps): the
    /// real time, plus however far the clock was advanced.
    pub(crate) fn now_ms(&self) -> i64 {
        real_now_ms().saturating_add(self.offset_ms)
    }

    /// Moves the sandbox's clock forward by `ms`.
    pub(crate) fn advance(&mut self, ms: i64) {
        self.offset_ms = self.offset_ms.saturating_add(ms.max(0));
    }

    /// A fresh id like WooshPay's: the prefix and a 19-digit, time-ordered number.
    pub(crate) fn fresh_id(&mut self, prefix: &str) -> String {
        // Snowflake-style (ms since 2010-11-04 shifted past a 22-bit sequence), as WooshPay's
        // ids look; strictly increasing so that ids never repeat within a sandbox.
        let since_epoch = u64::try_from(self.now_ms() - 1_288_834_974_657).unwrap_or(0);
        let candidate = since_epoch << 22;
        self.last_id = candidate.max(self.last_id + 1);
        format!("{prefix}{}", self.last_id)
    }

    /// Adds `object` (which has an `id`) to `collection`, replacing one with the same id.
    pub(crate) fn insert(&mut self, collection: &str, object: Value) {
        let Some(id) = object.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return;
        };
        let c = self.collections.entry(collection.to_string()).or_default();
        let order = match c.order_of.get(&id) {
            Some(order) => *order,
            None => {
                c.next += 1;
                c.order_of.insert(id, c.next);
                c.next
            }
        };
        c.by_order.insert(order, object);
    }

    pub(crate) fn get(&self, collection: &str, id: &str) -> Option<&Value> {
        let c = self.collections.get(collection)?;
        c.by_order.get(c.order_of.get(id)?)
    }

    pub(crate) fn get_mut(&mut self, collection: &str, id: &str) -> Option<&mut Value> {
        let c = self.collections.get_mut(collection)?;
        let order = c.order_of.get(id)?;
        c.by_order.get_mut(order)
    }

    pub(crate) fn remove(&mut self, collection: &str, id: &str) -> Option<Value> {
        let c = self.collections.get_mut(collection)?;
        let order = c.order_of.remove(id)?;
        c.by_order.remove(&order)
    }

    /// The collection's objects, newest first (by `created`, then by creation order).
    pub(crate) fn newest_first(&self, collection: &str) -> Vec<&Value> {
        let mut objects: Vec<(i64, u64, &Value)> = self
            .collections
            .get(collection)
            .into_iter()
            .flat_map(|c| c.by_order.iter())
            .map(|(order, v)| (created(v), *order, v))
            .collect();
        objects.sort_by_key(|(created, order, _)| std::cmp::Reverse((*created, *order)));
        objects.into_iter().map(|(_, _, v)| v).collect()
    }

    /// Records an event of `kind` about `object` (a snapshot), if `kind` is a type the spec
    /// lists: the sandbox sends no event WooshPay is not known to send. A webhook endpoint's
    /// signing secret never goes into an event.
    pub(crate) fn record_event(&mut self, kind: &str, object: &Value) {
        if matches!(EventType::from(kind), EventType::Unknown(_)) {
            return;
        }
        let mut object = object.clone();
        if object.get("object").and_then(Value::as_str) == Some("webhook_endpoint") {
            redact_secret(&mut object);
        }
        let event = json!({
            "id": self.fresh_id("evt_"),
            "object": "event",
            "api_version": null,
            "created": self.now_ms(),
            "data": {"object": object},
            "livemode": false,
            "pending_webhooks": 0,
            "type": kind,
        });
        self.insert(EVENTS, event.clone());
        self.fresh_events.push(event);
    }

    /// The events recorded since the last call, oldest first.
    pub(crate) fn take_fresh_events(&mut self) -> Vec<Value> {
        std::mem::take(&mut self.fresh_events)
    }
}

/// The real time, in ms since the epoch.
fn real_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// An object's `created`, in ms (0 when it has none).
fn created(object: &Value) -> i64 {
    object.get("created").and_then(Value::as_i64).unwrap_or(0)
}

/// Removes the signing secret from an endpoint, or from each endpoint of a list: the API shows
/// it only in the creation response.
pub(crate) fn redact_secret(answer: &mut Value) {
    if let Some(items) = answer.get_mut("data").and_then(Value::as_array_mut) {
        items.iter_mut().for_each(redact_secret);
    } else if let Some(fields) = answer.as_object_mut() {
        fields.remove("secret");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_19_digit_and_unique() {
        let mut store = Store::new(String::new());
        let a = store.fresh_id("pi_");
        let b = store.fresh_id("pi_");
        assert_ne!(a, b);
        let digits = a.trim_start_matches("pi_");
        assert_eq!(digits.len(), 19, "{a}");
        assert!(digits.chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn newest_first_breaks_ties_by_creation_order() {
        let mut store = Store::new(String::new());
        for id in ["a", "b", "c"] {
            store.insert("/v1/x", json!({"id": id, "created": 5}));
        }
        let ids: Vec<_> = store
            .newest_first("/v1/x")
            .iter()
            .map(|v| v["id"].clone())
            .collect();
        assert_eq!(ids, ["c", "b", "a"]);
    }
}
