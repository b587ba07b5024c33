//! Reading the lint stage's findings for a spec that should not generate.

#![allow(dead_code)] // each test binary uses a different subset

pub mod mutations;

use wooshpay_generator::{Error, generate};

/// The lint errors of `spec`, as text; panics when it generates or fails otherwise.
pub fn lint_errors(spec: &str) -> Vec<String> {
    match generate(spec) {
        Err(Error::Lint(errors)) => errors.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("expected lint errors, got: {other}"),
        Ok(_) => panic!("expected lint errors, the spec generated"),
    }
}

/// Asserts that `spec` has a lint error at `location` saying `message`.
pub fn assert_lint(spec: &str, location: &str, message: &str) {
    let errors = lint_errors(spec);
    assert!(
        errors
            .iter()
            .any(|e| e.contains(location) && e.contains(message)),
        "no error at `{location}` saying `{message}` in {errors:#?}"
    );
}
