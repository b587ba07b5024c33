//! What objects look like, from the spec's examples: the template a new object starts from, its
//! id prefix, and the documented objects a fresh sandbox holds (so that the docs' ids, such as
//! `cs_1795782989284638720`, can be retrieved).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::store::Store;
use crate::collections::WEBHOOK_ENDPOINTS;
use crate::operations::{OPERATIONS, OperationKind as Kind};

/// The documented object of `collection` (an empty object when the spec has none).
pub(crate) fn template(collection: &str) -> Value {
    static TEMPLATES: OnceLock<HashMap<String, Value>> = OnceLock::new();
    let templates = TEMPLATES.get_or_init(|| {
        let mut templates = HashMap::new();
        for op in OPERATIONS {
            if matches!(op.kind, Kind::List | Kind::Search | Kind::SubList(_)) {
                continue;
            }
            let example: Value = serde_json::from_str(op.example).unwrap_or(Value::Null);
            if example.get("id").is_some() {
                templates
                    .entry(op.collection.to_string())
                    .or_insert(example);
            }
        }
        templates
    });
    templates
        .get(collection)
        .cloned()
        .unwrap_or_else(|| json!({}))
}

/// A new object of the template's kind with nothing in it yet: every documented field null,
/// but `object`, and `metadata` empty (as the API shows an object nobody gave metadata). What
/// the request sets and the resource's rules derive is filled in afterwards; no value of the
/// docs' example survives.
pub(crate) fn blank(template: &Value) -> Value {
    let mut blank = serde_json::Map::new();
    for (name, value) in template.as_object().into_iter().flatten() {
        let value = match name.as_str() {
            "object" => value.clone(),
            "metadata" => json!({}),
            _ => Value::Null,
        };
        blank.insert(name.clone(), value);
    }
    Value::Object(blank)
}

/// The id prefix of the template's kind (`pi_`), from its documented id.
pub(crate) fn id_prefix(template: &Value) -> String {
    template
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| id.rfind('_').map(|i| id[..=i].to_string()))
        .unwrap_or_else(|| "obj_".into())
}

/// Puts every documented object (single examples and list items) into `store`, except webhook
/// endpoints: the documented ones point at hosts on the internet, where events must not go.
pub(crate) fn seed(store: &mut Store) {
    let mut singles = Vec::new();
    for op in OPERATIONS {
        let collection = op.collection;
        if collection == WEBHOOK_ENDPOINTS {
            continue;
        }
        let example: Value = serde_json::from_str(op.example).unwrap_or(Value::Null);
        match op.kind {
            Kind::List | Kind::Search => {
                for item in example
                    .get("data")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    adopt(store, collection, item.clone());
                }
            }
            Kind::SubList(_) | Kind::Singleton => {}
            _ if example.get("id").is_some() => singles.push((collection, example)),
            _ => {}
        }
    }
    // The full examples win over the (often shorter) list items with the same id.
    for (collection, example) in singles {
        adopt(store, collection, example);
    }
}

/// A documented object, made to work in this sandbox: its hosted page is the sandbox's own.
fn adopt(store: &mut Store, collection: &str, mut object: Value) {
    if object.get("object").and_then(Value::as_str) == Some("checkout.session")
        && let Some(id) = object.get("id").and_then(Value::as_str)
    {
        let url = format!("{}/checkout/{id}", store.base_url);
        object["url"] = Value::String(url);
    }
    store.insert(collection, object);
}
