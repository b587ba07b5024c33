//! Rules on operations: operationIds and tags usable as Rust names, provenance, parameters the
//! builder can take, one request body and one typed success response.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Operation, ReferenceOr, StatusCode};

use super::finding::push;
use super::rust_names::{
    KEYWORDS, RESERVED_MODULES, RESERVED_OPERATION_IDS, RESERVED_PARAMETERS, is_snake_case,
};
use crate::LintError;
use crate::spec::{self, Provenance};

pub(super) fn check_operations(spec: &OpenAPI, errors: &mut Vec<LintError>) {
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

fn check_provenance(op: &Operation, location: &str, errors: &mut Vec<LintError>) {
    match spec::provenance(op) {
        Ok(Provenance::Documented { .. } | Provenance::Inferred { .. }) => {}
        Err(message) => push(errors, location, message),
    }
}

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
