//! Emit stage: modules generated from the spec model, beside progenitor's refined output.
//!
//! Each emitter is one file: [`builders`] (the schema types' builders, and the body-field
//! setters of the operation builders), [`cli`] (the operations as commands of the `wooshpay`
//! command-line tool), [`events`] (typed event objects), [`pagination`] (the
//! pagination traits of list types), [`routes`] (the operations as data, for the sandbox) and
//! [`schemas`] (the schema registry).

pub mod builders;
pub mod cli;
pub mod events;
pub mod pagination;
pub mod routes;
pub mod schemas;

use openapiv3::OpenAPI;

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
    /// `generated/routes.rs`.
    pub routes: syn::File,
    /// `generated/cli.rs`.
    pub cli: syn::File,
    /// The builders of the response-only types, for the test kit.
    pub test_builders: Vec<syn::Item>,
}

/// Emits every module, and the builders into `refined`'s types and operation builders.
pub fn emit(spec: &OpenAPI, model: &Model, refined: &mut Refined) -> Result<Emitted, Error> {
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
        pagination: pagination::module(spec, model),
        schemas: schemas::registry(spec),
        events: events::module(model, spec)?,
        routes: routes::module(spec, model),
        cli: cli::module(spec, model)?,
        test_builders,
    })
}
