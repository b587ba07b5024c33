//! Operations: progenitor builds each request; the SDK's hand-written runtime sends it.
//!
//! Each builder's `send` keeps progenitor's request construction (parameters, path encoding,
//! body) and hands the request to `Client::execute`, which owns auth, retries, status handling
//! and decoding, and returns `Result<T, wooshpay::Error>`. Path parameters are checked before
//! the URL is formed (an empty id or a dot segment would otherwise address another resource).
//! progenitor's own dispatch machinery (hooks, `ResponseValue`, its `Error`) is dropped.

use std::collections::BTreeMap;

use openapiv3::OpenAPI;
use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ImplItem, Item, ItemImpl, Stmt, Type};

use super::docs;
use super::pagination::{self, ListOperation};
use crate::Error;
use crate::spec::{self, Provenance};

/// What the refine stage knows about one operation, from the spec.
struct OperationFacts {
    method: String,
    path: String,
    summary: Option<String>,
    description: Option<String>,
    provenance: Option<Provenance>,
    /// Path parameters with their example values, in path order.
    path_params: Vec<(String, String)>,
    /// Lines of the usage example between `.op()` and `.send()`, beyond path parameters.
    example_setters: Vec<String>,
    /// Parameter descriptions by [`setter_key`] of the parameter's name.
    parameter_docs: BTreeMap<String, String>,
}

/// A parameter's name reduced to what survives in its setter's name (`created[gt]` and
/// `created_gt` are both `createdgt`).
fn setter_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn facts(spec: &OpenAPI) -> BTreeMap<String, OperationFacts> {
    let mut out = BTreeMap::new();
    for (path, method, op) in spec::operations(spec) {
        let Some(id) = &op.operation_id else { continue };
        let path_params = op
            .parameters
            .iter()
            .filter_map(|p| spec::resolve_parameter(spec, p))
            .filter(|p| matches!(p, openapiv3::Parameter::Path { .. }))
            .map(|p| {
                let data = p.parameter_data_ref();
                let example = data
                    .example
                    .as_ref()
                    .and_then(|v| v.as_str())
                    .unwrap_or("id_123");
                (data.name.clone(), example.to_string())
            })
            .collect();
        let parameter_docs = op
            .parameters
            .iter()
            .filter_map(|p| spec::resolve_parameter(spec, p))
            .map(|p| {
                let data = p.parameter_data_ref();
                let doc = data
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("The `{}` parameter.", data.name));
                (setter_key(&data.name), doc)
            })
            .collect();
        let mut example_setters = Vec::new();
        if pagination::is_paginated(op) {
            example_setters.push(".limit(10)".to_string());
        }
        example_setters.extend(body_example(spec, op));
        out.insert(
            id.clone(),
            OperationFacts {
                method: method.to_ascii_uppercase(),
                path: path.to_string(),
                summary: op.summary.clone(),
                description: op.description.clone(),
                provenance: spec::provenance(op).ok(),
                path_params,
                example_setters,
                parameter_docs,
            },
        );
    }
    out
}

/// `.body_map(|body| …)` setting the request body's required fields, for the usage example:
/// scalars and enums get a sample value, other required fields a comment naming them.
fn body_example(spec: &OpenAPI, op: &openapiv3::Operation) -> Vec<String> {
    let Some(body) = op
        .request_body
        .as_ref()
        .and_then(|b| spec::resolve_request_body(spec, b))
    else {
        return Vec::new();
    };
    let schema = body
        .content
        .get("application/json")
        .and_then(|m| m.schema.as_ref());
    let Some(openapiv3::ReferenceOr::Reference { reference }) = schema else {
        return Vec::new();
    };
    let Some(object) = spec::schema_name(reference).and_then(|name| spec::object(spec, name))
    else {
        return Vec::new();
    };
    let mut setters = Vec::new();
    let mut comments = Vec::new();
    for name in &object.required {
        match object
            .properties
            .get(name)
            .and_then(|p| sample_value(spec, name, p))
        {
            Some(value) => setters.push(format!(".{}({value})", field_name(name))),
            None => comments.push(format!("// .{name}(…) is required too")),
        }
    }
    if setters.is_empty() && comments.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(".body_map(|body| body{})", setters.concat())];
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

