//! Operation comparison: which client methods appear or disappear, and per method its path,
//! generation, parameters (builder setters), request body and success response.

use std::collections::BTreeMap;

use super::schemas::{self, Site};
use super::{ChangeKind, Changes, Classification};
use crate::model::{Model, Operation, ParameterIn, Schema};
use Classification::{Additive, Breaking};

/// Compares every operation of the two specs.
pub(super) fn compare(old: &Model, new: &Model, changes: &mut Changes) {
    let (olds, news) = (index(old), index(new));
    for (key, op) in &olds {
        if !news.contains_key(key) {
            let text = "operation removed: its client method disappears";
            changes.push(ChangeKind::OperationRemoved, Breaking, &op.location, text);
        }
    }
    for (key, op) in &news {
        match olds.get(key) {
            None => changes.push(
                ChangeKind::OperationAdded,
                Additive,
                &op.location,
                "operation added",
            ),
            Some(previous) => compare_operation(previous, op, changes),
        }
    }
}

/// Operations by operationId (by `METHOD path` when they have none).
fn index(model: &Model) -> BTreeMap<&str, &Operation> {
    model
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op))
        .collect()
}

fn compare_operation(old: &Operation, new: &Operation, changes: &mut Changes) {
    let location = new.location.as_str();
    if (&old.path, &old.method) != (&new.path, &new.method) {
        let text = format!(
            "moved from `{} {}` to `{} {}`: the same method now calls another endpoint",
            old.method, old.path, new.method, new.path
        );
        changes.push(ChangeKind::OperationMoved, Breaking, location, text);
    }
    match (old.hand_written, new.hand_written) {
        (false, true) => changes.push(
            ChangeKind::GenerationChanged,
            Breaking,
            location,
            "now `x-codegen: hand-written`: its generated method disappears",
        ),
        (true, false) => changes.push(
            ChangeKind::GenerationChanged,
            Additive,
            location,
            "no longer `x-codegen: hand-written`: a method is generated for it",
        ),
        _ => {}
    }
    match (old.paginated, new.paginated) {
        (false, true) => changes.push(
            ChangeKind::PaginationChanged,
            Additive,
            location,
            "now `x-pagination: cursor`: its builder gains `stream()`",
        ),
        (true, false) => changes.push(
            ChangeKind::PaginationChanged,
            Breaking,
            location,
            "no longer `x-pagination: cursor`: its builder loses `stream()`",
        ),
        _ => {}
    }
    let (from, to) = (&old.provenance_written, &new.provenance_written);
    if from != to {
        let text = format!(
            "`x-provenance` changed from {} to {}",
            quoted(from.as_deref()),
            quoted(to.as_deref())
        );
        changes.push(ChangeKind::ProvenanceChanged, Additive, location, text);
    }
    let (from, to) = (&old.docs_url, &new.docs_url);
    if from != to {
        let text = format!(
            "`externalDocs.url` changed from {} to {}",
            quoted(from.as_deref()),
            quoted(to.as_deref())
        );
        changes.push(ChangeKind::DocsChanged, Additive, location, text);
    }
    compare_parameters(old, new, changes);
    compare_request_body(old, new, changes);
    compare_response(old, new, changes);
}

fn quoted(value: Option<&str>) -> String {
    value.map_or("nothing".into(), |v| format!("`{v}`"))
}

/// A parameter: a setter on the operation's builder.
struct Param<'a> {
    place: &'static str,
    required: bool,
    schema: Option<&'a Schema>,
}

/// The path item's parameters, overridden by the operation's own, by name (the setter name).
fn parameters(op: &Operation) -> BTreeMap<&str, Param<'_>> {
    let mut params = BTreeMap::new();
    for p in &op.parameters {
        let place = match p.location {
            ParameterIn::Query => "query",
            ParameterIn::Header => "header",
            ParameterIn::Path => "path",
            ParameterIn::Cookie => "cookie",
        };
        let param = Param {
            place,
            required: p.required,
            schema: p.schema.as_ref(),
        };
        params.insert(p.name.as_str(), param);
    }
    params
}

fn describe(schema: Option<&Schema>) -> String {
    schema.map_or("no schema".into(), schemas::describe_node)
}

