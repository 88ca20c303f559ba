//! Malformed and unsupported specs: each gives an error naming the file and the JSON path of
//! the fault, never a panic.

fn error_of(file: &str, text: &str) -> codegen::Error {
    match codegen::generate_from_str(file, text) {
        Ok(_) => panic!("{file} should not generate"),
        Err(e) => e,
    }
}

const HEAD: &str = r##""openapi": "3.0.0", "info": {"title": "t", "version": "1"}"##;

#[test]
fn malformed_json() {
    let e = error_of("broken.json", r##"{"openapi": "3.0.0", "paths": {"##);
    assert_eq!(e.file, "broken.json");
    assert!(e.message.contains("not valid JSON"), "{e}");
}

#[test]
fn malformed_yaml() {
    let e = error_of("broken.yaml", "openapi: 3.0.0\npaths: [unclosed\n");
    assert_eq!(e.file, "broken.yaml");
    assert!(e.message.contains("not valid YAML"), "{e}");
}

#[test]
fn unsupported_version() {
    let e = error_of(
        "new.json",
        r##"{"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"##,
    );
    assert_eq!(
        (e.file.as_str(), e.pointer.as_str()),
        ("new.json", "#/openapi")
    );
    assert!(e.to_string().contains("3.2.0"), "{e}");
}

#[test]
fn dangling_ref() {
    let text = format!(
        r##"{{{HEAD}, "paths": {{}}, "components": {{"schemas": {{
            "a": {{"type": "object", "properties": {{"b": {{"$ref": "#/components/schemas/missing"}}}}}}}}}}}}"##
    );
    let e = error_of("dangling.json", &text);
    assert_eq!(e.pointer, "#/components/schemas/a/properties/b");
    assert!(e.message.contains("dangling $ref"), "{e}");
    assert!(
        e.to_string()
            .starts_with("dangling.json: at #/components/schemas/a/properties/b:"),
        "{e}"
    );
}

#[test]
fn invalid_document_shape() {
    let text = format!(
        r##"{{{HEAD}, "paths": {{"/a/b": {{"post": {{"responses": {{"200": {{"description": 5}}}}}}}}}}}}"##
    );
    let e = error_of("shape.json", &text);
    assert_eq!(e.pointer, "#/paths/~1a~1b/post/responses/200");
    assert!(e.message.contains("expected a string"), "{e}");
}

#[test]
fn multipart_body_that_is_not_an_object() {
    let text = format!(
        r##"{{{HEAD}, "paths": {{"/a/b": {{"post": {{
            "requestBody": {{"content": {{"multipart/form-data": {{"schema": {{"type": "array", "items": {{"type": "string"}}}}}}}}}},
            "responses": {{"200": {{"description": "OK"}}}}}}}}}}}}"##
    );
    let e = error_of("body.json", &text);
    assert_eq!(
        e.pointer,
        "#/paths/~1a~1b/post/requestBody/content/multipart~1form-data/schema"
    );
    assert!(e.message.contains("must be an object"), "{e}");
}

#[test]
fn request_body_of_no_supported_media_type() {
    let text = format!(
        r##"{{{HEAD}, "paths": {{"/a/b": {{"post": {{
            "requestBody": {{"content": {{"application/xml": {{"schema": {{"type": "object"}}}}}}}},
            "responses": {{"200": {{"description": "OK"}}}}}}}}}}}}"##
    );
    let e = error_of("xml.json", &text);
    assert_eq!(e.pointer, "#/paths/~1a~1b/post/requestBody/content");
    assert!(e.message.contains("no media type"), "{e}");
}

#[test]
fn ref_outside_components() {
    let text = format!(
        r##"{{{HEAD}, "paths": {{}}, "components": {{"schemas": {{
            "a": {{"type": "object", "properties": {{"b": {{"$ref": "other.json#/x"}}}}}}}}}}}}"##
    );
    let e = error_of("ext.json", &text);
    assert_eq!(e.pointer, "#/components/schemas/a/properties/b");
    assert!(e.message.contains("unsupported $ref"), "{e}");
}

#[test]
fn union_variant_without_tag_value() {
    let text = format!(
        r##"{{{HEAD}, "paths": {{}}, "components": {{"schemas": {{
            "u": {{"discriminator": {{"propertyName": "kind"}}, "oneOf": [
                {{"type": "object", "properties": {{"kind": {{"type": "string", "enum": ["a"]}}}}}},
                {{"type": "object", "properties": {{"other": {{"type": "string"}}}}}}]}}}}}}}}"##
    );
    let e = error_of("union.json", &text);
    assert_eq!(e.pointer, "#/components/schemas/u/oneOf/1");
    assert!(e.message.contains("discriminator"), "{e}");
}

