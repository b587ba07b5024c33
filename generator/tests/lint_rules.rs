//! Each lint rule, fed a spec that breaks it, reports an error naming the operation or schema.

mod support;

use support::{assert_lint, lint_errors};
use wooshpay_generator::{Error, generate};

/// A minimal valid spec; each test breaks it in one way.
const VALID: &str = r##"
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
        4XX:
          description: error
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
components:
  schemas:
    Thing:
      description: A thing.
      type: object
      required: [id]
      properties:
        id: {type: string, description: The id.}
        status: {type: string, nullable: true, enum: [on, off, null], description: The status.}
    Problem:
      description: An error.
      type: object
      properties:
        message: {type: string, nullable: true, description: What went wrong.}
"##;

#[test]
fn the_valid_spec_generates() {
    let output = generate(VALID).expect("valid spec");
    assert_eq!(output.operations, 1);
}

#[test]
fn missing_operation_id() {
    let spec = VALID.replace("      operationId: retrieve_thing\n", "");
    assert_lint(&spec, "GET /v1/things/{id}", "has no operationId");
}

#[test]
fn operation_id_not_snake_case() {
    let spec = VALID.replace("operationId: retrieve_thing", "operationId: retrieveThing");
    assert_lint(&spec, "(retrieveThing)", "is not snake_case");
}

#[test]
fn duplicate_operation_id() {
    let spec = VALID.replace(
        "components:\n",
        r##"  /v1/other:
    get:
      operationId: retrieve_thing
      x-provenance: inferred
      responses:
        "200": {description: ok}
components:
"##,
    );
    assert_lint(
        &spec,
        "GET /v1/other (retrieve_thing)",
        "is also used by GET /v1/things/{id}",
    );
}

#[test]
fn missing_or_invalid_provenance() {
    let spec = VALID.replace("      x-provenance: documented\n", "");
    assert_lint(&spec, "(retrieve_thing)", "has no `x-provenance`");
    let spec = VALID.replace("x-provenance: documented", "x-provenance: rumoured");
    assert_lint(&spec, "(retrieve_thing)", "`x-provenance: rumoured`");
    let spec = VALID.replace(
        "      externalDocs: {url: \"https://docs.example/thing\"}\n",
        "",
    );
    assert_lint(&spec, "(retrieve_thing)", "has no `externalDocs.url`");
}

#[test]
fn typed_default_beside_typed_success() {
    let spec = VALID.replace("        4XX:", "        default:");
    assert_lint(
        &spec,
        "(retrieve_thing)",
        "typed `default` response beside a typed success",
    );
}

#[test]
fn two_typed_success_responses() {
    let spec = VALID.replace(
        "        4XX:",
        "        \"201\":\n          description: created\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/Thing\"}\n        4XX:",
    );
    assert_lint(
        &spec,
        "(retrieve_thing)",
        "2 typed success responses (200, 201)",
    );
}

#[test]
fn more_than_one_request_media_type() {
    let spec = VALID.replace(
        "      responses:\n        \"200\":",
        "      requestBody:\n        content:\n          application/json: {schema: {$ref: \"#/components/schemas/Thing\"}}\n          application/x-www-form-urlencoded: {schema: {$ref: \"#/components/schemas/Thing\"}}\n      responses:\n        \"200\":",
    );
    assert_lint(&spec, "(retrieve_thing)", "request body has 2 media types");
}

#[test]
fn non_json_request_body_must_be_marked_hand_written() {
    let body = "      requestBody:\n        content:\n          multipart/form-data: {schema: {$ref: \"#/components/schemas/Thing\"}}\n      responses:\n        \"200\":";
    let spec = VALID.replace("      responses:\n        \"200\":", body);
    assert_lint(
        &spec,
        "(retrieve_thing)",
        "`multipart/form-data` is not generated",
    );
    let marked = spec.replace(
        "x-provenance: documented",
        "x-provenance: documented\n      x-codegen: hand-written",
    );
    let output = generate(&marked).expect("hand-written operations are skipped");
    assert_eq!(output.operations, 0);
}

#[test]
fn unresolved_reference() {
    let spec = VALID.replace(
        "schema: {$ref: \"#/components/schemas/Problem\"}",
        "schema: {$ref: \"#/components/schemas/Nope\"}",
    );
    let errors = lint_errors(&spec);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("paths./v1/things/{id}.get.responses.4XX")
                && e.contains("`#/components/schemas/Nope` does not resolve")),
        "{errors:#?}"
    );
}

#[test]
fn external_reference() {
    let spec = VALID.replace(
        "{$ref: \"#/components/schemas/Problem\"}",
        "{$ref: \"other.yaml#/Problem\"}",
    );
    assert_lint(&spec, "4XX", "external references are not supported");
}

#[test]
fn unused_component_schema() {
    let spec = format!("{VALID}    Orphan:\n      description: unused\n      type: object\n");
    assert_lint(&spec, "schema Orphan", "is not used by any operation");
}