/// A Rust literal the body builder's setter accepts for this property, if it is a scalar.
fn sample_value(
    spec: &OpenAPI,
    name: &str,
    property: &openapiv3::ReferenceOr<Box<openapiv3::Schema>>,
) -> Option<String> {
    use openapiv3::{ReferenceOr, SchemaKind, Type};
    let schema = match property {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { .. } => return None,
    };
    // `description` + `allOf: [$ref]`: look through to the named schema.
    if let SchemaKind::AllOf { all_of } = &schema.schema_kind
        && let [ReferenceOr::Reference { reference }] = all_of.as_slice()
    {
        let target = spec::schema(spec, spec::schema_name(reference)?)?;
        return match &target.schema_kind {
            SchemaKind::Type(Type::String(s)) => first_enum_value(s),
            SchemaKind::Type(Type::Integer(_)) => Some("1668688178".into()),
            SchemaKind::OneOf { .. } if reference.ends_with("/IntegerOrString") => Some("1".into()),
            _ => None,
        };
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => {
            let example = schema
                .schema_data
                .example
                .as_ref()
                .and_then(|v| v.as_str().map(str::to_owned));
            let value = example.unwrap_or_else(|| format!("{name}_value"));
            Some(format!("{value:?}"))
        }
        SchemaKind::Type(Type::String(s)) => first_enum_value(s),
        SchemaKind::Type(Type::Integer(_)) => Some("1000".into()),
        SchemaKind::Type(Type::Boolean(_)) => Some("true".into()),
        _ => None,
    }
}

/// The first documented value of a string enum, as a Rust string literal.
fn first_enum_value(s: &openapiv3::StringType) -> Option<String> {
    s.enumeration
        .iter()
        .flatten()
        .next()
        .map(|v| format!("{v:?}"))
}

/// The paginated operations by operation id.
pub fn list_operations(spec: &OpenAPI) -> Result<BTreeMap<String, ListOperation>, Error> {
    let mut lists = BTreeMap::new();
    for (path, method, op) in
        spec::operations(spec).filter(|(_, _, op)| pagination::is_paginated(op))
    {
        let list = pagination::list_operation(spec, op).map_err(|e| {
            Error::Refine(format!(
                "{} {e}",
                spec::operation_location(path, method, op)
            ))
        })?;
        lists.insert(op.operation_id.clone().unwrap_or_default(), list);
    }
    Ok(lists)
}

/// Rewrites the top level of progenitor's output; returns the number of operations.
pub fn refine(
    file: &mut syn::File,
    spec: &OpenAPI,
    lists: &BTreeMap<String, ListOperation>,
) -> Result<usize, Error> {
    let facts = facts(spec);
    let mut operations = 0;
    let mut items = Vec::with_capacity(file.items.len());
    for item in file.items.drain(..) {
        match item {
            // progenitor's re-exports and dispatch traits: replaced by the SDK's runtime.
            Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => {}
            Item::Use(_) => items.push(syn::parse_quote! {
                #[allow(unused_imports)]
                use {crate::request::encode_path, progenitor_client::OperationInfo};
            }),
            Item::Impl(imp) if imp.trait_.is_some() && is_client(&imp.self_ty) => {}
            Item::Impl(imp) if is_ref_client(&imp.self_ty) => {}
            Item::Mod(m) if m.ident == "prelude" => {}
            Item::Struct(mut s) if s.ident == "Client" => {
                s.attrs.retain(|a| !a.path().is_ident("doc"));
                s.attrs.splice(0..0, docs::doc_attrs(CLIENT_DOC));
                items.push(Item::Struct(s));
            }
            Item::Impl(mut imp) if is_client(&imp.self_ty) => {
                refine_client_impl(&mut imp, &facts)?;
                if !imp.items.is_empty() {
                    items.push(Item::Impl(imp));
                }
            }
            Item::Mod(mut m) if m.ident == "builder" => {
                if let Some((_, content)) = &mut m.content {
                    operations += refine_builders(content, &facts, lists)?;
                }
                items.push(Item::Mod(m));
            }
            other => items.push(other),
        }
    }
    file.items = items;
    Ok(operations)
}

const CLIENT_DOC: &str = "The WooshPay API client: one method per operation, each returning a builder.\n\n\
Create one with [`Client::builder`] or [`Client::from_env`]. Cloning is cheap and shares the\n\
connection pool.";

fn is_client(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.is_ident("Client"))
}

fn is_ref_client(ty: &Type) -> bool {
    matches!(ty, Type::Reference(r) if is_client(&r.elem))
}

