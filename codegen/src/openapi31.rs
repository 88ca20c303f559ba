//! OpenAPI 3.1 read as 3.0: the document is rewritten in place, before `openapiv3` parses it,
//! into the 3.0 form of what it says. Only what 3.0 can say the same way is rewritten; every
//! node keeps its JSON path, so faults still point into the file as written.
//!
//! - `type: [T, "null"]` → `type: T, nullable: true` (several non-null types: no `type`, which
//!   the generator reads as any value);
//! - `oneOf`/`anyOf` with a `{type: "null"}` member → the other members, `nullable: true`;
//! - `const: v` → `enum: [v]`;
//! - `examples: [a, …]` in a schema → `example: a`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` + `true`;
//! - a string schema with `contentMediaType` (3.1's way to say bytes) → `format: binary`;
//! - `paths` and an operation's `responses`, which 3.1 lets a document leave out → empty;
//! - top-level `webhooks`, `jsonSchemaDialect`, the license `identifier` and `mutualTLS`
//!   security schemes, which 3.0 has no place for, are dropped.

use serde_json::{Map, Value};

/// Whether `version` is an OpenAPI 3.1 version string.
pub fn is_31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Rewrites a 3.1 document into the 3.0 form `openapiv3` reads.
pub fn downgrade(document: &mut Value) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    root.insert("openapi".to_owned(), Value::from("3.0.3"));
    root.remove("webhooks");
    root.remove("jsonSchemaDialect");
    if let Some(license) = root
        .get_mut("info")
        .and_then(|i| i.get_mut("license"))
        .and_then(Value::as_object_mut)
    {
        license.remove("identifier");
    }
    if let Some(schemes) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
        .and_then(Value::as_object_mut)
    {
        schemes.retain(|_, s| s.get("type").and_then(Value::as_str) != Some("mutualTLS"));
    }
    let paths = root
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    for item in paths
        .as_object_mut()
        .into_iter()
        .flat_map(|p| p.values_mut())
    {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                op.entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
    walk(document);
}

fn walk(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if looks_like_schema(map) {
                rewrite_schema(map);
            }
            map.values_mut().for_each(walk);
        }
        Value::Array(items) => items.iter_mut().for_each(walk),
        _ => {}
    }
}

/// Schema objects are where 3.1 differs; other objects never carry these keywords with these
/// value types (a media type's `examples` is a map, a schema's a list).
fn looks_like_schema(map: &Map<String, Value>) -> bool {
    [
        "type",
        "const",
        "oneOf",
        "anyOf",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "examples",
    ]
    .iter()
    .any(|k| map.contains_key(*k))
        && !map.contains_key("in") // a parameter
}

fn rewrite_schema(map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) == Some("string")
        && map.contains_key("contentMediaType")
        && !map.contains_key("format")
        && !map.contains_key("contentEncoding")
    {
        map.insert("format".to_owned(), Value::from("binary"));
    }
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        match others.as_slice() {
            [only] => {
                map.insert("type".to_owned(), only.clone());
            }
            _ => {
                map.remove("type");
            }
        }
        if nullable {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    } else if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get_mut(key) {
            let before = members.len();
            members.retain(|m| !is_null_schema(m));
            if members.len() < before {
                map.insert("nullable".to_owned(), Value::Bool(true));
            }
        }
    }
    if let Some(value) = map.remove("const") {
        map.insert("enum".to_owned(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            map.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(value) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.to_owned(), value);
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        && schema.as_object().is_some_and(|m| m.len() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_31_schema_reads_as_its_30_form() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {},
            "paths": {},
            "components": {"schemas": {"s": {
                "type": "object",
                "properties": {
                    "a": {"type": ["string", "null"], "examples": ["x"]},
                    "b": {"const": "fixed"},
                    "c": {"type": "integer", "exclusiveMinimum": 0},
                    "d": {"anyOf": [{"$ref": "#/components/schemas/t"}, {"type": "null"}]},
                    "e": {"type": ["string", "integer"]}
                }
            }}}
        });
        downgrade(&mut doc);
        let props = &doc["components"]["schemas"]["s"]["properties"];
        assert_eq!(
            props["a"],
            json!({"type": "string", "nullable": true, "example": "x"})
        );
        assert_eq!(props["b"], json!({"enum": ["fixed"]}));
        assert_eq!(
            props["c"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            props["d"],
            json!({"anyOf": [{"$ref": "#/components/schemas/t"}], "nullable": true})
        );
        assert_eq!(props["e"], json!({}));
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("webhooks").is_none());
        assert!(doc["info"]["license"].get("identifier").is_none());
    }

    #[test]
    fn what_31_lets_a_document_leave_out_or_add_is_made_30() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"securitySchemes": {
                "mtls": {"type": "mutualTLS"},
                "key": {"type": "apiKey", "in": "header", "name": "k"}
            }, "schemas": {"bytes": {"type": "string", "contentMediaType": "image/png"}}}
        });
        downgrade(&mut doc);
        assert_eq!(doc["paths"], json!({}));
        let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
        assert_eq!(schemes.keys().collect::<Vec<_>>(), ["key"]);
        assert_eq!(doc["components"]["schemas"]["bytes"]["format"], "binary");

        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {}, "parameters": []}}
        });
        downgrade(&mut doc);
        assert_eq!(doc["paths"]["/a"]["get"]["responses"], json!({}));
    }
}
