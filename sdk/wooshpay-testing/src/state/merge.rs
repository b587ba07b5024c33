//! Request bodies over stored objects: a field the object has takes the request's value when
//! the kinds agree (objects merge field by field, as metadata does in the API); fields the
//! object lacks are request-only parameters (`confirm`, `payment_method_data`) and are left out.

use serde_json::Value;

/// Merges `body` into `object`.
pub(crate) fn merge(object: &mut Value, body: &Value) {
    let (Some(target), Some(fields)) = (object.as_object_mut(), body.as_object()) else {
        return;
    };
    for (name, value) in fields {
        if matches!(name.as_str(), "id" | "object" | "created" | "livemode") {
            continue;
        }
        let Some(slot) = target.get_mut(name) else {
            continue;
        };
        match (slot, value) {
            (slot @ Value::Object(_), Value::Object(_)) if name == "metadata" => {
                merge_metadata(slot, value);
            }
            (slot @ Value::Object(_), Value::Object(_)) => merge_all(slot, value),
            (slot, value) if same_kind(slot, value) || slot.is_null() || value.is_null() => {
                *slot = value.clone();
            }
            _ => {}
        }
    }
}

/// Every field of `body`, recursively (nested objects the request describes in full).
fn merge_all(slot: &mut Value, body: &Value) {
    if let (Some(target), Some(fields)) = (slot.as_object_mut(), body.as_object()) {
        for (name, value) in fields {
            match target.get_mut(name) {
                Some(inner @ Value::Object(_)) if value.is_object() => merge_all(inner, value),
                _ => {
                    target.insert(name.clone(), value.clone());
                }
            }
        }
    }
}

/// Metadata keys set to `""` or null are removed, as in the API.
fn merge_metadata(slot: &mut Value, body: &Value) {
    if let (Some(target), Some(fields)) = (slot.as_object_mut(), body.as_object()) {
        for (name, value) in fields {
            if value.is_null() || value.as_str() == Some("") {
                target.remove(name);
            } else {
                target.insert(name.clone(), value.clone());
            }
        }
    }
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_fields_merge_and_request_only_fields_do_not() {
        let mut object =
            json!({"id": "x_1", "amount": 1, "metadata": {"a": "1", "b": "2"}, "note": null});
        merge(
            &mut object,
            &json!({"id": "x_2", "amount": 5, "confirm": true, "metadata": {"b": "", "c": "3"}, "note": "hi"}),
        );
        assert_eq!(
            object,
            json!({"id": "x_1", "amount": 5, "metadata": {"a": "1", "c": "3"}, "note": "hi"})
        );
    }
}