/// `new` (which unwraps a fallible build) goes; `new_with_client` stays for the SDK's builder;
/// operation methods get documentation from the spec.
fn refine_client_impl(
    imp: &mut ItemImpl,
    facts: &BTreeMap<String, OperationFacts>,
) -> Result<(), Error> {
    imp.items
        .retain(|item| !matches!(item, ImplItem::Fn(f) if f.sig.ident == "new"));
    for item in &mut imp.items {
        let ImplItem::Fn(f) = item else { continue };
        let name = f.sig.ident.to_string();
        if name == "new_with_client" {
            f.vis = syn::parse_quote!(pub(crate));
            f.attrs.retain(|a| !a.path().is_ident("doc"));
            f.attrs.extend(docs::doc_attrs(
                "Wraps a configured `reqwest::Client`; see [`Client::builder`].",
            ));
            continue;
        }
        let op = facts
            .get(&name)
            .ok_or_else(|| Error::Refine(format!("client method `{name}` matches no operation")))?;
        f.attrs.retain(|a| !a.path().is_ident("doc"));
        f.attrs
            .splice(0..0, docs::doc_attrs(&method_doc(&name, op)));
    }
    Ok(())
}

fn method_doc(id: &str, op: &OperationFacts) -> String {
    let mut doc = String::new();
    if let Some(summary) = &op.summary {
        doc.push_str(&format!("{summary}\n\n"));
    }
    if let Some(description) = &op.description {
        doc.push_str(&format!("{}\n\n", description.trim_end()));
    }
    doc.push_str(&format!("`{} {}`\n\n", op.method, op.path));
    match &op.provenance {
        Some(Provenance::Documented { url }) => {
            doc.push_str(&format!("Provenance: documented, <{url}>.\n\n"));
        }
        Some(Provenance::Inferred { url }) => {
            doc.push_str(
                "Provenance: inferred: listed in WooshPay's API reference, but its page shows no \
                 path or shape; both follow the documented sibling operations.",
            );
            if let Some(url) = url {
                doc.push_str(&format!(" Related page: <{url}>."));
            }
            doc.push_str("\n\n");
        }
        None => {}
    }
    doc.push_str("```no_run\n# async fn example(client: &wooshpay::Client) -> Result<(), wooshpay::Error> {\n");
    doc.push_str(&format!("let response = client\n    .{id}()\n"));
    for (name, example) in &op.path_params {
        doc.push_str(&format!("    .{name}({example:?})\n"));
    }
    for line in &op.example_setters {
        doc.push_str(&format!("    {line}\n"));
    }
    doc.push_str("    .send()\n    .await?;\n# Ok(())\n# }\n```");
    doc
}

/// Rewrites the `builder` module; returns the number of operation builders.
fn refine_builders(
    items: &mut Vec<Item>,
    facts: &BTreeMap<String, OperationFacts>,
    lists: &BTreeMap<String, ListOperation>,
) -> Result<usize, Error> {
    let mut count = 0;
    for item in items.iter_mut() {
        match item {
            Item::Use(u)
                if !matches!(&u.tree, syn::UseTree::Name(_)) && use_mentions(u, "Error") =>
            {
                *item = syn::parse_quote! {
                    #[allow(unused_imports)]
                    use super::{encode_path, OperationInfo};
                };
            }
            Item::Struct(s) if has_client_field(s) => {
                if let syn::Fields::Named(fields) = &mut s.fields {
                    fields
                        .named
                        .push(syn::parse_quote!(options: crate::RequestOptions));
                }
            }
            Item::Impl(imp) => {
                let mut operation = None;
                for member in &mut imp.items {
                    let ImplItem::Fn(f) = member else { continue };
                    if f.sig.ident == "new" {
                        add_options_to_constructor(f);
                    } else if f.sig.ident == "send" {
                        operation = Some(rewrite_send(f, facts)?);
                        count += 1;
                    }
                }
                if let Some(operation_id) = operation {
                    let op = &facts[&operation_id];
                    document_builder_methods(imp, &operation_id, op);
                    let send = imp.items.pop();
                    imp.items.extend(option_setters(&op.method));
                    imp.items.extend(send);
                    if let Some(list) = lists.get(&operation_id) {
                        imp.items.push(pagination::stream_method(list));
                    }
                }
            }
            _ => {}
        }
    }
    items.insert(
        0,
        syn::parse_quote!(
            use crate::Error;
        ),
    );
    Ok(count)
}

