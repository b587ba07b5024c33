//! Every operation as a command of the `wooshpay` command-line tool, for the test kit's
//! operations table ([`super::operations`]): its resource and command names, its parameters
//! and body fields with their kinds and the spec's descriptions; and an example object for each
//! event type, for `webhooks trigger`. The hand-written CLI (`sdk/wooshpay-cli`) turns these
//! into clap commands and requests.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::Error;
use crate::model::{
    Additional, Inline, JsonType, Kind, Model, Operation, ParameterIn, SCHEMA_PREFIX, Schema,
    ValueKind,
};

/// How deep body fields are listed; deeper ones are given as JSON at this depth.
const FIELD_DEPTH: usize = 6;

/// Flags every command has (or may have), which no parameter or body field may take.
pub const RESERVED_FLAGS: &[&str] = &[
    "data",
    "all",
    "api-key",
    "base-url",
    "idempotency-key",
    "help",
];

/// One body field, flattened: `line_items[][price_data][currency]` (`[]` an array item, `[*]`
/// any key of a map).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its path in bracket form.
    pub path: String,
    /// What its value parses as.
    pub kind: ValueKind,
    /// Whether the body requires it (top-level fields only).
    pub required: bool,
    /// A binary part of a multipart body (its value names a file to read).
    pub file: bool,
    /// The spec's description, with the enum's values.
    pub help: String,
}

/// Each operation's command on the command line, by operation id, as a `Command { … }`
/// expression of the test kit's operations table.
pub fn commands(model: &Model) -> Result<BTreeMap<String, TokenStream>, Error> {
    let names = command_names(model)?;
    let mut commands = BTreeMap::new();
    for op in &model.operations {
        let Some((resource, name)) = names.get(&op.id) else {
            continue;
        };
        commands.insert(op.id.clone(), command(model, op, resource, name)?);
    }
    Ok(commands)
}

