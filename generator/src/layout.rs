//! Layout stage: the refined and emitted code as files. The code is split by resource group, so that a change to one resource shows up as a
//! diff in one small file: `types/<group>.rs` (its schema types), `types/builder/<group>.rs`
//! (their builders) and `builder/<group>.rs` (its operations: the `Client` methods and their
//! request builders). A group is an operation's first tag; a schema belongs to the one group
//! whose operations reach it, or to `common` when several do (both facts come from the model).

use std::collections::BTreeMap;

use syn::visit_mut::{self, VisitMut};
use syn::{ImplItem, Item};

use crate::model::Model;

/// Which group each operation builder and schema type belongs to, from the model.
pub struct Groups<'a> {
    model: &'a Model,
    /// Each operation builder's name with its operation id, as the operations step found them.
    builders: &'a BTreeMap<String, String>,
}

impl<'a> Groups<'a> {
    /// Groups for the model's operations and schemas; `builders` maps builder names to
    /// operation ids.
    pub fn new(model: &'a Model, builders: &'a BTreeMap<String, String>) -> Self {
        Groups { model, builders }
    }

    fn of_type(&self, name: &str) -> &str {
        self.model.group_of_schema(name)
    }

    fn of_builder(&self, builder: &str) -> Option<&str> {
        self.of_operation(self.builders.get(builder)?)
    }

    fn of_operation(&self, id: &str) -> Option<&str> {
        self.model
            .operation(id)
            .map(|op| op.resource.group.as_str())
    }
}

/// A generated file: its path under `sdk/` and its syntax tree.
pub type FileOut = (String, syn::File);

/// The generated directory of the SDK crate, `wooshpay`, under `sdk/`.
pub const SDK_DIR: &str = "wooshpay/src/generated";
/// The generated directory of the test kit, `wooshpay-testing`, under `sdk/`.
pub const TEST_KIT_DIR: &str = "wooshpay-testing/src/generated";
/// Every directory the generator writes, each holding nothing but generated files.
pub const GENERATED_DIRS: [&str; 2] = [SDK_DIR, TEST_KIT_DIR];

/// Every generated file: the SDK's client, operations and types split by group, and its
/// emitted modules; the test kit's mocks, operations table (which the command line reads too),
/// schema registry and response builders.
pub fn layout(
    refined: crate::refine::Refined,
    emitted: crate::emit::Emitted,
    model: &Model,
) -> Vec<FileOut> {
    let mut client = refined.client;
    client.items.extend([
        syn::parse_quote! {
            /// Pagination traits for every list envelope and item type.
            mod pagination;
        },
        syn::parse_quote! {
            /// Event objects typed by the event's type.
            pub mod events;
        },
    ]);
    let groups = Groups::new(model, &refined.builders);
    let mut out = operations(&mut client, refined.operations, &groups);
    out.extend(types(refined.types, &groups));
    out.insert(0, (format!("{SDK_DIR}/mod.rs"), client));
    for (name, file) in [
        ("pagination", emitted.pagination),
        ("events", emitted.events),
    ] {
        out.push((format!("{SDK_DIR}/{name}.rs"), file));
    }
    out.extend(test_kit(
        refined.mock,
        emitted.operations,
        emitted.schemas,
        emitted.test_builders,
        &groups,
    ));
    out
}

/// The test kit's generated files: the typed mocks (their `crate::` paths now name the SDK),
/// the operations table, the schema registry, and the response builders split by group.
fn test_kit(
    mut mock: syn::File,
    operations: syn::File,
    schemas: syn::File,
    builders: Vec<Item>,
    groups: &Groups,
) -> Vec<FileOut> {
    CrateIsTheSdk.visit_file_mut(&mut mock);
    let mut by_group: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for item in builders {
        let group = owner(&item).map_or("common", |name| groups.of_type(&name));
        by_group.entry(group.to_string()).or_default().push(item);
    }
    let mut files = vec![
        (
            format!("{TEST_KIT_DIR}/mod.rs"),
            syn::parse_quote! {
                //! Generated from the spec.

                /// Typed httpmock helpers for every operation.
                pub mod mock;
                /// Every operation as data, for the sandbox and the command line.
                pub mod operations;
                /// Every component schema by name.
                pub mod schemas;
                /// Builders of the response types.
                pub mod builders;
            },
        ),
        (format!("{TEST_KIT_DIR}/mock.rs"), mock),
        (format!("{TEST_KIT_DIR}/operations.rs"), operations),
        (format!("{TEST_KIT_DIR}/schemas.rs"), schemas),
        (
            format!("{TEST_KIT_DIR}/builders/mod.rs"),
            parent_module(Vec::new(), &by_group),
        ),
    ];
    for (group, items) in by_group {
        files.push((
            format!("{TEST_KIT_DIR}/builders/{group}.rs"),
            syn::File {
                shebang: None,
                attrs: Vec::new(),
                items,
            },
        ));
    }
    files
}

