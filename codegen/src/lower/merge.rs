//! Merging and naming: after every schema is lowered (one type per place), types of one shape
//! become one type only where they can share a name that says what they are; each type's
//! name is then a function of its own shape and of the places that use it, never of the order
//! the spec is read in.
//!
//! The rules, applied to each group of types with one shape (docs aside; objects and unions
//! inside a request body only within that request):
//! 1. a group holding a component schema is that component: inline copies take its name;
//! 2. places that would give the same name are one type of that name;
//! 3. payloads of tagged-union variants: the variants of one union sharing a payload name it
//!    after the union and what the variant names share (`ActionAttempt` + `Pending`); one
//!    variant of several unions names it after the variant and what the unions share
//!    (`BridgeDisconnected` + `Error`);
//! 4. places whose own part of the name (the field, not its parent) is the same and says
//!    something (two words or more) share it: `accepted_capabilities` items are
//!    `AcceptedCapability` wherever they appear;
//! 5. otherwise nothing is merged: each place keeps the name of its place
//!    (`ThermostatScheduleError` beside `AcsCredentialError`), as async-stripe does.
//!
//! A merged type used by several modules lives in [`SHARED_MODULE`]. Names are claimed in
//! the order of the names themselves, then of the places' JSON paths, so a numeric suffix
//! (needed only when two different shapes want one name) falls the same way each run.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::endpoints::Located;
use super::types::{Place, TypeSpace};
use crate::ir::{type_ids, Constraints, PerType, Response, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming::{self, pascal};

/// The module of types that several modules share.
pub const SHARED_MODULE: &str = "shared";

/// Merges types of one shape by the rules above, names every inline type, and renumbers the
/// types so that only the kept ones remain, in their first-made order.
pub fn merge_and_name(space: &mut TypeSpace<'_>, located: &mut [Located]) {
    // A shared name two units ask for goes to neither (they keep their places' names), so no
    // numeric suffix decides which shape a name means; dropping one may split a type and free
    // or contest another name, hence the loop (two rounds settle Seam's spec).
    let mut taken = Taken {
        names: &space.names,
        contested: BTreeSet::new(),
    };
    let units = loop {
        let units = units(space, &taken);
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for u in units
            .iter()
            .filter(|u| !space.is_component(u.representative))
        {
            *count.entry(u.name.as_str()).or_default() += 1;
        }
        let contested: BTreeSet<String> = units
            .iter()
            .filter(|u| u.shared && count[u.name.as_str()] > 1)
            .map(|u| u.name.clone())
            .collect();
        if contested.is_subset(&taken.contested) {
            break units;
        }
        taken.contested.extend(contested);
    };
    let mut remap = PerType::new(&space.types, |id| id);
    for unit in &units {
        for &member in &unit.members {
            remap[member] = unit.representative;
        }
    }
    // The kept type carries what any of its copies needed.
    for unit in &units {
        let request_root = unit.members.iter().any(|&m| space.types[m].request_root);
        let docs = unit
            .members
            .iter()
            .map(|&m| &space.types[m].docs)
            .find(|d| !d.is_empty())
            .cloned()
            .unwrap_or_default();
        let mut places: Vec<String> = unit
            .members
            .iter()
            .flat_map(|&m| space.types[m].places.iter().cloned())
            .collect();
        places.sort();
        places.dedup();
        let constraints = variant_constraints(space, &unit.members);
        let def = &mut space.types[unit.representative];
        if let (TypeKind::Untagged(u), Some(constraints)) = (&mut def.kind, constraints) {
            for (variant, c) in u.variants.iter_mut().zip(constraints) {
                variant.constraints = c;
            }
        }
        def.places = places;
        def.request_root |= request_root;
        def.docs = docs;
        def.module = unit.module.clone();
    }
    name_units(space, &units);
    renumber(space, located, &remap);
}

/// For an untagged union merged from several places: each variant's constraints, from the
/// first place that states any (its request places; a response states none that matter).
fn variant_constraints(space: &TypeSpace<'_>, members: &[TypeId]) -> Option<Vec<Constraints>> {
    let unions: Vec<&crate::ir::Untagged> = members
        .iter()
        .filter_map(|&m| match &space.types[m].kind {
            TypeKind::Untagged(u) => Some(u),
            _ => None,
        })
        .collect();
    let first = unions.first()?;
    Some(
        (0..first.variants.len())
            .map(|i| {
                unions
                    .iter()
                    .filter_map(|u| u.variants.get(i))
                    .map(|v| v.constraints.clone())
                    .find(|c| !c.is_empty())
                    .unwrap_or_default()
            })
            .collect(),
    )
}

/// Names a shared name may not take: those already claimed (components, requests) and those
/// several units asked for.
struct Taken<'a> {
    names: &'a naming::Namespace,
    contested: BTreeSet<String>,
}

