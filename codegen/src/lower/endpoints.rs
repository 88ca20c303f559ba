//! Paths and operations into endpoints.
//!
//! - One endpoint per operation. Methods of one path are one operation when they share
//!   `x-fern-sdk-method-name`, else `operationId`, or carry neither (Seam pairs POST with GET,
//!   PUT, PATCH or DELETE): POST is canonical when present, else the first of GET, PUT, PATCH,
//!   DELETE; the others are noted in the docs, not generated again.
//! - The resource group is `x-fern-sdk-group-name`, else the path's fixed segments (without
//!   the last, for an action path: one operation, a fixed last segment); the method name is
//!   `x-fern-sdk-method-name`, else that last segment, else the `operationId`, else the HTTP
//!   method's verb (see `names`). No group: a method of the client itself.
//! - The request type is named `<Group><Method>Request`; its fields are the body's properties
//!   (JSON, or a form), then path and query parameters (the path item's and the operation's,
//!   `$ref`s resolved); a union body beside parameters is a flattened field; an array body is
//!   the `Vec` the method takes.
//! - The return value: the property named by `x-response-key`; where the spec gives none, the
//!   one property beside `ok` (and `pagination`) when there is exactly one; `()` when there is
//!   none; otherwise the whole typed body (`<Group><Method>Response`).
//! - A list returned beside `pagination` is paginated; a returned `action_attempt` on an
//!   operation with `x-action-attempt-type` is awaited.
//! - Idempotent (safe to retry after a server error): the path also accepts GET, PUT or DELETE.

use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, Schema};

use super::constraints::constraints;
use super::docs::paragraphs;
use super::types::{Place, TypeSpace};
use super::view::{deprecation_note, extension, resolve, resolve_shared, shape, SchemaRef, Shape};
use crate::error::{Fault, Pointer};
use crate::ir::{
    BodyEncoding, Endpoint, Field, Gate, HttpMethod, KeyKind, Response, Struct, TypeDef, TypeId,
    TypeKind, TypeRef,
};
use crate::naming::{self, pascal, snake};

/// An endpoint before it is placed in the resource tree.
pub struct Located {
    /// Resource path: `["acs", "users"]`.
    pub group: Vec<String>,
    pub endpoint: Endpoint,
}

pub fn lower_paths<'s>(space: &mut TypeSpace<'s>) -> Result<Vec<Located>, Fault> {
    let spec = space.spec;
    let mut out = Vec::new();
    for (path, item) in spec.paths.paths.iter() {
        let at = Pointer::default().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(Fault::new(&at, "path item $refs are not supported"))
            }
        };
        let operations = twins(&operations(item));
        for twins in &operations {
            out.push(lower_operation(
                space,
                path,
                item,
                twins,
                operations.len(),
                &at,
            )?);
        }
    }
    Ok(out)
}

fn operations(item: &PathItem) -> Vec<(HttpMethod, &Operation)> {
    [
        (HttpMethod::Post, &item.post),
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Delete, &item.delete),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    .collect()
}