#[test]
fn schema_shadowing_a_prelude_name() {
    let spec = VALID.replace("Problem", "Option");
    assert_lint(
        &spec,
        "schema Option",
        "shadows a Rust prelude or SDK type name",
    );
}

#[test]
fn schemas_and_properties_need_descriptions() {
    let spec = VALID.replace("      description: A thing.\n", "");
    assert_lint(&spec, "schema Thing", "has no description");
    let spec = VALID.replace(
        "id: {type: string, description: The id.}",
        "id: {type: string}",
    );
    assert_lint(&spec, "schema Thing", "property `id` has no description");
    let spec = VALID.replace(
        "status: {type: string, nullable: true, enum: [on, off, null], description: The status.}",
        "status: {$ref: \"#/components/schemas/Problem\"}",
    );
    assert_lint(
        &spec,
        "schema Thing",
        "property `status` has no description (for a reference",
    );
}

#[test]
fn bare_urls_in_descriptions() {
    let spec = VALID.replace(
        "description: The id.",
        "description: See https://docs.example/id for ids.",
    );
    assert_lint(
        &spec,
        "components.schemas.Thing.properties.id",
        "bare URL `https://docs.example/id`",
    );
    let linked = VALID.replace(
        "description: The id.",
        "description: See <https://docs.example/id> for ids.",
    );
    assert!(wooshpay_generator::generate(&linked).is_ok());
}

#[test]
fn modelled_content_type_header() {
    let spec = VALID.replace(
        "        - {name: id, in: path, required: true, schema: {type: string}}",
        "        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: Content-Type, in: header, schema: {type: string}}",
    );
    assert_lint(
        &spec,
        "(retrieve_thing)",
        "header parameter `Content-Type` must not be modelled",
    );
}

#[test]
fn parameter_named_like_a_builder_method() {
    let spec = VALID.replace(
        "        - {name: id, in: path, required: true, schema: {type: string}}",
        "        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: timeout, in: query, schema: {type: integer}}",
    );
    assert_lint(
        &spec,
        "(retrieve_thing)",
        "parameter `timeout` would clash with the builder's own `timeout` method",
    );
}

#[test]
fn deep_object_query_parameter() {
    let spec = VALID.replace(
        "        - {name: id, in: path, required: true, schema: {type: string}}",
        "        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: created, in: query, style: deepObject, schema: {type: object}}",
    );
    assert_lint(&spec, "(retrieve_thing)", "uses style deepObject");
}

#[test]
fn all_findings_are_reported_at_once() {
    let spec = VALID
        .replace("      operationId: retrieve_thing\n", "")
        .replace("      x-provenance: documented\n", "");
    let spec = format!("{spec}    Orphan:\n      description: unused\n      type: object\n");
    assert_eq!(lint_errors(&spec).len(), 3);
}

#[test]
fn version_and_yaml_errors_come_before_lint() {
    assert!(matches!(
        generate(&VALID.replace("3.0.3", "3.1.0")),
        Err(Error::UnsupportedVersion(_))
    ));
    assert!(matches!(generate("openapi: [3.0.3\n"), Err(Error::Yaml(_))));
}

/// Whatever the input, the generator answers with output or an error, never a panic.
#[test]
fn hostile_inputs_never_panic() {
    let cases = [
        String::new(),
        "~".into(),
        "openapi: 3.0.3".into(),
        "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\n".into(),
        "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /x: {$ref: '#/nowhere'}\n".into(),
        VALID.replace(
            "type: object\n      required: [id]",
            "type: array\n      required: [id]",
        ),
        VALID.replace(
            "{type: string, enum: [on, off]}",
            "{type: string, enum: []}",
        ),
        VALID.replace("{type: string, enum: [on, off]}", "{oneOf: []}"),
        VALID.replace("/v1/things/{id}", "/v1/things/{missing}"),
        VALID.replace(
            "schema: {type: string}}",
            "schema: {$ref: '#/components/schemas/Thing'}}",
        ),
        "\u{0}\u{1}garbage: [".into(),
    ];
    for (i, spec) in cases.iter().enumerate() {
        let outcome = std::panic::catch_unwind(|| generate(spec).map(|o| o.operations));
        assert!(outcome.is_ok(), "case {i} panicked");
    }
}

#[test]
fn an_example_nothing_refers_to() {
    let spec = format!("{VALID}  examples:\n    Orphan:\n      value: {{id: thing_1}}\n");
    assert_lint(&spec, "components.examples.Orphan", "is not used");
}

