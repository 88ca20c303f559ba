//! Published names stay: after every type is named by the rules (`merge.rs`), each type that
//! stands for a place an earlier generation published takes back the name it was published
//! under, and a published name that cannot stay becomes a deprecated alias of the type that
//! took its place.
//!
//! **Finding the places.** `matching.rs` walks the published listing and the new IR side by
//! side from the routes and stable JSON pointers they share; each path that reaches a pair of
//! a published name and a new type is a vote.
//!
//! **Names.** A component keeps its component's name and a request its route's (the spec's
//! own names). Any other type takes the published name with the most votes that no other type
//! has more votes for (ties by name), so a name is never shared and never depends on the order
//! types are met in. A type with no published name keeps its rule name, suffixed if a kept
//! name took it. A maintainer's rename (`renames:` in `codegen/rules.yaml`) then applies.
//!
//! **Aliases.** A published type name (or alias) that no type has any more, but that matched a
//! type, is a deprecated alias of it (`pub type Old = New;`), which keeps constructors, fields,
//! variants and patterns compiling. Aliases are remembered like names, follow their target
//! when it is renamed, and leave only when the maintainer retires them (`xtask`).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::ir::{type_ids, Alias, Api, TypeDef, TypeId};
use crate::matching::{self, Listing, Lowered};
use crate::memory::Memory;
use crate::naming::Namespace;

/// Applies `memory` and the maintainer's `renames` to the names of `api`'s types, and records
/// the aliases. Returns a warning for each rename that no longer applies.
pub fn recall(api: &mut Api, memory: &Memory, renames: &BTreeMap<String, String>) -> Vec<String> {
    let votes = matching::matches(&Listing::new(memory), &Lowered(api));
    let fixed: Vec<bool> = api
        .types
        .iter()
        .map(|d| d.request_root || is_component(d))
        .collect();

    // Published names back to the types that stand for their places.
    let mut pairs: Vec<(usize, &str, TypeId)> = votes
        .iter()
        .filter(|((_, n), _)| !fixed[n.0])
        .map(|(&(o, n), &v)| (v, o, n))
        .collect();
    pairs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(b.1))
            .then_with(|| api.types[a.2].name.cmp(&api.types[b.2].name))
    });
    let fixed_names: HashSet<&str> = type_ids(&api.types)
        .filter(|id| fixed[id.0])
        .map(|id| api.types[id].name.as_str())
        .collect();
    let mut kept: HashMap<TypeId, String> = HashMap::new();
    let mut used: HashSet<&str> = HashSet::new();
    for (_, old, id) in pairs {
        if kept.contains_key(&id) || used.contains(old) || fixed_names.contains(old) {
            continue;
        }
        kept.insert(id, old.to_owned());
        used.insert(old);
    }

    let mut warnings = Vec::new();
    let mut wanted: Vec<(bool, String, TypeId)> = type_ids(&api.types)
        .map(|id| match kept.get(&id) {
            Some(name) => (true, name.clone(), id),
            None => (fixed[id.0], api.types[id].name.clone(), id),
        })
        .collect();
    for (_, name, id) in &mut wanted {
        if let Some(to) = renames.get(name.as_str()) {
            if !fixed[id.0] {
                *name = to.clone();
            }
        }
    }
    for from in renames.keys() {
        if !wanted.iter().any(|(_, _, id)| api.types[*id].name == *from)
            && !kept.values().any(|k| k == from)
        {
            warnings.push(format!(
                "codegen/rules.yaml: rename of `{from}` no longer applies (no type has that name); remove it"
            ));
        }
    }
    // Fixed and published names first, then the rest by name: a numeric suffix falls only on
    // a new type whose rule name a kept name holds.
    wanted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut names = Namespace::default();
    for (_, name, id) in wanted {
        api.types[id].name = names.claim(&name);
    }

    api.aliases = aliases(api, memory, &votes);
    warnings
}

/// Every published name no type has any more, as an alias of the type with the most votes for
/// it (ties by name); earlier aliases follow their target.
fn aliases(api: &Api, memory: &Memory, votes: &BTreeMap<(&str, TypeId), usize>) -> Vec<Alias> {
    let names: HashMap<&str, TypeId> = type_ids(&api.types)
        .map(|id| (api.types[id].name.as_str(), id))
        .collect();
    let mut best: HashMap<&str, (usize, TypeId)> = HashMap::new();
    for (&(old, id), &v) in votes {
        let entry = best.entry(old).or_insert((v, id));
        if v > entry.0 || (v == entry.0 && api.types[id].name < api.types[entry.1].name) {
            *entry = (v, id);
        }
    }
    let target = |old: &str| names.get(old).or_else(|| best.get(old).map(|(_, id)| id));
    let mut out: BTreeMap<String, Alias> = BTreeMap::new();
    for t in &memory.types {
        if names.contains_key(t.name.as_str()) {
            continue;
        }
        if let Some((_, id)) = best.get(t.name.as_str()) {
            out.insert(t.name.clone(), alias(&t.name, *id, memory.release.clone()));
        }
    }
    for a in &memory.aliases {
        if names.contains_key(a.name.as_str()) || out.contains_key(&a.name) {
            continue;
        }
        if let Some(id) = target(&a.target) {
            out.insert(a.name.clone(), alias(&a.name, *id, a.since.clone()));
        }
    }
    out.into_values().collect()
}

fn alias(name: &str, target: TypeId, since: String) -> Alias {
    Alias {
        name: name.to_owned(),
        target,
        since,
    }
}

/// A component schema's type (named by its key).
fn is_component(def: &TypeDef) -> bool {
    def.places.iter().any(|p| {
        p.strip_prefix("#/components/schemas/")
            .is_some_and(|key| !key.contains('/'))
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::recall;

    const SPEC: &str = "openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /things/get:
    post:
      x-response-key: thing
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  thing: {type: object, properties: {mode: {type: string, enum: [a, b]}}}
";

    #[test]
    fn a_deliberate_rename_leaves_an_alias_and_a_stale_one_warns() {
        let spec = crate::load::load_str("t.yaml", SPEC).expect("loads");
        let mut api = crate::lower::lower(&spec, &Default::default()).expect("lowers");
        let memory = crate::surface::surface(&api).memory("0.3.1");
        let before: Vec<String> = api.types.iter().map(|t| t.name.clone()).collect();
        let old = before
            .iter()
            .find(|n| n.ends_with("Mode"))
            .expect("the enum")
            .clone();
        let renames = BTreeMap::from([
            (old.clone(), "ThingMode".to_owned()),
            ("NoSuchType".to_owned(), "Whatever".to_owned()),
        ]);
        let warnings = recall(&mut api, &memory, &renames);
        assert!(api.types.iter().any(|t| t.name == "ThingMode"));
        assert!(!api.types.iter().any(|t| t.name == old));
        let alias = api
            .aliases
            .iter()
            .find(|a| a.name == old)
            .expect("an alias");
        assert_eq!(api.types[alias.target].name, "ThingMode");
        assert_eq!(alias.since, "0.3.1");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("NoSuchType"), "{warnings:?}");
    }
}