fn has_client_field(s: &syn::ItemStruct) -> bool {
    s.fields
        .iter()
        .any(|f| f.ident.as_ref().is_some_and(|i| i == "client"))
}

/// `Self { client, … }` in `new()` also initializes `options`.
fn add_options_to_constructor(f: &mut syn::ImplItemFn) {
    struct AddField;
    impl VisitMut for AddField {
        fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
            if expr.path.is_ident("Self") {
                expr.fields
                    .push(syn::parse_quote!(options: Default::default()));
            }
        }
    }
    AddField.visit_impl_item_fn_mut(f);
}

/// Docs for the methods progenitor leaves undocumented: `new`, the parameter setters (the
/// spec's description of the parameter), `body` and `body_map`.
fn document_builder_methods(imp: &mut ItemImpl, operation_id: &str, op: &OperationFacts) {
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
            _ => match op.parameter_docs.get(&setter_key(&name)) {
                Some(doc) => doc.clone(),
                None => continue,
            },
        };
        f.attrs.splice(0..0, docs::doc_attrs(&doc));
    }
}

/// Setters for [`RequestOptions`](crate::RequestOptions) on every operation builder; the
/// idempotency key only where it means something, on a POST.
fn option_setters(method: &str) -> Vec<ImplItem> {
    let mut setters = Vec::new();
    if method == "POST" {
        let key: ItemImpl = syn::parse_quote! {
            impl X {
                /// Sets the `Idempotency-Key` of this call. By default every call gets a fresh
                /// UUID v4, which its retries reuse; set your own (an order id, say) to make a
                /// repeated call after a crash replay the first one instead of acting twice.
                pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
                    self.options.idempotency_key = Some(key.into());
                    self
                }
            }
        };
        setters.extend(key.items);
    }
    let block: ItemImpl = syn::parse_quote! {
        impl X {
            /// Retries after the first attempt for this call, overriding the client's policy
            /// (0 disables retrying).
            pub fn max_retries(mut self, retries: u32) -> Self {
                self.options.max_retries = Some(retries);
                self
            }
            /// The time limit of each attempt of this call, overriding the client's timeout.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }
        }
    };
    setters.extend(block.items);
    setters
}

