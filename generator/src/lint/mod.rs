//! Lint stage: rules that keep the spec within what progenitor handles and what reviewers need.
//!
//! Every rule reports the operation or schema it is about; all findings are returned at once.
//! One file per subject: `structure` (the document as written), `references`, `schemas`,
//! `docs`, `operations`, `names` (names that collide once made Rust), `shapes` (shapes
//! progenitor cannot generate), `nullable` and `examples`. The names Rust and the crate already
//! take are in `rust_names`, which the rules share.

mod docs;
mod examples;
mod finding;
mod names;
mod nullable;
mod operations;
mod references;
mod rust_names;
mod schema_walk;
mod schemas;
mod shapes;
mod structure;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::LintError;
use crate::model::Model;

pub use structure::lint_text;

/// Runs every rule and returns all findings (empty when the spec is clean).
pub fn lint(spec: &OpenAPI, model: &Model) -> Vec<LintError> {
    let mut errors = Vec::new();
    let doc = serde_json::to_value(spec).unwrap_or(Value::Null);
    references::check_refs(&doc, &mut errors);
    references::check_self_references(spec, &mut errors);
    schemas::check_enum_values(&doc, &mut errors);
    docs::check_bare_urls(&doc, String::new(), &mut errors);
    references::check_unused_schemas(&doc, model, &mut errors);
    references::check_unused_examples(&doc, &mut errors);
    schemas::check_schema_names(spec, &mut errors);
    docs::check_descriptions(spec, &mut errors);
    schemas::check_event_objects(spec, model, &mut errors);
    operations::check_operations(spec, &mut errors);
    examples::check_examples(&doc, &mut errors);
    names::check(spec, &doc, &mut errors);
    shapes::check(spec, &doc, &mut errors);
    nullable::check_optional_nullable(&doc, model, &mut errors);
    errors
}