/// The operations of a path, each with the other methods that are the same operation. Methods
/// are one operation when they carry the same `x-fern-sdk-method-name`, else the same
/// `operationId`; where they carry neither, the path is one operation (Seam's convention:
/// one operation offered under POST and GET, PUT, PATCH or DELETE) unless both send bodies
/// and the bodies differ (a POST of one file and a PUT of several are two operations). So
/// REST specs, whose methods have operation ids of their own, get one operation per method.
fn twins<'s>(ops: &[(HttpMethod, &'s Operation)]) -> Vec<Vec<(HttpMethod, &'s Operation)>> {
    let identity = |op: &Operation| {
        fern_method_name(op)
            .map(|n| format!("fern:{n}"))
            .or_else(|| op.operation_id.as_ref().map(|id| format!("id:{id}")))
    };
    let mut out: Vec<Vec<(HttpMethod, &'s Operation)>> = Vec::new();
    for &(method, op) in ops {
        let id = identity(op);
        let same_body = |other: &Operation| match (&op.request_body, &other.request_body) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let twin = |group: &&mut Vec<(HttpMethod, &'s Operation)>| {
            let first = group[0].1;
            identity(first) == id && (id.is_some() || same_body(first))
        };
        match out.iter_mut().find(twin) {
            Some(group) => group.push((method, op)),
            None => out.push(vec![(method, op)]),
        }
    }
    out
}

fn fern_method_name(op: &Operation) -> Option<&str> {
    op.extensions
        .get("x-fern-sdk-method-name")
        .and_then(|v| v.as_str())
}

/// Whether a path segment is a parameter: `{id}` or `[id]`.
fn is_parameter(segment: &str) -> bool {
    (segment.starts_with('{') && segment.ends_with('}'))
        || (segment.starts_with('[') && segment.ends_with(']'))
}

/// The resource group and method name of an operation: `x-fern-sdk-group-name` and
/// `x-fern-sdk-method-name` where the spec gives them; otherwise from the path's fixed
/// segments. A path with one operation (methods that are one operation count once) whose
/// last segment is fixed is an action
/// (`/acs/users/list` → `acs.users` + `list`); otherwise (REST: several methods on one path, or
/// a parameter last) the fixed segments are the group and the method is the `operationId`,
/// else named for the HTTP method (`list`/`get`, `create`, `replace`, `update`, `delete`).
/// An operation with no group is a method of the client itself.
fn names(
    path: &str,
    method: HttpMethod,
    op: &Operation,
    ops_on_path: usize,
) -> (Vec<String>, String) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let fixed: Vec<String> = segments
        .iter()
        .filter(|s| !is_parameter(s))
        .map(|s| snake(s))
        .collect();
    let action = ops_on_path == 1 && segments.last().is_some_and(|s| !is_parameter(s));
    let (mut group, mut name) = if action {
        let (last, rest) = fixed
            .split_last()
            .expect("an action path has a fixed segment");
        (rest.to_vec(), last.clone())
    } else {
        let verb = match method {
            HttpMethod::Get if segments.last().is_some_and(|s| !is_parameter(s)) => "list",
            HttpMethod::Get => "get",
            HttpMethod::Post => "create",
            HttpMethod::Put => "replace",
            HttpMethod::Patch => "update",
            HttpMethod::Delete => "delete",
        };
        let name = op
            .operation_id
            .as_deref()
            .map(snake)
            .unwrap_or_else(|| verb.to_owned());
        (fixed, name)
    };
    if let Some(names) = op
        .extensions
        .get("x-fern-sdk-group-name")
        .and_then(|v| v.as_array())
    {
        group = names.iter().filter_map(|n| n.as_str()).map(snake).collect();
    }
    if let Some(fern) = fern_method_name(op) {
        name = snake(fern);
    }
    (group, name)
}

