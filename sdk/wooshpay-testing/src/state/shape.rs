//! What an operation does to the sandbox's state, read from its method, path and id: the spec
//! has no other marker, and its paths follow one convention (`/v1/things`, `/v1/things/{id}`,
//! `/v1/things/{id}/action`).

use crate::Route;

/// What an operation does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `POST /v1/things`.
    Create,
    /// `GET /v1/things/{id}`.
    Retrieve,
    /// `POST /v1/things/{id}`.
    Update,
    /// `DELETE /v1/things/{id}`.
    Delete,
    /// `GET /v1/things`, or `GET /v1/parents/{parent_id}/things` filtered on `parent` (`filter`).
    List {
        filter: Option<(String, &'static str)>,
    },
    /// `GET /v1/things/search`.
    Search,
    /// `GET /v1/things/{id}/field`: a list held by the object.
    SubList { field: &'static str },
    /// `POST /v1/things/{id}/action`.
    Action,
    /// `GET /v1/thing` with no id (the balance): the documented example.
    Singleton,
}

/// The collection an operation works on (`/v1/things`) and what it does.
pub(crate) fn shape(route: &Route) -> (String, Kind) {
    let segments: Vec<&'static str> = route.path.trim_start_matches('/').split('/').collect();
    let is_param = |s: &str| s.starts_with('{');
    let join = |parts: &[&str]| format!("/{}", parts.join("/"));
    let n = segments.len();
    let method = route.method;
    if n >= 2 && segments[n - 1] == "{id}" {
        // `/v1/parents/{parent_id}/things/{id}` addresses `/v1/things`.
        let collection = if segments[..n - 1].iter().any(|s| is_param(s)) {
            format!("/v1/{}", segments[n - 2])
        } else {
            join(&segments[..n - 1])
        };
        let kind = match method {
            "GET" => Kind::Retrieve,
            "DELETE" => Kind::Delete,
            _ => Kind::Update,
        };
        return (collection, kind);
    }
    if n >= 3 && segments[n - 2] == "{id}" {
        let collection = join(&segments[..n - 2]);
        let kind = if method == "GET" {
            Kind::SubList {
                field: segments[n - 1],
            }
        } else {
            Kind::Action
        };
        return (collection, kind);
    }
    if let Some(position) = segments.iter().position(|s| is_param(s)) {
        let param = segments[position]
            .trim_start_matches('{')
            .trim_end_matches('}');
        let field = param.trim_end_matches("_id").to_string();
        return (
            format!("/v1/{}", segments[n - 1]),
            Kind::List {
                filter: Some((field, param)),
            },
        );
    }
    if method == "POST" {
        return (join(&segments), Kind::Create);
    }
    if route.operation_id.starts_with("search_") && n >= 2 {
        return (join(&segments[..n - 1]), Kind::Search);
    }
    if route.operation_id.starts_with("list_") {
        return (join(&segments), Kind::List { filter: None });
    }
    (join(&segments), Kind::Singleton)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated::routes::ROUTES;

    fn shape_of(operation_id: &str) -> (String, Kind) {
        let route = ROUTES
            .iter()
            .find(|r| r.operation_id == operation_id)
            .unwrap_or_else(|| panic!("{operation_id}"));
        shape(route)
    }

    #[test]
    fn paths_map_to_collections_and_kinds() {
        use Kind::*;
        let cases = [
            ("create_payment_intent", "/v1/payment_intents", Create),
            (
                "retrieve_checkout_session",
                "/v1/checkout/sessions",
                Retrieve,
            ),
            ("update_payment_intent", "/v1/payment_intents", Update),
            ("delete_webhook_endpoint", "/v1/webhook_endpoints", Delete),
            (
                "list_payment_intents",
                "/v1/payment_intents",
                List { filter: None },
            ),
            ("search_payment_intents", "/v1/payment_intents", Search),
            ("confirm_payment_intent", "/v1/payment_intents", Action),
            ("get_balance", "/v1/balance", Singleton),
            (
                "list_checkout_session_line_items",
                "/v1/checkout/sessions",
                SubList {
                    field: "line_items",
                },
            ),
            (
                "retrieve_customer_payment_method",
                "/v1/payment_methods",
                Retrieve,
            ),
        ];
        for (operation, collection, kind) in cases {
            assert_eq!(
                shape_of(operation),
                (collection.to_string(), kind),
                "{operation}"
            );
        }
        let (collection, kind) = shape_of("list_customer_payment_methods");
        assert_eq!(collection, "/v1/payment_methods");
        assert_eq!(
            kind,
            List {
                filter: Some(("customer".into(), "customer_id"))
            }
        );
    }
}
