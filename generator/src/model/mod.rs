//! The spec model: the facts about the API that the later stages need, computed once from the
//! loaded spec. Lint, refine, emit and diff read it instead of re-deriving facts from the spec
//! or from progenitor's names.
//!
//! Typed facts (operations with their resource, kind, parameters, bodies and responses;
//! component schemas) sit beside the document as written (`document`), which the rules about
//! places read: every `$ref`, every description, every schema where it stands.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use serde_json::Value;

mod json_type;
mod messages;
mod resource;
mod sample;
mod schema;
mod spec;

pub use json_type::JsonType;
pub use messages::{Body, Media, Response, Status};
pub use resource::{OperationKind, Parent, RESOURCE, Resource};
pub use sample::sample;
pub use schema::{Additional, Inline, Kind, Object, Schema};
pub use spec::Provenance;

/// Where shared schemas go.
pub const COMMON_GROUP: &str = "common";

/// The extension that marks a string enum as open: a value it does not list is kept, never
/// rejected, and can be sent back. An enum without it is closed.
pub const OPEN_ENUM: &str = "x-open-enum";

/// The component schemas that are string enums marked `x-open-enum: true`.
fn open_enums(spec: &OpenAPI) -> BTreeSet<String> {
    spec.components
        .iter()
        .flat_map(|c| &c.schemas)
        .filter_map(|(name, schema)| {
            let schema = schema.as_item()?;
            let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
                return None;
            };
            let open = schema.schema_data.extensions.get(OPEN_ENUM) == Some(&Value::Bool(true));
            (open && !string.enumeration.is_empty()).then(|| name.clone())
        })
        .collect()
}

/// The prefix of a reference to a component schema.
pub const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Names that must not be used as schema names: the refine stage shortens these prelude paths
/// and the SDK's runtime defines the others.
pub const RESERVED_NAMES: &[&str] = &[
    "Option", "String", "Vec", "Box", "Result", "From", "TryFrom", "TryInto", "Default", "Error",
    "Client",
];

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterIn {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
}

/// One parameter of an operation (path-level parameters included).
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The name on the wire (`created[gt]`).
    pub name: String,
    /// Where it goes.
    pub location: ParameterIn,
    /// The spec's description.
    pub description: Option<String>,
    /// The spec's example value.
    pub example: Option<Value>,
    /// Whether its schema is a plain string (its Rust value is a `String`).
    pub string: bool,
    /// Whether the spec marks it required.
    pub required: bool,
    /// The JSON kind of its value (a referenced schema resolved), for tools that parse text
    /// into it.
    pub kind: ValueKind,
    /// Its schema: `schema`, or that of its first `content` media type.
    pub schema: Option<Schema>,
    /// `style: deepObject`.
    pub deep_object: bool,
    /// Where the spec writes it (`paths./v1/x.get.parameters[0]`).
    pub at: String,
    /// Whether the operation declares it, not its path item.
    pub own: bool,
}

/// The schema a JSON schema stands for: its `$ref`, or the one `$ref` of an `allOf` (how the
/// spec attaches a description to a reference).
fn reference_target(schema: &Value) -> Option<String> {
    let reference = match schema
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([only]) => only.get("$ref"),
        _ => schema.get("$ref"),
    };
    Some(
        reference?
            .as_str()?
            .strip_prefix(SCHEMA_PREFIX)?
            .to_string(),
    )
}

/// The JSON kind of a value, as a command line parses it from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A JSON string.
    String,
    /// A JSON integer.
    Integer,
    /// Any JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An object, an array, or a union: given as JSON.
    Json,
}

