//! Property target for load → lint → generate: a small valid spec with names, keys, values and
//! types replaced by arbitrary or adversarial text never makes the generator panic (or print a
//! panic), no panic of progenitor is caught on a spec lint accepted, and whatever it accepts
//! parses as Rust.
//!
//! CI runs 64 cases (a few seconds); the long run is
//! `PROPTEST_CASES=10000 PIPELINE_REPORT=1 cargo test --release -p wooshpay-generator --test pipeline_properties -- --nocapture`.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use support::mutations::{Mutation, mutation};
use wooshpay_generator::{Error, generate};

/// How many cases ran, passed lint, and generated.
static CASES: AtomicUsize = AtomicUsize::new(0);
static PASSED_LINT: AtomicUsize = AtomicUsize::new(0);
static GENERATED: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
    ))]

    #[test]
    fn the_pipeline_never_panics_and_what_it_accepts_parses(m in mutation()) {
        let spec = m.spec();
        let result = generate(&spec);
        CASES.fetch_add(1, Ordering::Relaxed);
        if !matches!(result, Err(Error::Lint(_) | Error::Yaml(_) | Error::Structure { .. } | Error::UnsupportedVersion(_))) {
            PASSED_LINT.fetch_add(1, Ordering::Relaxed);
        }
        match &result {
            Ok(output) => {
                GENERATED.fetch_add(1, Ordering::Relaxed);
                for file in &output.files {
                    prop_assert!(syn::parse_file(&file.contents).is_ok(), "{} in {spec}", file.path);
                }
            }
            Err(Error::Panic { stage, message }) => {
                prop_assert!(false, "the {stage} stage panicked: {message}\n{spec}");
            }
            Err(Error::Generate(message)) => {
                // Past lint, progenitor must neither panic nor fail without saying where.
                prop_assert!(!message.contains("panicked"), "a caught panic after lint: {message}\n{spec}");
                prop_assert!(
                    message.contains("schema ") || message.contains(" /"),
                    "an error naming no place: {message}\n{spec}"
                );
            }
            Err(_) => {}
        }
        report(&m);
    }
}

/// With `PIPELINE_REPORT` set, the running figures (the last line is the run's).
fn report(_: &Mutation) {
    if std::env::var_os("PIPELINE_REPORT").is_some() {
        eprintln!(
            "cases {} passed lint {} generated {} caught panics after lint 0",
            CASES.load(Ordering::Relaxed),
            PASSED_LINT.load(Ordering::Relaxed),
            GENERATED.load(Ordering::Relaxed),
        );
    }
}
