//! Structure-aware edits of a spec tree: delete, duplicate, retype and swap nodes; rewrite
//! `type`, `enum`, unions, `$ref`s, `discriminator`, `nullable`, `required`,
//! `additionalProperties`; self-references and long chains; deep nesting; odd and colliding
//! names; `x-` extensions with the wrong types; paths, methods, parameters, status codes.

use serde_json::{json, Map, Value};

use crate::corpus::Corpus;
use crate::rng::Rng;
use crate::tree::{
    component_names, enclosing_component, get, get_mut, node_paths, pick_node, pointer, remove,
    schema_ref, schemas_mut, Step,
};
use crate::vocab::{odd_name, odd_value, EXTENSIONS, TYPES};

/// Applies one random structural edit to `tree`.
pub fn mutate(tree: &mut Value, corpus: &Corpus, rng: &mut Rng) {
    match rng.below(24) {
        0 | 1 => {
            let path = pick_node(tree, rng, false);
            remove(tree, &path);
        }
        2 => duplicate(tree, rng),
        3 => {
            let schemas = rng.one_in(2);
            let path = pick_node(tree, rng, schemas);
            let value = odd_value(rng, 0);
            if let Some(node) = get_mut(tree, &path) {
                *node = value;
            }
        }
        4 => swap(tree, rng),
        5 => set_key(tree, rng, "type", |rng| match rng.below(6) {
            0 => json!(["string", "null"]),
            1 => json!(5),
            _ => json!(rng.pick(TYPES)),
        }),
        6 => set_key(tree, rng, "enum", |rng| {
            let n = if rng.one_in(8) { 3000 } else { rng.below(6) };
            Value::Array(
                (0..n)
                    .map(|i| match rng.below(8) {
                        0 => odd_value(rng, 2),
                        1 if i > 0 => json!("dup"),
                        _ => Value::String(odd_name(rng)),
                    })
                    .collect(),
            )
        }),
        7 | 8 => union(tree, rng),
        9 | 10 => reference(tree, rng),
        11 => cycle(tree, rng),
        12 => discriminator(tree, rng),
        13 => set_key(tree, rng, "nullable", |rng| match rng.below(4) {
            0 => json!("yes"),
            1 => Value::Null,
            _ => json!(rng.one_in(2)),
        }),
        14 => required(tree, rng),
        15 => set_key(tree, rng, "additionalProperties", |rng| {
            match rng.below(6) {
                0 => json!(true),
                1 => json!(false),
                2 => json!({}),
                3 => json!({ "type": "array", "items": {} }),
                4 => json!("no"),
                _ => odd_value(rng, 1),
            }
        }),
        16 => nest(tree, rng),
        17 => chain(tree, rng),
        18 | 19 => rename(tree, rng),
        20 => {
            let path = pick_node(tree, rng, false);
            let (key, value) = (rng.pick(EXTENSIONS).to_string(), odd_value(rng, 0));
            if let Some(Value::Object(map)) = get_mut(tree, &path) {
                map.insert(key, value);
            }
        }
        21 => http(tree, rng),
        22 => widen(tree, rng),
        _ => splice(tree, corpus, rng),
    }
}

/// Sets `key` of a random schema-like node to `make(rng)`.
fn set_key(tree: &mut Value, rng: &mut Rng, key: &str, make: impl FnOnce(&mut Rng) -> Value) {
    let path = pick_node(tree, rng, true);
    let value = make(rng);
    if let Some(Value::Object(map)) = get_mut(tree, &path) {
        map.insert(key.to_owned(), value);
    }
}

fn duplicate(tree: &mut Value, rng: &mut Rng) {
    let schemas = rng.one_in(2);
    let from = pick_node(tree, rng, schemas);
    let Some(copy) = get(tree, &from).cloned() else {
        return;
    };
    let to = pick_node(tree, rng, false);
    let name = match from.last() {
        // A sibling whose name collides with the original once cased.
        Some(Step::Key(k)) if rng.one_in(2) => {
            let variants = [
                k.to_uppercase(),
                k.replace('_', ""),
                k.replace('_', "-"),
                format!("{k}_"),
                format!("_{k}"),
                format!("{k}s"),
                k.chars().rev().collect(),
            ];
            rng.pick(&variants).clone()
        }
        _ => odd_name(rng),
    };
    match get_mut(tree, &to) {
        Some(Value::Object(map)) => {
            map.insert(name, copy);
        }
        Some(Value::Array(items)) => items.push(copy),
        _ => {}
    }
}

fn swap(tree: &mut Value, rng: &mut Rng) {
    let schemas = rng.one_in(2);
    let (a, b) = (pick_node(tree, rng, schemas), pick_node(tree, rng, schemas));
    if a.starts_with(&b) || b.starts_with(&a) {
        return;
    }
    let (Some(va), Some(vb)) = (get(tree, &a).cloned(), get(tree, &b).cloned()) else {
        return;
    };
    if let Some(node) = get_mut(tree, &a) {
        *node = vb;
    }
    if let Some(node) = get_mut(tree, &b) {
        *node = va;
    }
}