impl ValueKind {
    /// The kind of a schema given as JSON (`{"type": "integer"}`), its references resolved
    /// through `spec`.
    pub fn of(spec: &OpenAPI, schema: &Value) -> ValueKind {
        let mut schema = schema.clone();
        // A bound on reference chains, which a malformed spec could make circular.
        for _ in 0..8 {
            let Some(name) = reference_target(&schema) else {
                break;
            };
            match spec::schema(spec, &name) {
                Some(found) => schema = to_json(found),
                None => return ValueKind::Json,
            }
        }
        ValueKind::of_type(&schema).unwrap_or(ValueKind::Json)
    }

    /// The kind of a JSON schema's `type`, if it names one.
    pub fn of_type(schema: &Value) -> Option<ValueKind> {
        let named = JsonType::named(schema.get("type")?.as_str()?)?;
        Some(ValueKind::of_json_type(named))
    }

    /// The kind of a value of JSON type `json_type`.
    pub fn of_json_type(json_type: JsonType) -> ValueKind {
        match json_type {
            JsonType::String => ValueKind::String,
            JsonType::Integer => ValueKind::Integer,
            JsonType::Number => ValueKind::Number,
            JsonType::Boolean => ValueKind::Boolean,
            JsonType::Object | JsonType::Array => ValueKind::Json,
        }
    }
}

/// What a cursor-paginated operation returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The list envelope schema (`PaymentIntentList`).
    pub list: String,
    /// The item schema (`PaymentIntent`).
    pub item: String,
    /// Whether the operation takes `ending_before`, so that its stream can page backward.
    pub backward: bool,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId; `METHOD path` for an operation without one, which lint refuses, so
    /// that no stage after it sees one.
    pub id: String,
    /// Whether the spec gives an operationId.
    pub has_id: bool,
    /// `GET /v1/x/{id} (retrieve_x)`: how lint errors and reports name it.
    pub location: String,
    /// Where the spec writes it (`paths./v1/x.get`).
    pub at: String,
    /// Its tags (the first is its group).
    pub tags: Vec<String>,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template.
    pub path: String,
    /// What the operation works on: its SDK module, its collection, its parent.
    pub resource: Resource,
    /// What it does to it.
    pub kind: OperationKind,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// `x-provenance`, or what is missing or malformed (lint reports it).
    pub provenance: Result<Provenance, String>,
    /// `x-provenance` as written.
    pub provenance_written: Option<String>,
    /// `externalDocs.url` as written.
    pub docs_url: Option<String>,
    /// Parameters, path-level ones first.
    pub parameters: Vec<Parameter>,
    /// The component schema of the JSON request body.
    pub body: Option<String>,
    /// The component schema of a `multipart/form-data` request body (a file upload).
    pub multipart_body: Option<String>,
    /// The request body, its reference resolved.
    pub request: Option<Body>,
    /// The responses, in the spec's order, `default` last.
    pub responses: Vec<Response>,
    /// The component schema of the first 2xx JSON response.
    pub success: Option<String>,
    /// The first example of that response, if any.
    pub success_example: Option<Value>,
    /// `x-pagination: cursor`.
    pub paginated: bool,
    /// For a paginated operation, its list shape, or why it does not qualify.
    pub pagination: Option<Result<Pagination, String>>,
    /// `x-codegen: hand-written`.
    pub hand_written: bool,
}

impl Operation {
    /// The operation's path parameters, in the order the spec lists them.
    pub fn path_parameters(&self) -> impl Iterator<Item = &Parameter> {
        self.parameters
            .iter()
            .filter(|p| p.location == ParameterIn::Path)
    }

    /// The success responses (2xx), in the spec's order.
    pub fn success_responses(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| r.status.is_success())
    }

    /// Whether the operation has a query parameter called `name`.
    pub fn has_query(&self, name: &str) -> bool {
        self.parameters
            .iter()
            .any(|p| p.location == ParameterIn::Query && p.name == name)
    }
}

