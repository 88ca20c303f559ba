//! Addressing nodes of a JSON tree, and the few OpenAPI notions mutations need (schemas,
//! components, `$ref`s).

use serde_json::{json, Map, Value};

use crate::rng::Rng;

/// One step from the root to a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Every node of `tree`, as the steps to reach it (the root is the empty path).
pub fn node_paths(tree: &Value) -> Vec<Vec<Step>> {
    fn walk(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(here.clone());
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    here.push(Step::Key(k.clone()));
                    walk(child, here, out);
                    here.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    here.push(Step::Index(i));
                    walk(child, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(tree, &mut Vec::new(), &mut out);
    out
}

pub fn get_mut<'a>(tree: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(tree, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

pub fn get<'a>(tree: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(tree, |v, step| match step {
        Step::Key(k) => v.get(k.as_str()),
        Step::Index(i) => v.get(*i),
    })
}

/// Removes the node at `path` (not the root) from its parent.
pub fn remove(tree: &mut Value, path: &[Step]) -> Option<Value> {
    let (last, parent) = path.split_last()?;
    match (get_mut(tree, parent)?, last) {
        (Value::Object(map), Step::Key(k)) => map.remove(k),
        (Value::Array(items), Step::Index(i)) if *i < items.len() => Some(items.remove(*i)),
        _ => None,
    }
}

const SCHEMA_KEYS: &[&str] = &[
    "type",
    "properties",
    "items",
    "$ref",
    "oneOf",
    "anyOf",
    "allOf",
    "enum",
    "nullable",
    "additionalProperties",
    "format",
    "required",
    "discriminator",
];

fn is_schema(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|m| SCHEMA_KEYS.iter().any(|k| m.contains_key(*k)))
}

/// A random node; with `schemas_only`, one that looks like a schema (falls back to any node).
pub fn pick_node(tree: &Value, rng: &mut Rng, schemas_only: bool) -> Vec<Step> {
    let all = node_paths(tree);
    if schemas_only {
        let schemas: Vec<&Vec<Step>> = all
            .iter()
            .filter(|p| get(tree, p).is_some_and(is_schema))
            .collect();
        if !schemas.is_empty() {
            return (*rng.pick(&schemas)).clone();
        }
    }
    rng.pick(&all).clone()
}

pub fn component_names(tree: &Value) -> Vec<String> {
    tree.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// The component whose schema contains `path`, if any.
pub fn enclosing_component(path: &[Step]) -> Option<String> {
    match path {
        [Step::Key(a), Step::Key(b), Step::Key(name), ..]
            if a == "components" && b == "schemas" =>
        {
            Some(name.clone())
        }
        _ => None,
    }
}

pub fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

pub fn schemas_mut(tree: &mut Value) -> &mut Map<String, Value> {
    if !tree.is_object() {
        *tree = json!({});
    }
    let root = tree.as_object_mut().expect("made an object above");
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let schemas = components
        .as_object_mut()
        .expect("made an object above")
        .entry("schemas")
        .or_insert_with(|| json!({}));
    if !schemas.is_object() {
        *schemas = json!({});
    }
    schemas.as_object_mut().expect("made an object above")
}

/// A JSON Pointer fragment for `path`.
pub fn pointer(path: &[Step]) -> String {
    let mut s = String::from("#");
    for step in path {
        s.push('/');
        match step {
            Step::Key(k) => s.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}
