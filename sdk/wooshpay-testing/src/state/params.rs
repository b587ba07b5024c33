//! Which request parameters the sandbox honours, so that none is ignored silently: a parameter
//! it does not model is a 400 `parameter_unsupported` naming it.
//!
//! - Operations with rules of their own (Checkout Sessions, PaymentIntents, SetupIntents,
//!   refunds, attaching and detaching payment methods, closing disputes, webhook endpoints)
//!   honour the body parameters [`FLOWS`] lists for them (a listed parameter covers what is
//!   nested in it). They are named by the model's resource and kind of operation, as the
//!   operations table gives them, so a renamed operation id changes nothing here.
//! - Other creates, updates and actions store what they are sent: a body parameter is honoured
//!   when the object has a field of that name, and refused otherwise (`trial_period_days`,
//!   `proration_behavior`, a product's `product_data` on a price…).
//! - Lists honour `limit`, `starting_after`, `ending_before`, `created[gt|gte|lt|lte]` and
//!   equality filters on fields the listed objects have (`customer`,
//!   `customer_details[email]`); searches honour `query` (clauses `field:'value'`, joined by
//!   ` AND `) and `limit`. Any other query parameter is refused.

use serde_json::Value;

use crate::answer::{Outgoing, error};
use crate::collections::{
    CHECKOUT_SESSIONS, DISPUTES, PAYMENT_INTENTS, PAYMENT_METHODS, REFUNDS, SETUP_INTENTS,
    WEBHOOK_ENDPOINTS,
};
use crate::operations::{Operation, OperationKind as Kind};

/// The body parameters each operation with rules of its own honours, by its collection and
/// kind (an action by its name: `Kind::Action("confirm")`).
pub(crate) const FLOWS: &[((&str, Kind), &[&str])] = &[
    (
        (CHECKOUT_SESSIONS, Kind::Create),
        &[
            "success_url",
            "cancel_url",
            "mode",
            "line_items[].price",
            "line_items[].quantity",
            "line_items[].price_data.currency",
            "line_items[].price_data.unit_amount",
            "line_items[].price_data.product",
            "line_items[].price_data.product_data",
            "line_items[].price_data.recurring",
            "payment_method_types",
            "customer",
            "customer_email",
            "customer_creation",
            "client_reference_id",
            "currency",
            "expires_at",
            "metadata",
            "billing_address_collection",
            "phone_number_collection",
            "shipping_address_collection",
            "payment_method_options",
            "payment_intent_data",
        ],
    ),
    ((CHECKOUT_SESSIONS, Kind::Action("expire")), &[]),
    (
        (PAYMENT_INTENTS, Kind::Create),
        &[
            "amount",
            "currency",
            "confirm",
            "customer",
            "description",
            "quantity",
            "metadata",
            "merchant_user_id",
            "merchant_order_id",
            "shipping",
            "return_url",
            "off_session",
            "payment_method",
            "payment_method_data.type",
            "payment_method_data.billing_details",
            "payment_method_data.card",
            "payment_method_types",
            "payment_method_options",
            "capture_method",
            "setup_future_usage",
        ],
    ),
    (
        (PAYMENT_INTENTS, Kind::Update),
        &[
            "amount",
            "currency",
            "description",
            "quantity",
            "metadata",
            "merchant_user_id",
            "merchant_order_id",
            "shipping",
            "return_url",
            "payment_method",
        ],
    ),
    (
        (PAYMENT_INTENTS, Kind::Action("confirm")),
        &[
            "payment_method",
            "payment_method_data.type",
            "payment_method_data.billing_details",
            "payment_method_data.card",
            "return_url",
            "off_session",
            "error_on_requires_action",
        ],
    ),
    (
        (PAYMENT_INTENTS, Kind::Action("capture")),
        &["amount_to_capture"],
    ),
    (
        (PAYMENT_INTENTS, Kind::Action("cancel")),
        &["cancellation_reason"],
    ),
    (
        (SETUP_INTENTS, Kind::Create),
        &[
            "confirm",
            "customer",
            "description",
            "metadata",
            "payment_method",
            "payment_method_types",
            "payment_method_options",
            "payment_method_data.type",
            "payment_method_data.billing_details",
            "payment_method_data.card",
            "usage",
            "return_url",
        ],
    ),
    (
        (SETUP_INTENTS, Kind::Action("confirm")),
        &[
            "return_url",
            "payment_method",
            "payment_method_data.type",
            "payment_method_data.billing_details",
            "payment_method_data.card",
        ],
    ),
    (
        (SETUP_INTENTS, Kind::Action("cancel")),
        &["cancellation_reason"],
    ),
    (
        (REFUNDS, Kind::Create),
        &["payment_intent", "amount", "reason", "metadata"],
    ),
    ((PAYMENT_METHODS, Kind::Action("attach")), &["customer"]),
    ((PAYMENT_METHODS, Kind::Action("detach")), &[]),
    ((DISPUTES, Kind::Action("close")), &[]),
    (
        (WEBHOOK_ENDPOINTS, Kind::Create),
        &[
            "url",
            "enabled_events",
            "description",
            "metadata",
            "api_version",
        ],
    ),
    (
        (PAYMENT_METHODS, Kind::Update),
        &[
            "billing_details",
            "metadata",
            "card.exp_month",
            "card.exp_year",
        ],
    ),
    (
        (PAYMENT_METHODS, Kind::Create),
        &["type", "billing_details", "card", "metadata"],
    ),
];