/// The API as the generator sees it.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The spec as written, as JSON.
    pub document: Value,
    /// The component schemas, in document order.
    pub schemas: Vec<(String, Schema)>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// Each component schema with the component schemas it refers to directly.
    pub schema_refs: BTreeMap<String, BTreeSet<String>>,
    /// Schemas that requests reach (bodies and parameters): what callers build.
    pub request_schemas: BTreeSet<String>,
    /// Schemas that responses reach.
    pub response_schemas: BTreeSet<String>,
    /// The group of each schema an operation reaches: the one group whose operations reach
    /// it, or [`COMMON_GROUP`] when several do.
    pub schema_groups: BTreeMap<String, String>,
    /// `x-event-objects`: `(enum schema, event type → schema of data.object)`.
    pub event_objects: Option<(String, BTreeMap<String, String>)>,
    /// String enum schemas marked [`OPEN_ENUM`]: their Rust enums keep unknown values.
    pub open_enums: BTreeSet<String>,
}

impl Model {
    /// Reads the model off a loaded spec. Never fails: what is missing or malformed is left
    /// out, and the lint stage says why.
    pub fn of(spec: &OpenAPI) -> Model {
        let schema_refs: BTreeMap<String, BTreeSet<String>> = spec
            .components
            .iter()
            .flat_map(|c| &c.schemas)
            .map(|(name, schema)| (name.clone(), schema_names(&to_json(schema))))
            .collect();
        let mut model = Model {
            document: to_json(spec),
            schemas: spec
                .components
                .iter()
                .flat_map(|c| &c.schemas)
                .map(|(name, schema)| (name.clone(), Schema::from(schema)))
                .collect(),
            schema_refs,
            event_objects: event_objects(spec),
            open_enums: open_enums(spec),
            ..Model::default()
        };
        let mut reached_by_group: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (path, method, op) in spec::operations(spec) {
            let group = op
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| COMMON_GROUP.to_string());
            let path_level = spec
                .paths
                .paths
                .get(path)
                .and_then(ReferenceOr::as_item)
                .map(|item| item.parameters.as_slice())
                .unwrap_or_default();
            let at = format!("paths.{path}.{method}");
            let resolved: Vec<(String, bool, &openapiv3::Parameter)> = (path_level.iter())
                .enumerate()
                .map(|(i, p)| (format!("paths.{path}.parameters[{i}]"), false, p))
                .chain(
                    (op.parameters.iter())
                        .enumerate()
                        .map(|(i, p)| (format!("{at}.parameters[{i}]"), true, p)),
                )
                .filter_map(|(at, own, p)| Some((at, own, spec::resolve_parameter(spec, p)?)))
                .collect();
            let mut request_roots = BTreeSet::new();
            for (_, _, p) in &resolved {
                request_roots.extend(schema_names(&to_json(p)));
            }
            let body = op
                .request_body
                .as_ref()
                .and_then(|b| spec::resolve_request_body(spec, b));
            if let Some(body) = body {
                request_roots.extend(schema_names(&to_json(body)));
            }
            let mut response_roots = BTreeSet::new();
            let responses = op.responses.responses.values().chain(&op.responses.default);
            for r in responses.filter_map(|r| spec::resolve_response(spec, r)) {
                response_roots.extend(schema_names(&to_json(r)));
            }
            // What an operation without an id reaches is no part of the generated crate.
            if op.operation_id.is_some() {
                let requests = model.reachable(request_roots);
                let responses = model.reachable(response_roots);
                let groups = reached_by_group.entry(group.clone()).or_default();
                groups.extend(requests.iter().cloned());
                groups.extend(responses.iter().cloned());
                model.request_schemas.extend(requests);
                model.response_schemas.extend(responses);
            }
            let responses = messages::responses(spec, op);
            let (success, success_example) = success(&responses);
            let paginated = spec::is_paginated(op);
            let parameters: Vec<Parameter> = (resolved.into_iter())
                .map(|(at, own, p)| parameter(spec, p, at, own))
                .collect();
            let pagination = paginated.then(|| pagination(&model, success.as_deref(), &parameters));
            let item = spec.paths.paths.get(path).and_then(ReferenceOr::as_item);
            let (resource, kind) = resource::classify(&group, method, path, item, paginated);
            let extension = |name: &str| op.extensions.get(name)?.as_str().map(str::to_owned);
            model.operations.push(Operation {
                id: op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{} {path}", method.to_ascii_uppercase())),
                has_id: op.operation_id.is_some(),
                location: spec::operation_location(path, method, op),
                at,
                tags: op.tags.clone(),
                method: method.to_ascii_uppercase(),
                path: path.to_string(),
                resource,
                kind,
                summary: op.summary.clone(),
                description: op.description.clone(),
                provenance: spec::provenance(op),
                provenance_written: extension("x-provenance"),
                docs_url: op.external_docs.as_ref().map(|d| d.url.clone()),
                parameters,
                body: body.and_then(|b| body_schema_name(b, "application/json")),
                multipart_body: body.and_then(|b| body_schema_name(b, "multipart/form-data")),
                request: messages::body(spec, op),
                responses,
                success,
                success_example,
                paginated,
                pagination,
                hand_written: spec::is_hand_written(op),
            });
        }
        let mut groups_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (group, schemas) in reached_by_group {
            for schema in schemas {
                groups_of.entry(schema).or_default().insert(group.clone());
            }
        }
        model.schema_groups = groups_of
            .into_iter()
            .map(|(schema, groups)| {
                let group = match groups.len() {
                    1 => groups.into_iter().next(),
                    _ => None,
                };
                (schema, group.unwrap_or_else(|| COMMON_GROUP.to_string()))
            })
            .collect();
        model
    }

    /// The operation called `id`.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.id == id)
    }

    /// The component schema called `name`.
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas
            .iter()
            .find_map(|(n, schema)| (n == name).then_some(schema))
    }

    /// The component schema called `name`, if it is given in place (not as a reference).
    pub fn inline_schema(&self, name: &str) -> Option<&Inline> {
        self.schema(name)?.inline()
    }

    /// The component schema called `name`, if it is an object.
    pub fn object(&self, name: &str) -> Option<&Object> {
        self.schema(name)?.object()
    }

    /// The schema `schema` stands for: itself, or the component schema its reference names
    /// when that one is given in place. One step only, so that a circle of references ends.
    pub fn resolve<'a>(&'a self, schema: &'a Schema) -> Option<&'a Inline> {
        match schema {
            Schema::Inline(inline) => Some(inline),
            Schema::Ref(_) => self.inline_schema(schema.ref_name()?),
        }
    }

    /// The schemas reachable from `roots` through references, `roots` included.
    pub fn reachable(&self, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        let mut queue: Vec<String> = roots.into_iter().collect();
        while let Some(name) = queue.pop() {
            if let Some(refs) = self.schema_refs.get(&name) {
                queue.extend(refs.iter().filter(|r| !reached.contains(*r)).cloned());
            }
            reached.insert(name);
        }
        reached
    }

    /// The group of a schema type: its own, or `common` for a schema no operation reaches.
    pub fn group_of_schema(&self, name: &str) -> &str {
        self.schema_groups
            .get(name)
            .map_or(COMMON_GROUP, String::as_str)
    }
}