fn use_mentions(u: &syn::ItemUse, name: &str) -> bool {
    quote!(#u).into_iter().any(|t| matches!(t, TokenTree::Group(g) if g.stream().into_iter().any(|t| matches!(t, TokenTree::Ident(ref i) if i == name))))
}

/// Rewrites a builder's `send` (see the module docs); returns the operation id.
fn rewrite_send(
    f: &mut syn::ImplItemFn,
    facts: &BTreeMap<String, OperationFacts>,
) -> Result<String, Error> {
    let success = success_type(&f.sig.output).ok_or_else(|| {
        let sig = &f.sig;
        Error::Refine(format!("unsupported `send` signature: {}", quote!(#sig)))
    })?;
    let operation_id = f
        .block
        .stmts
        .iter()
        .find(|s| binds(s, "info"))
        .and_then(|s| operation_of(&quote!(#s).to_string()))
        .ok_or_else(|| Error::Refine("a `send` body without `let info = OperationInfo`".into()))?;
    if !facts.contains_key(&operation_id) {
        return Err(Error::Refine(format!(
            "builder for unknown operation `{operation_id}`"
        )));
    }
    let mut kept: Vec<Stmt> = Vec::new();
    let mut header_map_used = false;
    let mut destructure = AddOptionsToPattern;
    f.block
        .stmts
        .iter_mut()
        .take(1)
        .for_each(|s| destructure.visit_stmt_mut(s));
    for stmt in f.block.stmts.drain(..) {
        let text = quote!(#stmt).to_string();
        if text.contains("\"api-version\"") {
            continue; // WooshPay versions by path (`/v1`); no version header is sent.
        }
        if binds(&stmt, "url") {
            for param in path_params_in(&stmt) {
                let name = param.to_string();
                kept.push(syn::parse_quote! {
                    crate::request::check_path_segment(#operation_id, #name, &#param.to_string())?;
                });
            }
        }
        header_map_used |=
            !binds(&stmt, "header_map") && !binds(&stmt, "request") && text.contains("header_map");
        let is_info = binds(&stmt, "info");
        let mut stmt = stmt;
        if binds(&stmt, "request") {
            finish_request_statement(&mut stmt);
        }
        kept.push(stmt);
        if is_info {
            break; // progenitor's dispatch follows; `Client::execute` replaces it.
        }
    }
    if !header_map_used {
        kept.retain(|s| !binds(s, "header_map"));
        let mut strip = StripHeaders;
        kept.iter_mut().for_each(|s| strip.visit_stmt_mut(s));
    }
    let call = match &success {
        Type::Tuple(t) if t.elems.is_empty() => {
            quote!(client.execute_empty(request, &info, options).await)
        }
        _ => quote!(client.execute(request, &info, options).await),
    };
    kept.push(Stmt::Expr(
        syn::parse2(call).map_err(|e| Error::Refine(e.to_string()))?,
        None,
    ));
    f.block.stmts = kept;
    f.sig.output = syn::parse_quote!(-> Result<#success, Error>);
    Ok(operation_id)
}

/// `T` from `Result<ResponseValue<T>, Error<E>>`.
fn success_type(output: &syn::ReturnType) -> Option<Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let result = generic_args(ty, "Result")?;
    let response_value = generic_args(result.first()?, "ResponseValue")?;
    let success = response_value.first()?.clone();
    let supported = match &success {
        Type::Tuple(t) => t.elems.is_empty(),
        Type::Path(p) => !p.path.segments.iter().any(|s| s.ident == "ByteStream"),
        _ => false,
    };
    supported.then_some(success)
}

fn generic_args(ty: &Type, name: &str) -> Option<Vec<Type>> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// Whether `stmt` is `let <name> = …` (possibly `let mut`).
fn binds(stmt: &Stmt, name: &str) -> bool {
    let Stmt::Local(local) = stmt else {
        return false;
    };
    matches!(&local.pat, syn::Pat::Ident(p) if p.ident == name)
}

/// The operation id in `operation_id: "…"`.
fn operation_of(text: &str) -> Option<String> {
    let rest = text.split("operation_id :").nth(1)?;
    rest.split('"').nth(1).map(str::to_owned)
}

/// Identifiers passed to `encode_path(&<ident>.to_string())` in the `url` statement.
fn path_params_in(stmt: &Stmt) -> Vec<syn::Ident> {
    let mut out = Vec::new();
    collect_encode_path_args(quote!(#stmt), &mut out);
    out
}

fn collect_encode_path_args(tokens: TokenStream, out: &mut Vec<syn::Ident>) {
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        match token {
            TokenTree::Ident(i) if i == "encode_path" => {
                if let Some(TokenTree::Group(g)) = iter.peek() {
                    let ident = g.stream().into_iter().find_map(|t| match t {
                        TokenTree::Ident(i) => Some(i),
                        _ => None,
                    });
                    out.extend(ident);
                }
            }
            TokenTree::Group(g) => collect_encode_path_args(g.stream(), out),
            _ => {}
        }
    }
}

/// `#[allow(unused_mut)] let mut request = ….build()?;` becomes `let request = ….build()
/// .map_err(Error::request_not_built)?;`: nothing changes the request after it is built, and
/// a reqwest error does not convert into the SDK's error implicitly (it is not part of its API).
fn finish_request_statement(stmt: &mut Stmt) {
    struct MapBuildError;
    impl VisitMut for MapBuildError {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            if let Expr::Try(try_expr) = expr
                && let Expr::MethodCall(call) = &*try_expr.expr
                && call.method == "build"
            {
                let built = &try_expr.expr;
                *expr = syn::parse_quote!(#built.map_err(Error::request_not_built)?);
                return;
            }
            visit_mut::visit_expr_mut(self, expr);
        }
    }
    let Stmt::Local(local) = stmt else { return };
    local.attrs.retain(|a| !a.path().is_ident("allow"));
    if let syn::Pat::Ident(p) = &mut local.pat {
        p.mutability = None;
    }
    MapBuildError.visit_local_mut(local);
}

/// `let Self { client, … } = self;` also takes `options`.
struct AddOptionsToPattern;

impl VisitMut for AddOptionsToPattern {
    fn visit_pat_struct_mut(&mut self, pat: &mut syn::PatStruct) {
        if pat.path.is_ident("Self")
            && let syn::Pat::Struct(with_options) = syn::parse_quote!(Self { options })
        {
            pat.fields.extend(with_options.fields);
        }
    }
}

/// Removes `.headers(header_map)` from request builder chains.
struct StripHeaders;

impl VisitMut for StripHeaders {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::MethodCall(call) = expr
            && call.method == "headers"
        {
            *expr = (*call.receiver).clone();
            self.visit_expr_mut(expr);
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}
