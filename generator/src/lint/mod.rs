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

use crate::LintError;
use crate::model::Model;

pub use structure::lint_text;

/// Runs every rule on the model and returns all findings (empty when the spec is clean).
pub fn lint(model: &Model) -> Vec<LintError> {
    let mut errors = Vec::new();
    let doc = &model.document;
    references::check_refs(doc, &mut errors);
    references::check_self_references(model, &mut errors);
    schemas::check_enum_values(doc, &mut errors);
    docs::check_bare_urls(doc, String::new(), &mut errors);
    references::check_unused_schemas(doc, model, &mut errors);
    references::check_unused_examples(doc, &mut errors);
    schemas::check_schema_names(model, &mut errors);
    docs::check_descriptions(model, &mut errors);
    schemas::check_event_objects(model, &mut errors);
    operations::check_operations(model, &mut errors);
    examples::check_examples(doc, &mut errors);
    names::check(model, &mut errors);
    shapes::check(doc, &mut errors);
    structure::check_path_templates(model, &mut errors);
    nullable::check_optional_nullable(doc, model, &mut errors);
    errors
}