/// Collects `(location, target)` for every `$ref` below `value`: the one `$ref` walker.
pub fn refs(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk_refs(value, String::new(), &mut out);
    out
}

fn walk_refs(value: &Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let location = if path.is_empty() {
                    ".".into()
                } else {
                    path.clone()
                };
                out.push((location, target.clone()));
            }
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk_refs(child, child_path, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk_refs(child, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The component schemas referred to below `value`.
pub fn schema_names(value: &Value) -> BTreeSet<String> {
    refs(value)
        .into_iter()
        .filter_map(|(_, target)| target.strip_prefix(SCHEMA_PREFIX).map(str::to_owned))
        .collect()
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn parameter(spec: &OpenAPI, p: &openapiv3::Parameter, at: String, own: bool) -> Parameter {
    let location = match p {
        openapiv3::Parameter::Path { .. } => ParameterIn::Path,
        openapiv3::Parameter::Query { .. } => ParameterIn::Query,
        openapiv3::Parameter::Header { .. } => ParameterIn::Header,
        openapiv3::Parameter::Cookie { .. } => ParameterIn::Cookie,
    };
    let data = p.parameter_data_ref();
    let string = matches!(
        &data.format,
        openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema))
            if matches!(schema.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(_)))
    );
    let kind = match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(schema) => {
            ValueKind::of(spec, &to_json(schema))
        }
        openapiv3::ParameterSchemaOrContent::Content(_) => ValueKind::Json,
    };
    let schema = match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(schema) => Some(Schema::from(schema)),
        openapiv3::ParameterSchemaOrContent::Content(content) => content
            .values()
            .next()
            .and_then(|m| m.schema.as_ref())
            .map(Schema::from),
    };
    let deep_object = matches!(
        p,
        openapiv3::Parameter::Query {
            style: openapiv3::QueryStyle::DeepObject,
            ..
        }
    );
    Parameter {
        name: data.name.clone(),
        location,
        description: data.description.clone(),
        example: data.example.clone(),
        string,
        required: data.required,
        kind,
        schema,
        deep_object,
        at,
        own,
    }
}

