//! Lint stage: rules that keep the spec within what progenitor handles and what reviewers need.
//!
//! Every rule reports the operation or schema it is about; all findings are returned at once.
//! Rules on names that collide once made Rust are in `name_lint`, rules on shapes progenitor
//! cannot generate in `shape_lint`.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Operation, ReferenceOr, StatusCode};
use serde_json::Value;

use crate::LintError;
use crate::model::{self, Model, RESERVED_NAMES};
use crate::spec::{self, Provenance};

/// Runs every rule and returns all findings (empty when the spec is clean).
pub fn lint(spec: &OpenAPI, model: &Model) -> Vec<LintError> {
    let mut errors = Vec::new();
    let doc = serde_json::to_value(spec).unwrap_or(Value::Null);
    check_refs(&doc, &mut errors);
    check_self_references(spec, &mut errors);
    check_enum_values(&doc, &mut errors);
    check_bare_urls(&doc, String::new(), &mut errors);
    check_unused_schemas(&doc, model, &mut errors);
    check_unused_examples(&doc, &mut errors);
    check_schema_names(spec, &mut errors);
    check_descriptions(spec, &mut errors);
    check_event_objects(spec, model, &mut errors);
    check_operations(spec, &mut errors);
    crate::example_lint::check_examples(&doc, &mut errors);
    crate::name_lint::check(spec, &doc, &mut errors);
    crate::shape_lint::check(spec, &doc, &mut errors);
    crate::nullable_lint::check_optional_nullable(&doc, model, &mut errors);
    errors
}

fn push(errors: &mut Vec<LintError>, location: impl Into<String>, message: impl Into<String>) {
    errors.push(LintError {
        location: location.into(),
        message: message.into(),
    });
}

/// Every `$ref` must point at something that exists in this document.
fn check_refs(doc: &Value, errors: &mut Vec<LintError>) {
    for (location, target) in model::refs(doc) {
        let resolved = target
            .strip_prefix("#/")
            .and_then(|pointer| doc.pointer(&format!("/{pointer}")))
            .is_some();
        if !resolved {
            let why = if target.starts_with("#/") {
                "does not resolve".to_string()
            } else {
                "is not a reference into this document (external references are not supported)"
                    .to_string()
            };
            push(errors, location, format!("$ref `{target}` {why}"));
        }
    }
}

/// Descriptions become rustdoc, where a bare URL is not a link (and a warning): write `<url>`.
fn check_bare_urls(value: &Value, path: String, errors: &mut Vec<LintError>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get("description")
                && let Some(url) = bare_url(text)
            {
                push(
                    errors,
                    &path,
                    format!("description has a bare URL `{url}`; write it as `<{url}>`"),
                );
            }
            for (key, child) in map {
                check_bare_urls(
                    child,
                    if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    },
                    errors,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check_bare_urls(child, format!("{path}[{i}]"), errors);
            }
        }
        _ => {}
    }
}

fn bare_url(text: &str) -> Option<&str> {
    for (start, _) in text.match_indices("http") {
        let rest = &text[start..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        let before = text[..start].chars().next_back();
        if matches!(before, Some('<' | '`' | '[' | '"' | '\'')) || text[..start].ends_with("](") {
            continue;
        }
        return rest
            .split(|c: char| c.is_whitespace() || c == ')' || c == '>')
            .next();
    }
    None
}

/// A component schema nothing reaches is dead weight in the generated crate: flag it.
fn check_unused_schemas(doc: &Value, model: &Model, errors: &mut Vec<LintError>) {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    // Roots: references from anywhere but the schemas themselves.
    let mut outside = doc.clone();
    if let Some(components) = outside.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("schemas");
    }
    let reached = model.reachable(model::schema_names(&outside));
    for name in schemas.keys().filter(|n| !reached.contains(*n)) {
        push(
            errors,
            format!("schema {name}"),
            "is not used by any operation; remove it or reference it",
        );
    }
}

/// A component example no media type refers to documents nothing and tests nothing: flag it.
fn check_unused_examples(doc: &Value, errors: &mut Vec<LintError>) {
    let Some(examples) = doc
        .pointer("/components/examples")
        .and_then(Value::as_object)
    else {
        return;
    };
    let used: BTreeSet<String> = model::refs(doc)
        .into_iter()
        .filter_map(|(_, t)| t.strip_prefix("#/components/examples/").map(str::to_owned))
        .collect();
    for name in examples.keys().filter(|n| !used.contains(*n)) {
        push(
            errors,
            format!("components.examples.{name}"),
            "is not used by any request or response; remove it or reference it",
        );
    }
}

