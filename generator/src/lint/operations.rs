//! Rules on operations: operationIds and tags usable as Rust names, provenance, parameters the
//! builder can take, one request body and one typed success response.

use std::collections::BTreeMap;

use super::finding::push;
use super::rust_names::{
    KEYWORDS, RESERVED_MODULES, RESERVED_OPERATION_IDS, RESERVED_PARAMETERS, is_snake_case,
};
use crate::LintError;
use crate::model::{Model, Operation, ParameterIn, Status};

/// Runs the operation rules on every operation.
pub(super) fn check_operations(model: &Model, errors: &mut Vec<LintError>) {
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    for op in &model.operations {
        let location = &op.location;
        check_tags(op, errors);
        let id = op.id.as_str();
        match op.has_id {
            true if KEYWORDS.contains(&id) || RESERVED_OPERATION_IDS.contains(&id) => push(
                errors,
                format!("{}.operationId", op.at),
                format!(
                    "operationId `{id}` would clash with a keyword or a method the client or its builders already have; use a verb-first name like `retrieve_thing`"
                ),
            ),
            false => push(
                errors,
                location,
                "has no operationId; add a snake_case, verb-first one",
            ),
            true if !is_snake_case(id) => push(
                errors,
                location,
                format!("operationId `{id}` is not snake_case"),
            ),
            true => {
                if let Some(previous) = seen_ids.insert(id.to_string(), location.clone()) {
                    push(
                        errors,
                        location,
                        format!("operationId `{id}` is also used by {previous}"),
                    );
                }
            }
        }
        if let Err(message) = &op.provenance {
            push(errors, location, message);
        }
        check_parameters(op, errors);
        check_request_body(op, errors);
        check_responses(op, errors);
    }
}

/// Tags become module and file names; operation ids become method names.
fn check_tags(op: &Operation, errors: &mut Vec<LintError>) {
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
                format!("{}.tags[{i}]", op.at),
                format!("tag `{tag}` {why}; tags become module names (e.g. `payment_intents`)"),
            );
        }
    }
}

fn check_parameters(op: &Operation, errors: &mut Vec<LintError>) {
    let location = &op.location;
    for param in op.parameters.iter().filter(|p| p.own) {
        if param.location == ParameterIn::Header {
            let name = param.name.to_ascii_lowercase();
            if matches!(name.as_str(), "accept" | "content-type" | "authorization") {
                push(
                    errors,
                    location,
                    format!(
                        "header parameter `{}` must not be modelled; the client sets it",
                        param.name
                    ),
                );
            }
        }
        if RESERVED_PARAMETERS.contains(&param.name.as_str()) {
            let name = &param.name;
            push(
                errors,
                location,
                format!(
                    "parameter `{name}` would clash with the builder's own `{name}` method; rename it"
                ),
            );
        }
        if param.deep_object {
            push(
                errors,
                location,
                format!(
                    "query parameter `{}` uses style deepObject, which is not supported; use one flat parameter per key (e.g. `created[gt]`)",
                    param.name
                ),
            );
        }
    }
}

fn check_request_body(op: &Operation, errors: &mut Vec<LintError>) {
    let Some(body) = &op.request else {
        return;
    };
    let location = &op.location;
    let types: Vec<&str> = body.media.iter().map(|m| m.media_type.as_str()).collect();
    if types.len() > 1 {
        push(
            errors,
            location,
            format!(
                "request body has {} media types ({}); declare exactly one",
                types.len(),
                types.join(", ")
            ),
        );
    } else if let Some(media) = types.first()
        && *media != "application/json"
        && !op.hand_written
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

fn check_responses(op: &Operation, errors: &mut Vec<LintError>) {
    let location = &op.location;
    let success: Vec<String> = op
        .success_responses()
        .filter(|r| !r.media.is_empty())
        .map(|r| r.status.to_string())
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
    let typed_default = op
        .responses
        .iter()
        .any(|r| r.status == Status::Default && !r.media.is_empty());
    if typed_default && !success.is_empty() {
        push(
            errors,
            location,
            "has a typed `default` response beside a typed success response; declare errors as `4XX`/`5XX` instead",
        );
    }
    for response in op.responses.iter().filter(|r| r.media.len() > 1) {
        let types: Vec<&str> = response
            .media
            .iter()
            .map(|m| m.media_type.as_str())
            .collect();
        push(
            errors,
            location,
            format!(
                "response {} has {} media types ({}); declare exactly one",
                response.status,
                types.len(),
                types.join(", ")
            ),
        );
    }
}
