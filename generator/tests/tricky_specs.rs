//! Specs that are unusual but valid generate code that parses (fast, in CI) and compiles
//! against the SDK runtime (`#[ignore]`d: it builds a copy of the crate).
//!
//! The compile check (`cargo check` of the SDK with the generated code, in its own target
//! directory, offline): 52 s on 2 cores from an empty target directory:
//!
//! ```text
//! cargo test -p wooshpay-generator --test tricky_specs -- --ignored
//! ```

use std::path::{Path, PathBuf};

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
    let text = std::fs::read_to_string(repo().join("spec/wooshpay.yaml")).unwrap();
    let mut spec: Value = serde_yaml::from_str(&text).unwrap();
    let additions: Value = serde_yaml::from_str(ADDITIONS).unwrap();
    for (section, key) in [("paths", None), ("components", Some("schemas"))] {
        let target = match key {
            Some(key) => &mut spec[section][key],
            None => &mut spec[section],
        };
        let source = match key {
            Some(key) => &additions[section][key],
            None => &additions[section],
        };
        for (name, value) in source.as_mapping().unwrap() {
            target
                .as_mapping_mut()
                .unwrap()
                .insert(name.clone(), value.clone());
        }
    }
    serde_yaml::to_string(&spec).unwrap()
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
        .find(|f| f.path == "generated/builder/tricky_things2.rs")
        .expect("the tag's module");
    assert!(builder.contents.contains("fn retrieve_tricky_thing"));
}

/// Copies the SDK crate (without its generated code) and the workspace manifest into `dir`.
fn copy_crate(dir: &Path) {
    let root = repo();
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    };
    fn walk(from: &Path, to: &Path, skip: &Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            if path == skip {
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
    walk(
        &root.join("sdk"),
        &dir.join("sdk"),
        &root.join("sdk/src/generated"),
    );
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .replace(
            "members = [\"generator\", \"sdk\", \"xtask\"]",
            "members = [\"sdk\"]",
        );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    copy(&root.join("Cargo.lock"), &dir.join("Cargo.lock"));
    copy(&root.join("README.md"), &dir.join("README.md"));
}

#[test]
#[ignore = "builds a copy of the SDK crate; run with --ignored"]
fn tricky_but_valid_specs_generate_code_that_compiles() {
    let output = wooshpay_generator::generate(&tricky_spec()).expect("generates");
    let dir = std::env::temp_dir().join(format!("wooshpay-tricky-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_crate(&dir);
    for file in &output.files {
        let path = dir.join("sdk/src").join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &file.contents).unwrap();
    }
    let target = repo().join("target/tricky-specs");
    let status = std::process::Command::new(env!("CARGO"))
        .args([
            "check",
            "--offline",
            "-p",
            "wooshpay",
            "--features",
            "mock",
            "--lib",
        ])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(status.success(), "the generated code does not compile");
}
