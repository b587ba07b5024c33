//! Webhook endpoints: a new one gets its signing secret (`whsec_…`), shown once on creation as
//! in the API, and is enabled.

use serde_json::Value;

use super::common::save_new;
use crate::collections::WEBHOOK_ENDPOINTS;
use crate::state::Store;

pub(crate) fn create(store: &mut Store, mut endpoint: Value) -> Value {
    endpoint["secret"] = Value::String(new_secret());
    endpoint["status"] = Value::String("enabled".into());
    endpoint["api_version"] = Value::Null;
    save_new(store, WEBHOOK_ENDPOINTS, endpoint)
}

pub(crate) use crate::state::store::redact_secret as redact;

/// A fresh signing secret.
pub(crate) fn new_secret() -> String {
    let random: String = std::iter::repeat_with(fastrand::alphanumeric)
        .take(32)
        .collect();
    format!("whsec_{random}")
}