/// Lints on the document as written: what the OpenAPI model drops silently. A `paths` key
/// without a leading `/` is not a path to openapiv3, so its operations would vanish.
pub fn lint_text(text: &str) -> Vec<LintError> {
    let mut errors = Vec::new();
    let Ok(doc) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return errors; // the load stage reports why
    };
    if let Some(paths) = doc.get("paths").and_then(serde_yaml::Value::as_mapping) {
        for key in paths.keys() {
            let key = key
                .as_str()
                .map_or_else(|| format!("{key:?}"), str::to_owned);
            if !key.starts_with('/') && !key.starts_with("x-") {
                push(
                    &mut errors,
                    format!("paths.{key}"),
                    "does not start with `/`, so it is not a path and its operations would be dropped",
                );
            }
        }
    }
    errors
}

/// Rust's keywords (strict, reserved, and those of later editions): none can name a module,
/// a type or a method.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
    "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "union",
];

/// Module names the generated crate already uses where resource groups (tags) become modules.
const RESERVED_MODULES: &[&str] = &["builder", "types", "mod"];

/// Names the client already has (hand-written or generated), which an operation's method
/// would clash with, and the builder's own methods.
const RESERVED_OPERATION_IDS: &[&str] = &[
    "builder",
    "new",
    "new_with_client",
    "from_env",
    "base_url",
    "baseurl",
    "mode",
    "client",
    "inner",
    "execute",
    "execute_empty",
    "send",
    "attempt",
    "stream",
    "body",
    "body_map",
    "clone",
    "fmt",
];

/// A type name as the generator writes it: ASCII, PascalCase, not a keyword.
pub(crate) fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&name)
}

/// Tags become module and file names; operation ids become method names.
fn check_tags(op: &Operation, path: &str, method: &str, errors: &mut Vec<LintError>) {
    for (i, tag) in op.tags.iter().enumerate() {
        let why = if !is_snake_case(tag) {
            Some("is not a snake_case identifier")
        } else if KEYWORDS.contains(&tag.as_str()) {
            Some("is a Rust keyword")
        } else if RESERVED_MODULES.contains(&tag.as_str()) {
            Some("is a module the generated crate already has")
        } else {
            None
        };
        if let Some(why) = why {
            push(
                errors,
                format!("paths.{path}.{method}.tags[{i}]"),
                format!("tag `{tag}` {why}; tags become module names (e.g. `payment_intents`)"),
            );
        }
    }
}

/// A schema that is nothing but a reference to itself (directly or through other bare
/// references) has no type to generate.
fn check_self_references(spec: &OpenAPI, errors: &mut Vec<LintError>) {
    let Some(components) = &spec.components else {
        return;
    };
    let target = |name: &str| match components.schemas.get(name) {
        Some(ReferenceOr::Reference { reference }) => spec::schema_name(reference),
        _ => None,
    };
    for name in components.schemas.keys() {
        let mut seen = BTreeSet::new();
        let mut current = name.as_str();
        while let Some(next) = target(current) {
            if next == name {
                push(
                    errors,
                    format!("components.schemas.{name}"),
                    "refers only to itself (through bare `$ref`s), so it has no type",
                );
                break;
            }
            if !seen.insert(next) {
                break; // a cycle that does not pass through `name`: reported for its members
            }
            current = next;
        }
    }
}

/// Every string enum becomes an open enum with a catch-all variant for values it does not list:
/// `Unknown(String)`, or the first of the fallback names no listed value takes. An enum whose
/// values take every one of those names has no catch-all left; the event type enum's catch-all
/// must be `Unknown`, which the webhook runtime names.
fn check_enum_values(doc: &Value, errors: &mut Vec<LintError>) {
    const CATCH_ALL: [&str; 4] = [
        "unknown",
        "unrecognized",
        "unrecognizedvalue",
        "unrecognizedwirevalue",
    ];
    fn fold(text: &str) -> String {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    }
    fn walk(value: &Value, path: &str, errors: &mut Vec<LintError>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Array(values)) = map.get("enum") {
                    let folded: BTreeSet<String> =
                        values.iter().filter_map(Value::as_str).map(fold).collect();
                    if CATCH_ALL.iter().all(|name| folded.contains(*name)) {
                        push(
                            errors,
                            path,
                            "enum values take every name of the catch-all variant (`Unknown`, `Unrecognized`, `UnrecognizedValue`, `UnrecognizedWireValue`); leave one out",
                        );
                    }
                    if map.contains_key("x-event-objects") && folded.contains("unknown") {
                        push(
                            errors,
                            path,
                            "enum value `unknown` collides with the catch-all `EventType::Unknown` the webhook runtime uses; leave it out",
                        );
                    }
                }
                for (key, child) in map {
                    walk(child, &format!("{path}.{key}"), errors);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}[{i}]"), errors);
                }
            }
            _ => {}
        }
    }
    if let Some(paths) = doc.get("paths") {
        walk(paths, "paths", errors);
    }
    if let Some(components) = doc.get("components") {
        walk(components, "components", errors);
    }
}

