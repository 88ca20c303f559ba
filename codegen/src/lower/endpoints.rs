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
//! - The request: `requests.rs`.
//! - The return value: the property named by `x-response-key`; where the spec gives none, the
//!   one property beside `ok` (and `pagination`) when there is exactly one; `()` when there is
//!   none; otherwise the whole typed body (`<Group><Method>Response`). An explicit
//!   `x-response-key: null` is inferred the same way, but the value is an `Option`: the spec's
//!   authors say the operation returns nothing, so a response without it is no failure.
//! - A list returned beside `pagination` is paginated; a returned `action_attempt` on an
//!   operation with `x-action-attempt-type` is awaited (when it came back, if optional).
//! - Idempotent (safe to retry after a server error): the path also accepts GET, PUT or DELETE.

use openapiv3::{Operation, PathItem, ReferenceOr};

use super::docs::paragraphs;
use super::requests::{request_type, RequestParts};
use super::types::{Place, TypeSpace};
use super::view::{deprecation_note, extension, resolve, resolve_shared, shape, SchemaRef, Shape};
use crate::error::{Fault, Pointer};
use crate::ir::{BodyEncoding, Endpoint, Gate, HttpMethod, KeyKind, Response, TypeRef};
use crate::naming::{self, pascal, snake};

/// An endpoint before it is placed in the resource tree.
pub struct Located {
    /// Resource path: `["acs", "users"]`.
    pub group: Vec<String>,
    pub endpoint: Endpoint,
}

/// How deep resource groups nest (`seam.a().b()…`): Seam's go three deep; a path or
/// `x-fern-sdk-group-name` of hundreds of levels is refused rather than walked.
const MAX_GROUP_DEPTH: usize = 32;

pub fn lower_paths<'s>(space: &mut TypeSpace<'s>) -> Result<Vec<Located>, Fault> {
    let spec = space.spec;
    let mut out = Vec::new();
    for (path, item) in spec.paths.paths.iter() {
        let mut at = Pointer::default().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                // Another path's item (`#/paths/~1pets`): the same operations, at this path.
                let target = reference
                    .strip_prefix("#/paths/")
                    .map(|p| p.replace("~1", "/").replace("~0", "~"));
                match target
                    .as_deref()
                    .and_then(|t| spec.paths.paths.get_key_value(t))
                {
                    Some((name, ReferenceOr::Item(item))) => {
                        at = Pointer::default().join("paths").join(name);
                        item
                    }
                    _ => {
                        return Err(Fault::new(
                            &at,
                            format!(
                                "path item $ref {reference:?}: only a $ref to another path's \
                                 item is supported"
                            ),
                        ))
                    }
                }
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
    if group.len() > MAX_GROUP_DEPTH {
        return Err(Fault::new(
            &op_at,
            format!(
                "the resource group nests {} levels deep; at most {MAX_GROUP_DEPTH} are supported",
                group.len()
            ),
        ));
    }
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
        value_constraints: request_value_constraints,
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
            // A document may tell two entries of one path apart by a fragment
            // (`/cookies#form`); what is sent is the path.
            path: path.split('#').next().unwrap_or(path).to_owned(),
            also_accepts,
            docs,
            request,
            request_value,
            request_value_constraints,
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
    let Some((media_name, media)) = super::media::json_media(&response.content) else {
        // Not JSON: the bytes of a download (`application/pdf`, `image/png`, text), or nothing.
        return Ok(
            match super::media::raw_media(space.spec, &response.content) {
                Some((name, _)) => Response::Bytes(name.to_owned()),
                None => Response::Empty,
            },
        );
    };
    let Some(schema_ref) = media.schema.as_ref() else {
        return Ok(Response::Empty);
    };
    let s_at = r_at.join("content").join(media_name).join("schema");
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
    let returned: Vec<&str> = properties
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| *n != "ok" && *n != "pagination")
        .collect();
    let response_key = ResponseKey::of(op);
    let key = match response_key {
        ResponseKey::Named(k) if properties.iter().any(|(n, _)| *n == k) => k,
        ResponseKey::Named(k) => {
            return Err(Fault::new(
                at,
                format!("x-response-key {k:?} is not a property of the response"),
            ))
        }
        ResponseKey::Inferred | ResponseKey::Null if returned.is_empty() => {
            return Ok(Response::Empty)
        }
        ResponseKey::Inferred | ResponseKey::Null if returned.len() == 1 => returned[0],
        ResponseKey::Inferred | ResponseKey::Null => return whole_body(space, s_at),
    };
    // `x-response-key: null`: the spec's authors say the operation returns nothing (Seam's
    // own SDKs return nothing), yet the schema names a value: it is returned when the server
    // sends it, and its absence is no error.
    let optional = response_key == ResponseKey::Null || !required.iter().any(|r| r == key);
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
        // An attempt that may not come back is waited on only when it does.
        ty if action_attempt => Response::Key {
            key: key.to_owned(),
            ty: if optional && !ty.is_nullable() {
                TypeRef::Nullable(Box::new(ty))
            } else {
                ty
            },
            kind: KeyKind::ActionAttempt,
        },
        // A key the spec leaves optional may be missing from a good response.
        ty if optional && !ty.is_nullable() => Response::Key {
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

/// What an operation's `x-response-key` says of its return value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResponseKey<'s> {
    /// No `x-response-key` (or one that is not a string): inferred from the schema.
    Inferred,
    /// `x-response-key: null`: the operation returns nothing the caller may count on.
    Null,
    /// The value under this property.
    Named(&'s str),
}

impl<'s> ResponseKey<'s> {
    fn of(op: &'s Operation) -> Self {
        match op.extensions.get("x-response-key") {
            Some(serde_json::Value::Null) => ResponseKey::Null,
            Some(serde_json::Value::String(k)) => ResponseKey::Named(k),
            _ => ResponseKey::Inferred,
        }
    }
}