fn union(tree: &mut Value, rng: &mut Rng) {
    let path = pick_node(tree, rng, true);
    let names = component_names(tree);
    let Some(node) = get_mut(tree, &path) else {
        return;
    };
    let keyword = *rng.pick(&["oneOf", "anyOf", "allOf"]);
    let mut variants = Vec::new();
    if !rng.one_in(5) {
        variants.push(node.take());
    }
    for _ in 0..rng.below(4) {
        variants.push(match rng.below(6) {
            0 if !names.is_empty() => schema_ref(&rng.pick(&names).clone()),
            1 => json!({ "type": "null" }),
            2 => json!({ "type": "object", "properties": {
                "kind": { "type": "string", "enum": [odd_name(rng)] } } }),
            3 => json!({ "type": rng.pick(TYPES) }),
            4 => json!({ "nullable": true }),
            _ => odd_value(rng, 1),
        });
    }
    let mut map = Map::new();
    map.insert(keyword.to_owned(), Value::Array(variants));
    if rng.one_in(3) {
        map.insert("nullable".to_owned(), json!(true));
    }
    if rng.one_in(4) {
        map.insert("type".to_owned(), json!(rng.pick(TYPES)));
    }
    *node = Value::Object(map);
}

fn reference(tree: &mut Value, rng: &mut Rng) {
    let path = pick_node(tree, rng, true);
    let names = component_names(tree);
    let target = match rng.below(10) {
        0..=3 if !names.is_empty() => format!("#/components/schemas/{}", rng.pick(&names)),
        4 => enclosing_component(&path)
            .map(|n| format!("#/components/schemas/{n}"))
            .unwrap_or_else(|| "#".to_owned()),
        5 => format!("#/components/schemas/{}", odd_name(rng)),
        6 => (*rng.pick(&[
            "#",
            "",
            "#/",
            "#/paths",
            "#/components/schemas",
            "#/components/schemas/",
            "#/components/schemas/a/properties/b",
            "#/components/schemas/a~1b",
            "other.json#/components/schemas/a",
            "http://example.com/x.json",
            "#/components/responses/x",
            "#/components/parameters/x",
        ]))
        .to_owned(),
        _ => {
            // A pointer to another node of this very document, which may be anything.
            let other = pick_node(tree, rng, false);
            pointer(&other)
        }
    };
    if let Some(node) = get_mut(tree, &path) {
        let mut map = Map::new();
        map.insert("$ref".to_owned(), Value::String(target));
        if rng.one_in(4) {
            // Siblings of `$ref`, which OpenAPI 3.0 says to ignore.
            map.insert("nullable".to_owned(), json!(true));
            map.insert("description".to_owned(), json!("beside a ref"));
        }
        *node = Value::Object(map);
    }
}

/// Makes a component refer to itself, directly or through another component.
fn cycle(tree: &mut Value, rng: &mut Rng) {
    let names = component_names(tree);
    let name = if names.is_empty() || rng.one_in(4) {
        odd_name(rng)
    } else {
        rng.pick(&names).clone()
    };
    let other = if names.is_empty() {
        name.clone()
    } else {
        rng.pick(&names).clone()
    };
    let me = schema_ref(&name);
    let schema = match rng.below(10) {
        0 => me,
        1 => json!({ "type": "array", "items": me }),
        2 => json!({ "type": "object", "additionalProperties": me }),
        3 => json!({ "type": "object", "properties": { "next": me }, "required": ["next"] }),
        4 => json!({ "oneOf": [me, { "type": "null" }] }),
        5 => json!({ "allOf": [me] }),
        6 => {
            json!({ "allOf": [me, { "type": "object", "properties": { "a": { "type": "string" } } }] })
        }
        7 => json!({ "anyOf": [me, { "type": "string" }], "nullable": true }),
        8 => {
            schemas_mut(tree).insert(other.clone(), me);
            schema_ref(&other)
        }
        _ => json!({ "oneOf": [me, schema_ref(&other)],
            "discriminator": { "propertyName": "kind" } }),
    };
    schemas_mut(tree).insert(name.clone(), schema);
    // Make sure something reaches it.
    let path = pick_node(tree, rng, true);
    if enclosing_component(&path).is_none() || rng.one_in(2) {
        if let Some(node) = get_mut(tree, &path) {
            *node = schema_ref(&name);
        }
    }
}

