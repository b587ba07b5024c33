//! Specs that are unusual but valid generate code that parses (fast, in CI) and compiles
//! against the SDK runtime (`#[ignore]`d: it builds a copy of the crate), and so does every
//! spec of a sample of mutated ones that generates.
//!
//! The compile check (`cargo check` of the SDK with the generated code, in its own target
//! directory, offline): 52 s on 2 cores from an empty target directory, then about 40 s per
//! mutated spec (`COMPILE_SAMPLE`, default 4):
//!
//! ```text
//! cargo test -p wooshpay-generator --test tricky_specs -- --ignored
//! ```

mod support;

use std::path::{Path, PathBuf};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use support::mutations::mutation;
use wooshpay_generator::Output;

use serde_yaml::Value;

/// Additions to the real spec, each valid and each a shape that has tripped a generator:
/// keywords as parameter and property names, enum values that are not identifiers (or that
/// name the catch-all), digits in names, a schema called like a Rust prelude trait's method.
const ADDITIONS: &str = r##"
paths:
  /v1/tricky_things/{type}:
    get:
      operationId: retrieve_tricky_thing
      summary: Retrieve a tricky thing
      description: A thing whose names test the generator.
      tags: [tricky_things2]
      x-provenance: inferred
      parameters:
        - {name: type, in: path, required: true, description: A keyword as a path parameter., schema: {type: string}}
        - {name: match, in: query, description: A keyword as a query parameter., schema: {type: string}}
        - {name: limit_2, in: query, description: A digit in a name., schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/TrickyThing2"}
    post:
      operationId: update_tricky_thing
      summary: Update a tricky thing
      description: A body with tricky names.
      tags: [tricky_things2]
      x-provenance: inferred
      parameters:
        - {name: type, in: path, required: true, description: The id., schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/TrickyThing2"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/TrickyThing2"}
components:
  schemas:
    TrickyThing2:
      description: A thing with tricky names.
      type: object
      properties:
        type: {type: string, nullable: true, description: A keyword property.}
        self: {type: string, nullable: true, description: Another keyword property.}
        "3ds": {type: boolean, nullable: true, description: A property starting with a digit.}
        "kebab-case": {type: string, nullable: true, description: A property with a dash.}
        state:
          description: Values that are not identifiers, and one named like the catch-all.
          allOf: [{$ref: "#/components/schemas/TrickyState"}]
        nested:
          description: A nested object.
          type: object
          nullable: true
          properties:
            type: {type: string, nullable: true, description: A keyword inside.}
    TrickyState:
      description: A state.
      type: string
      nullable: true
      x-open-enum: true
      enum: ["a-b", "1st", "+1", "UPPER", "unknown", "with space", "ünï", null]
"##;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The real spec with `ADDITIONS` merged in.
fn tricky_spec() -> String {
    merged(ADDITIONS).expect("the additions are YAML")
}

/// The real spec with `additions` (paths and schemas) merged in; `None` when they are not a
/// YAML mapping.
fn merged(additions: &str) -> Option<String> {
    let text = std::fs::read_to_string(repo().join("spec/wooshpay.yaml")).unwrap();
    let mut spec: Value = serde_yaml::from_str(&text).unwrap();
    let additions: Value = serde_yaml::from_str(additions).ok()?;
    for (section, key) in [("paths", None), ("components", Some("schemas"))] {
        let target = match key {
            Some(key) => &mut spec[section][key],
            None => &mut spec[section],
        };
        let source = match key {
            Some(key) => &additions[section][key],
            None => &additions[section],
        };
        for (name, value) in source.as_mapping()? {
            target
                .as_mapping_mut()
                .unwrap()
                .insert(name.clone(), value.clone());
        }
    }
    Some(serde_yaml::to_string(&spec).unwrap())
}

#[test]
fn tricky_but_valid_specs_generate_code_that_parses() {
    let output = wooshpay_generator::generate(&tricky_spec()).expect("generates");
    for file in &output.files {
        syn::parse_file(&file.contents)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
    }
    let builder = output
        .files
        .iter()
        .find(|f| f.path == "wooshpay/src/generated/builder/tricky_things2.rs")
        .expect("the tag's module");
    assert!(builder.contents.contains("fn retrieve_tricky_thing"));
}

/// Copies the SDK's crates (without their generated code) and the workspace manifest into
/// `dir`.
fn copy_crate(dir: &Path) {
    let root = repo();
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    };
    fn walk(from: &Path, to: &Path, skip: &[std::path::PathBuf]) {
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            if skip.contains(&path) {
                continue;
            }
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                walk(&path, &target, skip);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    std::fs::create_dir_all(dir.join("sdk")).unwrap();
    let generated: Vec<_> = wooshpay_generator::layout::GENERATED_DIRS
        .iter()
        .map(|d| root.join("sdk").join(d))
        .collect();
    walk(&root.join("sdk"), &dir.join("sdk"), &generated);
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .replace("\"generator\", ", "")
        .replace(", \"xtask\"", "");
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    copy(&root.join("Cargo.lock"), &dir.join("Cargo.lock"));
    copy(&root.join("README.md"), &dir.join("README.md"));
}

/// `cargo check`s the SDK with each output's generated code; returns the outputs (by index)
/// that do not compile.
fn failing_to_compile(outputs: &[Output], name: &str) -> Vec<usize> {
    let dir = std::env::temp_dir().join(format!("wooshpay-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_crate(&dir);
    let target = repo().join("target/tricky-specs");
    let mut failing = Vec::new();
    for (i, output) in outputs.iter().enumerate() {
        for generated in wooshpay_generator::layout::GENERATED_DIRS {
            let _ = std::fs::remove_dir_all(dir.join("sdk").join(generated));
        }
        for file in &output.files {
            let path = dir.join("sdk").join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &file.contents).unwrap();
        }
        let status = std::process::Command::new(env!("CARGO"))
            .args([
                "check",
                "--offline",
                "-p",
                "wooshpay",
                "-p",
                "wooshpay-testing",
                "-p",
                "wooshpay-cli",
                "--lib",
            ])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("cargo runs");
        if !status.success() {
            failing.push(i);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    failing
}

#[test]
#[ignore = "builds a copy of the SDK crate; run with --ignored"]
fn tricky_but_valid_specs_generate_code_that_compiles() {
    let output = wooshpay_generator::generate(&tricky_spec()).expect("generates");
    assert!(
        failing_to_compile(&[output], "tricky").is_empty(),
        "the generated code does not compile"
    );
}

/// Mutated additions (the property target's) merged into the real spec, drawn with a fixed
/// seed (nearly all differ from the unmutated additions): the first `COMPILE_SAMPLE` that
/// generate must compile.
#[test]
#[ignore = "builds a copy of the SDK crate per sample; run with --ignored"]
fn a_sample_of_mutated_specs_that_generate_compiles() {
    let wanted: usize = std::env::var("COMPILE_SAMPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4);
    let mut runner = TestRunner::deterministic();
    let strategy = mutation();
    let mut sample = Vec::new();
    let mut specs = Vec::new();
    for _ in 0..100_000 {
        if sample.len() == wanted {
            break;
        }
        let m = strategy
            .new_tree(&mut runner)
            .expect("a mutation")
            .current();
        let Some(spec) = merged(&m.additions()) else {
            continue;
        };
        if let Ok(output) = wooshpay_generator::generate(&spec) {
            sample.push(output);
            specs.push(m.additions());
        }
    }
    assert_eq!(sample.len(), wanted, "enough mutated specs generate");
    let failing = failing_to_compile(&sample, "mutated");
    assert!(
        failing.is_empty(),
        "generated code that does not compile, from: {:#?}",
        failing.iter().map(|i| &specs[*i]).collect::<Vec<_>>()
    );
}
