//! The request of an operation: its type, the fields sent in the path and query, and how the
//! body is encoded.
//!
//! - The request type is named `<Group><Method>Request`; its fields are the body's properties
//!   (JSON, a form, or multipart parts), then path and query parameters (the path item's and
//!   the operation's, `$ref`s resolved).
//! - A union body beside parameters is a flattened field; a body that is one JSON value (a
//!   list, a string, a number) is the value the method takes, or, beside parameters, the field
//!   `body`, sent whole; raw bytes are the `File` field `body` (see `media.rs`).

use openapiv3::{OpenAPI, Operation, Parameter, PathItem, Schema};

use super::constraints::constraints;
use super::media::{choose_media, file_fields, part_content_types, Media};
use super::types::{Place, TypeSpace};
use super::view::{resolve, resolve_shared, shape, SchemaRef, Shape};
use crate::error::{Fault, Pointer};
use crate::ir::{BodyEncoding, Field, Gate, Struct, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming;

/// The fields of a request made of parameters alone.
fn parameters_object<'s>(
    space: &mut TypeSpace<'s>,
    params: &[Param<'s>],
    place: &Place,
    at: &Pointer,
) -> Result<Struct, Fault> {
    let props: Vec<_> = params.iter().map(|p| (p.name, p.schema)).collect();
    let required: Vec<&str> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name)
        .collect();
    space.object(&props, &required, place, at.join("parameters"))
}

/// The variants of a request union are requests too: they get constructors and setters.
fn mark_variant_kinds_as_requests(space: &mut TypeSpace<'_>, kind: &TypeKind) {
    let variant_structs: Vec<TypeId> = match kind {
        TypeKind::Untagged(u) => u
            .variants
            .iter()
            .filter_map(|v| match v.ty {
                TypeRef::Named(id) => Some(id),
                _ => None,
            })
            .collect(),
        TypeKind::Tagged(t) => t.variants.iter().filter_map(|v| v.payload).collect(),
        _ => Vec::new(),
    };
    for id in variant_structs {
        if matches!(space.types[id].kind, TypeKind::Struct(_)) {
            space.types[id].request_root = true;
        }
    }
}

fn mark_variants_as_requests(space: &mut TypeSpace<'_>, union: TypeId) {
    let kind = space.types[union].kind.clone();
    mark_variant_kinds_as_requests(space, &kind);
}

/// A query or path parameter, typed as a field of the request.
struct Param<'s> {
    name: &'s str,
    schema: SchemaRef<'s>,
    required: bool,
    /// Named in the path template (`/a/{id}`): sent there, not in the query string.
    in_path: bool,
}

/// What `request_type` makes: the request type, and its fields sent in the path and query;
/// or, for a body that is not an object and has no parameters beside it, the type the method
/// takes; and how the body is encoded.
pub struct RequestParts {
    pub request: Option<TypeId>,
    pub value: Option<TypeRef>,
    /// What the spec requires of that value.
    pub value_constraints: crate::ir::Constraints,
    pub encoding: BodyEncoding,
    pub path_params: Vec<String>,
    pub query_params: Vec<String>,
}

impl RequestParts {
    /// An endpoint whose request carries nothing.
    fn none() -> Self {
        RequestParts {
            request: None,
            value: None,
            value_constraints: crate::ir::Constraints::default(),
            encoding: BodyEncoding::Json,
            path_params: Vec::new(),
            query_params: Vec::new(),
        }
    }
}

