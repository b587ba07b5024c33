//! The wooshpay code generator: `spec/wooshpay.yaml` → the generated modules of the `wooshpay`
//! crate.
//!
//! The pipeline runs one stage per module, data flowing one way:
//! [`load`] (YAML → OpenAPI) → [`lint`] (rules with errors naming the operation or schema) →
//! [`prepare`] (spec policies progenitor does not know) → [`generate`] (progenitor) →
//! [`refine`] (syn rewrites) → [`render`] (prettyplease). No input makes it panic: every
//! failure is an [`Error`].

pub mod diff;
mod error;
pub mod generate;
pub mod lint;
pub mod load;
pub mod prepare;
pub mod refine;
pub mod render;
pub mod spec;

pub use error::{Error, LintError};
pub use render::GeneratedFile;

/// Everything one run of the generator produces.
#[derive(Debug, Clone)]
pub struct Output {
    /// The files to write under `sdk/src`.
    pub files: Vec<GeneratedFile>,
    /// Number of generated operations.
    pub operations: usize,
    /// Number of generated schema types.
    pub types: usize,
}

/// Runs the whole pipeline on the spec's text. Same text, same bytes.
pub fn generate(spec_text: &str) -> Result<Output, Error> {
    let spec = load::load(spec_text)?;
    let findings = lint::lint(&spec);
    if !findings.is_empty() {
        return Err(Error::Lint(findings));
    }
    let prepared = prepare::prepare(&spec);
    let tokens = generate::generate(&prepared)?;
    let mocks = generate::mocks(&prepared)?;
    let refined = refine::refine(tokens, mocks, &spec)?;
    Ok(Output {
        files: render::render(&refined)?,
        operations: refined.operations,
        types: refined.types_count,
    })
}