/// The schema name of a body of media type `media`, given by reference.
fn body_schema_name(body: &openapiv3::RequestBody, media: &str) -> Option<String> {
    match body.content.get(media)?.schema.as_ref()? {
        ReferenceOr::Reference { reference } => {
            reference.strip_prefix(SCHEMA_PREFIX).map(str::to_owned)
        }
        ReferenceOr::Item(_) => None,
    }
}

/// The first success response's JSON schema name and first example.
fn success(responses: &[Response]) -> (Option<String>, Option<Value>) {
    let first = responses.iter().find(|r| r.status.is_success());
    let Some(media) = first.and_then(|r| r.media("application/json")) else {
        return (None, None);
    };
    let name = media.schema.as_ref().and_then(Schema::ref_name);
    let example = media.examples.first().map(|(_, value)| value.clone());
    (name.map(str::to_owned), example)
}

/// The list envelope and item of a paginated operation, or why it does not qualify.
fn pagination(
    model: &Model,
    success: Option<&str>,
    parameters: &[Parameter],
) -> Result<Pagination, String> {
    let list = success.ok_or("has `x-pagination` but no named JSON success response")?;
    let object = model
        .object(list)
        .ok_or_else(|| format!("list schema `{list}` is not an object"))?;
    if object.property("has_more").is_none() {
        return Err(format!("list schema `{list}` has no `has_more`"));
    }
    let items = object.property("data").and_then(Schema::inline);
    let item = match items.map(|data| &data.kind) {
        Some(Kind::Array {
            items: Some(items), ..
        }) => items.ref_name().map(str::to_owned),
        _ => None,
    }
    .ok_or_else(|| format!("list schema `{list}` has no `data` array of a named schema"))?;
    let has_query = |name: &str| {
        parameters
            .iter()
            .any(|p| p.location == ParameterIn::Query && p.name == name)
    };
    if !has_query("starting_after") {
        return Err("has `x-pagination` but no `starting_after` query parameter".into());
    }
    Ok(Pagination {
        list: list.to_string(),
        item,
        backward: has_query("ending_before"),
    })
}