fn discriminator(tree: &mut Value, rng: &mut Rng) {
    let names = component_names(tree);
    set_key(tree, rng, "discriminator", |rng| {
        let mut d = Map::new();
        if !rng.one_in(6) {
            let property = match rng.below(3) {
                0 => json!("type"),
                1 => Value::String(odd_name(rng)),
                _ => odd_value(rng, 2),
            };
            d.insert("propertyName".to_owned(), property);
        }
        if rng.one_in(2) {
            let mut mapping = Map::new();
            for _ in 0..rng.below(4) {
                let target = match rng.below(3) {
                    0 if !names.is_empty() => {
                        json!(format!("#/components/schemas/{}", rng.pick(&names)))
                    }
                    1 => Value::String(odd_name(rng)),
                    _ => odd_value(rng, 2),
                };
                mapping.insert(odd_name(rng), target);
            }
            d.insert("mapping".to_owned(), Value::Object(mapping));
        }
        Value::Object(d)
    });
}

fn required(tree: &mut Value, rng: &mut Rng) {
    let path = pick_node(tree, rng, true);
    let Some(Value::Object(map)) = get_mut(tree, &path) else {
        return;
    };
    let props: Vec<String> = map
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let mut list = Vec::new();
    for _ in 0..rng.below(5) {
        list.push(match rng.below(4) {
            0 | 1 if !props.is_empty() => json!(rng.pick(&props)),
            2 => odd_value(rng, 2),
            _ => Value::String(odd_name(rng)),
        });
    }
    if let (Some(first), true) = (list.first().cloned(), rng.one_in(3)) {
        list.push(first);
    }
    map.insert("required".to_owned(), Value::Array(list));
}

/// Wraps a schema in many levels of arrays, objects, maps or single-element unions.
fn nest(tree: &mut Value, rng: &mut Rng) {
    let path = pick_node(tree, rng, true);
    let depth = *rng.pick(&[10usize, 40, 63, 64, 100, 127, 128, 300]);
    let kind = rng.below(5);
    let Some(node) = get_mut(tree, &path) else {
        return;
    };
    let mut v = node.take();
    for _ in 0..depth {
        v = match kind {
            0 => json!({ "type": "array", "items": v }),
            1 => json!({ "type": "object", "properties": { "x": v } }),
            2 => json!({ "type": "object", "additionalProperties": v }),
            3 => json!({ "allOf": [v] }),
            _ => json!({ "oneOf": [v, { "type": "null" }] }),
        };
    }
    *node = v;
}

/// A long chain of components, each using the next: deep recursion without deep JSON.
fn chain(tree: &mut Value, rng: &mut Rng) {
    let len = *rng.pick(&[20usize, 33, 200, 3000]);
    let kind = rng.below(6);
    let prefix = format!("chain{}_", rng.below(1000));
    let schemas = schemas_mut(tree);
    for i in 0..len {
        let next = schema_ref(&format!("{prefix}{}", i + 1));
        let schema = if i + 1 == len {
            json!({ "type": "string" })
        } else {
            match kind {
                0 => next,
                1 => json!({ "type": "array", "items": next }),
                2 => json!({ "type": "object", "additionalProperties": next }),
                3 => {
                    json!({ "allOf": [next, { "type": "object", "properties": { "a": { "type": "string" } } }] })
                }
                4 => json!({ "oneOf": [next, { "type": "null" }] }),
                _ => json!({ "type": "object", "properties": { "x": next } }),
            }
        };
        schemas.insert(format!("{prefix}{i}"), schema);
    }
    let path = pick_node(tree, rng, true);
    if let Some(node) = get_mut(tree, &path) {
        *node = schema_ref(&format!("{prefix}0"));
    }
}

/// Renames a key: a property, a component (with or without its `$ref`s), a path, anything.
fn rename(tree: &mut Value, rng: &mut Rng) {
    let names = component_names(tree);
    let new = odd_name(rng);
    if !names.is_empty() && rng.one_in(3) {
        let old = rng.pick(&names).clone();
        if let Some(schema) = schemas_mut(tree).remove(&old) {
            schemas_mut(tree).insert(new.clone(), schema);
        }
        if !rng.one_in(4) {
            let (from, to) = (
                format!("#/components/schemas/{old}"),
                format!("#/components/schemas/{new}"),
            );
            replace_refs(tree, &from, &to);
        }
        return;
    }
    let path = pick_node(tree, rng, false);
    let Some((Step::Key(old), parent)) = path.split_last() else {
        return;
    };
    if let Some(Value::Object(map)) = get_mut(tree, parent) {
        if let Some(v) = map.remove(old) {
            map.insert(new, v);
        }
    }
}

fn replace_refs(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match v {
                    Value::String(s) if k == "$ref" && s == from => *s = to.to_owned(),
                    _ => replace_refs(v, from, to),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_refs(v, from, to)),
        _ => {}
    }
}

