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