/// The schema carrying `x-event-objects`, with its mapping.
fn event_objects(spec: &OpenAPI) -> Option<(String, BTreeMap<String, String>)> {
    let components = spec.components.as_ref()?;
    components.schemas.iter().find_map(|(name, schema)| {
        let mapping = schema
            .as_item()?
            .schema_data
            .extensions
            .get("x-event-objects")?
            .as_object()?;
        let mapping = mapping
            .iter()
            .filter_map(|(t, o)| Some((t.clone(), o.as_str()?.to_string())))
            .collect();
        Some((name.clone(), mapping))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: v1}
paths:
  /v1/things/{id}:
    parameters:
      - {name: id, in: path, required: true, description: The id., schema: {type: string}}
    post:
      operationId: update_thing
      tags: [things]
      x-provenance: inferred
      parameters:
        - {name: expand, in: query, schema: {$ref: "#/components/schemas/Expand"}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/ThingParams"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
              examples:
                one: {value: {id: thing_1}}
  /v1/others:
    get:
      operationId: list_others
      tags: [others]
      x-provenance: inferred
      x-pagination: cursor
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Expand: {type: string}
    ThingParams: {type: object, properties: {part: {$ref: "#/components/schemas/Part"}}}
    Thing: {type: object, properties: {part: {$ref: "#/components/schemas/Part"}}}
    Part: {type: object}
"##;

    fn model() -> Model {
        Model::of(&serde_yaml::from_str(SPEC).unwrap())
    }

    #[test]
    fn operations_carry_their_facts() {
        let model = model();
        let op = model.operation("update_thing").unwrap();
        assert_eq!(
            (op.method.as_str(), op.resource.group.as_str()),
            ("POST", "things")
        );
        assert_eq!(
            op.path_parameters()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            ["id"]
        );
        assert!(op.has_query("expand") && !op.paginated);
        assert_eq!(op.body.as_deref(), Some("ThingParams"));
        assert_eq!(op.success.as_deref(), Some("Thing"));
        assert_eq!(
            op.success_example,
            Some(serde_json::json!({"id": "thing_1"}))
        );
        assert!(model.operation("list_others").unwrap().paginated);
    }

    #[test]
    fn operations_carry_where_they_are_written_and_what_they_exchange() {
        let model = model();
        let op = model.operation("update_thing").unwrap();
        assert!(op.has_id);
        assert_eq!(op.location, "POST /v1/things/{id} (update_thing)");
        let places: Vec<(&str, bool)> = op
            .parameters
            .iter()
            .map(|p| (p.at.as_str(), p.own))
            .collect();
        assert_eq!(
            places,
            [
                ("paths./v1/things/{id}.parameters[0]", false),
                ("paths./v1/things/{id}.post.parameters[0]", true)
            ]
        );
        let expand = op.parameters[1].schema.as_ref().and_then(Schema::ref_name);
        assert_eq!(expand, Some("Expand"));
        let body = op.request.as_ref().unwrap();
        assert_eq!(body.media[0].media_type, "application/json");
        let statuses: Vec<String> = op.responses.iter().map(|r| r.status.to_string()).collect();
        assert_eq!(statuses, ["200"]);
        assert!(Status::Range(2).is_success() && !Status::Default.is_success());
        let thing = model.schema("Thing").and_then(Schema::object).unwrap();
        assert_eq!(
            thing.property("part").and_then(Schema::ref_name),
            Some("Part")
        );
    }

    #[test]
    fn reachability_separates_requests_from_responses() {
        let model = model();
        let names = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&model.request_schemas),
            ["Expand", "Part", "ThingParams"]
        );
        assert_eq!(names(&model.response_schemas), ["Part", "Thing"]);
        assert_eq!(model.group_of_schema("ThingParams"), "things");
        assert_eq!(
            model.group_of_schema("Thing"),
            COMMON_GROUP,
            "reached by two groups"
        );
        assert_eq!(model.group_of_schema("Nowhere"), COMMON_GROUP);
    }

    #[test]
    fn refs_name_their_location() {
        let value = serde_json::json!({"a": [{"$ref": "#/x"}], "$ref": "#/y"});
        assert_eq!(
            refs(&value),
            [
                (".".to_string(), "#/y".to_string()),
                ("a[0]".into(), "#/x".into())
            ]
        );
    }
}