/// The body parameters the operation of `kind` on `collection` honours: its [`FLOWS`] entry,
/// else every field of its object (`template`).
pub(crate) fn honoured(collection: &str, kind: Kind, template: &Value) -> Vec<String> {
    match FLOWS.iter().find(|(key, _)| *key == (collection, kind)) {
        Some((_, params)) => params.iter().map(|p| (*p).to_string()).collect(),
        None => template
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, _)| name.clone())
            .filter(|name| !matches!(name.as_str(), "id" | "object" | "created" | "livemode"))
            .collect(),
    }
}

/// The 400 for the first parameter of a request for `route` the sandbox does not model.
pub(crate) fn check(
    route: &Operation,
    template: &Value,
    body: &Value,
    query: &[(String, String)],
) -> Result<(), Outgoing> {
    let kind = route.kind;
    let allowed = honoured(route.collection, kind, template);
    let mut sent = Vec::new();
    paths(body, String::new(), &mut sent);
    for path in sent {
        // An empty list or object whose parts are honoured (`line_items: []`) is honoured.
        if !allowed.iter().any(|a| within(&path, a) || within(a, &path)) {
            return Err(unsupported(route, &first_unmodelled(&path, &allowed)));
        }
    }
    for (name, _) in query {
        let ok = match kind {
            Kind::List | Kind::SubList(_) => {
                matches!(name.as_str(), "limit" | "starting_after" | "ending_before")
                    || is_created(name)
                    || (matches!(kind, Kind::List) && template_has(template, name))
            }
            Kind::Search => matches!(name.as_str(), "query" | "limit"),
            _ => false,
        };
        if !ok {
            return Err(unsupported(route, name));
        }
    }
    Ok(())
}

/// Whether `path` is `parent` or nested in it.
fn within(path: &str, parent: &str) -> bool {
    path == parent
        || path
            .strip_prefix(parent)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with("[]"))
}

/// The shortest prefix of `path` that nothing honoured lies in or under: the parameter to name
/// (`entity` rather than `entity.type`, `line_items[].price_data.tax_behavior` when its
/// siblings are honoured).
fn first_unmodelled(path: &str, allowed: &[String]) -> String {
    let mut ends: Vec<usize> = path.match_indices(['.', '[']).map(|(i, _)| i).collect();
    ends.push(path.len());
    ends.into_iter()
        .map(|end| &path[..end])
        .find(|prefix| {
            !allowed
                .iter()
                .any(|a| within(a, prefix) || within(prefix, a))
        })
        .unwrap_or(path)
        .to_string()
}

