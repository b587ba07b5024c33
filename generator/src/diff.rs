//! Semantic diff of two specs, for reviewers of spec changes: what changes for users of the
//! generated crate, each change classified as breaking or additive.
//!
//! Operations are matched by operationId (by method and path when they have none), component
//! schemas by name. A schema that refers to a named schema (a bare `$ref`, or `description` +
//! `allOf: [$ref]`) is compared by that name only, so a change inside a named schema is reported
//! once, at that schema, not at every use. Descriptions, summaries and examples are ignored: they
//! only reach the rustdoc.
//!
//! `operations` compares the operations, `schemas` the schemas, `usage` knows which schemas
//! requests carry, and `render` writes the report as Markdown or JSON.

mod operations;
mod render;
mod schemas;
mod usage;

use serde::Serialize;

use crate::model::Model;

/// Whether a change can break code written against the previously generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Classification {
    /// Existing code may stop compiling or behave differently.
    Breaking,
    /// Existing code keeps compiling and working; the crate gains something.
    Additive,
}

/// What changed. The order of the variants is the order of changes at one location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new operation (a new client method).
    OperationAdded,
    /// An operation is gone (its client method disappears).
    OperationRemoved,
    /// An operationId now names another method or path.
    OperationMoved,
    /// `x-codegen: hand-written` was added or removed: the method is (no longer) generated.
    GenerationChanged,
    /// `x-pagination` was added or removed: the builder gains or loses `stream()`.
    PaginationChanged,
    /// A new parameter (a new builder setter).
    ParameterAdded,
    /// A parameter is gone (its setter disappears).
    ParameterRemoved,
    /// A parameter became required or optional.
    ParameterRequiredChanged,
    /// A parameter moved between query, path, header and cookie.
    ParameterMoved,
    /// An operation now takes a request body.
    RequestBodyAdded,
    /// An operation no longer takes a request body.
    RequestBodyRemoved,
    /// A request body became required or optional.
    RequestBodyRequiredChanged,
    /// The success response gained or lost its typed body.
    ResponseChanged,
    /// A new component schema (a new type).
    SchemaAdded,
    /// A component schema is gone (its type disappears).
    SchemaRemoved,
    /// A new property (a new struct field).
    FieldAdded,
    /// A property is gone (its struct field disappears).
    FieldRemoved,
    /// A property became required or optional.
    FieldRequiredChanged,
    /// A schema became nullable or non-nullable.
    NullableChanged,
    /// A schema now has another type (or refers to another named schema).
    TypeChanged,
    /// A string enum gained a value.
    EnumValueAdded,
    /// A string enum lost a value.
    EnumValueRemoved,
    /// `x-provenance` changed (`documented` ↔ `inferred`).
    ProvenanceChanged,
    /// `externalDocs.url` changed.
    DocsChanged,
}

/// One change between the two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// Where: `GET /v1/x (operation_id)`, `schema Foo` or `schema Foo.bar`.
    pub location: String,
    /// What changed, for a human reviewer.
    pub message: String,
    /// Whether the change is breaking for users of the generated crate.
    pub classification: Classification,
}

/// Every change between two specs, sorted by location, then kind, then message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// How many changes are breaking.
    pub breaking: usize,
    /// How many changes are additive.
    pub additive: usize,
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.breaking > 0
    }

    fn new(mut changes: Vec<Change>) -> Self {
        changes.sort_by(|a, b| {
            (&a.location, a.kind, &a.message).cmp(&(&b.location, b.kind, &b.message))
        });
        changes.dedup();
        let breaking = changes
            .iter()
            .filter(|c| c.classification == Classification::Breaking)
            .count();
        Report {
            breaking,
            additive: changes.len() - breaking,
            changes,
        }
    }
}

/// Compares the models of two loaded specs (see [`crate::load::load`] and [`Model::of`]).
/// Neither needs to pass the lint: an old revision is compared as it was written.
pub fn diff(old: &Model, new: &Model) -> Report {
    let mut changes = Changes::default();
    operations::compare(old, new, &mut changes);
    let usage = usage::Usage::of(old).merge(usage::Usage::of(new));
    schemas::compare_components(old, new, &usage, &mut changes);
    Report::new(changes.0)
}

/// The changes found so far.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(
        &mut self,
        kind: ChangeKind,
        classification: Classification,
        location: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(Change {
            kind,
            location: location.into(),
            message: message.into(),
            classification,
        });
    }
}