/// The request of an operation at `at` (`#/paths/…/post`) whose types are named from `base`
/// (`OrdersAttachments`) and kept in `module`.
pub fn request_type<'s>(
    space: &mut TypeSpace<'s>,
    item: &'s PathItem,
    op: &'s Operation,
    at: &Pointer,
    base: &str,
    module: &str,
) -> Result<RequestParts, Fault> {
    let name = format!("{base}Request");
    let place = Place::root(&name, &name, module, at.join("requestBody")).in_request(base);
    let media = body_media(space.spec, op, &place.pointer)?;
    let media_name = media.as_ref().map_or("application/json", |m| m.name);
    let body_at = place
        .pointer
        .join("content")
        .join(media_name)
        .join("schema");
    let body: Option<&'s Schema> = match media.as_ref().and_then(|m| m.media.schema.as_ref()) {
        None => None,
        Some(s) => Some(resolve(space.spec, SchemaRef::from(s), &body_at)?),
    };
    let params = parameters(space.spec, item, op, at, &mut space.warnings)?;
    // Parameters also named in the path template (`/a/{id}`, `/a/[id]`) go there.
    let path_params: Vec<String> = params
        .iter()
        .filter(|p| p.in_path)
        .map(|p| p.name.to_owned())
        .collect();
    let query_params: Vec<String> = params
        .iter()
        .filter(|p| !p.in_path)
        .map(|p| p.name.to_owned())
        .collect();

    let mut encoding = media
        .as_ref()
        .map_or(BodyEncoding::Json, |m| m.encoding.clone());
    let kind = match body.map(|b| (b, shape(b))) {
        _ if matches!(encoding, BodyEncoding::Binary(_)) => {
            // The bytes themselves, beside the parameters.
            let mut fields = parameters_object(space, &params, &place, at)?;
            let docs = format!(
                "The request body: these bytes, sent as `{media_name}` unless the file names its \
                 own content type."
            );
            let field = Field {
                docs: vec![docs],
                ..Field::required(BODY_FIELD, TypeRef::File)
            };
            push_body_field(&mut fields, field, &body_at)?;
            TypeKind::Struct(fields)
        }
        Some((_, Shape::Object { .. } | Shape::Free)) | None
            if matches!(encoding, BodyEncoding::Multipart { .. }) =>
        {
            let (properties, required) = match body.map(shape) {
                Some(Shape::Object {
                    properties,
                    required,
                    ..
                }) => (properties, required),
                _ => (Vec::new(), &[][..]),
            };
            let files = file_fields(space.spec, &properties, &body_at)?;
            let mut fields =
                body_and_parameters(space, properties, required, &params, &place, &body_at)?;
            for field in &mut fields.fields {
                if let Some((_, file)) = files.iter().find(|(name, _)| *name == field.json_name) {
                    field.ty = match &field.ty {
                        TypeRef::Nullable(_) => TypeRef::Nullable(Box::new(file.clone())),
                        _ => file.clone(),
                    };
                }
            }
            if let Some(media) = &media {
                encoding = BodyEncoding::Multipart {
                    content_types: part_content_types(media.media, &files),
                };
            }
            TypeKind::Struct(fields)
        }
        Some(_) if matches!(encoding, BodyEncoding::Multipart { .. }) => {
            return Err(Fault::new(
                &body_at,
                "a multipart/form-data body must be an object",
            ))
        }
        None if params.is_empty() => return Ok(RequestParts::none()),
        None => TypeKind::Struct(parameters_object(space, &params, &place, at)?),
        Some((b, s)) if is_value(&s) && params.is_empty() => {
            // The method takes the value itself.
            let value = space.lower(SchemaRef::Inline(b), &place.at(body_at.clone()))?;
            return Ok(RequestParts {
                value: Some(value),
                value_constraints: constraints(space.spec, SchemaRef::Inline(b)),
                ..RequestParts::none()
            });
        }
        Some((b, s)) if is_value(&s) => {
            // The value beside the parameters: a field of its own, sent as the whole body.
            let value = space.lower(SchemaRef::Inline(b), &place.at(body_at.clone()))?;
            let mut fields = parameters_object(space, &params, &place, at)?;
            let docs = "The request body, sent as JSON.".to_owned();
            let field = Field {
                docs: vec![docs],
                constraints: constraints(space.spec, SchemaRef::Inline(b)),
                ..Field::required(BODY_FIELD, value)
            };
            push_body_field(&mut fields, field, &body_at)?;
            encoding = BodyEncoding::JsonOf(BODY_FIELD.to_owned());
            TypeKind::Struct(fields)
        }
        Some((
            _,
            Shape::Object {
                properties,
                required,
                ..
            },
        )) => TypeKind::Struct(body_and_parameters(
            space, properties, required, &params, &place, &body_at,
        )?),
        Some((b, Shape::AllOf(_) | Shape::OneOf(_))) if params.is_empty() => {
            space.named_kind(b, &place.at(body_at.clone()))?
        }
        Some((b, Shape::AllOf(_) | Shape::OneOf(_))) => {
            // Parameters beside a union: a struct of the parameters and the union, whose fields
            // serialize beside them (`#[serde(flatten)]`).
            let body_name = format!("{base}Body");
            let body_place =
                Place::root(&body_name, &body_name, module, body_at.clone()).in_request(base);
            let union = space.lower(SchemaRef::Inline(b), &body_place)?;
            if let TypeRef::Named(id) = union {
                mark_variants_as_requests(space, id);
            }
            let mut fields = parameters_object(space, &params, &place, at)?;
            fields.fields.push(Field::flattened(BODY_FIELD, union));
            TypeKind::Struct(fields)
        }
        Some((_, Shape::Free)) => {
            // A free-form body cannot sit beside typed fields; the parameters are still typed.
            space.warnings.push(format!("{body_at}: free-form request body is not supported; only the parameters are generated"));
            TypeKind::Struct(parameters_object(space, &params, &place, at)?)
        }
        Some((_, _)) => {
            return Err(Fault::new(
                &body_at,
                "a request body must be an object or a union of objects",
            ))
        }
    };
    if let TypeKind::Struct(Struct { fields }) = &kind {
        if fields.is_empty() && params.is_empty() {
            return Ok(RequestParts::none());
        }
    }
    mark_variant_kinds_as_requests(space, &kind);
    let name = space.names.claim(&naming::type_ident(&place.name));
    let id = space.push(TypeDef {
        name,
        module: module.to_owned(),
        // Linked to the method that sends it once the resource tree is named (`lower`).
        docs: Vec::new(),
        deprecated: None,
        kind,
        places: vec![place.pointer.to_string()],
        in_request: true,
        in_response: false,
        request_root: true,
        gate: Gate::default(),
        cycle: None,
    });
    Ok(RequestParts {
        request: Some(id),
        value: None,
        value_constraints: crate::ir::Constraints::default(),
        encoding,
        path_params,
        query_params,
    })
}