fn lower_operation<'s>(
    space: &mut TypeSpace<'s>,
    path: &str,
    item: &'s PathItem,
    ops: &[(HttpMethod, &'s Operation)],
    ops_on_path: usize,
    at: &Pointer,
) -> Result<Located, Fault> {
    let (http_method, op) = ops[0];
    let op_at = at.join(http_method.as_str().to_ascii_lowercase());
    let (group, method) = names(path, http_method, op, ops_on_path);
    let base = format!(
        "{}{}",
        group.iter().map(|g| pascal(g)).collect::<String>(),
        pascal(&method)
    );
    // Operations at the root keep their types in `types/root.rs`.
    let module = naming::module_name(&if group.is_empty() {
        "root".to_owned()
    } else {
        group.join("_")
    });
    let op_extension = |key: &str| extension(&op.extensions, key);
    let undocumented = op_extension("x-undocumented").is_some();
    let gate = match group.first() {
        Some(top) => Gate::endpoint(&super::feature_name(top), undocumented),
        None => Gate::root(undocumented),
    };

    let RequestParts {
        request,
        value: request_value,
        encoding: body_encoding,
        path_params,
        query_params,
    } = request_type(space, item, op, &op_at, &base, &module)?;
    let response = response(space, op, &op_at, &base, &module)?;
    let sends_files = matches!(
        body_encoding,
        BodyEncoding::Multipart { .. } | BodyEncoding::Binary(_)
    );
    if sends_files && matches!(response, Response::Key { kind, .. } if kind != KeyKind::Plain) {
        return Err(Fault::new(
            &op_at,
            "a route that uploads files cannot also be paginated or return an action attempt",
        ));
    }

    let deprecated = deprecation_note(op_extension("x-deprecated"), op.deprecated);
    let draft = op_extension("x-draft").map(|v| {
        v.as_str()
            .unwrap_or("This endpoint is a draft.")
            .trim()
            .to_owned()
    });
    let also_accepts: Vec<HttpMethod> = ops.iter().skip(1).map(|(m, _)| *m).collect();
    let idempotent = ops
        .iter()
        .any(|(m, _)| matches!(m, HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete));
    let mut docs = Vec::new();
    // A title: `x-title`, else the summary unless it only repeats the route (Seam's do).
    let summary = op.summary.as_deref().filter(|s| s.trim() != path);
    if let Some(title) = op_extension("x-title").and_then(|v| v.as_str()).or(summary) {
        docs.extend(paragraphs(Some(title.trim())));
    }
    docs.extend(paragraphs(op.description.as_deref()));
    Ok(Located {
        group,
        endpoint: Endpoint {
            method_name: method,
            http_method,
            path: path.to_owned(),
            also_accepts,
            docs,
            request,
            request_value,
            body_encoding,
            path_params,
            query_params,
            response,
            deprecated,
            undocumented,
            draft,
            idempotent,
            gate,
        },
    })
}

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
struct RequestParts {
    request: Option<TypeId>,
    value: Option<TypeRef>,
    encoding: BodyEncoding,
    path_params: Vec<String>,
    query_params: Vec<String>,
}

impl RequestParts {
    /// An endpoint whose request carries nothing.
    fn none() -> Self {
        RequestParts {
            request: None,
            value: None,
            encoding: BodyEncoding::Json,
            path_params: Vec::new(),
            query_params: Vec::new(),
        }
    }
}

fn request_type<'s>(
    space: &mut TypeSpace<'s>,
    item: &'s PathItem,
    op: &'s Operation,
    at: &Pointer,
    base: &str,
    module: &str,
) -> Result<RequestParts, Fault> {
    let name = format!("{base}Request");
    let place = Place::root(&name, &name, module, at.join("requestBody")).in_request(base);
    let spec = space.spec;
    let request_body = op
        .request_body
        .as_ref()
        .map(|r| {
            resolve_shared(
                r,
                "requestBodies",
                |c| &c.request_bodies,
                spec,
                &place.pointer,
            )
        })
        .transpose()?;
    let media = match request_body {
        None => None,
        Some(body) => {
            let media = choose_media(space.spec, body);
            if media.is_none() && !body.content.is_empty() {
                return Err(Fault::new(
                    &place.pointer.join("content"),
                    "no media type of this request body is supported: JSON, a form, \
                     multipart/form-data, or raw bytes (a `format: binary` string or no schema)",
                ));
            }
            media
        }
    };
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
    let mut params: Vec<Param<'s>> = Vec::new();
    // The path's parameters, then the operation's (which replace a path one of the same name).
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
            Parameter::Header { .. } | Parameter::Cookie { .. } => continue,
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
            push_body_field(&mut fields, TypeRef::File, docs, &body_at)?;
            TypeKind::Struct(fields)
        }
        Some((_, Shape::Object { .. } | Shape::Free)) | None
            if matches!(encoding, BodyEncoding::Multipart { .. }) =>
        {
            let (props, req) = match body.map(shape) {
                Some(Shape::Object {
                    properties,
                    required,
                    ..
                }) => (properties, required.iter().map(String::as_str).collect()),
                _ => (Vec::new(), Vec::new()),
            };
            let files = file_fields(space.spec, &props, &body_at)?;
            let mut all = props.clone();
            let mut req: Vec<&str> = req;
            for p in &params {
                all.push((p.name, p.schema));
                if p.required {
                    req.push(p.name);
                }
            }
            let mut fields = space.object(&all, &req, &place, body_at.join("properties"))?;
            for field in &mut fields.fields {
                if let Some(file) = files.iter().find(|(name, _)| *name == field.json_name) {
                    field.ty = match &field.ty {
                        TypeRef::Nullable(_) => TypeRef::Nullable(Box::new(file.1.clone())),
                        _ => file.1.clone(),
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
        Some((
            _,
            Shape::Object {
                properties,
                required,
                ..
            },
        )) => {
            let mut props = properties;
            let mut req: Vec<&str> = required.iter().map(String::as_str).collect();
            for p in &params {
                props.push((p.name, p.schema));
                if p.required {
                    req.push(p.name);
                }
            }
            TypeKind::Struct(space.object(&props, &req, &place, body_at.join("properties"))?)
        }
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
        Some((b, s)) if is_value(&s) && params.is_empty() => {
            // The method takes the value itself.
            let value = space.lower(SchemaRef::Inline(b), &place.at(body_at.clone()))?;
            return Ok(RequestParts {
                value: Some(value),
                ..RequestParts::none()
            });
        }
        Some((b, s)) if is_value(&s) => {
            // The value beside the parameters: a field of its own, sent as the whole body.
            let value = space.lower(SchemaRef::Inline(b), &place.at(body_at.clone()))?;
            let mut fields = parameters_object(space, &params, &place, at)?;
            let docs = "The request body, sent as JSON.".to_owned();
            push_body_field(&mut fields, value, docs, &body_at)?;
            if let Some(field) = fields.fields.last_mut() {
                field.constraints = constraints(space.spec, SchemaRef::Inline(b));
            }
            encoding = BodyEncoding::JsonOf(BODY_FIELD.to_owned());
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
        encoding,
        path_params,
        query_params,
    })
}

/// Whether a body of this shape is one JSON value rather than fields: a list, a string, a
/// number or a boolean.
fn is_value(shape: &Shape<'_>) -> bool {
    matches!(
        shape,
        Shape::Array { .. }
            | Shape::String { .. }
            | Shape::Integer
            | Shape::Number
            | Shape::Boolean
    )
}

/// The name of the request field that holds a body sent whole beside parameters (raw bytes, a
/// list): the body's place in the request.
const BODY_FIELD: &str = "body";

/// Adds the field holding a body sent whole ([`BODY_FIELD`]) to the parameters' struct;
/// refused when a parameter already has its name.
fn push_body_field(
    fields: &mut Struct,
    ty: TypeRef,
    docs: String,
    body_at: &Pointer,
) -> Result<(), Fault> {
    if fields.fields.iter().any(|f| f.json_name == BODY_FIELD) {
        return Err(Fault::new(
            body_at,
            format!(
                "a parameter is named `{BODY_FIELD}`, which is where this request keeps its body"
            ),
        ));
    }
    fields.fields.push(Field {
        docs: vec![docs],
        ..Field::required(BODY_FIELD, ty)
    });
    Ok(())
}

/// A request body's media type the generator sends, and how.
struct Media<'s> {
    name: &'s str,
    media: &'s openapiv3::MediaType,
    encoding: BodyEncoding,
}

/// The media type to send a request body as, preferring JSON, then a form, then multipart,
/// then the first whose value is raw bytes (no schema, or a `format: binary` string); `None`
/// when none of them is offered.
fn choose_media<'s>(
    spec: &'s openapiv3::OpenAPI,
    body: &'s openapiv3::RequestBody,
) -> Option<Media<'s>> {
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
            body.content.iter().find_map(|(name, media)| {
                let raw = match &media.schema {
                    None => true,
                    Some(s) => {
                        resolve(spec, SchemaRef::from(s), &Pointer::default()).is_ok_and(is_binary)
                    }
                };
                let json = name.contains("json") || name.starts_with("multipart/");
                (raw && !json).then(|| Media {
                    name: name.as_str(),
                    media,
                    encoding: BodyEncoding::Binary(
                        concrete_type(name)
                            .unwrap_or("application/octet-stream")
                            .to_owned(),
                    ),
                })
            })
        })
}

