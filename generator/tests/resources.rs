//! One notion of resource: each operation of the real spec gets its collection, kind and parent
//! from the model, and the command line's noun and command follow from them.

use wooshpay_generator::emit::cli::command_names;
use wooshpay_generator::model::{Model, OperationKind};

fn model() -> Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/wooshpay.yaml"
    ))
    .expect("the spec");
    Model::of(&wooshpay_generator::load::load(&text).expect("the spec loads"))
}

#[test]
fn operations_get_their_collection_kind_and_parent_from_the_path() {
    use OperationKind::*;
    let model = model();
    let cases = [
        ("create_payment_intent", "payment_intents", Create, None),
        (
            "retrieve_checkout_session",
            "checkout_sessions",
            Retrieve,
            None,
        ),
        ("update_payment_intent", "payment_intents", Update, None),
        ("delete_webhook_endpoint", "webhook_endpoints", Delete, None),
        ("list_payment_intents", "payment_intents", List, None),
        ("search_payment_intents", "payment_intents", Search, None),
        (
            "confirm_payment_intent",
            "payment_intents",
            Action("confirm".into()),
            None,
        ),
        ("get_balance", "balance", Singleton, None),
        (
            "list_checkout_session_line_items",
            "checkout_sessions",
            SubList("line_items".into()),
            None,
        ),
        (
            "list_issuing_authorizations",
            "issuing_authorizations",
            List,
            None,
        ),
        // `x-resource` names the collection a path does not spell.
        ("create_promotion_code", "promotion_codes", Create, None),
        ("retrieve_invoice_item", "invoice_items", Retrieve, None),
        (
            "list_customer_payment_methods",
            "payment_methods",
            List,
            Some(("customers", "customer", "customer_id")),
        ),
        (
            "retrieve_customer_payment_method",
            "payment_methods",
            Retrieve,
            Some(("customers", "customer", "customer_id")),
        ),
    ];
    for (id, collection, kind, parent) in cases {
        let op = model.operation(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(op.resource.collection, collection, "{id}");
        assert_eq!(op.kind, kind, "{id}");
        let found = op
            .resource
            .parent
            .as_ref()
            .map(|p| (p.collection.as_str(), p.field.as_str(), p.param.as_str()));
        assert_eq!(found, parent, "{id}");
    }
}

#[test]
fn commands_are_named_from_the_resource() {
    let names = command_names(&model()).expect("no two operations share a command");
    let name = |id: &str| {
        let (noun, command) = &names[id];
        format!("{noun} {command}")
    };
    assert_eq!(name("create_payment_intent"), "payment-intents create");
    assert_eq!(
        name("list_checkout_session_line_items"),
        "checkout-sessions list-line-items"
    );
    assert_eq!(name("add_invoice_line_items"), "invoices add-line-items");
    assert_eq!(
        name("list_customer_payment_methods"),
        "customers list-payment-methods"
    );
    assert_eq!(name("create_beneficiary"), "beneficiaries create");
    assert_eq!(name("create_promotion_code"), "promotion-codes create");
    assert_eq!(name("get_balance"), "balance get");
}
