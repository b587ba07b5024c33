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
fn what_progenitor_panicked_on_is_refused_by_lint_naming_the_place() {
    // A path template without its parameter ("missing path name mapping").
    let spec = VALID.replace("{name: id, in: path", "{name: other, in: path");
    assert_lint(
        &spec,
        "paths./v1/things/{id}.get",
        "`{id}` of the path template has no `in: path` parameter `id`",
    );
    assert_lint(
        &spec,
        "paths./v1/things/{id}.get.parameters[0]",
        "path parameter `other` is not in the path template",
    );
    // Two enum values with one variant name (typify: "Failed to make unique variant names").
    for values in ["[on, On]", "[err, Err]", "[a_b, a-b, ok]"] {
        assert_lint(
            &VALID.replace(
                "enum: [on, off, null]",
                &format!("enum: {}", values.replace(']', ", null]")),
            ),
            "components.schemas.Thing.properties.status.enum",
            "become the same variant",
        );
    }
}

#[test]
fn enum_values_named_like_keywords_or_the_error_type_generate() {
    for values in [
        "[err, ok]",
        "[Err, Ok]",
        "[self, type, None, Some]",
        "[Self, crate]",
    ] {
        let spec = VALID.replace(
            "enum: [on, off, null]",
            &format!("enum: {}", values.replace(']', ", null]")),
        );
        let output = generate(&spec).unwrap_or_else(|e| panic!("{values}: {e}"));
        for file in &output.files {
            syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{values}: {e}"));
        }
    }
}

#[test]
fn schema_names_the_generator_would_rename() {
    assert_lint(
        &rename_part("PART"),
        "components.schemas.PART",
        "becomes the type `Part`; name it `Part`",
    );
    // Beside a schema the renamed one would become: both are named.
    let spec = rename_part("THING");
    assert_lint(
        &spec,
        "components.schemas.THING",
        "becomes the type `Thing`, the type of `components.schemas.Thing` too",
    );
}