fn command(
    model: &Model,
    op: &Operation,
    resource: &str,
    name: &str,
) -> Result<TokenStream, Error> {
    let id = &op.id;
    let about = op.summary.clone().unwrap_or_else(|| id.clone());
    let long_about = text(op.description.as_deref().unwrap_or(""));
    let mut flags = BTreeSet::new();
    let mut params = Vec::new();
    for p in &op.parameters {
        let location = match p.location {
            ParameterIn::Path => quote!(true),
            ParameterIn::Query => quote!(false),
            // The API has none; a header or cookie parameter has no place on the command line.
            ParameterIn::Header | ParameterIn::Cookie => continue,
        };
        // A path parameter is positional, named in upper case (`<ID>`), which no flag is.
        let flag = match p.location {
            ParameterIn::Path => p.name.to_ascii_uppercase(),
            _ => {
                claim(&mut flags, &p.name, id)?;
                p.name.replace('_', "-")
            }
        };
        let (name, kind, required) = (&p.name, kind(p.kind), p.required);
        let help = text(p.description.as_deref().unwrap_or(""));
        params.push(quote! {
            Param { name: #name, flag: #flag, path: #location, kind: #kind, required: #required, help: #help }
        });
    }
    let (body, fields) = match body_schema(op) {
        Some((multipart, schema)) => {
            let fields = fields(model, &schema);
            for f in fields.iter().filter(|f| !f.path.contains('[')) {
                claim(&mut flags, &f.path, id)?;
            }
            let body = if multipart {
                quote!(Body::Multipart)
            } else {
                quote!(Body::Json)
            };
            (body, fields)
        }
        None => (quote!(Body::None), Vec::new()),
    };
    let fields = fields.iter().map(|f| {
        let (path, kind, required, file, help) = (&f.path, kind(f.kind), f.required, f.file, &f.help);
        let flag = f.path.replace('_', "-");
        quote! { Field { path: #path, flag: #flag, kind: #kind, required: #required, file: #file, help: #help } }
    });
    let paginated = op.pagination.as_ref().is_some_and(Result::is_ok);
    Ok(quote! {
        Command {
            resource: #resource,
            name: #name,
            about: #about,
            long_about: #long_about,
            params: &[#(#params),*],
            body: #body,
            fields: &[#(#fields),*],
            paginated: #paginated,
        }
    })
}

/// Takes the flag of parameter or field `name`, refusing one that two share or that the CLI
/// itself uses.
fn claim(flags: &mut BTreeSet<String>, name: &str, op: &str) -> Result<(), Error> {
    let flag = name.replace('_', "-");
    if RESERVED_FLAGS.contains(&flag.as_str()) || !flags.insert(flag.clone()) {
        return Err(Error::Generate(format!(
            "{op}: two parameters or body fields, or one and the CLI's own, share the flag `--{flag}`"
        )));
    }
    Ok(())
}

fn kind(kind: ValueKind) -> TokenStream {
    match kind {
        ValueKind::String => quote!(ValueKind::String),
        ValueKind::Integer => quote!(ValueKind::Integer),
        ValueKind::Number => quote!(ValueKind::Number),
        ValueKind::Boolean => quote!(ValueKind::Boolean),
        ValueKind::Json => quote!(ValueKind::Json),
    }
}

/// A description as one paragraph of help text.
fn text(description: &str) -> String {
    description.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each operation's `(resource, command)` on the command line: the resource is the model's
/// collection (or, for a nested path, its parent's) in kebab case, and the command the
/// operation id's verb with what follows the resource's name in it
/// (`list_checkout_session_line_items` → `checkout-sessions list-line-items`). Two operations
/// with one name are an error.
pub fn command_names(model: &Model) -> Result<BTreeMap<String, (String, String)>, Error> {
    let mut names = BTreeMap::new();
    let mut taken: BTreeMap<(String, String), String> = BTreeMap::new();
    for op in &model.operations {
        let owner = op
            .resource
            .parent
            .as_ref()
            .map_or(&op.resource.collection, |parent| &parent.collection);
        let key = (
            owner.replace('_', "-"),
            command_name(&op.id, owner).replace('_', "-"),
        );
        if let Some(other) = taken.insert(key.clone(), op.id.clone()) {
            return Err(Error::Generate(format!(
                "operations `{other}` and `{}` both map to the command `{} {}`",
                op.id, key.0, key.1
            )));
        }
        names.insert(op.id.clone(), key);
    }
    Ok(names)
}

/// The operation id `id` without the words that name `collection` after its verb: each such
/// word is the collection's word, a beginning of it (`session` of `sessions`, `invoice` of
/// `invoices`), or its singular in `y` (`beneficiary` of `beneficiaries`).
fn command_name(id: &str, collection: &str) -> String {
    let mut words = id.split('_');
    let verb = words.next().unwrap_or_default();
    let rest: Vec<&str> = words.collect();
    let names: Vec<&str> = collection.split('_').collect();
    let named = rest.len() >= names.len()
        && rest.iter().zip(&names).all(|(word, name)| {
            !word.is_empty()
                && (name.starts_with(word)
                    || word
                        .strip_suffix('y')
                        .is_some_and(|stem| *name == format!("{stem}ies")))
        });
    let rest = if named {
        &rest[names.len()..]
    } else {
        &rest[..]
    };
    std::iter::once(verb)
        .chain(rest.iter().copied())
        .collect::<Vec<_>>()
        .join("_")
}

/// The operation's request body schema (as a reference to flatten), and whether it is multipart.
fn body_schema(op: &Operation) -> Option<(bool, Schema)> {
    let (multipart, name) = match (&op.body, &op.multipart_body) {
        (Some(name), _) => (false, name),
        (None, Some(name)) => (true, name),
        (None, None) => return None,
    };
    Some((multipart, Schema::Ref(format!("{SCHEMA_PREFIX}{name}"))))
}

/// A schema's facts that flattening needs, references and `allOf`/`oneOf`/`anyOf` merged.
#[derive(Default)]
struct Node<'a> {
    kind: Option<ValueKind>,
    description: Option<String>,
    enumeration: Vec<String>,
    binary: bool,
    properties: Vec<(&'a str, &'a Schema)>,
    required: BTreeSet<&'a str>,
    items: Option<&'a Schema>,
    /// `additionalProperties`: `Some(None)` for any value, `Some(Some(schema))` for a typed one.
    map: Option<Option<&'a Schema>>,
}

fn resolve<'a>(model: &'a Model, schema: &'a Schema, seen: &mut Vec<&'a str>, node: &mut Node<'a>) {
    let inline = match schema {
        Schema::Inline(inline) => inline,
        Schema::Ref(_) => {
            let Some(name) = schema.ref_name() else {
                return;
            };
            if seen.contains(&name) || seen.len() > FIELD_DEPTH * 4 {
                node.kind.get_or_insert(ValueKind::Json);
                return;
            }
            let Some(found) = model.inline_schema(name) else {
                return;
            };
            seen.push(name);
            resolve_inline(model, found, seen, node);
            seen.pop();
            return;
        }
    };
    resolve_inline(model, inline, seen, node);
}

fn resolve_inline<'a>(
    model: &'a Model,
    schema: &'a Inline,
    seen: &mut Vec<&'a str>,
    node: &mut Node<'a>,
) {
    if node.description.is_none() {
        node.description.clone_from(&schema.description);
    }
    let (members, all, union): (&[Schema], bool, bool) = match &schema.kind {
        Kind::AllOf(members) => (members, true, false),
        Kind::OneOf(members) | Kind::AnyOf(members) => (members, false, true),
        _ => (&[], false, false),
    };
    for member in members {
        let mut inner = Node::default();
        resolve(model, member, seen, &mut inner);
        merge(node, inner, all);
    }
    if union && node.properties.is_empty() {
        // Alternatives of different kinds (an id or an expanded object): JSON or text.
        node.kind = Some(node.kind.unwrap_or(ValueKind::Json));
    }
    let json_type = match &schema.kind {
        Kind::String { .. } => Some(JsonType::String),
        Kind::Integer { .. } => Some(JsonType::Integer),
        Kind::Number { .. } => Some(JsonType::Number),
        Kind::Boolean => Some(JsonType::Boolean),
        Kind::Array { .. } => Some(JsonType::Array),
        Kind::Object(_) => Some(JsonType::Object),
        Kind::Any(written) => written.as_deref().and_then(JsonType::named),
        Kind::OneOf(_) | Kind::AnyOf(_) | Kind::AllOf(_) | Kind::Not(_) => None,
    };
    if let Some(json_type) = json_type {
        node.kind = Some(ValueKind::of_json_type(json_type));
    }
    match &schema.kind {
        Kind::String { format, values } => {
            node.binary |= format.as_deref() == Some("binary");
            node.enumeration.extend(values.iter().cloned());
        }
        Kind::Integer { format, .. } | Kind::Number { format } => {
            node.binary |= format.as_deref() == Some("binary");
        }
        Kind::Array {
            items: Some(items), ..
        } => node.items = Some(items),
        Kind::Object(object) => {
            // By name, as the command line has always listed them.
            let mut properties: Vec<_> = object.properties.iter().collect();
            properties.sort_by(|(a, _), (b, _)| a.cmp(b));
            for (name, property) in properties {
                if !node.properties.iter().any(|(n, _)| n == name) {
                    node.properties.push((name, property));
                }
            }
            node.required
                .extend(object.required.iter().map(String::as_str));
            match &object.additional {
                Some(Additional::Any(true)) => node.map = Some(None),
                Some(Additional::Schema(s)) if s.is_empty() => node.map = Some(None),
                Some(Additional::Schema(s)) => node.map = Some(Some(s)),
                _ => {}
            }
        }
        _ => {}
    }
}

/// Folds a member of `allOf` (`all`) or of a union into `node`. A union's alternatives add
/// their fields, but none of them is required.
fn merge<'a>(node: &mut Node<'a>, inner: Node<'a>, all: bool) {
    match (node.kind, inner.kind) {
        (None, k) => node.kind = k,
        (Some(a), Some(b)) if a != b => node.kind = Some(ValueKind::Json),
        _ => {}
    }
    if node.description.is_none() {
        node.description = inner.description;
    }
    node.binary |= inner.binary;
    node.enumeration.extend(inner.enumeration);
    for (name, property) in inner.properties {
        if !node.properties.iter().any(|(n, _)| *n == name) {
            node.properties.push((name, property));
        }
    }
    if all {
        node.required.extend(inner.required);
    }
    node.items = node.items.take().or(inner.items);
    node.map = node.map.take().or(inner.map);
}

/// The body's fields, top-level first (each object's by name), each followed by the fields
/// below it.
pub fn fields(model: &Model, schema: &Schema) -> Vec<Field> {
    let mut root = Node::default();
    resolve(model, schema, &mut Vec::new(), &mut root);
    let mut out = Vec::new();
    for (name, property) in &root.properties {
        let required = root.required.contains(name);
        walk(model, property, name.to_string(), required, 1, &mut out);
    }
    out
}

fn walk(
    model: &Model,
    schema: &Schema,
    path: String,
    required: bool,
    depth: usize,
    out: &mut Vec<Field>,
) {
    let mut node = Node::default();
    resolve(model, schema, &mut Vec::new(), &mut node);
    let mut help = text(node.description.as_deref().unwrap_or(""));
    if !node.enumeration.is_empty() {
        let values = node.enumeration.join(", ");
        help = format!("{help} One of: {values}.").trim().to_string();
    }
    let map_of_any = matches!(node.map, Some(None)) && node.properties.is_empty();
    out.push(Field {
        path: path.clone(),
        kind: node.kind.unwrap_or(ValueKind::Json),
        required,
        file: node.binary,
        help,
    });
    if depth >= FIELD_DEPTH {
        return;
    }
    for (name, property) in &node.properties {
        walk(
            model,
            property,
            format!("{path}[{name}]"),
            false,
            depth + 1,
            out,
        );
    }
    if let Some(items) = node.items {
        walk(model, items, format!("{path}[]"), false, depth + 1, out);
    }
    match node.map {
        // Metadata-like maps: their values are text, as `-d metadata[order_id]=42` means.
        Some(None) if map_of_any => out.push(Field {
            path: format!("{path}[*]"),
            kind: ValueKind::String,
            required: false,
            file: false,
            help: String::new(),
        }),
        Some(Some(values)) => walk(model, values, format!("{path}[*]"), false, depth + 1, out),
        _ => {}
    }
}

/// Each event type of `x-event-objects` with the example of the first operation that returns
/// its object's schema.
/// Each event type with the spec's example of its `data.object`, as JSON.
pub fn events(model: &Model) -> Vec<(String, String)> {
    let Some((_, types)) = &model.event_objects else {
        return Vec::new();
    };
    types
        .iter()
        .filter_map(|(kind, schema)| {
            let example = model
                .operations
                .iter()
                .filter(|op| op.success.as_deref() == Some(schema.as_str()))
                .find_map(|op| op.success_example.as_ref())?;
            Some((kind.clone(), serde_json::to_string(example).ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /v1/payment_intents:
    get:
      operationId: list_payment_intents
      parameters:
        - {name: limit, in: query, description: How many., schema: {type: integer}}
        - {name: "created[gt]", in: query, schema: {type: integer}}
      responses: {"200": {description: ok}}
    post:
      operationId: create_payment_intent
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/CreatePaymentIntentRequest"}
      responses: {"200": {description: ok}}
  /v1/payment_intents/{id}/confirm:
    post:
      operationId: confirm_payment_intent
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /v1/checkout/sessions/{id}/line_items:
    get:
      operationId: list_checkout_session_line_items
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /v1/checkout/sessions/{id}:
    get:
      operationId: retrieve_checkout_session
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /v1/balance:
    get:
      operationId: get_balance
      responses: {"200": {description: ok}}
components:
  schemas:
    Metadata: {type: object, additionalProperties: true}
    Item:
      type: object
      properties:
        quantity: {type: integer}
        child: {$ref: "#/components/schemas/Item"}
    CreatePaymentIntentRequest:
      type: object
      required: [amount]
      properties:
        amount: {type: integer, description: "The  amount."}
        capture: {type: boolean}
        method: {type: string, enum: [automatic, manual]}
        metadata: {allOf: [{$ref: "#/components/schemas/Metadata"}]}
        items: {type: array, items: {$ref: "#/components/schemas/Item"}}
"##;

    fn model() -> Model {
        Model::of(&crate::load::load(SPEC).unwrap())
    }

    #[test]
    fn commands_are_named_by_resource_and_verb() {
        let names = command_names(&model()).unwrap();
        let name = |id: &str| {
            let (resource, command) = &names[id];
            format!("{resource} {command}")
        };
        assert_eq!(name("list_payment_intents"), "payment-intents list");
        assert_eq!(name("create_payment_intent"), "payment-intents create");
        assert_eq!(name("confirm_payment_intent"), "payment-intents confirm");
        assert_eq!(
            name("retrieve_checkout_session"),
            "checkout-sessions retrieve"
        );
        assert_eq!(
            name("list_checkout_session_line_items"),
            "checkout-sessions list-line-items"
        );
        assert_eq!(name("get_balance"), "balance get");
    }

    #[test]
    fn body_fields_are_flattened_typed_and_described() {
        let schema = Schema::Ref("#/components/schemas/CreatePaymentIntentRequest".into());
        let fields = fields(&model(), &schema);
        let find = |path: &str| {
            fields
                .iter()
                .find(|f| f.path == path)
                .unwrap_or_else(|| panic!("no {path} in {fields:?}"))
        };
        assert_eq!(find("amount").kind, ValueKind::Integer);
        assert!(find("amount").required && !find("capture").required);
        assert_eq!(find("amount").help, "The amount.");
        assert_eq!(find("capture").kind, ValueKind::Boolean);
        assert_eq!(find("method").help, "One of: automatic, manual.");
        assert_eq!(find("metadata[*]").kind, ValueKind::String);
        assert_eq!(find("items[][quantity]").kind, ValueKind::Integer);
        // A recursive schema stops as JSON instead of recursing forever.
        assert_eq!(find("items[][child]").kind, ValueKind::Json);
    }

    #[test]
    fn every_operation_has_a_command_and_a_reserved_flag_is_refused() {
        let found = commands(&model()).unwrap();
        assert_eq!(found.len(), 6, "{found:?}");
        let text: String = found.values().map(|c| quote!(#c).to_string()).collect();
        assert!(text.contains("flag : \"created[gt]\""), "{text}");

        let clashing = SPEC.replace("capture: {type: boolean}", "data: {type: boolean}");
        let model = Model::of(&crate::load::load(&clashing).unwrap());
        let err = commands(&model).unwrap_err().to_string();
        assert!(
            err.contains("create_payment_intent") && err.contains("--data"),
            "{err}"
        );
    }
}
