//! Splits the generated code by resource group, so that a change to one resource shows up as a
//! diff in one small file: `types/<group>.rs` (its schema types), `types/builder/<group>.rs`
//! (their builders) and `builder/<group>.rs` (its operations: the `Client` methods and their
//! request builders). A group is an operation's first tag; a schema belongs to the one group
//! whose operations reach it, or to `common` when several do.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};
use syn::{ImplItem, Item};

use crate::spec;

/// Where shared schemas go.
const COMMON: &str = "common";

/// Which group each operation and schema belongs to.
pub struct Groups {
    operations: BTreeMap<String, String>,
    schemas: BTreeMap<String, String>,
}

impl Groups {
    /// Assigns operations by tag and schemas by the groups that reach them.
    pub fn of(spec: &OpenAPI) -> Groups {
        let doc = serde_json::to_value(spec).unwrap_or(Value::Null);
        let mut operations = BTreeMap::new();
        let mut reached: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (_, _, op) in spec::operations(spec) {
            let Some(id) = &op.operation_id else { continue };
            let group = op
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| COMMON.to_string());
            let op_json = serde_json::to_value(op).unwrap_or(Value::Null);
            for schema in reachable_schemas(&doc, &op_json) {
                reached.entry(schema).or_default().insert(group.clone());
            }
            operations.insert(id.clone(), group);
        }
        let schemas = reached
            .into_iter()
            .map(|(schema, groups)| {
                let group = if groups.len() == 1 {
                    groups.into_iter().next()
                } else {
                    None
                };
                (schema, group.unwrap_or_else(|| COMMON.to_string()))
            })
            .collect();
        Groups {
            operations,
            schemas,
        }
    }

    /// The group of a type: its schema's, or the schema whose name it extends (typify names
    /// inline types after their parent), or `common`.
    fn of_type(&self, name: &str) -> &str {
        if let Some(group) = self.schemas.get(name) {
            return group;
        }
        self.schemas
            .iter()
            .filter(|(schema, _)| name.starts_with(schema.as_str()))
            .max_by_key(|(schema, _)| schema.len())
            .map_or(COMMON, |(_, group)| group.as_str())
    }

    /// The group of the operation whose builder is named `builder` (its PascalCase id).
    fn of_builder(&self, builder: &str) -> Option<&str> {
        self.operations
            .iter()
            .find(|(id, _)| pascal_case(id) == builder)
            .map(|(_, g)| g.as_str())
    }

    fn of_operation(&self, id: &str) -> Option<&str> {
        self.operations.get(id).map(String::as_str)
    }
}

fn pascal_case(snake: &str) -> String {
    snake
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Component schemas reachable from `start`, following references through the document.
fn reachable_schemas(doc: &Value, start: &Value) -> BTreeSet<String> {
    let mut schemas = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut queue = vec![start.clone()];
    while let Some(value) = queue.pop() {
        let mut refs = Vec::new();
        spec::collect_refs(&value, String::new(), &mut refs);
        for (_, reference) in refs {
            if !seen.insert(reference.clone()) {
                continue;
            }
            if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                schemas.insert(name.to_string());
            }
            if let Some(target) = reference.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                queue.push(target.clone());
            }
        }
    }
    schemas
}

/// A generated file: its path under `sdk/src` and its syntax tree.
pub type FileOut = (String, syn::File);

/// `types` items → `types/mod.rs`, `types/<group>.rs`, `types/builder/mod.rs`,
/// `types/builder/<group>.rs`.
pub fn types(items: Vec<Item>, groups: &Groups) -> Vec<FileOut> {
    let mut root = Vec::new();
    let mut by_group: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    let mut builders = Vec::new();
    for item in items {
        match &item {
            Item::Mod(m) if m.ident == "builder" => {
                builders = m
                    .content
                    .as_ref()
                    .map(|(_, items)| items.clone())
                    .unwrap_or_default();
            }
            _ => match owner(&item) {
                Some(name) => by_group
                    .entry(groups.of_type(&name).to_string())
                    .or_default()
                    .push(item),
                None => root.push(item),
            },
        }
    }
    let mut builder_root = Vec::new();
    let mut builder_groups: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for item in builders {
        match owner(&item) {
            Some(name) => builder_groups
                .entry(groups.of_type(&name).to_string())
                .or_default()
                .push(item),
            None => builder_root.push(item),
        }
    }
    let mut files = Vec::new();
    root.push(syn::parse_quote! {
        /// Builders for the schema types, for request bodies: `Type::builder().field(…)`.
        pub mod builder;
    });
    files.push((
        "generated/types/mod.rs".to_string(),
        parent_module(root, &by_group),
    ));
    files.extend(children("generated/types", by_group));
    files.push((
        "generated/types/builder/mod.rs".to_string(),
        parent_module(builder_root, &builder_groups),
    ));
    files.extend(children("generated/types/builder", builder_groups));
    files
}