fn compare_parameters(old: &Operation, new: &Operation, changes: &mut Changes) {
    let location = new.location.as_str();
    let (olds, news) = (parameters(old), parameters(new));
    for name in olds.keys().filter(|n| !news.contains_key(*n)) {
        let text = format!("parameter `{name}` removed: its setter disappears");
        changes.push(ChangeKind::ParameterRemoved, Breaking, location, text);
    }
    for (name, param) in &news {
        let (place, shape) = (param.place, describe(param.schema));
        let Some(previous) = olds.get(name) else {
            let (class, text) = if param.required {
                let text = format!(
                    "required parameter `{name}` added ({place}, `{shape}`): calls must set it"
                );
                (Breaking, text)
            } else {
                let text = format!("optional parameter `{name}` added ({place}, `{shape}`)");
                (Additive, text)
            };
            changes.push(ChangeKind::ParameterAdded, class, location, text);
            continue;
        };
        if previous.place != place {
            let text = format!(
                "parameter `{name}` moved from {} to {place} (its setter is unchanged)",
                previous.place
            );
            changes.push(ChangeKind::ParameterMoved, Additive, location, text);
        }
        match (previous.required, param.required) {
            (false, true) => changes.push(
                ChangeKind::ParameterRequiredChanged,
                Breaking,
                location,
                format!("parameter `{name}` is now required: calls that do not set it fail"),
            ),
            (true, false) => changes.push(
                ChangeKind::ParameterRequiredChanged,
                Additive,
                location,
                format!("parameter `{name}` is no longer required (its setter is unchanged)"),
            ),
            _ => {}
        }
        let site = Site::operation(location, format!("parameter `{name}`"), true);
        compare_optional(changes, &site, previous.schema, param.schema, false);
    }
}

/// Two schemas that may be missing: a schema that appears or disappears changes the type.
fn compare_optional(
    changes: &mut Changes,
    site: &Site,
    old: Option<&Schema>,
    new: Option<&Schema>,
    check_nullable: bool,
) {
    match (old, new) {
        (Some(old), Some(new)) => schemas::compare(changes, site, "", old, new, check_nullable),
        (None, None) => {}
        (old, new) => {
            let (from, to) = (describe(old), describe(new));
            let text = format!("type changed from `{from}` to `{to}`");
            site.push(changes, ChangeKind::TypeChanged, Breaking, "", &text);
        }
    }
}

/// A request body: its media type and schema (the lint allows one media type).
struct Body<'a> {
    required: bool,
    media: &'a str,
    schema: Option<&'a Schema>,
}

fn body(op: &Operation) -> Option<Body<'_>> {
    let body = op.request.as_ref()?;
    let media = body.media.first()?;
    Some(Body {
        required: body.required,
        media: &media.media_type,
        schema: media.schema.as_ref(),
    })
}

fn compare_request_body(old: &Operation, new: &Operation, changes: &mut Changes) {
    let location = new.location.as_str();
    match (body(old), body(new)) {
        (None, None) => {}
        (None, Some(body)) => {
            let shape = describe(body.schema);
            let (class, text) = if body.required {
                (Breaking, format!("required request body added (`{shape}`)"))
            } else {
                (Additive, format!("optional request body added (`{shape}`)"))
            };
            changes.push(ChangeKind::RequestBodyAdded, class, location, text);
        }
        (Some(body), None) => {
            let text = format!(
                "request body removed (was `{}`): its `body` setter disappears",
                describe(body.schema)
            );
            changes.push(ChangeKind::RequestBodyRemoved, Breaking, location, text);
        }
        (Some(old_body), Some(new_body)) => {
            match (old_body.required, new_body.required) {
                (false, true) => changes.push(
                    ChangeKind::RequestBodyRequiredChanged,
                    Breaking,
                    location,
                    "request body is now required",
                ),
                (true, false) => changes.push(
                    ChangeKind::RequestBodyRequiredChanged,
                    Additive,
                    location,
                    "request body is no longer required",
                ),
                _ => {}
            }
            if old_body.media != new_body.media {
                let text = format!(
                    "request body media type changed from `{}` to `{}`",
                    old_body.media, new_body.media
                );
                changes.push(ChangeKind::TypeChanged, Breaking, location, text);
            }
            let site = Site::operation(location, "request body", true);
            compare_optional(changes, &site, old_body.schema, new_body.schema, true);
        }
    }
}

/// The schema of the typed success (2XX) response, which `send()` returns.
fn success(op: &Operation) -> Option<&Schema> {
    op.success_responses()
        .find_map(|r| r.media.first()?.schema.as_ref())
}

fn compare_response(old: &Operation, new: &Operation, changes: &mut Changes) {
    let location = new.location.as_str();
    match (success(old), success(new)) {
        (None, None) => {}
        (Some(old), Some(new)) => {
            let site = Site::operation(location, "response", false);
            schemas::compare(changes, &site, "", old, new, true);
        }
        (None, Some(schema)) => {
            let text = format!(
                "the success response now has a body (`{}`), which `send()` returns",
                schemas::describe_node(schema)
            );
            changes.push(ChangeKind::ResponseChanged, Breaking, location, text);
        }
        (Some(schema), None) => {
            let text = format!(
                "the success response no longer has a body (was `{}`)",
                schemas::describe_node(schema)
            );
            changes.push(ChangeKind::ResponseChanged, Breaking, location, text);
        }
    }
}