/// A struct of the body's properties, then the parameters.
fn body_and_parameters<'s>(
    space: &mut TypeSpace<'s>,
    mut properties: Vec<(&'s str, SchemaRef<'s>)>,
    required: &'s [String],
    params: &[Param<'s>],
    place: &Place,
    body_at: &Pointer,
) -> Result<Struct, Fault> {
    let mut required: Vec<&str> = required.iter().map(String::as_str).collect();
    for p in params {
        properties.push((p.name, p.schema));
        if p.required {
            required.push(p.name);
        }
    }
    space.object(&properties, &required, place, body_at.join("properties"))
}

/// The query and path parameters of an operation: the path item's, then the operation's (which
/// replace a path one of the same name and place); headers and cookies are not sent, which
/// `warnings` says.
fn parameters<'s>(
    spec: &'s OpenAPI,
    item: &'s PathItem,
    op: &'s Operation,
    at: &Pointer,
    warnings: &mut Vec<String>,
) -> Result<Vec<Param<'s>>, Fault> {
    let mut params: Vec<Param<'s>> = Vec::new();
    let path_at = at.parent().join("parameters");
    let listed = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (path_at.join(i), p))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (at.join("parameters").join(i), p)),
        );
    let mut resolved: Vec<(Pointer, &'s Parameter)> = Vec::new();
    for (p_at, p) in listed {
        let p = resolve_shared(p, "parameters", |c| &c.parameters, spec, &p_at)?;
        let key = |q: &Parameter| {
            (
                q.parameter_data_ref().name.clone(),
                std::mem::discriminant(q),
            )
        };
        resolved.retain(|(_, q)| key(q) != key(p));
        resolved.push((p_at, p));
    }
    for (p_at, p) in resolved {
        let (data, in_path) = match p {
            Parameter::Query { parameter_data, .. } => (parameter_data, false),
            Parameter::Path { parameter_data, .. } => (parameter_data, true),
            Parameter::Header { parameter_data, .. } | Parameter::Cookie { parameter_data, .. } => {
                warnings.push(format!(
                    "{p_at}: the parameter `{}` is a header or cookie, which the generated \
                     method does not send",
                    parameter_data.name
                ));
                continue;
            }
        };
        let schema = match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(s) => SchemaRef::from(s),
            openapiv3::ParameterSchemaOrContent::Content(_) => {
                return Err(Fault::new(
                    &p_at,
                    "parameters with `content` are not supported",
                ))
            }
        };
        params.push(Param {
            name: data.name.as_str(),
            schema,
            required: data.required || in_path,
            in_path,
        });
    }
    Ok(params)
}

/// The request body's media type to send, `None` when the operation has no body; refused when
/// the body offers none the generator sends.
fn body_media<'s>(
    spec: &'s OpenAPI,
    op: &'s Operation,
    at: &Pointer,
) -> Result<Option<Media<'s>>, Fault> {
    let Some(body) = &op.request_body else {
        return Ok(None);
    };
    let body = resolve_shared(body, "requestBodies", |c| &c.request_bodies, spec, at)?;
    let media = choose_media(spec, body);
    if media.is_none() && !body.content.is_empty() {
        return Err(Fault::new(
            &at.join("content"),
            "no media type of this request body is supported: JSON, a form, \
             multipart/form-data, or raw bytes (a `format: binary` string or no schema)",
        ));
    }
    Ok(media)
}

/// Whether a body of this shape is one JSON value rather than fields: a list, a string, a
/// number, a boolean, or a map (an object with no properties but `additionalProperties`).
fn is_value(shape: &Shape<'_>) -> bool {
    match shape {
        Shape::Array { .. }
        | Shape::String { .. }
        | Shape::Integer
        | Shape::Number
        | Shape::Boolean => true,
        Shape::Object {
            properties,
            additional: Some(openapiv3::AdditionalProperties::Schema(_)),
            ..
        } => properties.is_empty(),
        _ => false,
    }
}

/// The name of the request field that holds a body sent whole beside parameters (raw bytes, a
/// list): the body's place in the request.
const BODY_FIELD: &str = "body";

/// Adds the field holding a body sent whole ([`BODY_FIELD`]) to the parameters' struct;
/// refused when a parameter already has its name.
fn push_body_field(fields: &mut Struct, field: Field, body_at: &Pointer) -> Result<(), Fault> {
    if fields.fields.iter().any(|f| f.json_name == BODY_FIELD) {
        return Err(Fault::new(
            body_at,
            format!(
                "a parameter is named `{BODY_FIELD}`, which is where this request keeps its body"
            ),
        ));
    }
    fields.fields.push(field);
    Ok(())
}
