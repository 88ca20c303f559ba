//! The odd names and values mutations put into specs.

use serde_json::{json, Value};

use crate::rng::Rng;

/// Names that have tripped up code generators: keywords, names Rust or the runtime takes,
/// digits first, unicode, separators, empty, and names that collide once cased.
const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "type",
    "Type",
    "TYPE",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "async",
    "await",
    "dyn",
    "try",
    "gen",
    "union",
    "match",
    "r#type",
    "_",
    "__",
    "0",
    "1abc",
    "123",
    "2fa",
    "-",
    "--",
    "a-b",
    "a b",
    "a.b",
    "a/b",
    "a~b",
    "~1",
    "{id}",
    "{",
    "}",
    "名前",
    "ñandú",
    "🦀",
    "Ω",
    "\u{200b}",
    "\n",
    "\"",
    "'",
    "\\",
    "#",
    "*/",
    "/*",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "serde",
    "std",
    "core",
    "default",
    "Default",
    "Seam",
    "Call",
    "Route",
    "HttpMethod",
    "Unknown",
    "unknown",
    "Value",
    "Client",
    "new",
    "build",
    "send",
    "mod",
    "features",
    "Empty",
    "V2",
    "v2",
    "a2",
    "A_2",
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "FOO_BAR",
    "foo__bar",
    "errors",
    "error",
    "data",
    "list",
    "lists",
    "undocumented",
    "blocking",
    "full",
    "id",
    "ids",
];

pub fn odd_name(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => format!("{}{}", rng.pick(ODD_NAMES), rng.pick(ODD_NAMES)),
        1 => "x".repeat(rng.below(400) + 1),
        2 => format!("{}{}", rng.pick(ODD_NAMES), rng.below(20)),
        _ => (*rng.pick(ODD_NAMES)).to_owned(),
    }
}

pub fn odd_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 8 } else { 11 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => json!(rng.pick(&[0i64, -1, 1, i64::MAX, i64::MIN])),
        3 => json!(u64::MAX),
        4 => json!(rng.pick(&[0.5f64, -0.0, 1e308, f64::MIN_POSITIVE])),
        5..=7 => Value::String(odd_name(rng)),
        8 => Value::Array(
            (0..rng.below(4))
                .map(|_| odd_value(rng, depth + 1))
                .collect(),
        ),
        9 => Value::Object(
            (0..rng.below(4))
                .map(|_| (odd_name(rng), odd_value(rng, depth + 1)))
                .collect(),
        ),
        _ => json!({ "type": rng.pick(TYPES) }),
    }
}

pub const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "", "any", "String",
];

pub const EXTENSIONS: &[&str] = &[
    "x-fern-sdk-group-name",
    "x-fern-sdk-method-name",
    "x-fern-sdk-return-value",
    "x-undocumented",
    "x-deprecated",
    "x-draft",
    "x-title",
    "x-response-key",
    "x-action-attempt-type",
    "x-route-path",
    "x-enum-descriptions",
    "x-variant-group-key",
];
