//! The spec diff: each kind of change, fed as a mutation of a small spec, is found once, at the
//! right place, with the right classification.

use wooshpay_generator::diff::{Report, diff};
use wooshpay_generator::load::load;
use wooshpay_generator::model::Model;

/// A minimal spec; each test changes it in one way.
const BASE: &str = r##"
openapi: 3.0.3
info: {title: t, version: v1}
paths:
  /v1/things:
    post:
      operationId: create_thing
      x-provenance: documented
      externalDocs: {url: "https://docs.example/create"}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/CreateThingRequest"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
    get:
      operationId: list_things
      x-provenance: inferred
      parameters:
        - {name: limit, in: query, description: Page size., schema: {type: integer, format: int64}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/ThingList"}
  /v1/things/{id}:
    get:
      operationId: retrieve_thing
      x-provenance: documented
      externalDocs: {url: "https://docs.example/retrieve"}
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
      required: [id, amount]
      properties:
        id: {type: string, description: The id.}
        amount: {type: integer, format: int64, description: The amount.}
        status:
          description: The status.
          allOf:
            - $ref: "#/components/schemas/ThingStatus"
        note: {type: string, description: A note.}
    ThingStatus:
      description: The status of a thing.
      type: string
      enum: [active, archived, deleted]
    ThingList:
      description: A page of things.
      type: object
      properties:
        data:
          description: The things.
          type: array
          items: {$ref: "#/components/schemas/Thing"}
    CreateThingRequest:
      description: The body of create_thing.
      type: object
      required: [amount]
      properties:
        amount: {type: integer, format: int64, description: The amount.}
        note: {type: string, description: A note.}
"##;

/// `BASE` with `from` replaced by `to` (exactly once: the fixture must say what it changes).
fn edit(from: &str, to: &str) -> String {
    edit_of(BASE, from, to)
}

fn edit_of(spec: &str, from: &str, to: &str) -> String {
    assert_eq!(spec.matches(from).count(), 1, "`{from}` must occur once");
    spec.replacen(from, to, 1)
}

fn report(old: &str, new: &str) -> Report {
    let old = Model::of(&load(old).expect("old spec loads"));
    let new = Model::of(&load(new).expect("new spec loads"));
    diff(&old, &new)
}

/// Every change of `BASE` → `new` as `Classification Kind location: message`.
fn changes(new: &str) -> Vec<String> {
    report(BASE, new)
        .changes
        .iter()
        .map(|c| {
            format!(
                "{:?} {:?} {}: {}",
                c.classification, c.kind, c.location, c.message
            )
        })
        .collect()
}

// ---- no change ---------------------------------------------------------------------------------

#[test]
fn identical_specs_have_no_changes() {
    let report = report(BASE, BASE);
    assert!(report.changes.is_empty(), "{report:#?}");
    assert!(!report.is_breaking());
}

#[test]
fn descriptions_are_ignored() {
    let new = edit(
        "description: The amount.}\n        note",
        "description: In cents.}\n        note",
    )
    .replace("description: A thing.", "description: Something else.")
    .replace("description: Page size.", "description: How many.");
    assert_eq!(changes(&new), Vec::<String>::new());
}

#[test]
fn a_described_reference_equals_a_bare_reference() {
    let new = edit(
        "        status:\n          description: The status.\n          allOf:\n            - $ref: \"#/components/schemas/ThingStatus\"\n",
        "        status: {$ref: \"#/components/schemas/ThingStatus\"}\n",
    );
    assert_eq!(changes(&new), Vec::<String>::new());
}

// ---- operations --------------------------------------------------------------------------------

#[test]
fn operation_added_is_additive_and_removed_is_breaking() {
    let with_delete = edit(
        "components:\n",
        "    delete:\n      operationId: delete_thing\n      x-provenance: inferred\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        \"200\": {description: ok}\ncomponents:\n",
    );
    assert_eq!(
        changes(&with_delete),
        ["Additive OperationAdded DELETE /v1/things/{id} (delete_thing): operation added"]
    );
    assert_eq!(
        report(&with_delete, BASE).changes[0].message,
        "operation removed: its client method disappears"
    );
    assert!(report(&with_delete, BASE).is_breaking());
}

#[test]
fn an_operation_id_that_moves_is_breaking() {
    let new = edit("  /v1/things/{id}:\n", "  /v1/items/{id}:\n");
    assert_eq!(
        changes(&new),
        [
            "Breaking OperationMoved GET /v1/items/{id} (retrieve_thing): moved from `GET /v1/things/{id}` to `GET /v1/items/{id}`: the same method now calls another endpoint"
        ]
    );
}

#[test]
fn provenance_and_doc_page_changes_are_additive() {
    let new = edit(
        "x-provenance: inferred",
        "x-provenance: documented\n      externalDocs: {url: \"https://docs.example/list\"}",
    );
    assert_eq!(
        changes(&new),
        [
            "Additive ProvenanceChanged GET /v1/things (list_things): `x-provenance` changed from `inferred` to `documented`",
            "Additive DocsChanged GET /v1/things (list_things): `externalDocs.url` changed from nothing to `https://docs.example/list`",
        ]
    );
    let new = edit(
        "https://docs.example/retrieve",
        "https://docs.example/retrieve-v2",
    );
    assert_eq!(
        changes(&new),
        [
            "Additive DocsChanged GET /v1/things/{id} (retrieve_thing): `externalDocs.url` changed from `https://docs.example/retrieve` to `https://docs.example/retrieve-v2`"
        ]
    );
}

#[test]
fn pagination_and_hand_written_markers() {
    let new = edit(
        "x-provenance: inferred",
        "x-provenance: inferred\n      x-pagination: cursor",
    );
    assert_eq!(
        changes(&new),
        [
            "Additive PaginationChanged GET /v1/things (list_things): now `x-pagination: cursor`: its builder gains `stream()`"
        ]
    );
    let new = edit(
        "x-provenance: inferred",
        "x-provenance: inferred\n      x-codegen: hand-written",
    );
    assert_eq!(
        changes(&new),
        [
            "Breaking GenerationChanged GET /v1/things (list_things): now `x-codegen: hand-written`: its generated method disappears"
        ]
    );
}

// ---- parameters --------------------------------------------------------------------------------

const LIMIT: &str = "        - {name: limit, in: query, description: Page size., schema: {type: integer, format: int64}}\n";

#[test]
fn parameter_added_required_is_breaking_optional_is_additive() {
    let optional =
        format!("{LIMIT}        - {{name: starting_after, in: query, schema: {{type: string}}}}\n");
    assert_eq!(
        changes(&edit(LIMIT, &optional)),
        [
            "Additive ParameterAdded GET /v1/things (list_things): optional parameter `starting_after` added (query, `string`)"
        ]
    );
    let required = format!(
        "{LIMIT}        - {{name: owner, in: query, required: true, schema: {{type: string}}}}\n"
    );
    assert_eq!(
        changes(&edit(LIMIT, &required)),
        [
            "Breaking ParameterAdded GET /v1/things (list_things): required parameter `owner` added (query, `string`): calls must set it"
        ]
    );
}

#[test]
fn parameter_removed_is_breaking() {
    assert_eq!(
        changes(&edit(&format!("      parameters:\n{LIMIT}"), "")),
        [
            "Breaking ParameterRemoved GET /v1/things (list_things): parameter `limit` removed: its setter disappears"
        ]
    );
}

#[test]
fn parameter_type_changed_is_breaking() {
    let new = edit(
        LIMIT,
        "        - {name: limit, in: query, schema: {type: string}}\n",
    );
    assert_eq!(
        changes(&new),
        [
            "Breaking TypeChanged GET /v1/things (list_things): parameter `limit`: type changed from `integer (int64)` to `string`"
        ]
    );
}

#[test]
fn parameter_becoming_required_is_breaking_and_optional_is_additive() {
    let required = LIMIT.replace("in: query,", "in: query, required: true,");
    assert_eq!(
        changes(&edit(LIMIT, &required)),
        [
            "Breaking ParameterRequiredChanged GET /v1/things (list_things): parameter `limit` is now required: calls that do not set it fail"
        ]
    );
    // The setter takes `impl TryInto<T>` either way; only the check at `send()` goes away.
    let report = report(&edit(LIMIT, &required), BASE);
    assert!(!report.is_breaking(), "{report:#?}");
    assert_eq!(
        report.changes[0].message,
        "parameter `limit` is no longer required (its setter is unchanged)"
    );
}

#[test]
fn parameter_moved_to_a_header_keeps_its_setter() {
    let new = edit(LIMIT, &LIMIT.replace("in: query", "in: header"));
    assert_eq!(
        changes(&new),
        [
            "Additive ParameterMoved GET /v1/things (list_things): parameter `limit` moved from query to header (its setter is unchanged)"
        ]
    );
}

// ---- request bodies and responses ---------------------------------------------------------------

const BODY: &str = "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: \"#/components/schemas/CreateThingRequest\"}\n";

#[test]
fn request_body_schema_changed_is_breaking() {
    let new = edit(BODY, &BODY.replace("CreateThingRequest", "Thing"));
    assert_eq!(
        changes(&new),
        [
            "Breaking TypeChanged POST /v1/things (create_thing): request body: type changed from `CreateThingRequest` to `Thing`"
        ]
    );
}

#[test]
fn request_body_removed_is_breaking_and_added_depends_on_required() {
    let without = edit(BODY, "");
    assert_eq!(
        changes(&without),
        [
            "Breaking RequestBodyRemoved POST /v1/things (create_thing): request body removed (was `CreateThingRequest`): its `body` setter disappears"
        ]
    );
    let added = report(&without, BASE);
    assert_eq!(added.breaking, 1, "a required body must be set: {added:#?}");
    assert_eq!(
        added.changes[0].message,
        "required request body added (`CreateThingRequest`)"
    );
    let optional = edit(BODY, &BODY.replace("required: true", "required: false"));
    let added = report(&without, &optional);
    assert!(!added.is_breaking(), "{added:#?}");
    assert_eq!(
        changes(&optional),
        [
            "Additive RequestBodyRequiredChanged POST /v1/things (create_thing): request body is no longer required"
        ]
    );
}

#[test]
fn inline_request_body_fields_are_reported_at_the_operation() {
    let inline = "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [amount]\n              properties:\n                amount: {type: integer, format: int64, description: The amount.}\n";
    let old = edit(BODY, inline);
    let new = edit_of(
        &old,
        "                amount: {type: integer, format: int64, description: The amount.}\n",
        "                amount: {type: integer, format: int64, description: The amount.}\n                currency: {type: string, description: The currency.}\n",
    );
    let report = report(&old, &new);
    assert_eq!(report.changes.len(), 1, "{report:#?}");
    assert_eq!(report.changes[0].location, "POST /v1/things (create_thing)");
    assert_eq!(
        report.changes[0].message,
        "request body `currency`: optional field added (`string`)"
    );
    assert!(!report.is_breaking());
}

#[test]
fn response_schema_changed_is_breaking() {
    let new = edit(
        "              schema: {$ref: \"#/components/schemas/ThingList\"}\n",
        "              schema:\n                type: array\n                items: {$ref: \"#/components/schemas/Thing\"}\n",
    );
    assert_eq!(
        changes(&new),
        [
            "Breaking TypeChanged GET /v1/things (list_things): response: type changed from `ThingList` to `array of Thing`"
        ]
    );
}

#[test]
fn response_losing_its_body_is_breaking() {
    let new = edit(
        "      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/ThingList\"}\n",
        "      responses:\n        \"204\": {description: ok}\n",
    );
    assert_eq!(
        changes(&new),
        [
            "Breaking ResponseChanged GET /v1/things (list_things): the success response no longer has a body (was `ThingList`)"
        ]
    );
}

// ---- schemas -----------------------------------------------------------------------------------

const NOTE: &str = "        note: {type: string, description: A note.}\n    ThingStatus:";

#[test]
fn schema_added_is_additive_and_removed_is_breaking() {
    let new = format!("{BASE}    Unused:\n      description: An extra.\n      type: string\n");
    assert_eq!(
        changes(&new),
        ["Additive SchemaAdded schema Unused: schema added (`string`)"]
    );
    let report = report(&new, BASE);
    assert_eq!(
        report.changes[0].message,
        "schema removed (was `string`): its type disappears"
    );
    assert!(report.is_breaking());
}

#[test]
fn optional_field_added_is_additive_in_responses_and_requests() {
    let new = edit(
        NOTE,
        "        note: {type: string, description: A note.}\n        tags: {type: array, items: {type: string}, description: Tags.}\n    ThingStatus:",
    );
    assert_eq!(
        changes(&new),
        ["Additive FieldAdded schema Thing.tags: optional field added (`array of string`)"]
    );
    let new = edit(
        "      required: [amount]\n      properties:\n",
        "      required: [amount]\n      properties:\n        currency: {type: string, description: The currency.}\n",
    );
    assert_eq!(
        changes(&new),
        ["Additive FieldAdded schema CreateThingRequest.currency: optional field added (`string`)"]
    );
}

#[test]
fn required_field_added_is_breaking_in_requests_only() {
    let request = edit(
        "      required: [amount]\n      properties:\n",
        "      required: [amount, currency]\n      properties:\n        currency: {type: string, description: The currency.}\n",
    );
    assert_eq!(
        changes(&request),
        [
            "Breaking FieldAdded schema CreateThingRequest.currency: required field added (`string`): requests must set it"
        ]
    );
    // Thing is only ever returned: a new required field is one more value to read.
    let response = edit(
        "      required: [id, amount]\n      properties:\n",
        "      required: [id, amount, created]\n      properties:\n        created: {type: integer, format: int64, description: When.}\n",
    );
    assert_eq!(
        changes(&response),
        ["Additive FieldAdded schema Thing.created: required field added (`integer (int64)`)"]
    );
}

#[test]
fn field_removed_is_breaking() {
    let new = edit(NOTE, "    ThingStatus:");
    assert_eq!(
        changes(&new),
        ["Breaking FieldRemoved schema Thing.note: field removed"]
    );
}

#[test]
fn field_type_changed_is_breaking() {
    let new = edit(
        "        amount: {type: integer, format: int64, description: The amount.}\n        status:",
        "        amount: {type: string, description: The amount.}\n        status:",
    );
    assert_eq!(
        changes(&new),
        [
            "Breaking TypeChanged schema Thing.amount: type changed from `integer (int64)` to `string`"
        ]
    );
    let new = edit(
        "            - $ref: \"#/components/schemas/ThingStatus\"\n",
        "            - $ref: \"#/components/schemas/ThingList\"\n",
    );
    assert_eq!(
        changes(&new),
        [
            "Breaking TypeChanged schema Thing.status: type changed from `ThingStatus` to `ThingList`"
        ]
    );
}

#[test]
fn array_items_are_compared_by_name() {
    let new = edit(
        "          items: {$ref: \"#/components/schemas/Thing\"}\n",
        "          items: {$ref: \"#/components/schemas/CreateThingRequest\"}\n",
    );
    assert_eq!(
        changes(&new),
        [
            "Breaking TypeChanged schema ThingList.data[]: type changed from `Thing` to `CreateThingRequest`"
        ]
    );
}

#[test]
fn enum_value_added_is_additive_and_removed_is_breaking() {
    let new = edit(
        "enum: [active, archived, deleted]",
        "enum: [active, deleted, paused]",
    );
    assert_eq!(
        changes(&new),
        [
            "Additive EnumValueAdded schema ThingStatus: enum value `paused` added",
            "Breaking EnumValueRemoved schema ThingStatus: enum value `archived` removed: its variant disappears",
        ]
    );
}

#[test]
fn a_change_inside_a_referenced_schema_is_reported_once() {
    // ThingStatus is used by Thing, which three operations return: one change, at ThingStatus.
    let new = edit(
        "enum: [active, archived, deleted]",
        "enum: [active, archived]",
    );
    let report = report(BASE, &new);
    assert_eq!(report.changes.len(), 1, "{report:#?}");
    assert_eq!(report.changes[0].location, "schema ThingStatus");
}

#[test]
fn a_string_becoming_an_enum_is_breaking() {
    let new = edit(
        "        id: {type: string, description: The id.}\n",
        "        id: {type: string, enum: [a, b], description: The id.}\n",
    );
    assert_eq!(
        changes(&new),
        ["Breaking TypeChanged schema Thing.id: type changed from `string` to `string enum`"]
    );
}

#[test]
fn a_response_field_becoming_optional_is_breaking() {
    let new = edit("      required: [id, amount]\n", "      required: [id]\n");
    assert_eq!(
        changes(&new),
        [
            "Breaking FieldRequiredChanged schema Thing.amount: no longer required: the field becomes an `Option`"
        ]
    );
    let report = report(&new, BASE);
    assert_eq!(
        report.changes[0].message,
        "now required: the field is no longer an `Option`"
    );
    assert!(report.is_breaking());
}

#[test]
fn nullable_matters_only_on_required_fields() {
    // Optional properties are nullable anyway (the generator's policy): nothing changes.
    let new = edit(
        "        note: {type: string, description: A note.}\n    ThingStatus:",
        "        note: {type: string, nullable: true, description: A note.}\n    ThingStatus:",
    );
    assert_eq!(changes(&new), Vec::<String>::new());
    // A required field that becomes nullable becomes an `Option`.
    let new = edit(
        "        id: {type: string, description: The id.}\n",
        "        id: {type: string, nullable: true, description: The id.}\n",
    );
    assert_eq!(
        changes(&new),
        ["Breaking NullableChanged schema Thing.id: now nullable: the field becomes an `Option`"]
    );
}

#[test]
fn a_nullable_field_becoming_required_breaks_requests_only() {
    let request_old = edit(
        "      required: [amount]\n      properties:\n        amount: {type: integer, format: int64, description: The amount.}\n        note: {type: string, description: A note.}\n",
        "      required: [amount]\n      properties:\n        amount: {type: integer, format: int64, description: The amount.}\n        note: {type: string, nullable: true, description: A note.}\n",
    );
    let request_new = edit_of(
        &request_old,
        "      required: [amount]\n",
        "      required: [amount, note]\n",
    );
    let report = report(&request_old, &request_new);
    assert_eq!(report.changes.len(), 1, "{report:#?}");
    assert_eq!(report.changes[0].location, "schema CreateThingRequest.note");
    assert_eq!(
        report.changes[0].message,
        "now required (the field stays an `Option`): requests must set it"
    );
    assert!(report.is_breaking());
}

// ---- report ------------------------------------------------------------------------------------

#[test]
fn changes_are_sorted_by_location_then_kind() {
    let new = edit("enum: [active, archived, deleted]", "enum: [active, zzz]")
        .replace(&format!("      parameters:\n{LIMIT}"), "")
        .replace(
            "        note: {type: string, description: A note.}\n    ThingStatus:",
            "    ThingStatus:",
        );
    let locations: Vec<String> = report(BASE, &new)
        .changes
        .iter()
        .map(|c| format!("{} {:?}", c.location, c.kind))
        .collect();
    assert_eq!(
        locations,
        [
            "GET /v1/things (list_things) ParameterRemoved",
            "schema Thing.note FieldRemoved",
            "schema ThingStatus EnumValueAdded",
            "schema ThingStatus EnumValueRemoved",
            "schema ThingStatus EnumValueRemoved",
        ]
    );
}

#[test]
fn markdown_and_json_reports() {
    let new = edit(
        "enum: [active, archived, deleted]",
        "enum: [active, archived, paused]",
    );
    let report = report(BASE, &new);
    assert_eq!(
        report.markdown("Spec changes: `a` → `b`"),
        "# Spec changes: `a` → `b`\n\n**1 breaking**, 1 additive\n\n## Breaking\n\n- `schema ThingStatus`: enum value `deleted` removed: its variant disappears\n\n## Additive\n\n- `schema ThingStatus`: enum value `paused` added\n"
    );
    let json: serde_json::Value = serde_json::from_str(&report.json().unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "breaking": 1,
            "additive": 1,
            "changes": [
                {
                    "kind": "enum_value_added",
                    "location": "schema ThingStatus",
                    "message": "enum value `paused` added",
                    "classification": "additive",
                },
                {
                    "kind": "enum_value_removed",
                    "location": "schema ThingStatus",
                    "message": "enum value `deleted` removed: its variant disappears",
                    "classification": "breaking",
                },
            ],
        })
    );
    let additive_only = report_of_additive();
    assert_eq!(
        additive_only.markdown("T"),
        "# T\n\n0 breaking, 1 additive\n\n## Additive\n\n- `schema ThingStatus`: enum value `paused` added\n"
    );
    assert_eq!(
        diff(
            &Model::of(&load(BASE).unwrap()),
            &Model::of(&load(BASE).unwrap())
        )
        .markdown("T"),
        "# T\n\nNo changes.\n"
    );
}