/// Rewrites paths that start with `crate` (progenitor wrote the mocks inside the SDK) to name
/// the SDK crate, `wooshpay`, where the test kit uses them.
struct CrateIsTheSdk;

impl VisitMut for CrateIsTheSdk {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if let Some(first) = path.segments.first_mut()
            && first.ident == "crate"
        {
            first.ident = syn::Ident::new("wooshpay", first.ident.span());
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_use_path_mut(&mut self, node: &mut syn::UsePath) {
        if node.ident == "crate" {
            node.ident = syn::Ident::new("wooshpay", node.ident.span());
        }
        visit_mut::visit_use_path_mut(self, node);
    }
}

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
        format!("{SDK_DIR}/types/mod.rs"),
        parent_module(root, &by_group),
    ));
    files.extend(children(
        &format!("{SDK_DIR}/types"),
        by_group,
        Parent::Types,
    ));
    files.push((
        format!("{SDK_DIR}/types/builder/mod.rs"),
        parent_module(builder_root, &builder_groups),
    ));
    files.extend(children(
        &format!("{SDK_DIR}/types/builder"),
        builder_groups,
        Parent::TypeBuilders,
    ));
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
        format!("{SDK_DIR}/builder/mod.rs"),
        parent_module(root, &by_group),
    )];
    files.extend(children(
        &format!("{SDK_DIR}/builder"),
        by_group,
        Parent::Operations,
    ));
    files
}

