//! Emit stage: modules generated from the spec model, beside progenitor's refined output.
//!
//! Each emitter is one file: [`builders`] (the schema types' builders, and the body-field
//! setters of the operation builders), [`operations`] (the operations as data, for the sandbox
//! and, with their commands from [`cli`], the `wooshpay` command line), [`events`] (typed event
//! objects), [`pagination`] (the pagination traits of list types) and [`schemas`] (the schema
//! registry).

pub mod builders;
pub mod cli;
pub mod events;
pub mod operations;
pub mod pagination;
pub mod schemas;

use crate::Error;
use crate::model::Model;
use crate::refine::{self, Refined};

/// The modules emitted beside progenitor's refined output.
pub struct Emitted {
    /// `generated/pagination.rs`.
    pub pagination: syn::File,
    /// `generated/schemas.rs`.
    pub schemas: syn::File,
    /// `generated/events.rs`.
    pub events: syn::File,
    /// The test kit's operations table, for the sandbox and the command line.
    pub operations: syn::File,
    /// The builders of the response-only types, for the test kit.
    pub test_builders: Vec<syn::Item>,
}

/// Emits every module, and the builders into `refined`'s types and operation builders.
pub fn emit(model: &Model, refined: &mut Refined) -> Result<Emitted, Error> {
    let shapes = builders::shapes(&refined.types);
    let mut test_builders = builders::emit(&mut refined.types, &shapes, &model.request_schemas)?;
    let names = builders::type_names(&refined.types);
    builders::body_field_setters(&mut refined.operations, &shapes, &names)?;
    for items in [
        &mut refined.types,
        &mut refined.operations,
        &mut test_builders,
    ] {
        let mut file = syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: std::mem::take(items),
        };
        refine::normalize_docs(&mut file);
        *items = file.items;
    }
    Ok(Emitted {
        pagination: pagination::module(model),
        schemas: schemas::registry(model),
        events: events::module(model)?,
        operations: operations::module(model)?,
        test_builders,
    })
}
