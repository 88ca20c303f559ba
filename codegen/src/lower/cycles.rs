//! Types that hold each other by value: a tree node whose `parent` is a node, a person whose
//! employer's `ceo` is a person, an expression one of whose variants is an expression. Held
//! inline, such a type would have no size; each such group (a strongly connected component of
//! the "holds inline" graph: struct fields and union variants, not lists or maps, which are on
//! the heap already) gets a number, and emitting boxes every field or variant that holds a
//! type of its own group.

use crate::ir::{Api, PerType, TypeId, TypeKind, TypeRef};

/// Numbers every group of types that hold each other by value ([`crate::ir::TypeDef::cycle`]).
pub fn mark(api: &mut Api) {
    let held = PerType::new(&api.types, |id| held_inline(&api.types[id].kind));
    let mut next = 0;
    for group in components(&held) {
        let is_cycle = group.len() > 1 || held[group[0]].contains(&group[0]);
        if is_cycle {
            for id in group {
                api.types[id].cycle = Some(next);
            }
            next += 1;
        }
    }
}

/// The types a value of this kind holds inline.
fn held_inline(kind: &TypeKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    let mut inline = |r: &TypeRef| {
        if let TypeRef::Named(id) = r.non_null() {
            out.push(*id);
        }
    };
    match kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| inline(&f.ty)),
        TypeKind::Untagged(u) => u.variants.iter().for_each(|v| inline(&v.ty)),
        TypeKind::Tagged(t) => t
            .variants
            .iter()
            .filter_map(|v| v.payload)
            .for_each(|p| inline(&TypeRef::Named(p))),
        TypeKind::StringEnum(_) => {}
    }
    out
}

/// The strongly connected components of the graph (Tarjan's algorithm, without recursion, so a
/// long chain of types cannot exhaust the stack), each as its types.
fn components(edges: &PerType<Vec<TypeId>>) -> Vec<Vec<TypeId>> {
    let n = edges.0.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if let Some(&TypeId(to)) = edges.0[node].get(*next) {
                *next += 1;
                if index[to] == usize::MAX {
                    index[to] = counter;
                    low[to] = counter;
                    counter += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut group = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    group.push(TypeId(member));
                    if member == node {
                        break;
                    }
                }
                group.sort();
                out.push(group);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[&[usize]]) -> PerType<Vec<TypeId>> {
        PerType(
            edges
                .iter()
                .map(|e| e.iter().map(|&i| TypeId(i)).collect())
                .collect(),
        )
    }

    #[test]
    fn components_find_self_loops_and_cycles_and_leave_chains_apart() {
        // 0 → 0; 1 → 2 → 3 → 1; 4 → 1 (outside the cycle); 5 alone.
        let g = graph(&[&[0], &[2], &[3], &[1], &[1], &[]]);
        let groups = components(&g);
        let ids = |v: &[usize]| v.iter().map(|&i| TypeId(i)).collect::<Vec<_>>();
        assert_eq!(
            groups,
            vec![ids(&[0]), ids(&[1, 2, 3]), ids(&[4]), ids(&[5])]
        );
    }

    #[test]
    fn a_long_chain_does_not_exhaust_the_stack() {
        let n = 200_000;
        let edges: Vec<Vec<TypeId>> = (0..n).map(|i| vec![TypeId((i + 1) % n)]).collect();
        let groups = components(&PerType(edges));
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].len(), n);
    }
}