/// Operation builders and the `Client` methods → `builder/mod.rs`, `builder/<group>.rs`.
pub fn operations(client: &mut syn::File, builder: Vec<Item>, groups: &Groups) -> Vec<FileOut> {
    let mut root = Vec::new();
    let mut by_group: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for item in builder {
        let name = owner(&item);
        match name.as_deref().and_then(|n| groups.of_builder(n)) {
            Some(group) => by_group.entry(group.to_string()).or_default().push(item),
            None => root.push(item),
        }
    }
    // The Client's operation methods move next to their builders.
    let mut methods: BTreeMap<String, Vec<ImplItem>> = BTreeMap::new();
    for item in &mut client.items {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        imp.items.retain(|member| {
            let ImplItem::Fn(f) = member else { return true };
            match groups.of_operation(&f.sig.ident.to_string()) {
                Some(group) => {
                    methods
                        .entry(group.to_string())
                        .or_default()
                        .push(member.clone());
                    false
                }
                None => true,
            }
        });
    }
    client
        .items
        .retain(|item| !matches!(item, Item::Impl(imp) if imp.items.is_empty()));
    for (group, fns) in methods {
        let mut imp: syn::ItemImpl = syn::parse_quote!(impl super::Client {});
        imp.items = fns;
        let mut imp = Item::Impl(imp);
        UnqualifyBuilder.visit_item_mut(&mut imp);
        by_group.entry(group).or_default().insert(0, imp);
    }
    let mut files = vec![(
        "generated/builder/mod.rs".to_string(),
        parent_module(root, &by_group),
    )];
    files.extend(children("generated/builder", by_group));
    files
}

/// The parent module: its own items, then `mod group; pub use group::*;` per group.
fn parent_module(mut items: Vec<Item>, groups: &BTreeMap<String, Vec<Item>>) -> syn::File {
    for group in groups.keys() {
        let ident = syn::Ident::new(group, proc_macro2::Span::call_site());
        items.push(syn::parse_quote!(mod #ident;));
        items.push(syn::parse_quote!(pub use #ident::*;));
    }
    syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    }
}

/// One file per group, one module level deeper than the items were written for.
fn children(dir: &str, groups: BTreeMap<String, Vec<Item>>) -> Vec<FileOut> {
    groups
        .into_iter()
        .map(|(group, mut items)| {
            let mut deeper = OneLevelDeeper;
            items
                .iter_mut()
                .for_each(|item| deeper.visit_item_mut(item));
            items.insert(
                0,
                syn::parse_quote!(
                    #[allow(unused_imports)]
                    use super::*;
                ),
            );
            (
                format!("{dir}/{group}.rs"),
                syn::File {
                    shebang: None,
                    attrs: Vec::new(),
                    items,
                },
            )
        })
        .collect()
}

/// The type an item defines or implements, if any.
fn owner(item: &Item) -> Option<String> {
    let last = |path: &syn::Path| path.segments.last().map(|s| s.ident.to_string());
    match item {
        Item::Struct(s) => Some(s.ident.to_string()),
        Item::Enum(e) => Some(e.ident.to_string()),
        Item::Type(t) => Some(t.ident.to_string()),
        Item::Impl(imp) => match &*imp.self_ty {
            // `impl From<Metadata> for Map<…>`: the owner is the schema type in the trait.
            syn::Type::Path(p)
                if p.path.segments.len() > 1
                    && !p.path.segments[0].ident.to_string().starts_with("super") =>
            {
                imp.trait_
                    .as_ref()
                    .and_then(|(_, path, _)| first_type_argument(path))
                    .or_else(|| last(&p.path))
            }
            syn::Type::Path(p) => last(&p.path),
            _ => None,
        },
        _ => None,
    }
}

fn first_type_argument(path: &syn::Path) -> Option<String> {
    let syn::PathArguments::AngleBracketed(args) = &path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(syn::Type::Path(p)) => {
            p.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    })
}

/// Rewrites `super::…` paths (and intra-doc links) for items moved one module deeper.
struct OneLevelDeeper;

impl VisitMut for OneLevelDeeper {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.segments.first().is_some_and(|s| s.ident == "super") {
            path.segments.insert(0, syn::parse_quote!(super));
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if let syn::Meta::NameValue(nv) = &mut attr.meta
            && nv.path.is_ident("doc")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &mut nv.value
            && s.value().contains("]: super::")
        {
            *s = syn::LitStr::new(
                &s.value().replace("]: super::", "]: super::super::"),
                s.span(),
            );
        }
    }
}

/// `builder::X::new(self)` in a `Client` method, once it lives beside `X`.
struct UnqualifyBuilder;

impl VisitMut for UnqualifyBuilder {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.segments.len() > 1 && path.segments[0].ident == "builder" {
            path.segments = path.segments.iter().skip(1).cloned().collect();
        }
        visit_mut::visit_path_mut(self, path);
    }
}
