//! Operations: progenitor builds each request; the SDK's hand-written runtime sends it.
//!
//! Each builder's `prepare` keeps progenitor's request construction (parameters, path encoding,
//! body) as a request maker, and its `send` hands that to `Client::send_request`, returning
//! the runtime's call: it owns auth, retries and status handling, and decodes the success body
//! into `T` (`Result<T, wooshpay::Error>`). Path parameters are checked before the URL is
//! formed (an empty id or a dot segment would otherwise address another resource), and the URL
//! is the path under the client's parsed base URL. progenitor's own dispatch machinery (hooks,
//! `ResponseValue`, its `Error`) is dropped.

use std::collections::BTreeMap;

use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ImplItem, Item, ItemImpl, Stmt, Type};

use super::docs;
use super::method_docs::{self, setter_key};
use super::pagination;
use crate::Error;
use crate::model::{Model, Operation};

/// What the operations step found: each builder's operation (for splitting the builders by
/// resource group).
pub struct Operations {
    /// Builder struct name → operation id.
    pub builders: BTreeMap<String, String>,
}

/// Rewrites the top level of progenitor's output.
pub fn refine(file: &mut syn::File, model: &Model) -> Result<Operations, Error> {
    let mut operations = Operations {
        builders: BTreeMap::new(),
    };
    let mut items = Vec::with_capacity(file.items.len());
    for item in file.items.drain(..) {
        match item {
            // progenitor's re-exports and dispatch traits: replaced by the SDK's runtime.
            // progenitor's imports of its own client runtime: the builders import what they use.
            Item::Use(_) => {}
            Item::Impl(imp) if imp.trait_.is_some() && is_client(&imp.self_ty) => {}
            Item::Impl(imp) if is_ref_client(&imp.self_ty) => {}
            Item::Mod(m) if m.ident == "prelude" => {}
            Item::Struct(mut s) if s.ident == "Client" => {
                s.attrs.retain(|a| !a.path().is_ident("doc"));
                s.attrs.splice(0..0, docs::doc_attrs(CLIENT_DOC));
                items.push(Item::Struct(s));
            }
            Item::Impl(mut imp) if is_client(&imp.self_ty) => {
                refine_client_impl(&mut imp, model)?;
                if !imp.items.is_empty() {
                    items.push(Item::Impl(imp));
                }
            }
            Item::Mod(mut m) if m.ident == "builder" => {
                if let Some((_, content)) = &mut m.content {
                    refine_builders(content, model, &mut operations)?;
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
fn refine_client_impl(imp: &mut ItemImpl, model: &Model) -> Result<(), Error> {
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
        let op = model
            .operation(&name)
            .ok_or_else(|| Error::Refine(format!("client method `{name}` matches no operation")))?;
        f.attrs.retain(|a| !a.path().is_ident("doc"));
        let doc = method_docs::method_doc(op, &method_docs::example_setters(model, op));
        f.attrs.splice(0..0, docs::doc_attrs(&doc));
    }
    Ok(())
}

/// Rewrites the `builder` module, recording each builder's operation in `operations`.
fn refine_builders(
    items: &mut Vec<Item>,
    model: &Model,
    operations: &mut Operations,
) -> Result<(), Error> {
    let mut imports_replaced = false;
    for item in items.iter_mut() {
        match item {
            // progenitor's `use super::{encode_path, …, Error, …}`: the SDK's runtime instead.
            Item::Use(u)
                if matches!(&u.tree, syn::UseTree::Path(p)
                    if p.ident == "super" && matches!(&*p.tree, syn::UseTree::Group(_))) =>
            {
                *item = syn::parse_quote! {
                    use crate::request::encode_path;
                };
                imports_replaced = true;
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
                        refine_constructor(f);
                    } else if f.sig.ident == "send" {
                        operation = Some(rewrite_send(f, model)?);
                    }
                }
                let Some((op, prepare)) = operation else {
                    continue;
                };
                if let Type::Path(p) = &*imp.self_ty
                    && let Some(last) = p.path.segments.last()
                {
                    operations
                        .builders
                        .insert(last.ident.to_string(), op.id.clone());
                }
                imp.items.push(ImplItem::Fn(prepare));
                super::builder_errors::builder_methods(imp, op);
                method_docs::document_builder_methods(imp, op);
                let send = imp
                    .items
                    .iter()
                    .position(|item| matches!(item, ImplItem::Fn(f) if f.sig.ident == "send"))
                    .unwrap_or(imp.items.len());
                imp.items.insert(send, option_setters(&op.method));
                match &op.pagination {
                    Some(Ok(list)) => imp.items.push(pagination::stream_method(list)),
                    Some(Err(why)) => {
                        return Err(Error::Refine(format!(
                            "{} {} ({}) {why}",
                            op.method, op.path, op.id
                        )));
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }
    super::builder_errors::builder_fields(items);
    if !imports_replaced {
        return Err(Error::Refine(
            "operations: progenitor's builder module has no `use super::{…}` to replace".into(),
        ));
    }
    items.insert(
        0,
        syn::parse_quote!(
            use crate::Error;
        ),
    );
    items.insert(
        1,
        syn::parse_quote!(
            use progenitor_client::OperationInfo;
        ),
    );
    Ok(())
}

fn has_client_field(s: &syn::ItemStruct) -> bool {
    s.fields
        .iter()
        .any(|f| f.ident.as_ref().is_some_and(|i| i == "client"))
}

/// `Self { client: client, … }` in `new()` becomes `Self { client, …, options: … }`.
fn refine_constructor(f: &mut syn::ImplItemFn) {
    struct Constructor;
    impl VisitMut for Constructor {
        fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
            if !expr.path.is_ident("Self") {
                return;
            }
            for field in &mut expr.fields {
                if let (syn::Member::Named(name), Expr::Path(value)) = (&field.member, &field.expr)
                    && value.path.is_ident(name)
                {
                    field.colon_token = None; // shorthand
                }
            }
            expr.fields
                .push(syn::parse_quote!(options: Default::default()));
        }
    }
    Constructor.visit_impl_item_fn_mut(f);
}

/// The per-call option setters, defined once in the SDK (`crate::options::call_options!`);
/// the idempotency key only where it means something, on a POST.
fn option_setters(method: &str) -> ImplItem {
    if method == "POST" {
        syn::parse_quote!(crate::options::call_options!(post);)
    } else {
        syn::parse_quote!(crate::options::call_options!();)
    }
}

/// Rewrites a builder's `send` (see the module docs); returns its operation and the builder's
/// `prepare`, which checks the fields and makes the request maker that `send` hands over.
fn rewrite_send<'m>(
    f: &mut syn::ImplItemFn,
    model: &'m Model,
) -> Result<(&'m Operation, syn::ImplItemFn), Error> {
    let success = success_type(&f.sig.output).ok_or_else(|| {
        let sig = &f.sig;
        Error::Refine(format!(
            "operations: unsupported `send` signature: {}",
            quote::quote!(#sig)
        ))
    })?;
    let operation_id = f
        .block
        .stmts
        .iter()
        .find_map(operation_info)
        .ok_or_else(|| {
            Error::Refine(
                "operations: a `send` body without `let info = OperationInfo { … }`".into(),
            )
        })?;
    let op = model.operation(&operation_id).ok_or_else(|| {
        Error::Refine(format!(
            "operations: builder for unknown operation `{operation_id}`"
        ))
    })?;
    let mut kept: Vec<Stmt> = Vec::new();
    let mut header_map_used = false;
    let mut destructure = AddOptionsToPattern { matched: false };
    if let Some(first) = f.block.stmts.first_mut() {
        destructure.visit_stmt_mut(first);
    }
    if !destructure.matched {
        return Err(Error::Refine(format!(
            "operations: `{operation_id}`'s `send` does not start with `let Self {{ … }} = self`"
        )));
    }
    let mut info_found = false;
    for mut stmt in f.block.stmts.drain(..) {
        if mentions_string(&stmt, "api-version") {
            continue; // WooshPay versions by path (`/v1`); no version header is sent.
        }
        if binds(&stmt, "url") {
            for param in path_params_in(&stmt) {
                let name = param.to_string();
                // A string parameter is passed as it is; others are formatted first.
                let value: Expr = if is_string_parameter(op, &name) {
                    syn::parse_quote!(&#param)
                } else {
                    syn::parse_quote!(&#param.to_string())
                };
                kept.push(syn::parse_quote! {
                    crate::request::check_path_segment(#operation_id, #name, #value)?;
                });
            }
            pass_strings_as_they_are(&mut stmt, op);
            url_under_base(&mut stmt, &operation_id)?;
        }
        header_map_used |= !binds(&stmt, "header_map")
            && !binds(&stmt, "request")
            && mentions_ident(&stmt, "header_map");
        let is_info = binds(&stmt, "info");
        if binds(&stmt, "request") {
            finish_request_statement(&mut stmt)?;
        }
        kept.push(stmt);
        if is_info {
            info_found = true;
            break; // progenitor's dispatch follows; `Client::send_request` replaces it.
        }
    }
    if !info_found {
        return Err(Error::Refine(format!(
            "operations: `{operation_id}`'s `send` has no `let info = …` to end at"
        )));
    }
    if !header_map_used {
        kept.retain(|s| !binds(s, "header_map"));
        let mut strip = StripHeaders;
        kept.iter_mut().for_each(|s| strip.visit_stmt_mut(s));
    }
    // Every request of the client accepts JSON (a default header of its HTTP client), so a
    // request need not set it again.
    kept.iter_mut()
        .for_each(|s| StripAcceptJson.visit_stmt_mut(s));
    if matches!(&success, Type::Tuple(t) if t.elems.is_empty()) {
        return Err(Error::Refine(format!(
            "operations: `{operation_id}` has no response body; the SDK's runtime decodes one"
        )));
    }
    // `send` returns the runtime's call as it is, not an `async` block awaiting it: each
    // `async` layer copies the decoded object (kilobytes) on its way out. So the checks that
    // may refuse the request before it is sent, and the request maker, live in `prepare`.
    let info = kept.pop().filter(|s| binds(s, "info")).ok_or_else(|| {
        Error::Refine(format!(
            "operations: `{operation_id}`'s `send` does not end at `let info = …`"
        ))
    })?;
    kept.push(Stmt::Expr(syn::parse_quote!(Ok((request, options))), None));
    let prepare: syn::ImplItemFn = syn::parse_quote! {
        /// The request [`send`](Self::send) makes (again for each attempt) and the call's
        /// options, once every field is checked.
        fn prepare(
            self,
        ) -> Result<
            (
                impl Fn() -> Result<::reqwest::Request, ::reqwest::Error> + 'a,
                crate::RequestOptions,
            ),
            Error,
        > {
            #(#kept)*
        }
    };
    f.block.stmts = vec![
        syn::parse_quote!(let client = self.client;),
        info,
        Stmt::Expr(
            syn::parse_quote!(client.send_request(self.prepare(), &info)),
            None,
        ),
    ];
    f.sig.asyncness = None;
    f.sig.output = syn::parse_quote!(
        -> impl ::std::future::Future<Output = Result<#success, Error>> + 'a
    );
    Ok((op, prepare))
}

/// Whether the operation's parameter whose setter is `name` is a string.
fn is_string_parameter(op: &Operation, name: &str) -> bool {
    op.parameters
        .iter()
        .any(|p| p.string && setter_key(&p.name) == setter_key(name))
}

/// `encode_path(&id.to_string())` in the `url` statement becomes `encode_path(&id)` for a
/// string parameter (the value already is the text to encode).
fn pass_strings_as_they_are(stmt: &mut Stmt, op: &Operation) {
    struct Pass<'a>(&'a Operation);
    impl VisitMut for Pass<'_> {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            if let Expr::MethodCall(call) = expr
                && call.method == "to_string"
                && call.args.is_empty()
                && let Expr::Path(receiver) = &*call.receiver
                && let Some(ident) = receiver.path.get_ident()
                && is_string_parameter(self.0, &ident.to_string())
            {
                *expr = (*call.receiver).clone();
                return;
            }
            visit_mut::visit_expr_mut(self, expr);
        }
        fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
            if let Ok(mut args) = macro_args(mac) {
                args.iter_mut().for_each(|a| self.visit_expr_mut(a));
                mac.tokens = quote::quote!(#args);
            }
        }
    }
    Pass(op).visit_stmt_mut(stmt);
}

/// `let url = format!("{}/v1/things/{}", client.baseurl, …);` becomes
/// `let url = client.url(&format!("/v1/things/{}", …));`: the base URL is parsed once, when the
/// client is built, and each call parses only its path.
fn url_under_base(stmt: &mut Stmt, operation_id: &str) -> Result<(), Error> {
    let unexpected = || {
        Error::Refine(format!(
            "operations: `{operation_id}`'s `url` is not `format!(\"{{}}/…\", client.baseurl, …)`"
        ))
    };
    let Stmt::Local(local) = stmt else {
        return Err(unexpected());
    };
    let Some(init) = &mut local.init else {
        return Err(unexpected());
    };
    let Expr::Macro(mac) = &*init.expr else {
        return Err(unexpected());
    };
    if !mac.mac.path.is_ident("format") {
        return Err(unexpected());
    }
    let args = macro_args(&mac.mac).map_err(|_| unexpected())?;
    let mut args = args.into_iter();
    let (Some(Expr::Lit(template)), Some(base)) = (args.next(), args.next()) else {
        return Err(unexpected());
    };
    let syn::Lit::Str(template) = &template.lit else {
        return Err(unexpected());
    };
    let template = template.value();
    let Some(path) = template.strip_prefix("{}") else {
        return Err(unexpected());
    };
    if quote::quote!(#base).to_string().replace(' ', "") != "client.baseurl" {
        return Err(unexpected());
    }
    let rest: Vec<Expr> = args.collect();
    *init.expr = if rest.is_empty() {
        // No parameters: the path is the template itself (`{{` would be a literal brace).
        let path = path.replace("{{", "{").replace("}}", "}");
        syn::parse_quote!(client.url(#path))
    } else {
        syn::parse_quote!(client.url(&format!(#path, #(#rest),*)))
    };
    Ok(())
}

/// The operation id of `let info = OperationInfo { operation_id: "…" };`.
fn operation_info(stmt: &Stmt) -> Option<String> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    if !matches!(&local.pat, syn::Pat::Ident(p) if p.ident == "info") {
        return None;
    }
    let Expr::Struct(info) = &*local.init.as_ref()?.expr else {
        return None;
    };
    info.fields
        .iter()
        .find_map(|field| match (&field.member, &field.expr) {
            (
                syn::Member::Named(name),
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(id),
                    ..
                }),
            ) if name == "operation_id" => Some(id.value()),
            _ => None,
        })
}

/// Whether a string literal `text` appears in `stmt` (macro arguments included).
fn mentions_string(stmt: &Stmt, text: &str) -> bool {
    struct Find<'a> {
        text: &'a str,
        found: bool,
    }
    impl Visit<'_> for Find<'_> {
        fn visit_lit_str(&mut self, lit: &syn::LitStr) {
            self.found |= lit.value() == self.text;
        }
        fn visit_macro(&mut self, mac: &syn::Macro) {
            if let Ok(args) = macro_args(mac) {
                args.iter().for_each(|a| self.visit_expr(a));
            }
        }
    }
    let mut find = Find { text, found: false };
    find.visit_stmt(stmt);
    find.found
}

/// Whether the identifier `name` is used as a value in `stmt`.
fn mentions_ident(stmt: &Stmt, name: &str) -> bool {
    struct Find<'a> {
        name: &'a str,
        found: bool,
    }
    impl Visit<'_> for Find<'_> {
        fn visit_expr_path(&mut self, path: &syn::ExprPath) {
            self.found |= path.path.is_ident(self.name);
        }
    }
    let mut find = Find { name, found: false };
    find.visit_stmt(stmt);
    find.found
}

/// The comma-separated expressions of a `format!(…)`-style macro.
pub fn macro_args(
    mac: &syn::Macro,
) -> syn::Result<syn::punctuated::Punctuated<Expr, syn::Token![,]>> {
    mac.parse_body_with(syn::punctuated::Punctuated::parse_terminated)
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

/// The identifiers passed as `encode_path(&<ident>.to_string())` in the `url` statement's
/// `format!`, in path order.
fn path_params_in(stmt: &Stmt) -> Vec<syn::Ident> {
    struct Find(Vec<syn::Ident>);
    impl Visit<'_> for Find {
        fn visit_expr_call(&mut self, call: &syn::ExprCall) {
            if let Expr::Path(func) = &*call.func
                && func
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "encode_path")
                && let Some(Expr::Reference(arg)) = call.args.first()
                && let Expr::MethodCall(to_string) = &*arg.expr
                && let Expr::Path(receiver) = &*to_string.receiver
                && let Some(ident) = receiver.path.get_ident()
            {
                self.0.push(ident.clone());
            }
            visit::visit_expr_call(self, call);
        }
        fn visit_macro(&mut self, mac: &syn::Macro) {
            if let Ok(args) = macro_args(mac) {
                args.iter().for_each(|a| self.visit_expr(a));
            }
        }
    }
    let mut find = Find(Vec::new());
    find.visit_stmt(stmt);
    find.0
}

/// `let request = client.client.post(url)….build()?;` becomes
/// `let request = move || client.client.post(url.clone())….build();`: the runtime builds the
/// request once per attempt, so a retry needs no copy of it kept on the way; the maker owns
/// what it reads (URL, body, query), so that the call can be returned without borrowing `send`'s
/// locals.
fn finish_request_statement(stmt: &mut Stmt) -> Result<(), Error> {
    /// The `url` argument of the method call that starts the request: a copy, since the
    /// closure may run more than once (reqwest takes a parsed URL by value).
    struct BorrowUrl(bool);
    impl VisitMut for BorrowUrl {
        fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
            visit_mut::visit_expr_method_call_mut(self, call);
            if let [Expr::Path(arg)] = call.args.iter().collect::<Vec<_>>().as_slice()
                && arg.path.is_ident("url")
            {
                call.args[0] = syn::parse_quote!(url.clone());
                self.0 = true;
            }
        }
    }
    let Stmt::Local(local) = stmt else {
        return Err(Error::Refine("operations: `request` is not a `let`".into()));
    };
    local.attrs.retain(|a| !a.path().is_ident("allow"));
    if let syn::Pat::Ident(p) = &mut local.pat {
        p.mutability = None;
    }
    let Some(init) = &mut local.init else {
        return Err(Error::Refine("operations: `request` has no value".into()));
    };
    let Expr::Try(try_expr) = &*init.expr else {
        return Err(Error::Refine(
            "operations: the `request` statement does not end in `.build()?`".into(),
        ));
    };
    let mut built = (*try_expr.expr).clone();
    if !matches!(&built, Expr::MethodCall(call) if call.method == "build") {
        return Err(Error::Refine(
            "operations: the `request` statement does not end in `.build()?`".into(),
        ));
    }
    let mut borrow = BorrowUrl(false);
    borrow.visit_expr_mut(&mut built);
    if !borrow.0 {
        return Err(Error::Refine(
            "operations: the `request` statement does not start from `url`".into(),
        ));
    }
    *init.expr = syn::parse_quote!(move || #built);
    Ok(())
}

/// `let Self { client, … } = self;` also takes `options`.
struct AddOptionsToPattern {
    matched: bool,
}

impl VisitMut for AddOptionsToPattern {
    fn visit_pat_struct_mut(&mut self, pat: &mut syn::PatStruct) {
        if pat.path.is_ident("Self")
            && let syn::Pat::Struct(with_options) = syn::parse_quote!(Self { options })
        {
            pat.fields.extend(with_options.fields);
            self.matched = true;
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

/// Removes `.header(ACCEPT, HeaderValue::from_static("application/json"))` from request
/// builder chains; an `Accept` of any other value stays.
struct StripAcceptJson;

impl VisitMut for StripAcceptJson {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::MethodCall(call) = expr
            && call.method == "header"
            && let [name, value] = call.args.iter().collect::<Vec<_>>().as_slice()
            && quote::quote!(#name)
                .to_string()
                .replace(' ', "")
                .ends_with("header::ACCEPT")
            && mentions_string(&Stmt::Expr((*value).clone(), None), "application/json")
        {
            *expr = (*call.receiver).clone();
            self.visit_expr_mut(expr);
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: v1}
paths:
  /v1/things/{id}:
    get:
      operationId: retrieve_thing
      x-provenance: inferred
      parameters:
        - {name: id, in: path, required: true, description: The thing's id., schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
"##;

    /// A builder as progenitor writes it (trimmed to what the rewrite touches).
    fn progenitor_builder() -> Vec<Item> {
        let file: syn::File = syn::parse_quote! {
            use super::types;
            #[allow(unused_imports)]
            use super::{encode_path, ByteStream, Error, OperationInfo, ResponseValue};
            pub struct RetrieveThing<'a> {
                client: &'a super::Client,
                id: Result<String, String>,
            }
            impl<'a> RetrieveThing<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, id: Err("id was not initialized".to_string()) }
                }
                pub fn id<V>(mut self, value: V) -> Self where V: TryInto<String> {
                    self
                }
                pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<types::Problem>> {
                    let Self { client, id } = self;
                    let id = id.map_err(Error::InvalidRequest)?;
                    let url = format!("{}/v1/things/{}", client.baseurl, encode_path(&id.to_string()),);
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                    header_map.append(
                        ::reqwest::header::HeaderName::from_static("api-version"),
                        ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                    );
                    #[allow(unused_mut)]
                    let mut request = client
                        .client
                        .get(url)
                        .header(
                            ::reqwest::header::ACCEPT,
                            ::reqwest::header::HeaderValue::from_static("application/json"),
                        )
                        .headers(header_map)
                        .build()?;
                    let info = OperationInfo { operation_id: "retrieve_thing" };
                    client.pre(&mut request, &info).await?;
                    let result = client.exec(request, &info).await;
                    todo!()
                }
            }
        };
        file.items
    }

    #[test]
    fn send_dispatches_through_the_runtime_with_facts_from_the_model() {
        let model = Model::of(&serde_yaml::from_str(SPEC).unwrap());
        let mut items = progenitor_builder();
        let mut operations = Operations {
            builders: BTreeMap::new(),
        };
        refine_builders(&mut items, &model, &mut operations).unwrap();
        assert_eq!(operations.builders["RetrieveThing"], "retrieve_thing");
        let text = quote::quote!(#(#items)*).to_string().replace(' ', "");
        for expected in [
            "crate::request::check_path_segment(\"retrieve_thing\",\"id\",&id)?;",
            "encode_path(&id)",
            "leturl=client.url(&format!(\"/v1/things/{}\",encode_path(&id)));",
            "letrequest=move||client.client.get(url.clone()).build();",
            "Ok((request,options))",
            "fnprepare(self,)->Result<(implFn()->Result<::reqwest::Request,::reqwest::Error>+'a,crate::RequestOptions,),Error,>",
            "pubfnsend(self)->impl::std::future::Future<Output=Result<types::Thing,Error>>+'a",
            "letclient=self.client;letinfo=OperationInfo{operation_id:\"retrieve_thing\"};client.send_request(self.prepare(),&info)",
            "Self{client,id:Err(",
            "crate::options::call_options!();",
            "#[doc=\"Thething'sid.\"]",
        ] {
            assert!(text.contains(expected), "no `{expected}` in {text}");
        }
        for gone in [
            "ACCEPT",
            "api-version",
            "header_map",
            "client.pre",
            "allow(unused_mut)",
            "letmutrequest",
        ] {
            assert!(!text.contains(gone), "`{gone}` is left in {text}");
        }
    }

    #[test]
    fn a_send_without_operation_info_is_an_error_naming_the_rewrite() {
        let model = Model::of(&serde_yaml::from_str(SPEC).unwrap());
        let mut items = progenitor_builder();
        if let Item::Impl(imp) = &mut items[3]
            && let Some(ImplItem::Fn(send)) = imp.items.last_mut()
        {
            send.block.stmts.retain(|s| !binds(s, "info"));
        }
        let mut operations = Operations {
            builders: BTreeMap::new(),
        };
        let error = refine_builders(&mut items, &model, &mut operations)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("operations:") && error.contains("OperationInfo"),
            "{error}"
        );
    }
}
