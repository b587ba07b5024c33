//! The wooshpay code generator: `spec/wooshpay.yaml` → the generated modules of the `wooshpay`
//! crate.
//!
//! The pipeline runs one stage per module, data flowing one way:
//! [`load`] (YAML → OpenAPI, then the [`model`] of the facts every later stage reads) →
//! [`lint`] (rules with errors naming the operation or schema) → [`prepare`] (spec policies
//! progenitor does not know) → [`generate`] (progenitor) → [`refine`] (syntax-tree rewrites of
//! progenitor's output) → [`emit`] (modules generated from the model) → [`layout`] (files by
//! resource group) → [`render`] (prettyplease). No input makes it panic: every failure is an
//! [`Error`]. [`diff`] compares two specs for reviewers.

pub mod diff;
pub mod emit;
mod error;
pub mod field_rules;
pub mod generate;
mod guard;
pub mod layout;
pub mod lint;
pub mod load;
pub mod model;
pub mod names;
pub mod prepare;
pub mod refine;
pub mod render;

pub use error::{Error, LintError};
pub use render::GeneratedFile;

/// Everything one run of the generator produces.
#[derive(Debug, Clone)]
pub struct Output {
    /// The files to write under `sdk/`.
    pub files: Vec<GeneratedFile>,
    /// Number of generated operations.
    pub operations: usize,
    /// Number of generated schema types.
    pub types: usize,
}

/// Runs the whole pipeline on the spec's text. Same text, same bytes. A panic anywhere in it is
/// caught (printing nothing) and returned as [`Error::Panic`] naming the stage.
pub fn generate(spec_text: &str) -> Result<Output, Error> {
    guard::guarded(|stage| {
        stage.enter("load");
        let spec = load::load(spec_text)?;
        let model = model::Model::of(&spec);
        stage.enter("lint");
        let mut findings = lint::lint_text(spec_text);
        findings.extend(lint::lint(&model));
        if !findings.is_empty() {
            return Err(Error::Lint(findings));
        }
        stage.enter("prepare");
        let prepared = prepare::prepare(&spec, &model);
        stage.enter("generate");
        let tokens = generate::generate(&prepared)?;
        let mocks = generate::mocks(&prepared)?;
        stage.enter("refine");
        let mut refined = refine::refine(tokens, mocks, &model)?;
        let (operations, types) = (refined.builders.len(), refined.types_count);
        stage.enter("emit");
        let emitted = emit::emit(&model, &mut refined)?;
        stage.enter("layout");
        let files = layout::layout(refined, emitted, &model);
        stage.enter("render");
        Ok(Output {
            files: render::render(&files)?,
            operations,
            types,
        })
    })
}
