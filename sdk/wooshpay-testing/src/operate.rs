//! What an operation does to the sandbox's state: the generic act of its kind (create, retrieve,
//! update, delete, list, search, a held list, the singleton) on its collection, as the
//! operations table gives them, with the payment rules of [`flows`](crate::flows) where the
//! resource has them, and idempotency keys replayed or refused.

use serde_json::{Value, json};

use crate::answer::Outgoing;
use crate::flows;
use crate::operations::Operation;
use crate::operations::OperationKind as Kind;
use crate::respond::Incoming;
use crate::state::{Sandboxed, Store, list, merge, missing, seed};

/// Answers one checked API request, replaying or refusing a reused idempotency key.
pub(crate) fn handle(
    state: &mut Sandboxed,
    route: &'static Operation,
    params: &[(&'static str, String)],
    request: &Incoming,
    body: &Value,
) -> Outgoing {
    let key = request.idempotency_key.filter(|_| route.method == "POST");
    if let Some(key) = key
        && let Some(earlier) = state.replays.check(key, route.operation_id, request.body)
    {
        return earlier;
    }
    let query = list::parse_query(request.query);
    let outgoing = match apply(&mut state.store, route, params, &query, body, request.path) {
        Ok(object) => Outgoing::json(200, &object),
        Err(outgoing) => outgoing,
    };
    if let Some(key) = key {
        state
            .replays
            .remember(key, route.operation_id, request.body, &outgoing);
    }
    outgoing
}

fn apply(
    store: &mut Store,
    route: &'static Operation,
    params: &[(&'static str, String)],
    query: &[(String, String)],
    body: &Value,
    path: &str,
) -> Result<Value, Outgoing> {
    let mut answer = act(store, route, params, query, body, path)?;
    // A webhook endpoint's secret is shown by the answer that creates it, and never again.
    if route.collection == crate::collections::WEBHOOK_ENDPOINTS && route.kind != Kind::Create {
        flows::webhook_endpoint::redact(&mut answer);
    }
    Ok(answer)
}

/// The generic act of the operation's kind on its collection, or its resource's own rules.
fn act(
    store: &mut Store,
    route: &'static Operation,
    params: &[(&'static str, String)],
    query: &[(String, String)],
    body: &Value,
    path: &str,
) -> Result<Value, Outgoing> {
    let collection = route.collection;
    let id = params
        .iter()
        .find(|(name, _)| *name == "id")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let template = seed::template(collection);
    let object_kind = template
        .get("object")
        .and_then(Value::as_str)
        .unwrap_or("object")
        .to_string();
    let existing = |store: &Store| {
        store
            .get(collection, id)
            .cloned()
            .ok_or_else(|| missing(&object_kind, id, "id"))
    };
    match route.kind {
        Kind::Create => {
            let mut object = seed::blank(&template);
            merge::merge(&mut object, body);
            let prefix = seed::id_prefix(&template);
            object["id"] = Value::String(store.fresh_id(&prefix));
            object["created"] = json!(store.now_ms());
            object["livemode"] = Value::Bool(false);
            flows::create(store, collection, object, body)
        }
        Kind::Retrieve => existing(store),
        Kind::Update => {
            let mut object = existing(store)?;
            crate::urls::check_fields(collection, body, &store.base_url)?;
            merge::merge(&mut object, body);
            store.insert(collection, object.clone());
            store.record_event(&flows::common::event_type(&object_kind, "updated"), &object);
            Ok(object)
        }
        Kind::Delete => {
            let mut object = store
                .remove(collection, id)
                .ok_or_else(|| missing(&object_kind, id, "id"))?;
            store.record_event(&flows::common::event_type(&object_kind, "deleted"), &object);
            object["deleted"] = Value::Bool(true);
            Ok(object)
        }
        Kind::List => {
            // The things of one parent: those whose parent field holds its id.
            let mut query = query.to_vec();
            if let Some(parent) = route.parent
                && let Some((_, value)) = params.iter().find(|(name, _)| *name == parent.param)
            {
                query.push((parent.field.to_string(), value.clone()));
            }
            list::page(store.newest_first(collection), &query, path, "list")
        }
        Kind::Search => {
            let clauses = list::search_clauses(query)?;
            let found: Vec<&Value> = store
                .newest_first(collection)
                .into_iter()
                .filter(|object| list::matches_all(object, &clauses))
                .collect();
            list::page(found, query, path, "search_result")
        }
        Kind::SubList(field) => {
            let object = existing(store)?;
            let items: Vec<&Value> = object
                .pointer(&format!("/{field}/data"))
                .and_then(Value::as_array)
                .map(|items| items.iter().collect())
                .unwrap_or_default();
            list::page(items, query, path, "list")
        }
        Kind::Action(action) => {
            existing(store)?;
            match flows::action(store, collection, action, id, body) {
                Some(result) => result,
                None => {
                    let mut object = existing(store)?;
                    merge::merge(&mut object, body);
                    store.insert(collection, object.clone());
                    store
                        .record_event(&flows::common::event_type(&object_kind, "updated"), &object);
                    Ok(object)
                }
            }
        }
        Kind::Singleton => Ok(serde_json::from_str(route.example).unwrap_or_else(|_| json!({}))),
    }
}