/// The parent module: its own items, then `mod group; pub use group::*;` per group.
fn parent_module(mut items: Vec<Item>, groups: &BTreeMap<String, Vec<Item>>) -> syn::File {
    for (group, members) in groups {
        let ident = syn::Ident::new(group, proc_macro2::Span::call_site());
        // A group whose items all need a feature (test-only builders) needs it as well.
        let shared = members
            .iter()
            .map(cfg_attrs)
            .reduce(|a, b| if a == b { a } else { Vec::new() })
            .unwrap_or_default();
        items.push(syn::parse_quote!(#(#shared)* mod #ident;));
        items.push(syn::parse_quote!(#(#shared)* pub use #ident::*;));
    }
    syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    }
}

/// The `#[cfg(…)]` attributes of an item.
fn cfg_attrs(item: &Item) -> Vec<syn::Attribute> {
    let attrs = match item {
        Item::Struct(s) => &s.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Enum(e) => &e.attrs,
        _ => return Vec::new(),
    };
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .cloned()
        .collect()
}

/// The module whose items a group file holds: how the file refers to what its items reached
/// through `super::` before they moved one module deeper.
#[derive(Clone, Copy)]
enum Parent {
    /// `types/<group>.rs`: sibling types by name, through the parent's re-exports.
    Types,
    /// `types/builder/<group>.rs`: the types as `types::X` (one `use crate::types`).
    TypeBuilders,
    /// `builder/<group>.rs`: the client as `crate::Client`, the rest through the parent.
    Operations,
}

/// What an operation group file may take from `builder/mod.rs`.
const OPERATION_IMPORTS: &[&str] = &["types", "Error", "encode_path", "OperationInfo"];

/// One file per group, one module level deeper than the items were written for.
fn children(dir: &str, groups: BTreeMap<String, Vec<Item>>, parent: Parent) -> Vec<FileOut> {
    // The types each group defines (impls may be of foreign types: `impl From<X> for i64`).
    let defined = |item: &Item| match item {
        Item::Struct(_) | Item::Enum(_) | Item::Type(_) => owner(item),
        _ => None,
    };
    let owners: BTreeMap<String, String> = groups
        .iter()
        .flat_map(|(group, items)| items.iter().filter_map(defined).map(|o| (o, group.clone())))
        .collect();
    groups
        .into_iter()
        .map(|(group, mut items)| {
            let replacement: syn::Path = match parent {
                Parent::Types => syn::parse_quote!(super),
                Parent::TypeBuilders => syn::parse_quote!(types),
                Parent::Operations => syn::parse_quote!(crate),
            };
            let mut deeper = OneLevelDeeper { replacement };
            items
                .iter_mut()
                .for_each(|item| deeper.visit_item_mut(item));
            let import: Option<Item> = match parent {
                // Only a file that names another group's type needs the parent's re-exports.
                Parent::Types => owners
                    .iter()
                    .any(|(name, owner)| owner != &group && uses_name(&items, name))
                    .then(|| {
                        syn::parse_quote!(
                            use super::*;
                        )
                    }),
                Parent::TypeBuilders => Some(syn::parse_quote!(
                    use crate::types;
                )),
                Parent::Operations => {
                    let used: Vec<syn::Ident> = OPERATION_IMPORTS
                        .iter()
                        .filter(|name| uses_name(&items, name))
                        .map(|name| syn::Ident::new(name, proc_macro2::Span::call_site()))
                        .collect();
                    (!used.is_empty()).then(|| syn::parse_quote!(use super::{#(#used),*};))
                }
            };
            items.splice(0..0, import);
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

/// Whether any path among `items` starts with `name`.
fn uses_name(items: &[Item], name: &str) -> bool {
    struct Find<'a>(&'a str, bool);
    impl syn::visit::Visit<'_> for Find<'_> {
        fn visit_path(&mut self, path: &syn::Path) {
            self.1 |= path.segments.first().is_some_and(|s| s.ident == self.0);
            syn::visit::visit_path(self, path);
        }
        fn visit_macro(&mut self, mac: &syn::Macro) {
            if let Ok(args) = mac.parse_body_with(
                syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
            ) {
                args.iter().for_each(|a| self.visit_expr(a));
            }
        }
    }
    let mut find = Find(name, false);
    items
        .iter()
        .for_each(|item| syn::visit::Visit::visit_item(&mut find, item));
    find.1
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

/// Rewrites `super::…` paths (and intra-doc links) for items moved one module deeper: the
/// leading `super` becomes `replacement` (`types`, `crate`, or `super` for a glob-imported
/// parent, where `super::X` is then `super::super::X`).
struct OneLevelDeeper {
    replacement: syn::Path,
}

impl VisitMut for OneLevelDeeper {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        // `self::X` of the module the items came from is now the parent's `X`.
        if path.leading_colon.is_none()
            && path.segments.len() > 1
            && path.segments[0].ident == "self"
        {
            path.segments[0] = syn::parse_quote!(super);
            return;
        }
        // `builder::X` in a type's `builder()` is the sibling module of the parent.
        if self.replacement.is_ident("super")
            && path.leading_colon.is_none()
            && path.segments.len() > 1
            && path.segments[0].ident == "builder"
        {
            path.segments.insert(0, syn::parse_quote!(super));
            return;
        }
        if path.leading_colon.is_none() && path.segments.first().is_some_and(|s| s.ident == "super")
        {
            let rest: Vec<syn::PathSegment> = path.segments.iter().skip(1).cloned().collect();
            let mut segments = self.replacement.segments.clone();
            if self.replacement.is_ident("super") {
                segments.push(syn::parse_quote!(super));
            }
            segments.extend(rest);
            path.segments = segments;
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
        {
            let replacement = &self.replacement;
            let prefix = if replacement.is_ident("super") {
                "super::super::".to_string()
            } else {
                format!("{}::", quote::quote!(#replacement))
            };
            let text = s
                .value()
                .replace("]: super::", &format!("]: {prefix}"))
                .replace("](super::", &format!("]({prefix}"));
            *s = syn::LitStr::new(&text, s.span());
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
