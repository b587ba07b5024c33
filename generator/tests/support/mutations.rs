//! Mutated specs: a small valid spec whose names, enum values and types are replaced by the
//! classes of input that have broken generators: keywords, names that differ only in case or
//! style, capitals, punctuation, unicode, empty text, non-scalar enum values, unknown types,
//! bounds without their bound, path templates that do not match their parameters.

#![allow(dead_code)] // each test binary uses a different subset

use proptest::prelude::*;

/// The additions to a spec: one operation and two schemas, with `@…@` holes.
pub const ADDITIONS: &str = r##"
paths:
  "@PATH@":
    get:
      operationId: "@OP@"
      summary: Retrieve a mutated thing
      description: A thing with mutated names.
      tags: ["@TAG@"]
      x-provenance: inferred
      parameters:
        - {name: "@PARAM@", in: path, required: true, description: The id., schema: {type: string}}
        - {name: "@QUERY@", in: query, description: A filter., schema: {type: string}}
        - {name: "@QUERY2@", in: query, description: Another filter., schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/@SCHEMA@"}
components:
  schemas:
    "@SCHEMA@":
      description: A thing.
      type: object
      required: [status, part]
      properties:
        "@PROP@": {type: string, nullable: true, description: A property.}
        "@PROP2@": {type: string, nullable: true, description: Another property.}
        status: {@KIND@, description: The status.}
        part: {description: A part., allOf: [{$ref: "#/components/schemas/@PART@"}]}
    "@PART@":
      description: A part.
      type: object
      properties:
        name: {type: string, nullable: true, description: The name.}
"##;

/// The spec header the additions are completed with for a spec of their own.
const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: v1}\n";

/// One mutated spec's choices.
#[derive(Debug, Clone)]
pub struct Mutation {
    /// Each hole and what fills it.
    pub holes: Vec<(&'static str, String)>,
    /// Whether the path starts with `/`.
    pub slash: bool,
}

impl Mutation {
    /// The additions with every hole filled.
    pub fn additions(&self) -> String {
        let mut text = ADDITIONS.to_string();
        for (hole, value) in &self.holes {
            text = text.replace(hole, value);
        }
        text
    }

    /// A spec of its own: the header and the additions.
    pub fn spec(&self) -> String {
        format!("{HEADER}{}", self.additions())
    }
}

/// Mostly `good` (eleven holes: so that a fair share of cases gets past lint into progenitor and refine),
/// otherwise a name from the classes that have broken generators.
pub fn name(good: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        40 => Just(good.to_string()),
        1 => "[a-z][a-z0-9_]{0,12}",
        1 => "[A-Z][A-Za-z0-9]{0,12}",
        1 => "[A-Z][A-Z0-9]{0,8}",
        1 => prop::sample::select(vec![
            "type", "self", "Self", "super", "crate", "_", "", "builder", "new", "send",
            "unknown", "Unknown", "Option", "Error", "1Thing", "Foo-Bar", "a b", "err", "Err",
            "ok", "Ok", "None", "Some", "NAME", "clientIp", "client_ip", "ClientIp", "THING",
            "Thing", "PART", "part", "Part", "body", "Body", "gen", "async", "r#type",
        ])
        .prop_map(str::to_owned),
        1 => "[ -~&&[^\"\\\\]]{0,10}",
        1 => "\\PC{0,6}".prop_map(|s| s.replace(['"', '\\'], "")),
    ]
}

/// The `status` property's schema (inside `{…, description}`): a string enum of two values,
/// or a shape progenitor has failed on.
fn kind() -> impl Strategy<Value = String> {
    let value = |good| name(good).prop_map(|v| format!("{v:?}"));
    prop_oneof![
        12 => (value("on"), value("off")).prop_map(|(a, b)| format!("type: string, enum: [{a}, {b}]")),
        1 => (value("on"), value("off"), value("pending"))
            .prop_map(|(a, b, c)| format!("type: string, enum: [{a}, {b}, {c}]")),
        1 => prop::sample::select(vec![
            "type: string, enum: [err, Err]",
            "type: string, enum: [err, ok, self, Self, type, None]",
            "type: string, enum: [a_b, a-b]",
            "enum: [on, {a: 1}]",
            "enum: [[1], 2]",
            "enum: [on, 1, true]",
            "type: number, enum: [1.5, .nan]",
            "type: integer, enum: [1, 2]",
            "type: strin",
            "type: \"null\"",
            "type: [string, \"null\"]",
            "exclusiveMinimum: true",
            "exclusiveMaximum: true",
            "type: number, exclusiveMinimum: true",
            "type: object, properties: {name: {type: string, description: a}, NAME: {type: string, description: b}}",
            "type: array",
            "type: object, additionalProperties: {type: strin}",
        ])
        .prop_map(str::to_owned),
    ]
}

/// A mutated spec.
pub fn mutation() -> impl Strategy<Value = Mutation> {
    (
        (
            name("retrieve_thing"),
            name("things"),
            name("id"),
            name("Thing"),
        ),
        (
            name("name"),
            name("email"),
            name("Part"),
            name("limit"),
            name("starting_after"),
        ),
        (kind(), any::<bool>(), name("id")),
    )
        .prop_map(
            |(
                (op, tag, param, schema),
                (prop, prop2, part, query, query2),
                (kind, slash, in_path),
            )| {
                let path = format!("{}v1/things/{{{in_path}}}", if slash { "/" } else { "" });
                Mutation {
                    holes: vec![
                        ("@PATH@", path),
                        ("@OP@", op),
                        ("@TAG@", tag),
                        ("@PARAM@", param),
                        ("@QUERY@", query),
                        ("@QUERY2@", query2),
                        ("@SCHEMA@", schema),
                        ("@PROP@", prop),
                        ("@PROP2@", prop2),
                        ("@PART@", part),
                        ("@KIND@", kind),
                    ],
                    slash,
                }
            },
        )
}