/// Schema names become Rust type names next to the prelude and the SDK's own `Error`/`Client`.
fn check_schema_names(spec: &OpenAPI, errors: &mut Vec<LintError>) {
    let Some(components) = &spec.components else {
        return;
    };
    for name in components.schemas.keys() {
        if !is_type_name(name) {
            push(
                errors,
                format!("components.schemas.{name}"),
                format!(
                    "schema name `{name}` is not usable as a Rust type name; use ASCII PascalCase that is not a keyword (e.g. `PaymentIntent`)"
                ),
            );
            continue;
        }
        if RESERVED_NAMES.contains(&name.as_str()) {
            push(
                errors,
                format!("schema {name}"),
                "shadows a Rust prelude or SDK type name; rename it",
            );
        }
    }
}

/// Every component schema and every property says what it is: the text becomes the rustdoc.
/// A property that refers to a named schema carries its own description through
/// `description` + `allOf: [$ref]` (OpenAPI 3.0 ignores siblings of a bare `$ref`).
fn check_descriptions(spec: &OpenAPI, errors: &mut Vec<LintError>) {
    let Some(components) = &spec.components else {
        return;
    };
    for (name, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        if schema
            .schema_data
            .description
            .as_deref()
            .is_none_or(str::is_empty)
        {
            push(errors, format!("schema {name}"), "has no description");
        }
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind
        else {
            continue;
        };
        for (property, value) in &object.properties {
            let described = match value {
                ReferenceOr::Item(p) => p
                    .schema_data
                    .description
                    .as_deref()
                    .is_some_and(|d| !d.is_empty()),
                ReferenceOr::Reference { .. } => false,
            };
            if !described {
                push(
                    errors,
                    format!("schema {name}"),
                    format!(
                        "property `{property}` has no description (for a reference: `description` + `allOf: [$ref]`)"
                    ),
                );
            }
        }
    }
}

/// `x-event-objects` maps every value of its enum to an existing schema, and nothing else.
fn check_event_objects(spec: &OpenAPI, model: &Model, errors: &mut Vec<LintError>) {
    let Some((name, mapping)) = &model.event_objects else {
        return;
    };
    let Some(components) = &spec.components else {
        return;
    };
    let values: Vec<String> = match components
        .schemas
        .get(name)
        .and_then(|s| s.as_item())
        .map(|s| &s.schema_kind)
    {
        Some(openapiv3::SchemaKind::Type(openapiv3::Type::String(s))) => {
            s.enumeration.iter().flatten().cloned().collect()
        }
        _ => {
            push(
                errors,
                format!("schema {name}"),
                "has `x-event-objects` but is not a string enum",
            );
            return;
        }
    };
    for value in values.iter().filter(|v| !mapping.contains_key(*v)) {
        push(
            errors,
            format!("schema {name}"),
            format!("event type `{value}` has no entry in `x-event-objects`"),
        );
    }
    for (event_type, object) in mapping {
        if !values.contains(event_type) {
            push(
                errors,
                format!("schema {name}"),
                format!("`x-event-objects` maps `{event_type}`, which is not a value of the enum"),
            );
        }
        if !components.schemas.contains_key(object) {
            push(
                errors,
                format!("schema {name}"),
                format!(
                    "`x-event-objects` maps `{event_type}` to `{object}`, which is not a schema"
                ),
            );
        }
    }
}

fn check_operations(spec: &OpenAPI, errors: &mut Vec<LintError>) {
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    for (path, method, op) in spec::operations(spec) {
        let location = spec::operation_location(path, method, op);
        check_tags(op, path, method, errors);
        match op.operation_id.as_deref() {
            Some(id) if KEYWORDS.contains(&id) || RESERVED_OPERATION_IDS.contains(&id) => push(
                errors,
                format!("paths.{path}.{method}.operationId"),
                format!(
                    "operationId `{id}` would clash with a keyword or a method the client or its builders already have; use a verb-first name like `retrieve_thing`"
                ),
            ),
            None => push(
                errors,
                &location,
                "has no operationId; add a snake_case, verb-first one",
            ),
            Some(id) if !is_snake_case(id) => push(
                errors,
                &location,
                format!("operationId `{id}` is not snake_case"),
            ),
            Some(id) => {
                if let Some(previous) = seen_ids.insert(id.to_string(), location.clone()) {
                    push(
                        errors,
                        &location,
                        format!("operationId `{id}` is also used by {previous}"),
                    );
                }
            }
        }
        check_provenance(op, &location, errors);
        check_parameters(spec, op, &location, errors);
        check_request_body(spec, op, &location, errors);
        check_responses(spec, op, &location, errors);
    }
}

