//! Shrinking a failing input while it keeps failing the same way: first as a JSON/YAML tree
//! (drop children, hoist a child into its parent, shorten strings), else as lines and bytes.

use std::time::Instant;

use serde_json::Value;

use crate::corpus;
use crate::tree::{get_mut, Step};

/// The smallest input found before `deadline` that still satisfies `fails`
/// (which is asked about `file` + candidate text).
pub fn minimize(
    file: &str,
    text: &str,
    deadline: Instant,
    fails: &mut dyn FnMut(&str) -> bool,
) -> String {
    let yaml = file.ends_with(".yaml") || file.ends_with(".yml");
    if let Some(tree) = corpus::parse(file, text) {
        let to_text = |tree: &Value| {
            if yaml {
                serde_yaml::to_string(tree).unwrap_or_default()
            } else {
                serde_json::to_string(tree).unwrap_or_default()
            }
        };
        if fails(&to_text(&tree)) {
            let mut shrinker = TreeShrinker {
                tree,
                deadline,
                fails: &mut |t: &Value| Instant::now() < deadline && fails(&to_text(t)),
            };
            // Shrinking one part can make another removable: repeat until nothing changes.
            loop {
                let before = shrinker.tree.clone();
                shrinker.shrink_at(&[]);
                if shrinker.tree == before || Instant::now() >= deadline {
                    break;
                }
            }
            let tree = shrinker.tree;
            // Pretty JSON reads better in a regression file, if it still fails and stays small.
            if !yaml && to_text(&tree).len() < 50_000 {
                let pretty = serde_json::to_string_pretty(&tree).unwrap_or_default();
                if fails(&pretty) {
                    return pretty + "\n";
                }
            }
            return to_text(&tree);
        }
    }
    shrink_text(text, deadline, fails)
}

struct TreeShrinker<'a> {
    tree: Value,
    deadline: Instant,
    fails: &'a mut dyn FnMut(&Value) -> bool,
}

impl TreeShrinker<'_> {
    /// Tries `edit` on a copy of the tree; keeps the copy if it still fails.
    fn attempt(&mut self, path: &[Step], edit: impl FnOnce(&mut Value) -> bool) -> bool {
        let mut candidate = self.tree.clone();
        let Some(node) = get_mut(&mut candidate, path) else {
            return false;
        };
        if !edit(node) {
            return false;
        }
        if (self.fails)(&candidate) {
            self.tree = candidate;
            true
        } else {
            false
        }
    }

    fn node(&mut self, path: &[Step]) -> Option<&mut Value> {
        get_mut(&mut self.tree, path)
    }

    fn shrink_at(&mut self, path: &[Step]) {
        if Instant::now() >= self.deadline {
            return;
        }
        self.drop_children(path);
        // Hoisting: the node replaced by one of its children.
        let steps = self.node(path).map(|n| children(n)).unwrap_or_default();
        for step in steps {
            let hoisted = self.attempt(path, |node| {
                let child = match (&mut *node, &step) {
                    (Value::Object(map), Step::Key(k)) => map.remove(k),
                    (Value::Array(items), Step::Index(i)) => Some(items.swap_remove(*i)),
                    _ => None,
                };
                child.map(|c| *node = c).is_some()
            });
            if hoisted {
                return self.shrink_at(path);
            }
        }
        match self.node(path) {
            Some(Value::String(s)) if !s.is_empty() => {
                let half: String = s.chars().take(s.chars().count() / 2).collect();
                let current = s.clone();
                for shorter in ["".to_owned(), "a".to_owned(), half] {
                    if shorter != current
                        && self.attempt(path, |n| {
                            *n = Value::String(shorter);
                            true
                        })
                    {
                        break;
                    }
                }
            }
            Some(Value::Object(_) | Value::Array(_)) => {
                let steps = self.node(path).map(|n| children(n)).unwrap_or_default();
                for step in steps {
                    let mut child = path.to_vec();
                    child.push(step);
                    self.shrink_at(&child);
                }
            }
            _ => {}
        }
    }

    /// Removes children of the node at `path` in halves, then quarters… down to one at a time.
    fn drop_children(&mut self, path: &[Step]) {
        let count = |s: &mut Self| s.node(path).map(|n| children(n).len()).unwrap_or(0);
        let mut chunk = count(self).div_ceil(2).max(1);
        loop {
            let mut start = 0;
            while start < count(self) && Instant::now() < self.deadline {
                let removed = self.attempt(path, |node| {
                    let steps = children(node);
                    let end = (start + chunk).min(steps.len());
                    for step in steps[start..end].iter().rev() {
                        match (&mut *node, step) {
                            (Value::Object(map), Step::Key(k)) => {
                                map.remove(k);
                            }
                            (Value::Array(items), Step::Index(i)) => {
                                items.remove(*i);
                            }
                            _ => {}
                        }
                    }
                    end > start
                });
                if !removed {
                    start += chunk;
                }
            }
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
}

fn children(v: &Value) -> Vec<Step> {
    match v {
        Value::Object(map) => map.keys().cloned().map(Step::Key).collect(),
        Value::Array(items) => (0..items.len()).map(Step::Index).collect(),
        _ => Vec::new(),
    }
}

/// Delta debugging on lines, then on characters.
fn shrink_text(text: &str, deadline: Instant, fails: &mut dyn FnMut(&str) -> bool) -> String {
    let lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let lines = ddmin(lines, deadline, &mut |parts| fails(&parts.concat()));
    let chars: Vec<String> = lines.concat().chars().map(String::from).collect();
    if chars.len() > 4000 {
        return chars.concat();
    }
    ddmin(chars, deadline, &mut |parts| fails(&parts.concat())).concat()
}

fn ddmin(
    mut parts: Vec<String>,
    deadline: Instant,
    fails: &mut dyn FnMut(&[String]) -> bool,
) -> Vec<String> {
    let mut chunk = parts.len().div_ceil(2).max(1);
    loop {
        let mut start = 0;
        while start < parts.len() && Instant::now() < deadline {
            let end = (start + chunk).min(parts.len());
            let candidate: Vec<String> = parts[..start]
                .iter()
                .chain(&parts[end..])
                .cloned()
                .collect();
            if fails(&candidate) {
                parts = candidate;
            } else {
                start += chunk;
            }
        }
        if chunk == 1 || Instant::now() >= deadline {
            return parts;
        }
        chunk = chunk.div_ceil(2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn shrinks_a_tree_to_the_part_that_fails() {
        let text = r#"{"a": {"b": [1, 2, {"bad": "xxxxxxxx"}], "c": "d"}, "e": [5, 6]}"#;
        let deadline = Instant::now() + Duration::from_secs(10);
        let out = minimize("x.json", text, deadline, &mut |t| t.contains("\"bad\""));
        let tree: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(tree, serde_json::json!({"bad": ""}));
    }

    #[test]
    fn shrinks_text_that_is_not_a_tree() {
        let deadline = Instant::now() + Duration::from_secs(10);
        let out = minimize("x.json", "{{{ oops ]]]", deadline, &mut |t| {
            t.contains("op")
        });
        assert_eq!(out, "op");
    }
}
