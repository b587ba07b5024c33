//! Generate stage: progenitor's builder-style client for the prepared spec.

use std::panic::{AssertUnwindSafe, catch_unwind};

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use quote::quote;

use crate::Error;

/// Runs progenitor. Its internal assertions panic on some shapes the lint stage does not know
/// about yet; such a panic is turned into an error instead of aborting the caller.
pub fn generate(spec: &OpenAPI) -> Result<TokenStream, Error> {
    guarded(|| Generator::new(&settings()).generate_tokens(spec))
}

/// progenitor's httpmock helpers: a `MockServerExt` method per operation, for the SDK's `mock`
/// feature.
pub fn mocks(spec: &OpenAPI) -> Result<TokenStream, Error> {
    guarded(|| Generator::new(&settings()).httpmock(spec, "crate"))
}

fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote!(crate::client::Settings))
        .with_derive("PartialEq");
    settings
}

fn guarded(
    run: impl FnOnce() -> progenitor_impl::Result<TokenStream>,
) -> Result<TokenStream, Error> {
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(Error::Generate(e.to_string())),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown cause");
            Err(Error::Generate(format!("progenitor panicked: {message}")))
        }
    }
}