/// Edits what the generator reads from paths and operations: templates, methods, parameters,
/// status codes, media types.
fn http(tree: &mut Value, rng: &mut Rng) {
    let Some(paths) = tree.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let keys: Vec<String> = paths.keys().cloned().collect();
    if keys.is_empty() {
        return;
    }
    let key = rng.pick(&keys).clone();
    match rng.below(5) {
        0 => {
            let template = (*rng.pick(&[
                "",
                "/",
                "//",
                "/{}",
                "/{id",
                "/a/{id}/{id}",
                "/a b",
                "/ünï/cödé",
                "/self/type",
                "/seam/x",
                "/a/../b",
                "no-slash",
                "/default/x",
                "/undocumented/x",
                "/blocking/get",
                "/1/2",
                "/_/-",
                "/a/b/c/d/e/f/g",
                "/a.b/c",
                "/{x}/{y}/list",
            ]))
            .to_owned();
            let template = if rng.one_in(2) {
                format!("{key}{template}")
            } else {
                template
            };
            if let Some(v) = paths.remove(&key) {
                paths.insert(template, v);
            }
        }
        1 => {
            if let Some(Value::Object(item)) = paths.get_mut(&key) {
                let methods: Vec<String> = item.keys().cloned().collect();
                if let Some(m) = methods.first() {
                    let op = item.remove(m).unwrap_or_default();
                    let to = *rng.pick(&["get", "put", "post", "delete", "patch", "head", "trace"]);
                    item.insert(to.to_owned(), op.clone());
                    if rng.one_in(2) {
                        item.insert(m.clone(), op);
                    }
                }
            }
        }
        2 => {
            let parameter = json!({
                "name": odd_name(rng),
                "in": rng.pick(&["path", "query", "header", "cookie", "body"]),
                "required": rng.one_in(2),
                "schema": { "type": rng.pick(TYPES) }
            });
            if let Some(Value::Object(item)) = paths.get_mut(&key) {
                for op in item.values_mut() {
                    if let Some(op) = op.as_object_mut() {
                        let list = op.entry("parameters").or_insert_with(|| json!([]));
                        if let Some(list) = list.as_array_mut() {
                            list.push(parameter.clone());
                        }
                    }
                }
            }
        }
        3 => {
            let code = *rng.pick(&["2XX", "default", "abc", "999", "204", "201", "400", ""]);
            edit_keys_named(paths, "responses", code, rng);
        }
        _ => {
            let media = *rng.pick(&[
                "text/plain",
                "*/*",
                "",
                "application/json; charset=utf-8",
                "application/octet-stream",
                "multipart/form-data",
            ]);
            edit_keys_named(paths, "content", media, rng);
        }
    }
}

/// Renames the first key of every `container` object under `map` to `to` (or adds `to` beside it).
fn edit_keys_named(map: &mut Map<String, Value>, container: &str, to: &str, rng: &mut Rng) {
    let keep = rng.one_in(2);
    for (k, v) in map.iter_mut() {
        if k == container {
            if let Some(inner) = v.as_object_mut() {
                if let Some(first) = inner.keys().next().cloned() {
                    let moved = if keep {
                        inner.get(&first).cloned()
                    } else {
                        inner.remove(&first)
                    };
                    if let Some(moved) = moved {
                        inner.insert(to.to_owned(), moved);
                    }
                }
            }
        } else if let Some(inner) = v.as_object_mut() {
            edit_keys_named(inner, container, to, rng);
        }
    }
}

/// Many copies of one node side by side: wide objects, long enums, many paths.
fn widen(tree: &mut Value, rng: &mut Rng) {
    let path = pick_node(tree, rng, false);
    let Some(node) = get_mut(tree, &path) else {
        return;
    };
    // Wide, but not so large that making the input takes longer than running it.
    let size = node_paths(node).len();
    let n = (*rng.pick(&[50usize, 500, 5000]))
        .min(50_000 / size.max(1))
        .max(2);
    match node {
        Value::Object(map) => {
            if let Some((k, v)) = map.iter().next().map(|(k, v)| (k.clone(), v.clone())) {
                for i in 0..n {
                    map.insert(format!("{k}{i}"), v.clone());
                }
            }
        }
        Value::Array(items) => {
            if let Some(v) = items.first().cloned() {
                items.extend(std::iter::repeat(v).take(n));
            }
        }
        Value::String(s) => *s = s.repeat(n.min(200)),
        _ => {}
    }
}

/// Grafts a subtree of another seed in place of a node of this one.
fn splice(tree: &mut Value, corpus: &Corpus, rng: &mut Rng) {
    let donor = corpus.donor(rng);
    let from = pick_node(donor, rng, true);
    let Some(graft) = get(donor, &from).cloned() else {
        return;
    };
    let to = pick_node(tree, rng, true);
    if let Some(node) = get_mut(tree, &to) {
        *node = graft;
    }
}
