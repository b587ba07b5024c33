//! Webhook deliveries: each event goes, as a POST signed the way WooshPay signs
//! (`Wooshpay-Signature: t=<ms>,v1=<hmac>`), to every enabled endpoint whose `enabled_events`
//! match it (`*` matches all). A failed attempt (no answer in time, or not 2xx: a redirect is not
//! followed) is retried a bounded number of times with backoff; every delivery and its outcome
//! is kept for [`Sandbox::deliveries`](super::Sandbox::deliveries). Deliveries run in tasks of
//! their own, one per endpoint, so an endpoint that hangs delays neither the API call nor the
//! other endpoints; each endpoint gets its events in order. An endpoint whose URL is the
//! sandbox itself gets nothing (its deliveries would make events without end).

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::state::Store;
use crate::collections::WEBHOOK_ENDPOINTS;
use crate::fields::text;

/// Attempts per delivery (the first and two retries).
const ATTEMPTS: u32 = 3;
/// The wait before the first retry, doubled for each further one: short, for fast tests.
const FIRST_RETRY: Duration = Duration::from_millis(50);

/// One event sent (or being sent) to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// The event's id (`evt_…`).
    pub event_id: String,
    /// The event's type, e.g. `payment_intent.succeeded`.
    pub event_type: String,
    /// The endpoint's id (`we_…`).
    pub endpoint_id: String,
    /// Where it was sent.
    pub url: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// The status of the last answer, if any came.
    pub status: Option<u16>,
    /// Whether an attempt got a 2xx answer.
    pub delivered: bool,
    /// Whether the sandbox has stopped trying (delivered, or out of attempts).
    pub finished: bool,
}

/// An endpoint events may go to.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    id: String,
    url: String,
    secret: String,
    enabled_events: Vec<String>,
}

/// The enabled endpoints in `store`.
pub(crate) fn targets(store: &Store) -> Vec<Target> {
    store
        .newest_first(WEBHOOK_ENDPOINTS)
        .into_iter()
        .filter(|e| matches!(text(e, "status"), "enabled" | ""))
        .map(|e| Target {
            id: text(e, "id").to_string(),
            url: text(e, "url").to_string(),
            secret: text(e, "secret").to_string(),
            enabled_events: e
                .get("enabled_events")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// Sends `events` (in order) to the matching `targets`, in a task of `runtime` per target.
/// `base_url` is the sandbox's own, never delivered to.
pub(crate) fn dispatch(
    runtime: &tokio::runtime::Handle,
    http: &reqwest::Client,
    log: &Arc<Mutex<Vec<Delivery>>>,
    events: Vec<Value>,
    targets: Vec<Target>,
    base_url: &str,
) {
    let mut work: Vec<Vec<(usize, Target, Value)>> = vec![Vec::new(); targets.len()];
    for event in events {
        let kind = text(&event, "type").to_string();
        for (queue, target) in work.iter_mut().zip(&targets) {
            if target.enabled_events.iter().any(|e| e == "*" || *e == kind) {
                let delivery = Delivery {
                    event_id: text(&event, "id").to_string(),
                    event_type: kind.clone(),
                    endpoint_id: target.id.clone(),
                    url: target.url.clone(),
                    attempts: 0,
                    status: None,
                    delivered: false,
                    finished: false,
                };
                let itself = crate::urls::is_sandbox_itself(&target.url, base_url);
                let index = {
                    let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                    log.push(Delivery {
                        finished: itself,
                        ..delivery
                    });
                    log.len() - 1
                };
                if !itself {
                    queue.push((index, target.clone(), event.clone()));
                }
            }
        }
    }
    for queue in work.into_iter().filter(|queue| !queue.is_empty()) {
        let (http, log) = (http.clone(), log.clone());
        runtime.spawn(async move {
            for (index, target, event) in queue {
                deliver(&http, &log, index, &target, &event).await;
            }
        });
    }
}

async fn deliver(
    http: &reqwest::Client,
    log: &Mutex<Vec<Delivery>>,
    index: usize,
    target: &Target,
    event: &Value,
) {
    let payload = serde_json::to_vec(event).unwrap_or_default();
    let mut wait = FIRST_RETRY;
    for attempt in 1..=ATTEMPTS {
        let signature =
            wooshpay::webhook::sign_payload(&payload, &target.secret, SystemTime::now());
        let status = http
            .post(&target.url)
            .header("content-type", "application/json")
            .header("wooshpay-signature", signature)
            .body(payload.clone())
            .send()
            .await
            .ok()
            .map(|r| r.status().as_u16());
        let delivered = status.is_some_and(|s| (200..300).contains(&s));
        if let Some(entry) = log.lock().unwrap_or_else(|e| e.into_inner()).get_mut(index) {
            entry.attempts = attempt;
            entry.status = status;
            entry.delivered = delivered;
            entry.finished = delivered || attempt == ATTEMPTS;
        }
        if delivered {
            return;
        }
        if attempt < ATTEMPTS {
            tokio::time::sleep(wait).await;
            wait *= 2;
        }
    }
}
