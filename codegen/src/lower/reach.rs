//! Who uses each type: which endpoints reach it (its feature gate), and whether it is sent,
//! received, or both (which serde traits it needs).

use std::collections::BTreeSet;

use crate::ir::{Api, Gate, Resource, Response, TypeId, TypeKind};

/// Fills in [`crate::ir::TypeDef::gate`], `in_request`, `in_response` and every resource's gate.
pub fn propagate(api: &mut Api) {
    let mut roots: Vec<(Gate, Vec<TypeId>, bool)> = Vec::new();
    collect(&mut api.root, &mut roots);
    for (gate, ids, request) in &roots {
        mark(api, ids, gate, *request);
    }
    // Types no endpoint reaches (webhook events, for one) are always compiled: they are models.
    let always = Gate(BTreeSet::from([BTreeSet::new()]));
    let unreached: Vec<TypeId> = crate::ir::type_ids(&api.types)
        .filter(|&id| !api.types[id].in_request && !api.types[id].in_response)
        .collect();
    mark(api, &unreached, &always, false);
}

/// Gathers every endpoint's roots, and sets resource gates bottom-up.
fn collect(node: &mut Resource, roots: &mut Vec<(Gate, Vec<TypeId>, bool)>) {
    let mut gate = Gate::default();
    for e in &node.endpoints {
        gate.union(&e.gate);
        if let Some(id) = e.request {
            roots.push((e.gate.clone(), vec![id], true));
        }
        if let Some(list) = &e.request_value {
            let mut ids = Vec::new();
            list.named(&mut ids);
            roots.push((e.gate.clone(), ids, true));
        }
        let mut ids = Vec::new();
        match &e.response {
            Response::Empty | Response::Bytes(_) => {}
            Response::Body(ty) | Response::Key { ty, .. } => ty.named(&mut ids),
        }
        roots.push((e.gate.clone(), ids, false));
    }
    for c in &mut node.children {
        collect(c, roots);
        gate.union(&c.gate);
    }
    node.gate = gate;
}

fn mark(api: &mut Api, roots: &[TypeId], gate: &Gate, request: bool) {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeId> = roots.to_vec();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let def = &mut api.types[id];
        def.gate.union(gate);
        if request {
            def.in_request = true;
        } else {
            def.in_response = true;
        }
        stack.extend(references(&def.kind));
    }
}

/// The types a type refers to directly.
pub fn references(kind: &TypeKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| f.ty.named(&mut out)),
        TypeKind::StringEnum(_) => {}
        TypeKind::Tagged(t) => out.extend(t.variants.iter().filter_map(|v| v.payload)),
        TypeKind::Untagged(u) => u.variants.iter().for_each(|v| v.ty.named(&mut out)),
    }
    out
}
