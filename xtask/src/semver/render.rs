//! The report as text: a summary with counts, then each class's changes as Markdown list items
//! (the lines a changelog entry takes as they are).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Action, Cause, Class, Line, Report, Subject, Version};

/// The classes in report order.
pub(crate) const CLASSES: [Class; 3] = [Class::Breaking, Class::Added, Class::Changed];

impl Class {
    /// The heading of the class in the report and in the changelog.
    pub(crate) fn heading(self) -> &'static str {
        match self {
            Class::Breaking => "Breaking",
            Class::Added => "Added",
            Class::Changed => "Changed",
        }
    }
}

impl Report {
    pub(crate) fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes are of `class`.
    pub(crate) fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// "Next version: 0.2.0 (from 0.1.0: breaking changes)", for this report alone.
    pub(crate) fn next_version_line(&self, current: Version) -> String {
        let (breaking, additive) = (
            self.count(Class::Breaking) > 0,
            self.count(Class::Added) > 0,
        );
        let why = Version::reason(breaking, additive);
        format!(
            "Next version: {} (from {current}: {why})",
            current.next(breaking, additive)
        )
    }

    /// The breaking changes with `cause`, as report items.
    pub(crate) fn items_caused_by(&self, cause: Cause) -> Vec<String> {
        let only = Report {
            changes: self
                .changes
                .iter()
                .filter(|c| c.class == Class::Breaking && c.cause == cause)
                .cloned()
                .collect(),
        };
        only.items(Class::Breaking)
    }

    /// How many breaking changes have `cause`.
    pub(crate) fn breaking_by(&self, cause: Cause) -> usize {
        self.changes
            .iter()
            .filter(|c| c.class == Class::Breaking && c.cause == cause)
            .count()
    }

    /// "2 breaking (2 by the spec, 0 by naming), 5 additive, 1 other".
    pub(crate) fn summary(&self) -> String {
        let retired = match self.breaking_by(Cause::Retired) {
            0 => String::new(),
            n => format!(", {n} retired aliases"),
        };
        format!(
            "{} breaking ({} by the spec, {} by naming{retired}), {} additive, {} other",
            self.count(Class::Breaking),
            self.breaking_by(Cause::Spec),
            self.breaking_by(Cause::Naming),
            self.count(Class::Added),
            self.count(Class::Changed)
        )
    }

    /// The changes counted by subject and action:
    /// "methods: 1 added, 1 removed; fields: 3 added".
    pub(crate) fn counts(&self) -> String {
        let mut counts: BTreeMap<(Subject, Action), usize> = BTreeMap::new();
        for c in &self.changes {
            *counts.entry((c.subject, c.action)).or_default() += 1;
        }
        let subjects = [
            (Subject::Method, "methods"),
            (Subject::Type, "types"),
            (Subject::Field, "fields"),
            (Subject::Value, "enum values"),
            (Subject::Variant, "union variants"),
        ];
        let actions = [
            (Action::Added, "added"),
            (Action::Removed, "removed"),
            (Action::Renamed, "renamed"),
            (Action::Changed, "changed"),
        ];
        let mut parts = Vec::new();
        for (subject, noun) in subjects {
            let some: Vec<String> = actions
                .iter()
                .filter_map(|(action, verb)| {
                    let n = counts.get(&(subject, *action))?;
                    Some(format!("{n} {verb}"))
                })
                .collect();
            if !some.is_empty() {
                parts.push(format!("{noun}: {}", some.join(", ")));
            }
        }
        parts.join("; ")
    }

    /// The changes of one class as Markdown list items, in report order; listed changes of one
    /// owner share an item ("- `Widget`: fields `color`, `size` added").
    pub(crate) fn items(&self, class: Class) -> Vec<String> {
        enum Item<'a> {
            One(&'static str, &'a str),
            Listed {
                cause: &'static str,
                owner: &'a str,
                noun: &'a str,
                verb: &'a str,
                items: Vec<&'a str>,
            },
        }
        let mut out: Vec<Item> = Vec::new();
        let mut listed: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        for change in self.changes.iter().filter(|c| c.class == class) {
            let cause = match (class, change.cause) {
                (Class::Breaking, Cause::Spec) => "spec: ",
                (Class::Breaking, Cause::Naming) => "naming: ",
                (Class::Breaking, Cause::Retired) => "retired: ",
                _ => "",
            };
            match &change.line {
                // An old type merged into another is compared with it too: the same change
                // reached twice is one item.
                Line::One(text) => {
                    if !out
                        .iter()
                        .any(|i| matches!(i, Item::One(_, t) if t == text))
                    {
                        out.push(Item::One(cause, text));
                    }
                }
                Line::Listed {
                    owner,
                    noun,
                    item,
                    verb,
                } => match listed.get(&(owner.as_str(), *noun, *verb)) {
                    Some(&at) => {
                        if let Item::Listed { items, .. } = &mut out[at] {
                            if !items.contains(&item.as_str()) {
                                items.push(item);
                            }
                        }
                    }
                    None => {
                        listed.insert((owner, noun, verb), out.len());
                        out.push(Item::Listed {
                            cause,
                            owner,
                            noun,
                            verb,
                            items: vec![item],
                        });
                    }
                },
            }
        }
        out.into_iter()
            .map(|item| match item {
                Item::One(cause, text) => format!("- {cause}{text}"),
                Item::Listed {
                    cause,
                    owner,
                    noun,
                    verb,
                    items,
                } => {
                    let plural = if items.len() == 1 { "" } else { "s" };
                    let items = items.join(", ");
                    format!("- {cause}`{owner}`: {noun}{plural} {items} {verb}")
                }
            })
            .collect()
    }

    /// The report as printed: the summary, the counts, then at most `limit` items per class.
    pub(crate) fn render(&self, from: &str, limit: usize) -> String {
        let mut out = String::new();
        if self.is_empty() {
            let _ = writeln!(out, "API changes against {from}: none");
            return out;
        }
        let _ = writeln!(out, "API changes against {from}: {}", self.summary());
        let _ = writeln!(out, "  {}", self.counts());
        for class in CLASSES {
            let items = self.items(class);
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{}:", class.heading());
            for item in items.iter().take(limit) {
                let _ = writeln!(out, "  {item}");
            }
            if items.len() > limit {
                let _ = writeln!(
                    out,
                    "  … and {} more (`cargo xtask codegen --verbose` prints them all)",
                    items.len() - limit
                );
            }
        }
        out
    }
}
