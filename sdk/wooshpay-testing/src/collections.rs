//! The collections the sandbox's own code names, as the operations table spells them
//! ([`Operation::collection`](crate::Operation::collection)): the payment rules key on them, and
//! the state seeds and redacts by them.

pub(crate) const CHECKOUT_SESSIONS: &str = "checkout_sessions";
pub(crate) const PAYMENT_INTENTS: &str = "payment_intents";
pub(crate) const PAYMENT_METHODS: &str = "payment_methods";
pub(crate) const CHARGES: &str = "charges";
pub(crate) const REFUNDS: &str = "refunds";
pub(crate) const PRICES: &str = "prices";
pub(crate) const WEBHOOK_ENDPOINTS: &str = "webhook_endpoints";
pub(crate) const SETUP_INTENTS: &str = "setup_intents";
pub(crate) const DISPUTES: &str = "disputes";
pub(crate) const SUBSCRIPTIONS: &str = "subscriptions";
pub(crate) const INVOICES: &str = "invoices";
pub(crate) const CUSTOMERS: &str = "customers";
pub(crate) const PRODUCTS: &str = "products";
