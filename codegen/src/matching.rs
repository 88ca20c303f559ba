//! Which type of one generation stands for the same places as which type of another: the walk
//! that lets a regeneration keep published names (`lower/memory.rs`, old listing against the
//! new IR) and lets a report tell a rename from a removal (`xtask`, two listings).
//!
//! Two types stand for the same place when
//! - a method with the same route takes or returns them (request, returned value);
//! - they list the same JSON pointer (leaving out pointers into a `oneOf`/`anyOf`/`allOf`
//!   position, which shifts when a variant is added);
//! - or their parents do, and they hang from them the same way: a struct field of the same JSON
//!   name, a tagged-union variant of the same tag values, an untagged variant of the same name.
//!
//! Matching follows the shape of the data, not of the document, so a schema moved into a
//! component is found at the fields that now refer to it, and a variant at its tag values
//! wherever it moved in its `oneOf`. Each path that reaches a pair is a vote.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

use crate::ir::{type_ids, Api, Resource, Response, TypeId, TypeKind, TypeRef};
use crate::memory::{Memory, Published};

/// A route (`POST /access_codes/get`) with its request's type, and the types of the returned
/// value in order.
pub struct RouteTypes<Id> {
    pub route: String,
    pub request: Option<Id>,
    pub returns: Vec<Id>,
}

/// One generation, as the walk reads it.
pub trait Side {
    type Id: Copy + Eq + Ord + Hash;
    fn routes(&self) -> Vec<RouteTypes<Self::Id>>;
    /// Each type's pointers that survive a new variant.
    fn stable_places(&self) -> Vec<(&str, Self::Id)>;
    /// A struct's fields: JSON name and the types its type refers to, in order.
    fn fields(&self, id: Self::Id) -> Vec<(&str, Vec<Self::Id>)>;
    /// A tagged union's variants: tag values and payload.
    fn tagged(&self, id: Self::Id) -> Vec<(&[String], Self::Id)>;
    /// An untagged union's variants: name and the types it refers to.
    fn untagged(&self, id: Self::Id) -> Vec<(&str, Vec<Self::Id>)>;
}

/// Every (old, new) pair the walk meets, with its votes.
pub fn matches<O: Side, N: Side>(old: &O, new: &N) -> BTreeMap<(O::Id, N::Id), usize> {
    let mut queue: Vec<(O::Id, N::Id)> = Vec::new();
    let pair = |queue: &mut Vec<_>, o: Vec<O::Id>, n: Vec<N::Id>| {
        if o.len() == n.len() {
            queue.extend(o.into_iter().zip(n));
        }
    };
    let new_routes: HashMap<String, RouteTypes<N::Id>> = new
        .routes()
        .into_iter()
        .map(|r| (r.route.clone(), r))
        .collect();
    for r in old.routes() {
        let Some(n) = new_routes.get(&r.route) else {
            continue;
        };
        if let (Some(o), Some(n)) = (r.request, n.request) {
            queue.push((o, n));
        }
        pair(&mut queue, r.returns, n.returns.clone());
    }
    let at: HashMap<&str, N::Id> = new.stable_places().into_iter().collect();
    for (place, o) in old.stable_places() {
        if let Some(&n) = at.get(place) {
            queue.push((o, n));
        }
    }
    let mut votes: BTreeMap<(O::Id, N::Id), usize> = BTreeMap::new();
    let mut seen: HashSet<(O::Id, N::Id)> = HashSet::new();
    while let Some((o, n)) = queue.pop() {
        *votes.entry((o, n)).or_default() += 1;
        if !seen.insert((o, n)) {
            continue;
        }
        let new_fields = new.fields(n);
        for (json, refs) in old.fields(o) {
            if let Some((_, new_refs)) = new_fields.iter().find(|(j, _)| *j == json) {
                pair(&mut queue, refs, new_refs.clone());
            }
        }
        let new_tagged = new.tagged(n);
        for (values, payload) in old.tagged(o) {
            if let Some((_, p)) = new_tagged.iter().find(|(v, _)| *v == values) {
                queue.push((payload, *p));
            }
        }
        let new_untagged = new.untagged(n);
        for (name, refs) in old.untagged(o) {
            if let Some((_, new_refs)) = new_untagged.iter().find(|(v, _)| *v == name) {
                pair(&mut queue, refs, new_refs.clone());
            }
        }
    }
    votes
}

/// A pointer whose meaning survives a new variant: one that does not go through a position of
/// a `oneOf`, `anyOf` or `allOf`.
fn is_stable(pointer: &str) -> bool {
    !["/oneOf/", "/anyOf/", "/allOf/"]
        .iter()
        .any(|s| pointer.contains(s))
}

