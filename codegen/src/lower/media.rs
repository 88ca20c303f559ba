//! The media type a request body is sent as, and which of a multipart body's properties are
//! files.
//!
//! Preferred in this order: JSON; `application/x-www-form-urlencoded`; `multipart/form-data`
//! (`format: binary` properties, or lists of them, are files, sent with the content type the
//! spec's `encoding` names); then the first media type whose value is raw bytes (no schema, a
//! `format: binary` string, or a string of `text/…`), sent as that type.

use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, RequestBody, Schema};

use super::view::{resolve, shape, SchemaRef, Shape};
use crate::error::{Fault, Pointer};
use crate::ir::{BodyEncoding, TypeRef};
/// A request body's media type the generator sends, and how.
pub struct Media<'s> {
    pub name: &'s str,
    pub media: &'s MediaType,
    pub encoding: BodyEncoding,
}

/// The media type to send a request body as, preferring JSON, then a form, then multipart,
/// then the first whose value is raw bytes (no schema, or a `format: binary` string); `None`
/// when none of them is offered.
pub fn choose_media<'s>(spec: &'s OpenAPI, body: &'s RequestBody) -> Option<Media<'s>> {
    let by_name = |name: &str, encoding: BodyEncoding| {
        body.content.get_key_value(name).map(|(name, media)| Media {
            name: name.as_str(),
            media,
            encoding,
        })
    };
    by_name("application/json", BodyEncoding::Json)
        .or_else(|| by_name("application/x-www-form-urlencoded", BodyEncoding::Form))
        .or_else(|| {
            by_name(
                "multipart/form-data",
                BodyEncoding::Multipart {
                    content_types: Vec::new(),
                },
            )
        })
        .or_else(|| {
            let (name, media) = raw_media(spec, &body.content)?;
            Some(Media {
                name,
                media,
                encoding: BodyEncoding::Binary(
                    concrete_type(name)
                        .unwrap_or("application/octet-stream")
                        .to_owned(),
                ),
            })
        })
}

/// The JSON media type of `content`: `application/json` itself, else the first that is JSON by
/// another name (`application/json; charset=utf-8`, `application/problem+json`).
pub fn json_media(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .get_key_value("application/json")
        .or_else(|| content.iter().find(|(name, _)| is_json(name)))
        .map(|(name, media)| (name.as_str(), media))
}

/// Whether a media type is JSON: `application/json`, with parameters or not, or a `+json` type.
fn is_json(name: &str) -> bool {
    let essence = name.split(';').next().unwrap_or(name).trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// The first media type of `content` whose value is raw bytes: no schema, a `format: binary`
/// string, or a string of `text/…` (text is bytes too). JSON and multipart never are.
pub fn raw_media<'s>(
    spec: &'s OpenAPI,
    content: &'s IndexMap<String, MediaType>,
) -> Option<(&'s str, &'s MediaType)> {
    content.iter().find_map(|(name, media)| {
        let text = name.starts_with("text/");
        let raw = match &media.schema {
            None => true,
            Some(s) => resolve(spec, SchemaRef::from(s), &Pointer::default())
                .is_ok_and(|s| is_binary(s) || (text && is_string(s))),
        };
        let json = is_json(name) || name.starts_with("multipart/");
        (raw && !json).then_some((name.as_str(), media))
    })
}

/// A media type naming one type (`image/png`), not a range (`image/*`) or a list.
fn concrete_type(name: &str) -> Option<&str> {
    let name = name.trim();
    (!name.contains('*') && !name.contains(',') && name.contains('/')).then_some(name)
}

/// Whether a schema is a plain string (no enum).
fn is_string(schema: &Schema) -> bool {
    matches!(shape(schema), Shape::String { values, .. } if values.is_empty())
}

/// Whether a schema is a string of bytes (`type: string, format: binary`).
fn is_binary(schema: &Schema) -> bool {
    matches!(
        shape(schema),
        Shape::String {
            format: Some("binary"),
            ..
        }
    )
}

/// The properties of a multipart body that are files (a `format: binary` string, or a list of
/// them), with their type.
pub fn file_fields<'s>(
    spec: &'s OpenAPI,
    props: &[(&'s str, SchemaRef<'s>)],
    body_at: &Pointer,
) -> Result<Vec<(&'s str, TypeRef)>, Fault> {
    let mut files = Vec::new();
    for (name, schema) in props {
        let at = body_at.join("properties").join(name);
        let schema = resolve(spec, *schema, &at)?;
        if is_binary(schema) {
            files.push((*name, TypeRef::File));
        } else if let Shape::Array {
            items: Some(items), ..
        } = shape(schema)
        {
            if is_binary(resolve(spec, items, &at.join("items"))?) {
                files.push((*name, TypeRef::List(Box::new(TypeRef::File))));
            }
        }
    }
    Ok(files)
}

/// The content type the spec's `encoding` gives each file part, where it names one type.
pub fn part_content_types(media: &MediaType, files: &[(&str, TypeRef)]) -> Vec<(String, String)> {
    files
        .iter()
        .filter_map(|(name, _)| {
            let given = media.encoding.get(*name)?.content_type.as_deref()?;
            Some(((*name).to_owned(), concrete_type(given)?.to_owned()))
        })
        .collect()
}