#[test]
fn parameter_named_like_the_body_beside_raw_bytes() {
    let text = format!(
        r##"{{{HEAD}, "paths": {{"/a/{{body}}": {{"put": {{
            "parameters": [{{"name": "body", "in": "path", "required": true, "schema": {{"type": "string"}}}}],
            "requestBody": {{"content": {{"application/octet-stream": {{}}}}}},
            "responses": {{"200": {{"description": "OK"}}}}}}}}}}}}"##
    );
    let e = error_of("raw.json", &text);
    assert_eq!(
        e.pointer,
        "#/paths/~1a~1{body}/put/requestBody/content/application~1octet-stream/schema"
    );
    assert!(e.message.contains("named `body`"), "{e}");
}

#[test]
fn dangling_shared_parameter() {
    let text = format!(
        r##"{{{HEAD}, "paths": {{"/a": {{"get": {{
            "parameters": [{{"$ref": "#/components/parameters/Gone"}}],
            "responses": {{"200": {{"description": "OK"}}}}}}}}}}}}"##
    );
    let e = error_of("params.json", &text);
    assert_eq!(e.pointer, "#/paths/~1a/get/parameters/0");
    assert!(e.message.contains("dangling"), "{e}");
}

#[test]
fn missing_file() {
    let e =
        codegen::generate_from_path(std::path::Path::new("/nonexistent/spec.json")).unwrap_err();
    assert_eq!(e.file, "/nonexistent/spec.json");
    assert!(e.message.contains("cannot read"), "{e}");
}

#[test]
fn unsupported_not_is_a_warning_not_a_failure() {
    let text = format!(
        r##"{{{HEAD}, "paths": {{}}, "components": {{"schemas": {{
            "a": {{"type": "object", "properties": {{"b": {{"not": {{"type": "string"}}}}}}}}}}}}}}"##
    );
    let g = codegen::generate_from_str("not.json", &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        g.warnings
            .iter()
            .any(|w| w.starts_with("#/components/schemas/a/properties/b")
                && w.contains("not supported")),
        "{:?}",
        g.warnings
    );
}

#[test]
fn untyped_schemas_nested_past_the_limit() {
    let mut schema = r#"{"type": "string"}"#.to_owned();
    for _ in 0..13 {
        schema = format!(r#"{{"oneOf": [{schema}]}}"#);
    }
    let text = format!(
        r##"{{{HEAD}, "paths": {{}}, "components": {{"schemas": {{"deep": {schema}}}}}}}"##
    );
    let e = error_of("deep.json", &text);
    assert!(
        e.pointer
            .starts_with("#/components/schemas/deep/oneOf/0/oneOf"),
        "{e}"
    );
    assert!(
        e.message
            .contains("schemas without a `type` nest more than 12 levels deep"),
        "{e}"
    );
}

#[test]
fn resource_group_nested_past_the_limit() {
    let groups = vec!["\"g\""; 33].join(", ");
    let text = format!(
        r##"{{{HEAD}, "paths": {{"/a/b": {{"post": {{
            "x-fern-sdk-group-name": [{groups}],
            "responses": {{"200": {{"description": "OK"}}}}}}}}}}}}"##
    );
    let e = error_of("groups.json", &text);
    assert_eq!(e.pointer, "#/paths/~1a~1b/post");
    assert!(e.message.contains("nests 33 levels deep"), "{e}");
}

#[test]
fn typed_schemas_nested_past_the_limit() {
    let mut schema = r#"{"type": "string"}"#.to_owned();
    for _ in 0..24 {
        schema = format!(r#"{{"type": "object", "additionalProperties": {schema}}}"#);
    }
    let text = format!(
        r##"{{{HEAD}, "paths": {{}}, "components": {{"schemas": {{"deep": {schema}}}}}}}"##
    );
    let e = error_of("deep.json", &text);
    assert!(
        e.pointer
            .starts_with("#/components/schemas/deep/additionalProperties/additionalProperties"),
        "{e}"
    );
    assert!(
        e.message.contains("schemas nest more than 24 levels deep"),
        "{e}"
    );
}
