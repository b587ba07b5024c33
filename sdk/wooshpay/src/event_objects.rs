//! Typing an event's `data.object`: [`Event::object`], and the check and decoding that the
//! generated `EventObject` and `TypedEvent` share. Verifying a delivery
//! ([`webhook`](crate::webhook)) needs none of this, so it stays apart from the signatures.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::generated::events::EventObject;
use crate::types::{Event, EventType};
use crate::webhook::WebhookError;

impl Event {
    /// The event's type; [`EventType::Unknown`] for a type this SDK does not list, and for an
    /// event without one.
    pub fn event_type(&self) -> EventType {
        self.type_
            .clone()
            .unwrap_or_else(|| EventType::Unknown(String::new()))
    }

    /// `data.object` typed by the event's type ([`EventObject::Other`] with the raw JSON for
    /// types this SDK does not map). The raw JSON is always in `data.object` as well.
    pub fn object(&self) -> Result<EventObject, WebhookError> {
        let object = data_object(self).clone();
        EventObject::decode(&self.event_type(), object)
    }
}

/// The event's `data.object` (JSON `null` when the event has none).
pub(crate) fn data_object(event: &Event) -> &Value {
    const NULL: &Value = &Value::Null;
    event
        .data
        .as_ref()
        .and_then(|data| data.object.as_ref())
        .unwrap_or(NULL)
}

/// `object` decoded as `T`, once its `object` field shows it is the kind `expected`
/// (`payment_intent`): decoding another kind would give a resource with every field empty.
pub(crate) fn decode<T: DeserializeOwned>(
    event_type: &str,
    object: &Value,
    expected: &'static str,
) -> Result<Box<T>, WebhookError> {
    let found = object.get("object").and_then(Value::as_str);
    if found != Some(expected) {
        return Err(WebhookError::ObjectMismatch {
            event_type: event_type.to_string(),
            expected,
            found: found.map(str::to_owned),
        });
    }
    serde_path_to_error::deserialize(object)
        .map(Box::new)
        .map_err(|e| WebhookError::InvalidPayload {
            path: format!("data.object.{}", e.path()),
            message: e.inner().to_string(),
        })
}
