//! Generate stage: progenitor's builder-style client for the prepared spec.

use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use quote::quote;

use crate::Error;

/// Runs progenitor. Its internal assertions panic on some shapes the lint stage does not know
/// about yet; such a panic, or an error of progenitor's, is turned into an error naming the
/// operation or schema it came from (when running progenitor on each alone finds it), and
/// prints nothing.
pub fn generate(spec: &OpenAPI) -> Result<TokenStream, Error> {
    guarded(spec, |spec| {
        Generator::new(&settings(spec)).generate_tokens(spec)
    })
}

/// progenitor's httpmock helpers: a `MockServerExt` method per operation, for the SDK's `mock`
/// feature.
pub fn mocks(spec: &OpenAPI) -> Result<TokenStream, Error> {
    guarded(spec, |spec| {
        Generator::new(&settings(spec)).httpmock(spec, "crate")
    })
}

fn settings(spec: &OpenAPI) -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote!(crate::client::Settings))
        .with_derive("PartialEq");
    // The stand-ins of expandable fields become the SDK's `Expandable<…>` (no `Default`).
    let model = crate::model::Model::of(spec);
    for target in crate::field_rules::expandable_targets(&model) {
        settings.with_replacement(
            crate::field_rules::stand_in(&target),
            format!("crate::types::Expandable<crate::types::{target}>"),
            std::iter::empty(),
        );
    }
    settings
}

type Run = fn(&OpenAPI) -> progenitor_impl::Result<TokenStream>;

fn guarded(spec: &OpenAPI, run: Run) -> Result<TokenStream, Error> {
    match crate::guard::guarded(|_| Ok(run(spec))) {
        Ok(Ok(tokens)) => Ok(tokens),
        // progenitor's errors rarely say where: the place is found as for a panic.
        Ok(Err(e)) => {
            let place = culprit(spec, run)
                .map(|place| format!("{place}: "))
                .unwrap_or_default();
            Err(Error::Generate(format!("{place}{e}")))
        }
        Err(Error::Panic { message, .. }) => {
            let place = culprit(spec, run)
                .map(|place| format!(" on {place}"))
                .unwrap_or_default();
            Err(Error::Generate(format!(
                "progenitor panicked{place}: {message}"
            )))
        }
        Err(other) => Err(other),
    }
}

/// Whether progenitor fails (panics or returns an error) on `spec`.
fn fails(spec: &OpenAPI, run: Run) -> bool {
    !matches!(crate::guard::guarded(|_| Ok(run(spec))), Ok(Ok(_)))
}

/// The schema or operation progenitor fails on, found by running it on each alone: every
/// schema with the schemas it refers to and no operations, then (when no schema alone panics)
/// every operation with all schemas.
fn culprit(spec: &OpenAPI, run: Run) -> Option<String> {
    let model = crate::model::Model::of(spec);
    if let Some(components) = spec.components.as_ref() {
        for name in components.schemas.keys() {
            let keep = model.reachable([name.clone()]);
            let mut alone = spec.clone();
            alone.paths.paths.clear();
            if let Some(c) = alone.components.as_mut() {
                c.schemas.retain(|n, _| keep.contains(n));
            }
            if fails(&alone, run) {
                return Some(format!("schema {name}"));
            }
        }
    }
    for (path, item) in spec.paths.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let mut alone = spec.clone();
            let mut only = openapiv3::PathItem::default();
            set_operation(&mut only, method, op.clone());
            alone.paths.paths = [(path.clone(), ReferenceOr::Item(only))]
                .into_iter()
                .collect();
            if fails(&alone, run) {
                let method = method.to_ascii_uppercase();
                let found = model
                    .operations
                    .iter()
                    .find(|o| o.path == *path && o.method == method);
                return Some(
                    found.map_or_else(|| format!("{method} {path}"), |o| o.location.clone()),
                );
            }
        }
    }
    None
}

fn set_operation(item: &mut openapiv3::PathItem, method: &str, op: openapiv3::Operation) {
    let slot = match method {
        "get" => &mut item.get,
        "put" => &mut item.put,
        "post" => &mut item.post,
        "delete" => &mut item.delete,
        "options" => &mut item.options,
        "head" => &mut item.head,
        "patch" => &mut item.patch,
        _ => &mut item.trace,
    };
    *slot = Some(op);
}
