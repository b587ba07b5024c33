//! What an operation sends and receives: its request body and its responses, each media type
//! with its schema and examples, references resolved. "The success response" is defined here
//! once: a response whose status is 2xx.

use std::fmt;

use openapiv3::{MediaType, OpenAPI, ReferenceOr, StatusCode};
use serde_json::Value;

use super::schema::Schema;
use super::spec;

/// The prefix of a reference to a component example.
const EXAMPLE_PREFIX: &str = "#/components/examples/";

/// One media type of a body.
#[derive(Debug, Clone)]
pub struct Media {
    /// `application/json`, `multipart/form-data`, …
    pub media_type: String,
    /// Its schema.
    pub schema: Option<Schema>,
    /// `example`.
    pub example: Option<Value>,
    /// `examples` as `(name, value)`, a referenced one named after its component and
    /// resolved.
    pub examples: Vec<(String, Value)>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// `required`.
    pub required: bool,
    /// Its media types, in the spec's order.
    pub media: Vec<Media>,
}

/// A response's status: a code, a range (`2XX`) or `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// One code.
    Code(u16),
    /// A range, by its first digit (`2` for `2XX`).
    Range(u16),
    /// `default`.
    Default,
}

impl Status {
    /// Whether the status is a success: 2xx, which the client returns as the response.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(range) => range == 2,
            Status::Default => false,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(range) => write!(f, "{range}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// One response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Its status.
    pub status: Status,
    /// Its media types, in the spec's order (none for a response without a body).
    pub media: Vec<Media>,
}

impl Response {
    /// The media type `media_type`.
    pub fn media(&self, media_type: &str) -> Option<&Media> {
        self.media.iter().find(|m| m.media_type == media_type)
    }
}

/// The operation's request body, its reference resolved.
pub(super) fn body(spec: &OpenAPI, op: &openapiv3::Operation) -> Option<Body> {
    let body = spec::resolve_request_body(spec, op.request_body.as_ref()?)?;
    Some(Body {
        required: body.required,
        media: media(spec, &body.content),
    })
}

/// The operation's responses in the spec's order, `default` last; an unresolvable reference
/// is left out (lint reports it).
pub(super) fn responses(spec: &OpenAPI, op: &openapiv3::Operation) -> Vec<Response> {
    let coded = op.responses.responses.iter().map(|(code, r)| {
        let status = match code {
            StatusCode::Code(code) => Status::Code(*code),
            StatusCode::Range(range) => Status::Range(*range),
        };
        (status, r)
    });
    let default = op.responses.default.iter().map(|r| (Status::Default, r));
    coded
        .chain(default)
        .filter_map(|(status, r)| {
            let response = spec::resolve_response(spec, r)?;
            Some(Response {
                status,
                media: media(spec, &response.content),
            })
        })
        .collect()
}

fn media<'a>(
    spec: &OpenAPI,
    content: impl IntoIterator<Item = (&'a String, &'a MediaType)>,
) -> Vec<Media> {
    content
        .into_iter()
        .map(|(media_type, m)| Media {
            media_type: media_type.clone(),
            schema: m.schema.as_ref().map(Schema::from),
            example: m.example.clone(),
            examples: examples(spec, m),
        })
        .collect()
}

fn examples(spec: &OpenAPI, media: &MediaType) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (name, example) in &media.examples {
        let (name, example) = match example {
            ReferenceOr::Item(example) => (name.as_str(), Some(example)),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix(EXAMPLE_PREFIX);
                let found =
                    key.and_then(|key| spec.components.as_ref()?.examples.get(key)?.as_item());
                (reference.rsplit('/').next().unwrap_or(name), found)
            }
        };
        if let Some(value) = example.and_then(|e| e.value.clone()) {
            out.push((name.to_string(), value));
        }
    }
    out
}