fn report_of_additive() -> Report {
    report(
        BASE,
        &edit(
            "enum: [active, archived, deleted]",
            "enum: [active, archived, deleted, paused]",
        ),
    )
}

// ---- the real spec -----------------------------------------------------------------------------

#[test]
fn a_realistic_change_to_the_real_spec_reads_well() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/wooshpay.yaml");
    let spec = std::fs::read_to_string(path).expect("spec/wooshpay.yaml");
    // An optional field on CheckoutSession, right at the start of its properties.
    let start = spec
        .find("\n    CheckoutSession:\n")
        .expect("schema CheckoutSession");
    let properties = start
        + spec[start..]
            .find("\n      properties:\n")
            .expect("CheckoutSession has properties")
        + "\n      properties:\n".len();
    let mut edited = spec.clone();
    edited.insert_str(
        properties,
        "        locale:\n          description: The language of the payment page.\n          type: string\n          nullable: true\n",
    );
    // `expired` no longer a CheckoutSessionStatus.
    let edited = edit_of(
        &edited,
        "    CheckoutSessionStatus:\n      description: The status of the session.\n      type: string\n      nullable: true\n      x-open-enum: true\n      enum: [open, complete, expired, null]\n",
        "    CheckoutSessionStatus:\n      description: The status of the session.\n      type: string\n      nullable: true\n      x-open-enum: true\n      enum: [open, complete, null]\n",
    );
    let report = report(&spec, &edited);
    assert_eq!((report.breaking, report.additive), (1, 1), "{report:#?}");
    assert_eq!(
        report.markdown("Spec changes: `HEAD` → working tree"),
        "\
# Spec changes: `HEAD` → working tree

**1 breaking**, 1 additive

## Breaking

- `schema CheckoutSessionStatus`: enum value `expired` removed: its variant disappears

## Additive

- `schema CheckoutSession.locale`: optional field added (`string`)
"
    );
}