#[test]
fn properties_that_become_one_field() {
    for (a, b) in [("name", "NAME"), ("clientIp", "client_ip"), ("a-b", "a_b")] {
        let spec = VALID.replace(
            "        id: {type: string, description: The id.}\n",
            &format!(
                "        id: {{type: string, description: The id.}}\n        {a}: {{type: string, description: One.}}\n        {b}: {{type: string, description: Two.}}\n"
            ),
        );
        let errors = lint_errors(&spec);
        assert!(
            errors.iter().any(|e| {
                [a, b].iter().all(|p| {
                    e.contains(&format!("components.schemas.Thing.properties.{p},"))
                        || e.contains(&format!("components.schemas.Thing.properties.{p})"))
                }) && e.contains("become the field")
            }),
            "{a}/{b}: {errors:#?}"
        );
    }
}

#[test]
fn parameters_that_become_one_builder_method() {
    let spec = VALID.replace(
        "        - {name: id, in: path, required: true, schema: {type: string}}\n",
        "        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: clientIp, in: query, schema: {type: string}}\n        - {name: client_ip, in: query, schema: {type: string}}\n        - {name: Body, in: query, schema: {type: string}}\n",
    );
    assert_lint(
        &spec,
        "paths./v1/things/{id}.get.parameters[1]",
        "parameters `clientIp` and `client_ip` both become the builder method `client_ip` (paths./v1/things/{id}.get.parameters[1], paths./v1/things/{id}.get.parameters[2])",
    );
    assert_lint(
        &spec,
        "paths./v1/things/{id}.get.parameters[3]",
        "parameter `Body` becomes `body`",
    );
}

#[test]
fn operation_ids_that_become_one_builder() {
    let spec = VALID.replace(
        "components:\n",
        r##"  /v1/other:
    get:
      operationId: retrieve_thing_2
      x-provenance: inferred
      responses:
        "200": {description: ok}
  /v1/another:
    get:
      operationId: retrieve_thing2
      x-provenance: inferred
      responses:
        "200": {description: ok}
components:
"##,
    );
    assert_lint(
        &spec,
        "paths./v1/other.get.operationId",
        "operationIds `retrieve_thing_2` and `retrieve_thing2` both become the builder `RetrieveThing2`",
    );
}

#[test]
fn types_progenitor_cannot_generate() {
    let spec = VALID.replace(
        "status: {type: string, nullable: true, enum: [on, off, null], description: The status.}",
        "status: {type: strin, description: The status.}",
    );
    assert_lint(
        &spec,
        "components.schemas.Thing.properties.status.type",
        "type `strin` is not an OpenAPI 3.0 type",
    );
    let spec = VALID.replace(
        "status: {type: string, nullable: true, enum: [on, off, null], description: The status.}",
        "status: {exclusiveMinimum: true, description: The status.}",
    );
    assert_lint(
        &spec,
        "components.schemas.Thing.properties.status.exclusiveMinimum",
        "without `minimum`",
    );
}

#[test]
fn enum_values_that_are_not_scalars() {
    let spec = VALID.replace(
        "status: {type: string, nullable: true, enum: [on, off, null], description: The status.}",
        "status: {enum: [on, {a: 1}], description: The status.}",
    );
    assert_lint(
        &spec,
        "components.schemas.Thing.properties.status.enum[1]",
        "is not a string, number or boolean",
    );
    let spec = VALID.replace(
        "status: {type: string, nullable: true, enum: [on, off, null], description: The status.}",
        "status: {nullable: true, enum: [on, 1, true, null], description: The status.}",
    );
    assert_lint(
        &spec,
        "components.schemas.Thing.properties.status.enum",
        "enum values of several types (boolean, number, string) and no `type`",
    );
}

#[test]
fn path_templates_that_progenitor_cannot_parse() {
    for (template, why) in [
        ("/v1/things/{id", "a `{` without its `}`"),
        ("/v1/things/id}", "a `}` without its `{`"),
        ("/v1/things/{i{d}", "an invalid parameter name"),
    ] {
        let spec = VALID.replace("  /v1/things/{id}:", &format!("  {template:?}:"));
        assert_lint(&spec, &format!("paths.{template}"), why);
    }
}

#[test]
fn an_optional_response_field_must_accept_null() {
    let not_nullable = "status: {type: string, enum: [on, off], description: The status.}";
    let spec = VALID.replace(
        "status: {type: string, nullable: true, enum: [on, off, null], description: The status.}",
        not_nullable,
    );
    assert_lint(&spec, "schema Thing.status", "must accept `null`");
    // `nullable` without `null` among an enum's values still rejects `null` under OpenAPI 3.0.
    let spec = VALID.replace("enum: [on, off, null]", "enum: [on, off]");
    assert_lint(&spec, "schema Thing.status", "must accept `null`");
    // A reference accepts `null` through the schema it references.
    let spec = VALID.replace(
        "status: {type: string, nullable: true, enum: [on, off, null], description: The status.}",
        "status: {description: The problem., allOf: [{$ref: \"#/components/schemas/Problem\"}]}",
    );
    assert_lint(&spec, "schema Thing.status", "must accept `null`");
}