/// A media type naming one type (`image/png`), not a range (`image/*`) or a list.
fn concrete_type(name: &str) -> Option<&str> {
    let name = name.trim();
    (!name.contains('*') && !name.contains(',') && name.contains('/')).then_some(name)
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
fn file_fields<'s>(
    spec: &'s openapiv3::OpenAPI,
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
fn part_content_types(
    media: &openapiv3::MediaType,
    files: &[(&str, TypeRef)],
) -> Vec<(String, String)> {
    files
        .iter()
        .filter_map(|(name, _)| {
            let given = media.encoding.get(*name)?.content_type.as_deref()?;
            Some(((*name).to_owned(), concrete_type(given)?.to_owned()))
        })
        .collect()
}

fn response<'s>(
    space: &mut TypeSpace<'s>,
    op: &'s Operation,
    at: &Pointer,
    base: &str,
    module: &str,
) -> Result<Response, Fault> {
    let responses_at = at.join("responses");
    let ok =
        op.responses.responses.iter().find(
            |(code, _)| matches!(code, openapiv3::StatusCode::Code(c) if (200..300).contains(c)),
        );
    let Some((code, response)) = ok else {
        return Ok(Response::Empty);
    };
    let r_at = responses_at.join(code.to_string());
    let response = resolve_shared(response, "responses", |c| &c.responses, space.spec, &r_at)?;
    let Some(media) = response.content.get("application/json") else {
        return Ok(Response::Empty);
    };
    let Some(schema_ref) = media.schema.as_ref() else {
        return Ok(Response::Empty);
    };
    let s_at = r_at.join("content").join("application/json").join("schema");
    let schema = resolve(space.spec, SchemaRef::from(schema_ref), &s_at)?;
    // The whole body, typed, where no single property is the return value.
    let whole_body = |space: &mut TypeSpace<'s>, s_at: Pointer| -> Result<Response, Fault> {
        let name = format!("{base}Response");
        let place = Place::root(&name, &name, module, s_at);
        Ok(Response::Body(
            space.lower(SchemaRef::from(schema_ref), &place)?,
        ))
    };
    let Shape::Object {
        properties,
        required,
        ..
    } = shape(schema)
    else {
        return whole_body(space, s_at);
    };
    let named_key = op.extensions.get("x-response-key").and_then(|v| v.as_str());
    let returned: Vec<&str> = properties
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| *n != "ok" && *n != "pagination")
        .collect();
    let key = match named_key {
        Some(k) if properties.iter().any(|(n, _)| *n == k) => k,
        Some(k) => {
            return Err(Fault::new(
                at,
                format!("x-response-key {k:?} is not a property of the response"),
            ))
        }
        None if returned.is_empty() => return Ok(Response::Empty),
        None if returned.len() == 1 => returned[0],
        None => return whole_body(space, s_at),
    };
    let (_, key_schema) = properties
        .iter()
        .find(|(n, _)| *n == key)
        .expect("key found above");
    let place = Place::root(
        &format!("{base}{}", pascal(key)),
        &pascal(key),
        module,
        s_at.join("properties").join(key),
    );
    let ty = space.lower(*key_schema, &place)?;
    let paginated = properties.iter().any(|(n, _)| *n == "pagination");
    let action_attempt = key == "action_attempt"
        && op
            .extensions
            .get("x-action-attempt-type")
            .is_some_and(|v| !v.is_null());
    Ok(match ty {
        TypeRef::List(item) if paginated => Response::Key {
            key: key.to_owned(),
            ty: *item,
            kind: KeyKind::Paginated,
        },
        ty if action_attempt => Response::Key {
            key: key.to_owned(),
            ty,
            kind: KeyKind::ActionAttempt,
        },
        // A key the spec leaves optional may be missing from a good response.
        ty if !required.iter().any(|r| r == key) && !ty.is_nullable() => Response::Key {
            key: key.to_owned(),
            ty: TypeRef::Nullable(Box::new(ty)),
            kind: KeyKind::Plain,
        },
        ty => Response::Key {
            key: key.to_owned(),
            ty,
            kind: KeyKind::Plain,
        },
    })
}
