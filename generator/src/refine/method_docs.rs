//! Docs of the operations, from the spec model: each `Client` method's rustdoc (with a usage
//! example that compiles) and the docs of the builder methods progenitor leaves bare.

use std::collections::BTreeMap;

use syn::{ImplItem, ItemImpl};

use super::docs;
use crate::model::{self, Model, Operation, Provenance, Schema};

/// The usage example's lines between `.op()` and `.send()`, beyond path parameters.
pub(super) fn example_setters(model: &Model, op: &Operation) -> Vec<String> {
    let mut setters = Vec::new();
    if op.paginated {
        setters.push(".limit(10)".to_string());
    }
    setters.extend(body_example(model, op));
    setters
}

/// A parameter's name reduced to what survives in its setter's name (`created[gt]` and
/// `created_gt` are both `createdgt`).
pub(super) fn setter_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The usage example's setters for the request body's required fields: a scalar's sample value
/// (set on the call, or through `body_map` when a parameter has the field's name), a comment
/// naming any other required field.
fn body_example(model: &Model, op: &Operation) -> Vec<String> {
    let Some(object) = op.body.as_deref().and_then(|name| model.object(name)) else {
        return Vec::new();
    };
    let mut direct = Vec::new();
    let mut through_body = Vec::new();
    let mut comments = Vec::new();
    for name in &object.required {
        let setter = field_name(name);
        match object
            .property(name)
            .and_then(|p| sample_value(model, name, p))
        {
            // A body field named like a parameter is set through the body's builder.
            Some(value) if op.parameters.iter().any(|p| field_name(&p.name) == setter) => {
                through_body.push(format!(".{setter}({value})"));
            }
            Some(value) => direct.push(format!(".{setter}({value})")),
            None => comments.push(format!("// .{name}(…) is required too")),
        }
    }
    let mut lines = direct;
    if !through_body.is_empty() {
        lines.push(format!(".body_map(|body| body{})", through_body.concat()));
    }
    lines.extend(comments);
    lines
}

/// The Rust name typify gives a property: keywords get a trailing `_`, a leading digit an `x`.
fn field_name(name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("x{name}")
    } else if syn::parse_str::<syn::Ident>(&name).is_err() {
        format!("{name}_")
    } else {
        name
    }
}

/// A Rust literal the body builder's setter accepts for this property, if its sample value
/// (the spec's example, or a minimal valid one) is a scalar.
fn sample_value(model: &Model, name: &str, property: &Schema) -> Option<String> {
    let schema = model.resolve(property)?;
    match model::sample(model, schema, Some(name), 4) {
        serde_json::Value::String(text) => Some(format!("{text:?}")),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The rustdoc of a `Client` method: summary, description, method and path, provenance and a
/// usage example that sets the required fields.
pub(super) fn method_doc(op: &Operation, example_setters: &[String]) -> String {
    let id = &op.id;
    let mut doc = String::new();
    if let Some(summary) = &op.summary {
        doc.push_str(&format!("{summary}\n\n"));
    }
    if let Some(description) = &op.description {
        doc.push_str(&format!("{}\n\n", description.trim_end()));
    }
    doc.push_str(&format!("`{} {}`\n\n", op.method, op.path));
    match &op.provenance {
        Ok(Provenance::Documented { url }) => {
            doc.push_str(&format!("Provenance: documented, <{url}>.\n\n"));
        }
        Ok(Provenance::Inferred { url }) => {
            doc.push_str(
                "Provenance: inferred: listed in WooshPay's API reference, but its page shows no \
                 path or shape; both follow the documented sibling operations.",
            );
            if let Some(url) = url {
                doc.push_str(&format!(" Related page: <{url}>."));
            }
            doc.push_str("\n\n");
        }
        Err(_) => {}
    }
    doc.push_str("```no_run\n# async fn example(client: &wooshpay::Client) -> Result<(), wooshpay::Error> {\n");
    doc.push_str(&format!("let response = client\n    .{id}()\n"));
    for p in op.path_parameters() {
        let example = p
            .example
            .as_ref()
            .and_then(|v| v.as_str())
            .unwrap_or("id_123");
        doc.push_str(&format!("    .{}({example:?})\n", p.name));
    }
    for line in example_setters {
        doc.push_str(&format!("    {line}\n"));
    }
    doc.push_str("    .send()\n    .await?;\n# Ok(())\n# }\n```");
    doc
}

/// Docs for the methods progenitor leaves undocumented: `new`, the parameter setters (the
/// spec's description of the parameter), `body` and `body_map`.
pub(super) fn document_builder_methods(imp: &mut ItemImpl, op: &Operation) {
    let operation_id = &op.id;
    let parameter_docs: BTreeMap<String, String> = op
        .parameters
        .iter()
        .map(|p| {
            let doc = p
                .description
                .clone()
                .unwrap_or_else(|| format!("The `{}` parameter.", p.name));
            (setter_key(&p.name), doc)
        })
        .collect();
    for member in &mut imp.items {
        let ImplItem::Fn(f) = member else { continue };
        if f.attrs.iter().any(|a| a.path().is_ident("doc")) {
            continue;
        }
        let name = f.sig.ident.to_string();
        let doc = match name.as_str() {
            "new" => format!(
                "Starts a request with nothing set; [`Client::{operation_id}`](crate::Client::{operation_id}) does the same."
            ),
            "body" => "Sets the whole request body: a finished value or its builder. The body's \
                       fields also have setters of their own on this builder."
                .to_string(),
            "body_map" => "Changes the request body through its builder: \
                           `.body_map(|body| body.field(value))`."
                .to_string(),
            _ => match parameter_docs.get(&setter_key(&name)) {
                Some(doc) => doc.clone(),
                None => continue,
            },
        };
        f.attrs.splice(0..0, docs::doc_attrs(&doc));
    }
}