impl Taken<'_> {
    fn contains(&self, name: &str) -> bool {
        self.names.contains(name) || self.contested.contains(name)
    }
}

/// One kept type and the copies merged into it.
struct Unit {
    representative: TypeId,
    members: Vec<TypeId>,
    /// The name it asks for; claimed (with a suffix if taken) by `name_units`.
    name: String,
    /// Whether the name is one the places share (rules 3 and 4) rather than a place's own.
    shared: bool,
    module: String,
}

/// Decides the units, shortest types first, so a type's children are settled (and its shape
/// can name them by their kept type) before the type itself.
fn units(space: &TypeSpace<'_>, taken: &Taken<'_>) -> Vec<Unit> {
    let heights = heights(space);
    let mut order: Vec<TypeId> = type_ids(&space.types)
        .filter(|id| space.places.contains_key(id) || space.is_component(*id))
        .collect();
    order.sort_by_key(|&id| (heights[id], id));
    let mut kept = PerType::new(&space.types, |id| id);
    let mut out = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let height = heights[order[start]];
        let end = order[start..]
            .iter()
            .position(|&id| heights[id] != height)
            .map_or(order.len(), |n| start + n);
        let mut groups: BTreeMap<ShapeKey, Vec<TypeId>> = BTreeMap::new();
        for &id in &order[start..end] {
            groups
                .entry(shape_key(space, id, &kept))
                .or_default()
                .push(id);
        }
        for members in groups.into_values() {
            for unit in split(space, members, taken) {
                for &m in &unit.members {
                    kept[m] = unit.representative;
                }
                out.push(unit);
            }
        }
        start = end;
    }
    out
}

/// How deep a type's inline children go (components count as leaves, which also stops cycles).
fn heights(space: &TypeSpace<'_>) -> PerType<usize> {
    fn height(space: &TypeSpace<'_>, id: TypeId, memo: &mut PerType<Option<usize>>) -> usize {
        if let Some(h) = memo[id] {
            return h;
        }
        memo[id] = Some(0); // guards cycles, which only components close
        let h = super::reach::references(&space.types[id].kind)
            .into_iter()
            .filter(|&c| !space.is_component(c))
            .map(|c| height(space, c, memo) + 1)
            .max()
            .unwrap_or(0);
        memo[id] = Some(h);
        h
    }
    let mut memo = PerType::new(&space.types, |_| None);
    PerType::new(&space.types, |id| height(space, id, &mut memo))
}

