//! Which component schemas requests carry and which responses carry, directly or through other
//! schemas: a new required field breaks callers only where they build the value.

use std::collections::BTreeSet;

use crate::model::Model;

/// The schema names reached from requests (parameters, bodies) and from responses.
#[derive(Debug, Default)]
pub(super) struct Usage {
    request: BTreeSet<String>,
    response: BTreeSet<String>,
}

impl Usage {
    /// The spec model's request and response schemas.
    pub(super) fn of(model: &Model) -> Self {
        Usage {
            request: model.request_schemas.clone(),
            response: model.response_schemas.clone(),
        }
    }

    /// Both specs' uses together: a schema that either version sends is a request schema.
    pub(super) fn merge(mut self, other: Usage) -> Self {
        self.request.extend(other.request);
        self.response.extend(other.response);
        self
    }

    /// Whether callers may build the schema for a request. A schema no operation reaches is
    /// assumed to be, which errs on the side of calling a change breaking.
    pub(super) fn in_requests(&self, name: &str) -> bool {
        self.request.contains(name) || !self.response.contains(name)
    }
}
