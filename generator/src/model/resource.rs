//! What each operation works on and what it does to it: one notion of resource, read off the
//! path once, that gives the SDK its module, the sandbox its collection and the command line
//! its noun and command.
//!
//! The spec's paths follow one convention: `/v1/things` (create, list), `/v1/things/{id}`
//! (retrieve, update, delete), `/v1/things/{id}/action` (an action, or with GET a list the
//! object holds), `/v1/things/search`, `/v1/parents/{parent_id}/things` (the things of one
//! parent; only an object's own id is called `{id}`). Where a path does not spell its collection's name (`/v1/promotion_code`), the
//! path item says it with `x-resource`.

use openapiv3::PathItem;
use serde_json::Value;

/// The extension on a path item naming its collection where the path does not.
pub const RESOURCE: &str = "x-resource";

/// What an operation works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The SDK module of its builder and types: the operation's first tag.
    pub group: String,
    /// The collection of objects it works on, in snake case (`payment_intents`,
    /// `checkout_sessions`, `balance`): the sandbox stores objects by it.
    pub collection: String,
    /// The parent collection whose objects' children a nested path lists or retrieves
    /// (`customers` for `/v1/customers/{customer_id}/payment_methods`), and the field of
    /// the child that holds the parent's id with the path parameter that gives it.
    pub parent: Option<Parent>,
}

/// The parent of a nested path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parent {
    /// The parent's collection (`customers`).
    pub collection: String,
    /// The child's field holding the parent's id (`customer`).
    pub field: String,
    /// The path parameter giving it (`customer_id`).
    pub param: String,
}

/// What an operation does to its resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationKind {
    /// `POST /v1/things`.
    Create,
    /// `GET /v1/things/{id}`.
    Retrieve,
    /// `POST /v1/things/{id}`.
    Update,
    /// `DELETE /v1/things/{id}`.
    Delete,
    /// `GET /v1/things`, or the things of one parent.
    List,
    /// `GET /v1/things/search`.
    Search,
    /// `POST /v1/things/{id}/action`: the action's name.
    Action(String),
    /// `GET /v1/things/{id}/field`: a list the object holds in `field`.
    SubList(String),
    /// `GET /v1/thing`, with no id: the account's one object (the balance).
    Singleton,
}

impl OperationKind {
    /// The kind's name, as the command line's command and the sandbox's table spell it.
    pub fn name(&self) -> String {
        match self {
            OperationKind::Create => "create".into(),
            OperationKind::Retrieve => "retrieve".into(),
            OperationKind::Update => "update".into(),
            OperationKind::Delete => "delete".into(),
            OperationKind::List => "list".into(),
            OperationKind::Search => "search".into(),
            OperationKind::Action(action) => action.clone(),
            OperationKind::SubList(field) => format!("list_{field}"),
            OperationKind::Singleton => "get".into(),
        }
    }
}

/// The resource and kind of the operation `method path`, its first tag `group`, on the
/// path item `item`; `paginated` (`x-pagination: cursor`) tells a list from the account's one
/// object.
pub fn classify(
    group: &str,
    method: &str,
    path: &str,
    item: Option<&PathItem>,
    paginated: bool,
) -> (Resource, OperationKind) {
    let named = item
        .and_then(|item| item.extensions.get(RESOURCE))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let segments: Vec<&str> = path
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    // The version prefix (`v1`) names no collection.
    let body: Vec<&str> = match segments.first() {
        Some(first) if first.starts_with('v') && first[1..].chars().all(|c| c.is_ascii_digit()) => {
            segments[1..].to_vec()
        }
        _ => segments.clone(),
    };
    let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
    let method = method.to_ascii_uppercase();
    let (collection_segments, parent, kind): (Vec<&str>, Option<Parent>, OperationKind) = match body
        .iter()
        .position(|s| is_param(s))
    {
        // `/things/{id}`: the object itself (`{id}` is an object's own id; any other
        // parameter names a parent).
        Some(p) if p + 1 == body.len() && p > 0 && body[p] == "{id}" => {
            let kind = match method.as_str() {
                "GET" => OperationKind::Retrieve,
                "DELETE" => OperationKind::Delete,
                _ => OperationKind::Update,
            };
            (body[..p].to_vec(), None, kind)
        }
        // `/things/{id}/action` or `/things/{id}/field`.
        Some(p) if p + 2 == body.len() && p > 0 && body[p] == "{id}" && !is_param(body[p + 1]) => {
            let tail = body[p + 1].to_string();
            let kind = if method == "GET" {
                OperationKind::SubList(tail)
            } else {
                OperationKind::Action(tail)
            };
            (body[..p].to_vec(), None, kind)
        }
        // `/parents/{parent}/things` or `/parents/{parent}/things/{id}`.
        Some(p) if p > 0 && p + 1 < body.len() => {
            let param = body[p].trim_matches(|c| c == '{' || c == '}').to_string();
            let parent = Parent {
                collection: snake(&body[..p]),
                field: param.trim_end_matches("_id").to_string(),
                param,
            };
            let rest = &body[p + 1..];
            let kind = if rest.last().is_some_and(|s| is_param(s)) {
                OperationKind::Retrieve
            } else {
                OperationKind::List
            };
            let collection: Vec<&str> = rest.iter().copied().filter(|s| !is_param(s)).collect();
            (collection, Some(parent), kind)
        }
        Some(_) => (body.clone(), None, OperationKind::Singleton),
        None => match method.as_str() {
            "POST" => (body.clone(), None, OperationKind::Create),
            _ if body.len() >= 2 && body.last() == Some(&"search") => {
                (body[..body.len() - 1].to_vec(), None, OperationKind::Search)
            }
            _ if paginated => (body.clone(), None, OperationKind::List),
            _ => (body.clone(), None, OperationKind::Singleton),
        },
    };
    let collection = named.unwrap_or_else(|| snake(&collection_segments));
    (
        Resource {
            group: group.to_string(),
            collection,
            parent,
        },
        kind,
    )
}

/// Path segments as one snake-case name (`checkout`, `sessions` → `checkout_sessions`).
fn snake(segments: &[&str]) -> String {
    segments.join("_").replace('-', "_")
}
