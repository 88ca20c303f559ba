//! Loading: a JSON or YAML file into `openapiv3::OpenAPI`, with faults located by JSON path.

use crate::error::Error;
use openapiv3::OpenAPI;

/// Parses `text` (JSON or YAML; chosen by the file extension, else by the first character) into
/// an OpenAPI 3.0 document; a 3.1 document is read as its 3.0 form (`openapi31`). `file` only
/// names the source in errors.
pub fn load_str(file: &str, text: &str) -> Result<OpenAPI, Error> {
    let fail = |pointer: String, message: String| Error {
        file: file.to_owned(),
        pointer,
        message,
    };
    let lower = file.to_ascii_lowercase();
    let yaml = lower.ends_with(".yaml")
        || lower.ends_with(".yml")
        || (!lower.ends_with(".json") && !text.trim_start().starts_with('{'));
    // Parse to a generic tree first: syntax errors and version checks then have their own messages.
    let mut tree: serde_json::Value = if yaml {
        serde_yaml::from_str(text).map_err(|e| fail("#".into(), format!("not valid YAML: {e}")))?
    } else {
        serde_json::from_str(text).map_err(|e| fail("#".into(), format!("not valid JSON: {e}")))?
    };
    check_version(&tree).map_err(|(p, m)| fail(p, m))?;
    if tree["openapi"]
        .as_str()
        .is_some_and(crate::openapi31::is_31)
    {
        crate::openapi31::downgrade(&mut tree);
    }
    if let Some((pointer, message)) = crate::locate::schema_keyword_fault(&tree) {
        return Err(fail(
            pointer,
            format!("not a valid OpenAPI 3.0 document here: {message}"),
        ));
    }
    serde_path_to_error::deserialize(&tree).map_err(|e| {
        let (pointer, message) = match crate::locate::deepest_fault(&tree) {
            // serde loses the path inside flattened structs; the walk finds the node itself.
            Some((deeper, message)) if deeper.len() > path_to_pointer(e.path()).len() => {
                (deeper, message)
            }
            _ => (path_to_pointer(e.path()), e.inner().to_string()),
        };
        fail(
            pointer,
            format!("not a valid OpenAPI 3.0 document here: {message}"),
        )
    })
}

fn check_version(tree: &serde_json::Value) -> Result<(), (String, String)> {
    let Some(obj) = tree.as_object() else {
        return Err(("#".into(), "the document is not an object".into()));
    };
    match obj.get("openapi") {
        Some(serde_json::Value::String(v))
            if v.starts_with("3.0.") || v == "3.0" || crate::openapi31::is_31(v) =>
        {
            Ok(())
        }
        Some(serde_json::Value::String(v)) => Err((
            "#/openapi".into(),
            format!(
                "unsupported OpenAPI version {v:?}: this generator reads OpenAPI 3.0.x and 3.1.x"
            ),
        )),
        Some(_) => Err((
            "#/openapi".into(),
            "`openapi` must be a version string".into(),
        )),
        None if obj.contains_key("swagger") => Err((
            "#/swagger".into(),
            "Swagger 2.0 documents are not supported: this generator reads OpenAPI 3.0.x and 3.1.x"
                .into(),
        )),
        None => Err(("#".into(), "missing `openapi` version field".into())),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    for seg in path.iter() {
        let s = match seg {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        out.push('/');
        out.push_str(&s.replace('~', "~0").replace('/', "~1"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str =
        r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;

    #[test]
    fn loads_json_and_yaml() {
        assert!(load_str("a.json", MINIMAL).is_ok());
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        assert!(load_str("a.yaml", yaml).is_ok());
        assert!(load_str("no-extension", yaml).is_ok());
    }

    #[test]
    fn refuses_other_versions() {
        let e = load_str("a.json", r#"{"openapi": "3.2.0", "info": {}, "paths": {}}"#).unwrap_err();
        assert_eq!(e.pointer, "#/openapi");
        assert!(e.message.contains("3.2.0"), "{e}");
        let v31 = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
        assert!(load_str("a.json", v31).is_ok());
        let e = load_str("a.json", r#"{"swagger": "2.0"}"#).unwrap_err();
        assert_eq!(e.pointer, "#/swagger");
    }

    #[test]
    fn syntax_errors_name_the_file() {
        let e = load_str("broken.json", "{\"openapi\": ").unwrap_err();
        assert_eq!(e.file, "broken.json");
        assert!(e.message.starts_with("not valid JSON"), "{e}");
    }

    #[test]
    fn shape_errors_name_the_json_path() {
        let text = r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"responses": {"200": {"description": 5}}}}}}"#;
        let e = load_str("a.json", text).unwrap_err();
        assert_eq!(e.pointer, "#/paths/~1a/post/responses/200", "{e}");
        assert!(e.message.contains("expected a string"), "{e}");
    }
}
