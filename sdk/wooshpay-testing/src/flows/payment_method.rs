//! PaymentMethods: attaching one sets its `customer` (who must exist), detaching clears it.

use serde_json::{Value, json};

use crate::answer::{Outgoing, error};
use crate::collections::{CUSTOMERS, PAYMENT_METHODS};
use crate::fields::text;
use crate::state::{Store, missing};

/// Attaches the PaymentMethod to the request's `customer`.
pub(crate) fn attach(store: &mut Store, id: &str, body: &Value) -> Result<Value, Outgoing> {
    let customer = text(body, "customer").to_string();
    if customer.is_empty() {
        return Err(error(
            400,
            "invalid_request_error",
            "parameter_missing",
            "Missing required param: customer.",
            Some("customer"),
        ));
    }
    if store.get(CUSTOMERS, &customer).is_none() {
        return Err(missing("customer", &customer, "customer"));
    }
    set_customer(store, id, json!(customer))
}

/// Detaches the PaymentMethod from its customer.
pub(crate) fn detach(store: &mut Store, id: &str) -> Result<Value, Outgoing> {
    set_customer(store, id, Value::Null)
}

fn set_customer(store: &mut Store, id: &str, customer: Value) -> Result<Value, Outgoing> {
    let method = store
        .get_mut(PAYMENT_METHODS, id)
        .ok_or_else(|| missing("payment_method", id, "id"))?;
    method["customer"] = customer;
    Ok(method.clone())
}