/// The rules of the module docs, for one group of types with one shape.
fn split(space: &TypeSpace<'_>, members: Vec<TypeId>, taken: &Taken<'_>) -> Vec<Unit> {
    let (components, inline): (Vec<TypeId>, Vec<TypeId>) =
        members.into_iter().partition(|&id| space.is_component(id));
    // Rule 1.
    if let [component] = components[..] {
        let def = &space.types[component];
        return vec![Unit {
            representative: component,
            members: [vec![component], inline].concat(),
            name: def.name.clone(),
            shared: false,
            module: def.module.clone(),
        }];
    }
    let mut units: Vec<Unit> = components
        .into_iter()
        .map(|c| Unit {
            representative: c,
            members: vec![c],
            name: space.types[c].name.clone(),
            shared: false,
            module: space.types[c].module.clone(),
        })
        .collect();
    if inline.is_empty() {
        return units;
    }
    let places: Vec<&Place> = inline.iter().map(|id| &space.places[id]).collect();
    let wanted: BTreeSet<&str> = places.iter().map(|p| p.name.as_str()).collect();
    let value_like = is_value_like(&space.types[inline[0]].kind);
    let shared = match wanted.len() {
        1 => wanted.first().map(|w| (*w).to_owned()),
        _ if value_like => value_name(&places),
        _ => hint_name(&places),
    }
    .filter(|name| wanted.len() == 1 || !taken.contains(name));
    if let Some(name) = shared {
        // Rules 2 and 4.
        let shared = wanted.len() > 1;
        units.push(unit(inline, name, shared, &places));
        return units;
    }
    // Rule 3, then rule 5 for what is left.
    let mut rest: Vec<(TypeId, &Place)> = inline.into_iter().zip(places).collect();
    for by_variant in [true, false] {
        // Keyed by the fixed name and the last word of the varying one: `BeingDeleted` payloads
        // of unions that end in `Warning` share a type, those of `…PendingMutation` another.
        let mut parts: BTreeMap<(&str, String), Vec<(TypeId, &Place)>> = BTreeMap::new();
        let mut left = Vec::new();
        for (id, place) in rest {
            match &place.variant_of {
                Some((union, variant)) => {
                    let (fixed, varying) = if by_variant {
                        (variant, union)
                    } else {
                        (union, variant)
                    };
                    let last = naming::words(varying).pop().unwrap_or_default();
                    parts
                        .entry((fixed.as_str(), last))
                        .or_default()
                        .push((id, place));
                }
                None => left.push((id, place)),
            }
        }
        for ((fixed, _), part) in parts {
            let varying: BTreeSet<&str> = part
                .iter()
                .filter_map(|(_, p)| p.variant_of.as_ref())
                .map(|(union, variant)| if by_variant { union } else { variant }.as_str())
                .collect();
            let suffix = common_word_suffix(&varying.iter().copied().collect::<Vec<_>>());
            let name = naming::type_ident(&format!("{fixed}{suffix}"));
            if varying.len() >= 2 && !suffix.is_empty() && !taken.contains(&name) {
                let (ids, places): (Vec<TypeId>, Vec<&Place>) = part.into_iter().unzip();
                units.push(unit(ids, name, true, &places));
            } else {
                left.extend(part);
            }
        }
        rest = left;
    }
    // Rule 4 for the rest: places that give the same own part of a name (two words or more)
    // share it; then what all the remaining names end with, when that is two words or more.
    let mut by_hint: BTreeMap<&str, Vec<(TypeId, &Place)>> = BTreeMap::new();
    for (id, place) in rest {
        by_hint
            .entry(place.hint.as_str())
            .or_default()
            .push((id, place));
    }
    let mut rest = Vec::new();
    for (hint, part) in by_hint {
        let wanted: BTreeSet<&str> = part.iter().map(|(_, p)| p.name.as_str()).collect();
        let name = naming::type_ident(hint);
        if wanted.len() >= 2 && naming::words(hint).len() >= 2 && !taken.contains(&name) {
            let (ids, places): (Vec<TypeId>, Vec<&Place>) = part.into_iter().unzip();
            units.push(unit(ids, name, true, &places));
        } else {
            rest.extend(part);
        }
    }
    let names: Vec<&str> = rest
        .iter()
        .map(|(_, p)| p.name.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let suffix = common_word_suffix(&names);
    if names.len() >= 2 && naming::words(&suffix).len() >= 2 && !taken.contains(&suffix) {
        let (ids, places): (Vec<TypeId>, Vec<&Place>) = rest.into_iter().unzip();
        units.push(unit(ids, naming::type_ident(&suffix), true, &places));
        return units;
    }
    let mut by_name: BTreeMap<&str, (Vec<TypeId>, Vec<&Place>)> = BTreeMap::new();
    for (id, place) in rest {
        let entry = by_name.entry(place.name.as_str()).or_default();
        entry.0.push(id);
        entry.1.push(place);
    }
    for (name, (ids, places)) in by_name {
        units.push(unit(ids, name.to_owned(), false, &places));
    }
    units
}

fn unit(members: Vec<TypeId>, name: String, shared: bool, places: &[&Place]) -> Unit {
    let modules: BTreeSet<&str> = places.iter().map(|p| p.module.as_str()).collect();
    let module = match modules.len() {
        1 => places[0].module.clone(),
        _ => SHARED_MODULE.to_owned(),
    };
    Unit {
        representative: members[0],
        members,
        name,
        shared,
        module,
    }
}

/// Rule 4 for enums and unions of plain values: the shortest own part of a name (two words or
/// more) among the places, ties broken alphabetically; a set-wise choice, so the order the
/// spec is read in never changes it.
fn value_name(places: &[&Place]) -> Option<String> {
    let hints: BTreeSet<&str> = places.iter().map(|p| p.hint.as_str()).collect();
    hints
        .into_iter()
        .filter(|h| naming::words(h).len() >= 2)
        .min_by_key(|h| (h.len(), *h))
        .map(naming::type_ident)
}

/// Rule 4: the own part of the name every place gives, when it is two words or more.
fn hint_name(places: &[&Place]) -> Option<String> {
    let hints: BTreeSet<&str> = places.iter().map(|p| p.hint.as_str()).collect();
    match hints.into_iter().collect::<Vec<_>>()[..] {
        [hint] if naming::words(hint).len() >= 2 => Some(naming::type_ident(hint)),
        _ => None,
    }
}

/// The words that end every one of `names`: `["LockDoorSuccess", "UnlockDoorSuccess"]` →
/// `DoorSuccess`.
pub fn common_word_suffix(names: &[&str]) -> String {
    let split: Vec<Vec<String>> = names.iter().map(|n| naming::words(n)).collect();
    if split.is_empty() {
        return String::new();
    }
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    let mut common = 0;
    while common < shortest {
        let word = &split[0][split[0].len() - 1 - common];
        if split.iter().all(|w| &w[w.len() - 1 - common] == word) {
            common += 1;
        } else {
            break;
        }
    }
    let first = &split[0];
    first[first.len() - common..]
        .iter()
        .map(|w| pascal(w))
        .collect()
}

/// Claims each inline unit's name: by name, then by the first JSON path among its places.
fn name_units(space: &mut TypeSpace<'_>, units: &[Unit]) {
    let mut inline: Vec<(&str, String, TypeId)> = units
        .iter()
        .filter(|u| !space.is_component(u.representative))
        .map(|u| {
            let first = u
                .members
                .iter()
                .map(|m| space.places[m].pointer.to_string())
                .min()
                .unwrap_or_default();
            (u.name.as_str(), first, u.representative)
        })
        .collect();
    inline.sort();
    for (name, _, id) in inline {
        let claimed = space.names.claim(&naming::type_ident(name));
        space.types[id].name = claimed;
    }
}

/// Points every reference at the kept types and drops the merged copies. Only the types and
/// the endpoints are read after this; the space's records by id (places, components) are not.
fn renumber(space: &mut TypeSpace<'_>, located: &mut [Located], merged: &PerType<TypeId>) {
    let kept: Vec<TypeId> = type_ids(&space.types)
        .filter(|&id| merged[id] == id)
        .collect();
    let mut index = HashMap::with_capacity(kept.len());
    for (new, &old) in kept.iter().enumerate() {
        index.insert(old, TypeId(new));
    }
    let to = |id: TypeId| index[&merged[id]];
    let types = std::mem::take(&mut space.types);
    space.types = types
        .into_iter()
        .enumerate()
        .filter(|(id, _)| merged[TypeId(*id)] == TypeId(*id))
        .map(|(_, mut def)| {
            remap_kind(&mut def, &to);
            def
        })
        .collect();
    for l in located {
        let e = &mut l.endpoint;
        e.request = e.request.map(to);
        if let Some(list) = &mut e.request_value {
            remap_ref(list, &to);
        }
        match &mut e.response {
            Response::Empty | Response::Bytes(_) => {}
            Response::Body(ty) | Response::Key { ty, .. } => remap_ref(ty, &to),
        }
    }
}

fn remap_kind(def: &mut TypeDef, to: &impl Fn(TypeId) -> TypeId) {
    match &mut def.kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| remap_ref(&mut f.ty, to)),
        TypeKind::StringEnum(_) => {}
        TypeKind::Tagged(t) => t
            .variants
            .iter_mut()
            .for_each(|v| v.payload = v.payload.map(to)),
        TypeKind::Untagged(u) => {
            u.variants.iter_mut().for_each(|v| remap_ref(&mut v.ty, to));
            // Two spellings of one type are one variant.
            let mut seen = Vec::new();
            u.variants.retain(|v| {
                let new = !seen.contains(&v.ty);
                seen.push(v.ty.clone());
                new
            });
        }
    }
}

