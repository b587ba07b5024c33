//! How the model reads the loaded document: operations in document order, references
//! resolved, and this project's extensions (`x-provenance`, `x-codegen`) parsed. No stage
//! after load reads the document through these; they read the model.

use openapiv3::{Components, OpenAPI, Operation, Parameter, ReferenceOr, RequestBody, Response};

/// Where an operation's facts come from, as recorded by `x-provenance`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// Documented on a WooshPay doc page (its URL is in `externalDocs.url`).
    Documented {
        /// The doc page.
        url: String,
    },
    /// Listed in the docs' navigation; path and shape follow the documented siblings.
    Inferred {
        /// A related doc page, when there is one.
        url: Option<String>,
    },
}

/// Every operation as `(path, method, operation)`, in document order.
pub fn operations(spec: &OpenAPI) -> impl Iterator<Item = (&str, &str, &Operation)> {
    spec.paths
        .iter()
        .filter_map(|(path, item)| item.as_item().map(|item| (path, item)))
        .flat_map(|(path, item)| {
            item.iter()
                .map(move |(method, op)| (path.as_str(), method, op))
        })
}

/// `GET /v1/x/{id} (retrieve_x)`: how lint errors and reports name an operation.
pub fn operation_location(path: &str, method: &str, op: &Operation) -> String {
    let method = method.to_ascii_uppercase();
    match &op.operation_id {
        Some(id) => format!("{method} {path} ({id})"),
        None => format!("{method} {path}"),
    }
}

/// Reads `x-provenance` (and `externalDocs`), or says what is missing.
pub fn provenance(op: &Operation) -> Result<Provenance, String> {
    let url = op
        .external_docs
        .as_ref()
        .map(|d| d.url.clone())
        .filter(|u| !u.is_empty());
    match op.extensions.get("x-provenance").and_then(|v| v.as_str()) {
        Some("documented") => match url {
            Some(url) => Ok(Provenance::Documented { url }),
            None => Err("is `x-provenance: documented` but has no `externalDocs.url`".into()),
        },
        Some("inferred") => Ok(Provenance::Inferred { url }),
        Some(other) => Err(format!(
            "has `x-provenance: {other}`; expected `documented` or `inferred`"
        )),
        None => {
            Err("has no `x-provenance` (`documented` with `externalDocs`, or `inferred`)".into())
        }
    }
}

/// Operations marked `x-codegen: hand-written` are implemented in the SDK by hand (multipart).
pub fn is_hand_written(op: &Operation) -> bool {
    op.extensions.get("x-codegen").and_then(|v| v.as_str()) == Some("hand-written")
}

/// Operations marked `x-pagination: cursor` are lists with `stream()`.
pub fn is_paginated(op: &Operation) -> bool {
    op.extensions.get("x-pagination").and_then(|v| v.as_str()) == Some("cursor")
}

/// The component schema called `name`.
pub fn schema<'a>(spec: &'a OpenAPI, name: &str) -> Option<&'a openapiv3::Schema> {
    spec.components.as_ref()?.schemas.get(name)?.as_item()
}

fn component_name<'a>(reference: &'a str, kind: &str) -> Option<&'a str> {
    reference
        .strip_prefix("#/components/")?
        .strip_prefix(kind)?
        .strip_prefix('/')
}

/// Resolves a parameter reference against `components.parameters`.
pub fn resolve_parameter<'a>(
    spec: &'a OpenAPI,
    p: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    resolve(spec, p, "parameters", |c, name| c.parameters.get(name))
}

/// Resolves a request body reference against `components.requestBodies`.
pub fn resolve_request_body<'a>(
    spec: &'a OpenAPI,
    b: &'a ReferenceOr<RequestBody>,
) -> Option<&'a RequestBody> {
    resolve(spec, b, "requestBodies", |c, name| {
        c.request_bodies.get(name)
    })
}

/// Resolves a response reference against `components.responses`.
pub fn resolve_response<'a>(
    spec: &'a OpenAPI,
    r: &'a ReferenceOr<Response>,
) -> Option<&'a Response> {
    resolve(spec, r, "responses", |c, name| c.responses.get(name))
}

/// `item` itself, or the component of section `kind` that `lookup` finds by name among the
/// document's components (one step: a reference to a reference is not followed).
fn resolve<'a, T>(
    spec: &'a OpenAPI,
    item: &'a ReferenceOr<T>,
    kind: &str,
    lookup: impl FnOnce(&'a Components, &str) -> Option<&'a ReferenceOr<T>>,
) -> Option<&'a T> {
    match item {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, kind)?;
            lookup(spec.components.as_ref()?, name)?.as_item()
        }
    }
}
