//! The shape of the generated command tables (`generated/cli.rs`): each operation of the spec
//! as a command, with its parameters and body fields.

/// What a parameter's or field's text parses as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
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
pub(crate) enum Body {
    /// No body.
    None,
    /// A JSON object.
    Json,
    /// A `multipart/form-data` form.
    Multipart,
}

/// A path or query parameter.
#[derive(Debug)]
pub(crate) struct Param {
    /// The name on the wire (`created[gt]`).
    pub(crate) name: &'static str,
    /// Its flag (`created[gt]`) or, for a path parameter, its value name (`ID`).
    pub(crate) flag: &'static str,
    /// A path parameter (positional), else a query parameter (a flag).
    pub(crate) path: bool,
    pub(crate) kind: Kind,
    pub(crate) required: bool,
    pub(crate) help: &'static str,
}

/// A body field, flattened: `line_items[][price_data][currency]` (`[]` an array item, `[*]` any
/// key of a map). Top-level fields (no bracket) are flags; every field can be set with `-d`.
#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) path: &'static str,
    /// Its flag, for a top-level field (`payment-method-types`).
    pub(crate) flag: &'static str,
    pub(crate) kind: Kind,
    /// Whether the body requires it (top-level fields only).
    pub(crate) required: bool,
    /// A file part of a multipart form: the value is the path of the file to send.
    pub(crate) file: bool,
    pub(crate) help: &'static str,
}

/// An operation as a command: `wooshpay <resource> <name>`.
#[derive(Debug)]
pub(crate) struct Command {
    /// The resource, in kebab-case (`payment-intents`).
    pub(crate) resource: &'static str,
    /// The command (`create`, `list-line-items`).
    pub(crate) name: &'static str,
    pub(crate) operation_id: &'static str,
    pub(crate) method: &'static str,
    /// The path template.
    pub(crate) path: &'static str,
    /// The spec's summary.
    pub(crate) about: &'static str,
    /// The spec's description.
    pub(crate) long_about: &'static str,
    pub(crate) params: &'static [Param],
    pub(crate) body: Body,
    pub(crate) fields: &'static [Field],
    /// A cursor-paginated list (`--all` follows its pages).
    pub(crate) paginated: bool,
}

impl Command {
    /// The top-level body fields: the ones that are flags.
    pub(crate) fn flag_fields(&self) -> impl Iterator<Item = &'static Field> {
        self.fields.iter().filter(|f| !f.path.contains('['))
    }

    /// The query parameters.
    pub(crate) fn query(&self) -> impl Iterator<Item = &'static Param> {
        self.params.iter().filter(|p| !p.path)
    }

    /// The path parameters, in the template's order.
    pub(crate) fn path_params(&self) -> impl Iterator<Item = &'static Param> {
        self.params.iter().filter(|p| p.path)
    }
}