fn remap_ref(r: &mut TypeRef, to: &impl Fn(TypeId) -> TypeId) {
    match r {
        TypeRef::Named(id) => *id = to(*id),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            remap_ref(inner, to)
        }
        TypeRef::Bool
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::String
        | TypeRef::Timestamp
        | TypeRef::Json
        | TypeRef::File => {}
    }
}

/// The merge key of a type: its kind with documentation left out, children named by the type
/// they were kept as, and for objects and unions inside a request body, the request. The IR's
/// own derived equality and order, so a new field of the IR takes part without being listed.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct ShapeKey {
    request: Option<String>,
    kind: TypeKind,
}

fn shape_key(space: &TypeSpace<'_>, id: TypeId, kept: &PerType<TypeId>) -> ShapeKey {
    let def = &space.types[id];
    let request = space.places.get(&id).and_then(|p| p.request.as_deref());
    let scope = match request {
        Some(request) if !is_value_like(&def.kind) => Some(request.to_owned()),
        _ => None,
    };
    let mut kind = def.kind.clone();
    let to = |c: TypeId| kept[c];
    // Constraints tell request objects apart (they are checked before sending); a received
    // value is never checked, so outside requests they do not split a shape, and neither do
    // they split a value-like type used by requests and responses alike (the merged type takes
    // the constraints its request places have: `merge_and_name`).
    let keep_constraints = request.is_some() && !is_value_like(&def.kind);
    match &mut kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| {
            f.docs.clear();
            f.deprecated = None;
            remap_ref(&mut f.ty, &to);
            if !keep_constraints {
                f.constraints = Constraints::default();
            }
        }),
        TypeKind::StringEnum(e) => e.variants.iter_mut().for_each(|v| v.docs.clear()),
        TypeKind::Tagged(t) => t.variants.iter_mut().for_each(|v| {
            v.docs.clear();
            v.payload = v.payload.map(to);
        }),
        TypeKind::Untagged(u) => u.variants.iter_mut().for_each(|v| {
            v.docs.clear();
            remap_ref(&mut v.ty, &to);
            if !keep_constraints {
                v.constraints = Constraints::default();
            }
        }),
    }
    ShapeKey {
        request: scope,
        kind,
    }
}

/// Enums and unions of plain values: types that read the same wherever they are used.
pub fn is_value_like(kind: &TypeKind) -> bool {
    match kind {
        TypeKind::StringEnum(_) => true,
        TypeKind::Untagged(u) => u
            .variants
            .iter()
            .all(|v| !matches!(v.ty.non_null(), TypeRef::Named(_))),
        _ => false,
    }
}
