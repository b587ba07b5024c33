//! Which component schemas requests carry and which responses carry, directly or through other
//! schemas: a new required field breaks callers only where they build the value.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::spec;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// The schema names reached from requests (parameters, bodies) and from responses.
#[derive(Debug, Default)]
pub(super) struct Usage {
    request: BTreeSet<String>,
    response: BTreeSet<String>,
}

impl Usage {
    /// Follows every operation's parameters, request body and responses through the schemas.
    pub(super) fn of(spec: &OpenAPI) -> Self {
        let mut request = Vec::new();
        let mut response = Vec::new();
        for (path, _, op) in spec::operations(spec) {
            let path_level = spec
                .paths
                .paths
                .get(path)
                .and_then(|item| item.as_item())
                .map(|item| item.parameters.as_slice())
                .unwrap_or_default();
            for parameter in path_level.iter().chain(&op.parameters) {
                if let Some(parameter) = spec::resolve_parameter(spec, parameter) {
                    collect(&to_json(parameter), &mut request);
                }
            }
            let body = op.request_body.as_ref();
            if let Some(body) = body.and_then(|b| spec::resolve_request_body(spec, b)) {
                collect(&to_json(body), &mut request);
            }
            let responses = op.responses.responses.values().chain(&op.responses.default);
            for r in responses.filter_map(|r| spec::resolve_response(spec, r)) {
                collect(&to_json(r), &mut response);
            }
        }
        let graph = graph(spec);
        Usage {
            request: closure(request, &graph),
            response: closure(response, &graph),
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

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Every component schema with the schemas it refers to.
fn graph(spec: &OpenAPI) -> BTreeMap<&str, Vec<String>> {
    let Some(components) = &spec.components else {
        return BTreeMap::new();
    };
    components
        .schemas
        .iter()
        .map(|(name, schema)| {
            let mut refs = Vec::new();
            collect(&to_json(schema), &mut refs);
            (name.as_str(), refs)
        })
        .collect()
}

fn closure(mut queue: Vec<String>, graph: &BTreeMap<&str, Vec<String>>) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    while let Some(name) = queue.pop() {
        if reached.contains(&name) {
            continue;
        }
        if let Some(refs) = graph.get(name.as_str()) {
            queue.extend(refs.iter().cloned());
        }
        reached.insert(name);
    }
    reached
}

/// The names of the component schemas referred to below `value`.
fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(SCHEMA_PREFIX))
            {
                out.push(name.to_string());
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}
