//! Every operation of the API as data, generated once from the spec
//! ([`OPERATIONS`]): what the sandbox routes by (method and path) and acts by (the collection
//! and kind of operation), and what the `wooshpay` command line builds its commands from.
//! Tests that iterate over the whole API read it too.
//!
//! ```
//! use wooshpay_testing::operations::{OPERATIONS, OperationKind};
//!
//! let confirm = OPERATIONS
//!     .iter()
//!     .find(|op| op.operation_id == "confirm_payment_intent")
//!     .unwrap();
//! assert_eq!(confirm.collection, "payment_intents");
//! assert_eq!(confirm.kind, OperationKind::Action("confirm"));
//! assert_eq!((confirm.command.resource, confirm.command.name), ("payment-intents", "confirm"));
//! ```

pub use crate::generated::operations::{EVENTS, OPERATIONS};

/// One operation.
#[derive(Debug)]
#[non_exhaustive]
pub struct Operation {
    /// The operation id, e.g. `create_payment_intent`.
    pub operation_id: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template, e.g. `/v1/payment_intents/{id}`.
    pub path: &'static str,
    /// The collection of objects it works on (`payment_intents`, `checkout_sessions`).
    pub collection: &'static str,
    /// What it does to them.
    pub kind: OperationKind,
    /// For a nested path (`/v1/customers/{customer_id}/payment_methods`), the parent.
    pub parent: Option<Parent>,
    /// The JSON request body's schema, if the operation takes one.
    pub request_schema: Option<&'static str>,
    /// The schema the success response decodes into (see [`schemas`](crate::schemas)).
    pub response_schema: &'static str,
    /// The spec's example of the success response, as JSON.
    pub example: &'static str,
    /// A minimal request body the sandbox accepts, for operations that take one.
    pub sample_request: Option<&'static str>,
    /// The operation as a command of the `wooshpay` command line.
    pub command: Command,
}

/// What an operation does to its collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// `POST /v1/things/{id}/action`, with the action's name (`confirm`).
    Action(&'static str),
    /// `GET /v1/things/{id}/field`: the list the object holds in `field`.
    SubList(&'static str),
    /// `GET /v1/thing` with no id: the account's one object (the balance).
    Singleton,
}

/// The parent of a nested path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parent {
    /// The parent's collection (`customers`).
    pub collection: &'static str,
    /// The child's field holding the parent's id (`customer`).
    pub field: &'static str,
    /// The path parameter giving it (`customer_id`).
    pub param: &'static str,
}

/// An operation as a command: `wooshpay <resource> <name>`.
#[derive(Debug)]
#[non_exhaustive]
pub struct Command {
    /// The resource, in kebab case (`payment-intents`).
    pub resource: &'static str,
    /// The command (`create`, `list-line-items`).
    pub name: &'static str,
    /// The spec's summary.
    pub about: &'static str,
    /// The spec's description.
    pub long_about: &'static str,
    /// The path and query parameters.
    pub params: &'static [Param],
    /// How the body is sent.
    pub body: Body,
    /// The body's fields, flattened.
    pub fields: &'static [Field],
    /// A cursor-paginated list (`--all` follows its pages).
    pub paginated: bool,
}

impl Command {
    /// The top-level body fields: the ones that are flags.
    pub fn flag_fields(&self) -> impl Iterator<Item = &'static Field> {
        self.fields.iter().filter(|f| !f.path.contains('['))
    }

    /// The query parameters.
    pub fn query(&self) -> impl Iterator<Item = &'static Param> {
        self.params.iter().filter(|p| !p.path)
    }

    /// The path parameters, in the template's order.
    pub fn path_params(&self) -> impl Iterator<Item = &'static Param> {
        self.params.iter().filter(|p| p.path)
    }
}

/// What a parameter's or field's text parses as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Text, sent as it is.
    String,
    /// An integer.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// JSON (an object, an array, or a union); text that is not JSON is sent as a string.
    Json,
}

/// How an operation's body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body.
    None,
    /// A JSON object.
    Json,
    /// A `multipart/form-data` form.
    Multipart,
}

/// A path or query parameter.
#[derive(Debug)]
pub struct Param {
    /// The name on the wire (`created[gt]`).
    pub name: &'static str,
    /// Its flag (`created[gt]`) or, for a path parameter, its value name (`ID`).
    pub flag: &'static str,
    /// A path parameter (positional), else a query parameter (a flag).
    pub path: bool,
    /// What its text parses as.
    pub kind: ValueKind,
    /// Whether the spec requires it.
    pub required: bool,
    /// The spec's description.
    pub help: &'static str,
}

/// A body field, flattened: `line_items[][price_data][currency]` (`[]` an array item, `[*]` any
/// key of a map). Top-level fields (no bracket) are flags; every field can be set with `-d`.
#[derive(Debug)]
pub struct Field {
    /// Its path in bracket form.
    pub path: &'static str,
    /// Its flag, for a top-level field (`payment-method-types`).
    pub flag: &'static str,
    /// What its value parses as.
    pub kind: ValueKind,
    /// Whether the body requires it (top-level fields only).
    pub required: bool,
    /// A file part of a multipart form: the value is the path of the file to send.
    pub file: bool,
    /// The spec's description, with an enum's values.
    pub help: &'static str,
}
