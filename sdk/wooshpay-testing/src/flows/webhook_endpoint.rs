//! Webhook endpoints: a new one gets its signing secret (`whsec_…`), shown once on creation as
//! in the API, and is enabled.

use serde_json::Value;

use super::{WEBHOOK_ENDPOINTS, save_new};
use crate::state::Store;

pub(crate) fn create(store: &mut Store, mut endpoint: Value) -> Value {
    endpoint["secret"] = Value::String(new_secret());
    endpoint["status"] = Value::String("enabled".into());
    endpoint["api_version"] = Value::Null;
    save_new(store, WEBHOOK_ENDPOINTS, endpoint)
}

/// Removes the signing secret from an endpoint, or from each endpoint of a list: the API shows
/// it only in the creation response.
pub(crate) fn redact(answer: &mut Value) {
    if let Some(items) = answer.get_mut("data").and_then(Value::as_array_mut) {
        items.iter_mut().for_each(redact);
    } else if let Some(fields) = answer.as_object_mut() {
        fields.remove("secret");
    }
}

/// A fresh signing secret.
pub(crate) fn new_secret() -> String {
    let random: String = std::iter::repeat_with(fastrand::alphanumeric)
        .take(32)
        .collect();
    format!("whsec_{random}")
}