fn is_created(name: &str) -> bool {
    matches!(
        name,
        "created[gt]" | "created[gte]" | "created[lt]" | "created[lte]"
    )
}

/// Whether the listed objects have the field a filter names (`customer_details[email]` is
/// `customer_details.email`).
fn template_has(template: &Value, name: &str) -> bool {
    template.pointer(&filter_pointer(name)).is_some()
}

/// The JSON pointer of a filter's field.
pub(crate) fn filter_pointer(name: &str) -> String {
    format!("/{}", name.replace('[', "/").replace(']', ""))
}

/// Every leaf parameter path of `value` (`line_items[].price_data.currency`); an empty object
/// or list is a parameter sent empty, a null one is not sent.
fn paths(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) if !fields.is_empty() => {
            for (name, inner) in fields {
                let path = if at.is_empty() {
                    name.clone()
                } else {
                    format!("{at}.{name}")
                };
                paths(inner, path, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                paths(item, format!("{at}[]"), out);
            }
        }
        Value::Null => {}
        _ if !at.is_empty() => out.push(at),
        _ => {}
    }
}

/// The refusal names the operation by its id, the name the caller knows it by.
fn unsupported(route: &Operation, param: &str) -> Outgoing {
    let operation_id = route.operation_id;
    error(
        400,
        "invalid_request_error",
        "parameter_unsupported",
        &format!(
            "The sandbox does not model `{param}` of {operation_id}: it would be ignored, so \
             it is refused. See the test kit's docs for what each operation honours."
        ),
        Some(param),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::PRODUCTS;
    use crate::operations::OPERATIONS;
    use serde_json::json;

    /// The operation of `kind` on `collection`, from the table.
    fn route(collection: &str, kind: Kind) -> &'static Operation {
        OPERATIONS
            .iter()
            .find(|op| (op.collection, op.kind) == (collection, kind))
            .unwrap_or_else(|| panic!("no {kind:?} of {collection}"))
    }

    #[test]
    fn sent_paths_are_checked_against_what_is_honoured() {
        let template = json!({"id": "x", "name": null, "metadata": {}});
        let create = route(PRODUCTS, Kind::Create);
        let sent = json!({"name": "a", "metadata": {"k": "v"}});
        assert!(check(create, &template, &sent, &[]).is_ok());
        let refused = check(create, &template, &json!({"trial": 3}), &[]).unwrap_err();
        assert!(refused.message().contains("`trial`"));
        assert!(refused.message().contains("create_product"));
        let session =
            json!({"line_items": [{"price_data": {"currency": "USD", "tax_behavior": "x"}}]});
        let checkout = route(CHECKOUT_SESSIONS, Kind::Create);
        let refused = check(checkout, &json!({}), &session, &[]).unwrap_err();
        assert!(
            refused
                .message()
                .contains("line_items[].price_data.tax_behavior")
        );
        let query = [("expand".to_string(), "x".to_string())];
        let retrieve = route(PRODUCTS, Kind::Retrieve);
        assert!(check(retrieve, &template, &json!({}), &query).is_err());
        let filter = [("name".to_string(), "a".to_string())];
        let list = route(PRODUCTS, Kind::List);
        assert!(check(list, &template, &json!({}), &filter).is_ok());
    }

    #[test]
    fn every_flow_names_one_operation_of_the_table() {
        for ((collection, kind), _) in FLOWS {
            let matching = OPERATIONS
                .iter()
                .filter(|op| (op.collection, op.kind) == (*collection, *kind))
                .count();
            assert_eq!(matching, 1, "{kind:?} of {collection}");
        }
    }

    #[test]
    fn an_action_honours_its_own_entry_not_another_actions() {
        let template = json!({"amount": 1, "currency": "USD"});
        let capture = honoured(PAYMENT_INTENTS, Kind::Action("capture"), &template);
        assert_eq!(capture, ["amount_to_capture"]);
        let cancel = honoured(PAYMENT_INTENTS, Kind::Action("cancel"), &template);
        assert_eq!(cancel, ["cancellation_reason"]);
    }
}
