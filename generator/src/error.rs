//! The one error type of the pipeline: every failure names the stage and the place in the spec.

use std::fmt;

/// Why the spec could not be turned into code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not YAML (syntax error), with the line and column where parsing stopped.
    #[error("spec is not valid YAML: {0}")]
    Yaml(String),
    /// The YAML is not an OpenAPI document of the expected shape.
    #[error("spec is not a valid OpenAPI 3.0 document at `{path}`: {message}")]
    Structure {
        /// Where in the document the problem is (e.g. `paths./v1/x.get.responses`).
        path: String,
        /// What is wrong there.
        message: String,
    },
    /// The document declares an OpenAPI version progenitor cannot read.
    #[error("unsupported OpenAPI version `{0}`: only 3.0.x is supported")]
    UnsupportedVersion(String),
    /// One or more lint rules failed; every finding is listed.
    #[error("spec has {} problem(s):\n{}", .0.len(), LintList(.0))]
    Lint(Vec<LintError>),
    /// progenitor rejected the (linted) spec.
    #[error("code generation failed: {0}")]
    Generate(String),
    /// The generated code did not have the shape the refine stage expects.
    #[error("refining the generated code failed: {0}")]
    Refine(String),
    /// A stage panicked on an input no lint rule refuses yet; caught, with nothing printed.
    #[error("the {stage} stage failed unexpectedly: {message}")]
    Panic {
        /// The stage that panicked (`load`, `lint`, `prepare`, `generate`, `refine`, `render`).
        stage: &'static str,
        /// The panic's message and where it happened.
        message: String,
    },
}

/// One finding of the lint stage: which operation or schema, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintError {
    /// The operation (`GET /v1/x (operation_id)`) or schema (`schema Foo`) at fault.
    pub location: String,
    /// What is wrong, and what to do instead.
    pub message: String,
}

impl fmt::Display for LintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

struct LintList<'a>(&'a [LintError]);

impl fmt::Display for LintList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  - {e}")?;
        }
        Ok(())
    }
}
