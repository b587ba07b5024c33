//! The example rule: every example fits its schema, and a finding names the JSON path that fails.

mod support;

use support::lint_errors;
use wooshpay_generator::generate;

/// A valid spec whose one example is `EXAMPLE`; each test swaps in a broken example.
const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: v1}
paths:
  /v1/things/{id}:
    get:
      operationId: retrieve_thing
      x-provenance: documented
      externalDocs: {url: "https://docs.example/thing"}
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
              examples:
                Thing: {$ref: "#/components/examples/Thing"}
components:
  schemas:
    Thing:
      description: A thing.
      type: object
      required: [id]
      properties:
        id: {type: string, description: The id.}
        status: {type: string, nullable: true, enum: [on, off, null], description: The status.}
        note: {type: string, nullable: true, description: An optional note.}
        parts:
          description: Its parts.
          type: array
          nullable: true
          items: {$ref: "#/components/schemas/Part"}
    Part:
      description: A part.
      type: object
      properties:
        quantity: {type: integer, nullable: true, description: How many.}
  examples:
    Thing:
      value: EXAMPLE
"##;

fn spec(example: &str) -> String {
    SPEC.replace("EXAMPLE", example)
}

fn assert_finding(example: &str, path: &str, message: &str) {
    let errors = lint_errors(&spec(example));
    assert!(
        errors.iter().any(|e| e.contains("GET /v1/things/{id}")
            && e.contains(&format!("`{path}`"))
            && e.contains(message)),
        "no finding at `{path}` saying `{message}` in {errors:#?}"
    );
}

#[test]
fn a_fitting_example_with_null_optional_fields_passes() {
    let example =
        r#"{id: thing_1795782989284638720, status: "on", note: null, parts: [{quantity: 2}]}"#;
    generate(&spec(example)).expect("a valid example");
}

#[test]
fn a_wrong_type_names_the_nested_path() {
    assert_finding(
        r#"{id: thing_1795782989284638720, parts: [{quantity: 2}, {quantity: two}]}"#,
        "$.parts[1].quantity",
        "expected integer, found string",
    );
}

#[test]
fn an_enum_value_must_come_from_the_enum() {
    assert_finding(
        r#"{id: thing_1795782989284638720, status: dimmed}"#,
        "$.status",
        "not one of the enum's values",
    );
}

#[test]
fn a_required_field_is_missing() {
    assert_finding(r#"{status: "off"}"#, "$.id", "a required field is missing");
}

#[test]
fn an_unknown_field_is_reported() {
    assert_finding(
        r#"{id: thing_1795782989284638720, colour: red}"#,
        "$.colour",
        "a field the schema does not have",
    );
}

#[test]
fn the_docs_placeholder_is_not_a_value() {
    assert_finding(r#"{id: string}"#, "$.id", "placeholder");
}

#[test]
fn null_only_where_the_schema_accepts_it() {
    let spec = spec(r#"{id: thing_1795782989284638720, note: null}"#).replace(
        "note: {type: string, nullable: true, description: An optional note.}",
        "note: {type: string, description: An optional note.}",
    );
    let errors = lint_errors(&spec);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`$.note`") && e.contains("does not accept null")),
        "{errors:#?}"
    );
}