fn is_snake_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !id.contains("__")
        && !id.ends_with('_')
}

fn check_provenance(op: &Operation, location: &str, errors: &mut Vec<LintError>) {
    match spec::provenance(op) {
        Ok(Provenance::Documented { .. } | Provenance::Inferred { .. }) => {}
        Err(message) => push(errors, location, message),
    }
}

/// Names every operation builder already uses for its own methods and fields.
pub(crate) const RESERVED_PARAMETERS: &[&str] = &[
    "idempotency_key",
    "max_retries",
    "timeout",
    "options",
    "client",
    "send",
    "body",
];

fn check_parameters(spec: &OpenAPI, op: &Operation, location: &str, errors: &mut Vec<LintError>) {
    for param in &op.parameters {
        let Some(param) = spec::resolve_parameter(spec, param) else {
            continue;
        };
        let data = param.parameter_data_ref();
        if let openapiv3::Parameter::Header { .. } = param {
            let name = data.name.to_ascii_lowercase();
            if matches!(name.as_str(), "accept" | "content-type" | "authorization") {
                push(
                    errors,
                    location,
                    format!(
                        "header parameter `{}` must not be modelled; the client sets it",
                        data.name
                    ),
                );
            }
        }
        if RESERVED_PARAMETERS.contains(&data.name.as_str()) {
            let name = &data.name;
            push(
                errors,
                location,
                format!(
                    "parameter `{name}` would clash with the builder's own `{name}` method; rename it"
                ),
            );
        }
        if let openapiv3::Parameter::Query {
            style: openapiv3::QueryStyle::DeepObject,
            ..
        } = param
        {
            push(
                errors,
                location,
                format!(
                    "query parameter `{}` uses style deepObject, which is not supported; use one flat parameter per key (e.g. `created[gt]`)",
                    data.name
                ),
            );
        }
    }
}

fn check_request_body(spec: &OpenAPI, op: &Operation, location: &str, errors: &mut Vec<LintError>) {
    let Some(body) = op
        .request_body
        .as_ref()
        .and_then(|b| spec::resolve_request_body(spec, b))
    else {
        return;
    };
    let types: Vec<&String> = body.content.keys().collect();
    if types.len() > 1 {
        push(
            errors,
            location,
            format!(
                "request body has {} media types ({}); declare exactly one",
                types.len(),
                join(&types)
            ),
        );
    } else if let Some(media) = types.first()
        && media.as_str() != "application/json"
        && !spec::is_hand_written(op)
    {
        push(
            errors,
            location,
            format!(
                "request body media type `{media}` is not generated; use application/json or mark the operation `x-codegen: hand-written`"
            ),
        );
    }
}

fn check_responses(spec: &OpenAPI, op: &Operation, location: &str, errors: &mut Vec<LintError>) {
    let typed = |r: &ReferenceOr<openapiv3::Response>| {
        spec::resolve_response(spec, r).is_some_and(|r| !r.content.is_empty())
    };
    let success: Vec<String> = op
        .responses
        .responses
        .iter()
        .filter(|(code, r)| is_success(code) && typed(r))
        .map(|(code, _)| code.to_string())
        .collect();
    if success.len() > 1 {
        push(
            errors,
            location,
            format!(
                "has {} typed success responses ({}); declare exactly one",
                success.len(),
                success.join(", ")
            ),
        );
    }
    if op.responses.default.as_ref().is_some_and(typed) && !success.is_empty() {
        push(
            errors,
            location,
            "has a typed `default` response beside a typed success response; declare errors as `4XX`/`5XX` instead",
        );
    }
    let all = op
        .responses
        .responses
        .iter()
        .map(|(c, r)| (c.to_string(), r));
    let all = all.chain(
        op.responses
            .default
            .iter()
            .map(|r| ("default".to_string(), r)),
    );
    for (code, response) in all {
        if let Some(response) = spec::resolve_response(spec, response)
            && response.content.len() > 1
        {
            let types: Vec<&String> = response.content.keys().collect();
            push(
                errors,
                location,
                format!(
                    "response {code} has {} media types ({}); declare exactly one",
                    types.len(),
                    join(&types)
                ),
            );
        }
    }
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    }
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