/// A published listing as one side: types by name.
pub struct Listing<'a> {
    memory: &'a Memory,
    by_name: HashMap<&'a str, &'a Published>,
}

impl<'a> Listing<'a> {
    pub fn new(memory: &'a Memory) -> Listing<'a> {
        Listing {
            memory,
            by_name: memory.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// The published types a type as written names (`Option<Vec<AccessCode>>` → `AccessCode`).
    fn refs(&self, written: &'a str) -> Vec<&'a str> {
        written
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter_map(|w| self.by_name.get_key_value(w).map(|(k, _)| *k))
            .collect()
    }
}

impl<'a> Side for Listing<'a> {
    type Id = &'a str;

    fn routes(&self) -> Vec<RouteTypes<&'a str>> {
        self.memory
            .methods
            .iter()
            .map(|m| RouteTypes {
                route: m.route.clone(),
                request: m.request.as_deref().and_then(|r| self.refs(r).pop()),
                returns: self.refs(&m.returns),
            })
            .collect()
    }

    fn stable_places(&self) -> Vec<(&str, &'a str)> {
        self.memory
            .types
            .iter()
            .flat_map(|t| {
                t.places
                    .iter()
                    .filter(|p| is_stable(p))
                    .map(|p| (p.as_str(), t.name.as_str()))
            })
            .collect()
    }

    fn fields(&self, id: &'a str) -> Vec<(&str, Vec<&'a str>)> {
        self.by_name.get(id).map_or_else(Vec::new, |t| {
            t.fields
                .iter()
                .map(|(json, written)| (json.as_str(), self.refs(written)))
                .collect()
        })
    }

    fn tagged(&self, id: &'a str) -> Vec<(&[String], &'a str)> {
        self.by_name.get(id).map_or_else(Vec::new, |t| {
            t.variants
                .iter()
                .filter(|v| !v.tag_values.is_empty())
                .filter_map(|v| Some((v.tag_values.as_slice(), self.refs(v.ty.as_deref()?).pop()?)))
                .collect()
        })
    }

    fn untagged(&self, id: &'a str) -> Vec<(&str, Vec<&'a str>)> {
        self.by_name.get(id).map_or_else(Vec::new, |t| {
            t.variants
                .iter()
                .filter(|v| v.tag_values.is_empty())
                .map(|v| {
                    (
                        v.name.as_str(),
                        v.ty.as_deref().map_or_else(Vec::new, |w| self.refs(w)),
                    )
                })
                .collect()
        })
    }
}

/// The IR being generated, as the new side.
pub struct Lowered<'a>(pub &'a Api);

impl Side for Lowered<'_> {
    type Id = TypeId;

    fn routes(&self) -> Vec<RouteTypes<TypeId>> {
        fn collect(node: &Resource, out: &mut Vec<RouteTypes<TypeId>>) {
            for e in &node.endpoints {
                let returns = match &e.response {
                    Response::Body(ty) | Response::Key { ty, .. } => named(ty),
                    Response::Empty | Response::Bytes(_) => Vec::new(),
                };
                out.push(RouteTypes {
                    route: format!("{} {}", e.http_method.as_str(), e.path),
                    request: e.request,
                    returns,
                });
            }
            node.children.iter().for_each(|c| collect(c, out));
        }
        let mut out = Vec::new();
        collect(&self.0.root, &mut out);
        out
    }

    fn stable_places(&self) -> Vec<(&str, TypeId)> {
        type_ids(&self.0.types)
            .flat_map(|id| {
                self.0.types[id]
                    .places
                    .iter()
                    .filter(|p| is_stable(p))
                    .map(move |p| (p.as_str(), id))
            })
            .collect()
    }

    fn fields(&self, id: TypeId) -> Vec<(&str, Vec<TypeId>)> {
        match &self.0.types[id].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| (f.json_name.as_str(), named(&f.ty)))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn tagged(&self, id: TypeId) -> Vec<(&[String], TypeId)> {
        match &self.0.types[id].kind {
            TypeKind::Tagged(u) => u
                .variants
                .iter()
                .filter_map(|v| Some((v.values.as_slice(), v.payload?)))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn untagged(&self, id: TypeId) -> Vec<(&str, Vec<TypeId>)> {
        match &self.0.types[id].kind {
            TypeKind::Untagged(u) => u
                .variants
                .iter()
                .map(|v| (v.name.as_str(), named(&v.ty)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The named types a reference reaches, in order.
fn named(r: &TypeRef) -> Vec<TypeId> {
    match r {
        TypeRef::Named(id) => vec![*id],
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(inner),
        _ => Vec::new(),
    }
}
