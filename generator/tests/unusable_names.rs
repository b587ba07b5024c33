//! Names that cannot become Rust code are refused by the lint stage with an error naming the
//! place, and nothing else makes the generator panic or print a panic.

mod support;

use support::assert_lint;
use wooshpay_generator::generate;

/// A minimal valid spec with a tag, a string enum and a second schema to rename.
const VALID: &str = r##"
openapi: 3.0.3
info: {title: t, version: v1}
paths:
  /v1/things/{id}:
    get:
      operationId: retrieve_thing
      tags: [things]
      x-provenance: inferred
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      description: A thing.
      type: object
      required: [id]
      properties:
        id: {type: string, description: The id.}
        status: {type: string, nullable: true, enum: [on, off, null], description: The status.}
        part: {description: A part., allOf: [{$ref: "#/components/schemas/Part"}]}
    Part:
      description: A part.
      type: object
      nullable: true
      properties:
        name: {type: string, nullable: true, description: The name.}
"##;

/// `Part` renamed everywhere (YAML-quoted, so that any text is a key).
fn rename_part(to: &str) -> String {
    VALID
        .replace("    Part:\n", &format!("    {to:?}:\n"))
        .replace(
            "#/components/schemas/Part",
            &format!("#/components/schemas/{to}"),
        )
}

#[test]
fn the_valid_spec_generates() {
    generate(VALID).expect("valid");
}

#[test]
fn tags_that_are_not_module_names() {
    for tag in [
        "payment intents",
        "Foo-Bar",
        "1thing",
        "type",
        "_",
        "",
        "Things",
        "builder",
        "self",
    ] {
        let spec = VALID.replace("tags: [things]", &format!("tags: [{tag:?}]"));
        assert_lint(
            &spec,
            "paths./v1/things/{id}.get.tags[0]",
            &format!("tag `{tag}`"),
        );
    }
}

#[test]
fn schema_names_that_are_not_type_names() {
    for name in [
        "Foo-Bar",
        "1Thing",
        "type",
        "_",
        "Self",
        "super",
        "crate",
        "foo bar",
        "Ünïcode",
    ] {
        assert_lint(
            &rename_part(name),
            &format!("components.schemas.{name}"),
            "not usable as a Rust type name",
        );
    }
    // The empty name cannot even be referenced; it is still named.
    let spec = VALID.replace("    Part:\n", "    \"\":\n");
    assert_lint(
        &spec,
        "components.schemas.",
        "not usable as a Rust type name",
    );
}

#[test]
fn operation_ids_that_clash_with_generated_methods() {
    for id in [
        "builder", "new", "send", "from_env", "base_url", "stream", "type", "match",
    ] {
        let spec = VALID.replace("operationId: retrieve_thing", &format!("operationId: {id}"));
        assert_lint(
            &spec,
            "paths./v1/things/{id}.get.operationId",
            &format!("operationId `{id}`"),
        );
    }
}

#[test]
fn enum_values_that_collide_with_the_catch_all() {
    // `unknown` alone is fine: the catch-all moves to `Unrecognized`.
    generate(&VALID.replace("enum: [on, off, null]", "enum: [on, unknown, null]"))
        .expect("generates");
    let every = "enum: [unknown, Unrecognized, unrecognized_value, UNRECOGNIZED-WIRE-VALUE]";
    assert_lint(
        &VALID.replace("enum: [on, off, null]", every),
        "components.schemas.Thing.properties.status",
        "take every name of the catch-all variant",
    );
}

#[test]
fn an_event_type_named_like_the_catch_all_of_event_types() {
    let events = "    EventType:\n      description: Event types.\n      type: string\n      x-open-enum: true\n      enum: [thing.created, unknown]\n      x-event-objects: {thing.created: Thing}\n    Part:\n";
    assert_lint(
        &VALID.replace("    Part:\n", events),
        "components.schemas.EventType",
        "collides with the catch-all `EventType::Unknown`",
    );
}

#[test]
fn a_schema_that_is_only_a_reference_to_itself() {
    let spec = VALID.replace(
        "    Part:\n      description: A part.\n      type: object\n      nullable: true\n      properties:\n        name: {type: string, nullable: true, description: The name.}\n",
        "    Part:\n      $ref: \"#/components/schemas/Part\"\n",
    );
    assert_lint(&spec, "components.schemas.Part", "refers only to itself");
    let spec = VALID.replace(
        "    Part:\n      description: A part.\n      type: object\n      nullable: true\n      properties:\n        name: {type: string, nullable: true, description: The name.}\n",
        "    Part:\n      $ref: \"#/components/schemas/Piece\"\n    Piece:\n      $ref: \"#/components/schemas/Part\"\n",
    );
    assert_lint(&spec, "components.schemas.Part", "refers only to itself");
}

#[test]
fn a_path_without_a_leading_slash() {
    let spec = VALID.replace("  /v1/things/{id}:", "  v1/things/{id}:");
    assert_lint(&spec, "paths.v1/things/{id}", "does not start with `/`");
}

#[test]
fn progenitor_panics_name_the_operation_or_schema() {
    // A path template without its parameter: progenitor panics inside the operation.
    let spec = VALID.replace("{name: id, in: path", "{name: other, in: path");
    let err = generate(&spec).unwrap_err().to_string();
    assert!(
        err.contains("progenitor panicked on GET /v1/things/{id} (retrieve_thing)"),
        "{err}"
    );
    // Two enum values with one variant name: typify panics on the schema.
    let spec = VALID.replace("enum: [on, off, null]", "enum: [on, On, null]");
    let err = generate(&spec).unwrap_err().to_string();
    assert!(err.contains("progenitor panicked on schema Thing"), "{err}");
}
