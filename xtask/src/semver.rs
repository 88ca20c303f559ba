//! What a regeneration changes in the SDK's public API, and whether a user's code can break.
//!
//! Both sides are [`Surface`]s, the generator's structured listing of the public API (methods,
//! types, fields, enum values, union variants), never Rust text. The old side is the listing
//! committed beside the generated code (`seam-sdk/src/generated/api.json` at `HEAD`): it says
//! what users of the committed SDK have, whatever generator made it.
//!
//! The rules follow Rust's semver rules for the shapes `codegen` emits:
//! - structs are `#[non_exhaustive]` with public fields: a field added is additive, unless the
//!   struct is built by users (it is sent: `new(required…)` and a setter per optional field),
//!   where a required field changes `new`'s signature; a field removed, renamed or retyped
//!   breaks;
//! - string enums and tagged unions are `#[non_exhaustive]` with a fallback variant: a value or
//!   variant added is additive, one removed or renamed breaks;
//! - untagged unions are exhaustive: any variant added or removed breaks a `match`;
//! - a method removed, or its request or return type changed, breaks; one added is additive;
//!   one that moves behind the `undocumented` feature breaks;
//! - a type whose old name is gone and whose place a new type holds (`codegen::matching`: the
//!   same route, field, tag values or stable JSON pointer) is renamed, and its uses under the
//!   new name are not changes of their own. The rename is breaking unless the new side keeps
//!   the old name as a deprecated alias; a method whose route keeps the same path under a new
//!   name is renamed too.
//!
//! Each breaking change has a [`Cause`]: the spec changed the data, the generator renamed
//! something with no alias (naming), or a maintainer retired an alias. `compat` fails on any
//! naming cause; the report counts each and proposes the next version ([`Version::next`]).

mod changelog;
mod committed;
mod render;
#[cfg(test)]
mod tests;
mod version;

use std::collections::{BTreeMap, BTreeSet};

use codegen::surface::{Field, Kind, Method, Surface, Type};

pub(crate) use changelog::{write_changelog, CHANGELOG};
pub(crate) use committed::{baseline, memory, print_report, print_spec_report};
pub(crate) use version::Version;

/// The listing's file under the generated folder.
pub(crate) const LISTING: &str = "api.json";

/// How a change affects users under semver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    /// Code that compiled against the old API may not compile against the new one.
    Breaking,
    /// New API; existing code is unaffected.
    Added,
    /// Neither: a route, a deprecation, a field that may now be `null`…
    Changed,
}

/// What a change is about, for the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Subject {
    Method,
    Type,
    Field,
    Value,
    Variant,
}

/// What happened to the subject, for the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Action {
    Added,
    Removed,
    Renamed,
    Changed,
}

/// Who caused a change: what a reviewer must know of a breaking one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cause {
    /// The spec changed the data: something removed, retyped, made required.
    Spec,
    /// The generator renamed something whose JSON identity stayed, with no alias: a bug of the
    /// generator's memory, or a deliberate rename without one.
    Naming,
    /// A maintainer retired a deprecated alias (`cargo xtask codegen --retire-aliases`).
    Retired,
}

/// One change: its class, what it is about, its cause, and its line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) class: Class,
    pub(crate) subject: Subject,
    pub(crate) action: Action,
    pub(crate) cause: Cause,
    pub(crate) line: Line,
}

/// A change's line of the report, in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Line {
    /// A line of its own.
    One(String),
    /// One item of a list that shares a line with its siblings:
    /// "`Widget`: fields `color`, `size` added".
    Listed {
        owner: String,
        noun: &'static str,
        item: String,
        verb: &'static str,
    },
}

/// Every change from one surface to another, in report order: methods by path, then types
/// by name, each with its members in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Report {
    pub(crate) changes: Vec<Change>,
}

/// Compares two listings of the public API.
pub(crate) fn compare(old: &Surface, new: &Surface) -> Report {
    let Heirs { renames, holders } = type_renames(old, new);
    let mut cx = Comparison {
        renames,
        holders,
        aliases: new.aliases.iter().map(|a| a.name.clone()).collect(),
        out: Vec::new(),
    };
    cx.methods(old, new);
    cx.types(old, new);
    cx.aliases(old, new);
    Report { changes: cx.out }
}

/// What became of the type names that are gone: the rename of each (old name → new), and,
/// for every gone name that matched some type, the type that holds its place.
struct Heirs {
    renames: BTreeMap<String, String>,
    holders: BTreeMap<String, String>,
}

/// A name the generator keeps as a deprecated alias is renamed to the alias's target. Any other
/// name that is gone is matched to the new types by the places they stand for
/// (`codegen::matching`: the same route, field, tag values or stable JSON pointer), and renamed
/// to the fresh name that matched it most (ties to the first name); each fresh name takes at
/// most one old name (a type merged from several old ones is the rename of one of them).
fn type_renames(old: &Surface, new: &Surface) -> Heirs {
    let old_names: BTreeSet<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let new_names: BTreeSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    let mut renames: BTreeMap<String, String> = new
        .aliases
        .iter()
        .filter(|a| old_names.contains(a.name.as_str()))
        .map(|a| (a.name.clone(), a.target.clone()))
        .collect();
    let (old_memory, new_memory) = (old.memory(""), new.memory(""));
    let votes = codegen::matching::matches(
        &codegen::matching::Listing::new(&old_memory),
        &codegen::matching::Listing::new(&new_memory),
    );
    let gone = |name: &str| !new_names.contains(name) && !renames.contains_key(name);
    let mut candidates: Vec<(usize, &str, &str)> = votes
        .iter()
        .filter(|((o, _), _)| gone(o))
        .map(|((o, n), v)| (*v, *o, *n))
        .collect();
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)).then(a.2.cmp(b.2)));
    let mut holders = BTreeMap::new();
    let mut taken: BTreeSet<&str> = renames.values().map(String::as_str).collect();
    let mut found = BTreeMap::new();
    for (_, o, n) in candidates {
        holders.entry(o.to_owned()).or_insert_with(|| n.to_owned());
        if !found.contains_key(o) && !old_names.contains(n) && taken.insert(n) {
            found.insert(o.to_owned(), n.to_owned());
        }
    }
    renames.extend(found);
    Heirs { renames, holders }
}

/// `ty` as written, with each type name `names` maps replaced.
fn map_names(ty: &str, names: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in ty.chars().chain(['\0']) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        out.push_str(names.get(&word).unwrap_or(&word));
        word.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// A type on the old side and the new (either may be missing).
type TypePair<'a> = (Option<&'a Type>, Option<&'a Type>);

/// The state of one comparison: the renames found, the new side's aliases, and the changes
/// so far.
struct Comparison {
    renames: BTreeMap<String, String>,
    /// For a gone type name: the type that holds its place (see [`Heirs`]).
    holders: BTreeMap<String, String>,
    aliases: BTreeSet<String>,
    out: Vec<Change>,
}

/// The cause of a change by its action: a rename keeps the JSON identity, so it is the
/// generator's; anything else the spec's.
fn cause_of(class: Class, action: Action) -> Cause {
    match (class, action) {
        (Class::Breaking, Action::Renamed) => Cause::Naming,
        _ => Cause::Spec,
    }
}

impl Comparison {
    fn push(&mut self, class: Class, subject: Subject, action: Action, line: String) {
        self.push_caused(class, subject, action, cause_of(class, action), line);
    }

    fn push_caused(
        &mut self,
        class: Class,
        subject: Subject,
        action: Action,
        cause: Cause,
        line: String,
    ) {
        self.out.push(Change {
            class,
            subject,
            action,
            cause,
            line: Line::One(line),
        });
    }

    /// A change that shares a line with the others of its owner, noun and `verb`.
    fn push_listed(
        &mut self,
        (class, subject, action): (Class, Subject, Action),
        owner: &str,
        item: &str,
        verb: &'static str,
    ) {
        let noun = match subject {
            Subject::Field => "field",
            Subject::Value => "value",
            _ => "variant",
        };
        let item = format!("`{item}`");
        self.out.push(Change {
            class,
            subject,
            action,
            cause: cause_of(class, action),
            line: Line::Listed {
                owner: owner.to_owned(),
                noun,
                item,
                verb,
            },
        });
    }

    /// A type as written on the old side, with renamed types under their new names, so a use
    /// of a renamed type is not a change of its own.
    fn renamed(&self, ty: &str) -> String {
        map_names(ty, &self.renames)
    }

    /// The cause of a type written `was` (old side, renames applied) now written `now`: naming
    /// when the two differ only by an old type merged into another with no alias.
    fn retyped(&self, was: &str, now: &str) -> Cause {
        let held = map_names(was, &self.holders);
        if held == now {
            Cause::Naming
        } else {
            Cause::Spec
        }
    }

    fn methods(&mut self, old: &Surface, new: &Surface) {
        let old_by: BTreeMap<&str, &Method> =
            old.methods.iter().map(|m| (m.path.as_str(), m)).collect();
        let new_by: BTreeMap<&str, &Method> =
            new.methods.iter().map(|m| (m.path.as_str(), m)).collect();
        // A method gone whose route a new method sends is that method renamed.
        let added_by_route: BTreeMap<&str, &Method> = new
            .methods
            .iter()
            .filter(|m| !old_by.contains_key(m.path.as_str()))
            .map(|m| (m.route.as_str(), m))
            .collect();
        let mut renamed_to = BTreeSet::new();
        let mut pairs: BTreeMap<&str, (Option<&Method>, Option<&Method>)> = BTreeMap::new();
        for m in &old.methods {
            let to = match new_by.get(m.path.as_str()) {
                Some(n) => Some(*n),
                None => added_by_route.get(m.route.as_str()).copied(),
            };
            if let Some(n) = to.filter(|n| n.path != m.path) {
                renamed_to.insert(n.path.as_str());
            }
            pairs.insert(m.path.as_str(), (Some(m), to));
        }
        for m in &new.methods {
            if !old_by.contains_key(m.path.as_str()) && !renamed_to.contains(m.path.as_str()) {
                pairs.insert(m.path.as_str(), (None, Some(m)));
            }
        }
        for (o, n) in pairs.into_values() {
            match (o, n) {
                (Some(o), Some(n)) => self.method(o, n),
                (Some(o), None) => self.push(
                    Class::Breaking,
                    Subject::Method,
                    Action::Removed,
                    format!("`{}` removed (`{}`)", o.path, o.route),
                ),
                (None, Some(n)) => self.push(
                    Class::Added,
                    Subject::Method,
                    Action::Added,
                    format!("`{}` added (`{}`)", n.path, n.route),
                ),
                (None, None) => {}
            }
        }
    }

    fn method(&mut self, o: &Method, n: &Method) {
        let path = &n.path;
        let (m, b, c) = (Subject::Method, Class::Breaking, Class::Changed);
        if o.path != n.path {
            let line = format!("`{}` renamed to `{path}` (`{}`)", o.path, n.route);
            self.push(b, m, Action::Renamed, line);
        }
        let request = o.request.as_deref().map(|r| self.renamed(r));
        let line = match (request.as_deref(), n.request.as_deref()) {
            (Some(o), Some(n)) if o != n => Some(format!("`{path}` takes `{n}` instead of `{o}`")),
            (None, Some(n)) => Some(format!("`{path}` now takes a request, `{n}`")),
            (Some(o), None) => Some(format!("`{path}` no longer takes a request (was `{o}`)")),
            _ => None,
        };
        if let Some(line) = line {
            self.push(b, m, Action::Changed, line);
        }
        let returns = self.renamed(&o.returns);
        if returns != n.returns {
            let line = format!("`{path}` returns `{}` instead of `{returns}`", n.returns);
            let cause = self.retyped(&returns, &n.returns);
            self.push_caused(b, m, Action::Changed, cause, line);
        }
        if o.route != n.route {
            let line = format!("`{path}` sends `{}` instead of `{}`", n.route, o.route);
            self.push(c, m, Action::Changed, line);
        }
        match (o.undocumented, n.undocumented) {
            (false, true) => {
                let line = format!("`{path}` now needs the `undocumented` feature");
                self.push(b, m, Action::Changed, line);
            }
            (true, false) => {
                let line = format!("`{path}` no longer needs the `undocumented` feature");
                self.push(Class::Added, m, Action::Changed, line);
            }
            _ => {}
        }
        if let Some(line) = flag_line(path, "deprecated", o.deprecated, n.deprecated) {
            self.push(c, m, Action::Changed, line);
        }
        if let Some(line) = flag_line(path, "a draft", o.draft, n.draft) {
            self.push(c, m, Action::Changed, line);
        }
    }

    fn types(&mut self, old: &Surface, new: &Surface) {
        let new_by: BTreeMap<&str, &Type> =
            new.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let renames = self.renames.clone();
        let renamed_to: BTreeSet<&str> = renames.values().map(String::as_str).collect();
        // Keyed by the new name, then the old: an old type merged into one that kept its own
        // name (an alias of it) is compared with it too.
        let mut pairs: BTreeMap<(&str, &str), TypePair> = BTreeMap::new();
        for t in &old.types {
            let to = renames.get(&t.name).map_or(t.name.as_str(), String::as_str);
            pairs.insert((to, t.name.as_str()), (Some(t), new_by.get(to).copied()));
        }
        for t in &new.types {
            let name = t.name.as_str();
            if !renamed_to.contains(name) && !pairs.contains_key(&(name, name)) {
                pairs.insert((name, name), (None, Some(t)));
            }
        }
        for (o, n) in pairs.into_values() {
            match (o, n) {
                (Some(o), Some(n)) => self.type_pair(o, n),
                (Some(o), None) => {
                    let heir = self
                        .holders
                        .get(&o.name)
                        .map(|t| format!(" (merged into `{t}`, with no alias)"));
                    let cause = if heir.is_some() {
                        Cause::Naming
                    } else {
                        Cause::Spec
                    };
                    let heir = heir.unwrap_or_default();
                    let line = format!("type `{}` removed{heir}", o.name);
                    let (b, t, r) = (Class::Breaking, Subject::Type, Action::Removed);
                    self.push_caused(b, t, r, cause, line);
                }
                (None, Some(n)) => {
                    let line = format!("type `{}` added ({})", n.name, n.kind.describe());
                    self.push(Class::Added, Subject::Type, Action::Added, line);
                }
                (None, None) => {}
            }
        }
    }

    /// Aliases that went away (retired, or their target gone) and aliases that now name
    /// another type; new aliases show as the renames they cover.
    fn aliases(&mut self, old: &Surface, new: &Surface) {
        let new_by: BTreeMap<&str, &codegen::surface::Alias> =
            new.aliases.iter().map(|a| (a.name.as_str(), a)).collect();
        let types: BTreeSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
        for a in &old.aliases {
            let (t, name) = (Subject::Type, &a.name);
            match new_by.get(name.as_str()) {
                Some(n) if n.target != a.target => {
                    let line = format!(
                        "deprecated alias `{name}` names `{}` (was `{}`)",
                        n.target, a.target
                    );
                    self.push(Class::Changed, t, Action::Changed, line);
                }
                Some(_) => {}
                None if types.contains(name.as_str()) => {}
                None => {
                    let (line, cause) = if types.contains(a.target.as_str()) {
                        let line = format!(
                            "deprecated alias `{name}` removed: use `{}` (an alias since after seam-sdk {})",
                            a.target, a.since
                        );
                        (line, Cause::Retired)
                    } else {
                        let line = format!(
                            "deprecated alias `{name}` removed with its target `{}`",
                            a.target
                        );
                        (line, Cause::Spec)
                    };
                    self.push_caused(Class::Breaking, t, Action::Removed, cause, line);
                }
            }
        }
    }

    fn type_pair(&mut self, o: &Type, n: &Type) {
        let name = &n.name;
        let (t, b) = (Subject::Type, Class::Breaking);
        if o.name != n.name {
            if self.aliases.contains(&o.name) {
                let line = format!(
                    "type `{}` renamed to `{name}`; `{}` stays, as a deprecated alias",
                    o.name, o.name
                );
                self.push(Class::Changed, t, Action::Renamed, line);
            } else {
                let line = format!("type `{}` renamed to `{name}`, with no alias", o.name);
                self.push(b, t, Action::Renamed, line);
            }
        }
        if o.kind != n.kind {
            let line = format!(
                "`{name}` is now {} (was {})",
                with_article(n.kind),
                with_article(o.kind)
            );
            self.push(b, t, Action::Changed, line);
            return;
        }
        match (built_by_users(o), built_by_users(n)) {
            (false, true) => {
                let line = format!("`{name}` can now be built ({})", builders(n));
                self.push(Class::Added, t, Action::Changed, line);
            }
            (true, false) => {
                let line = format!("`{name}` can no longer be built ({} removed)", builders(o));
                self.push(b, t, Action::Changed, line);
            }
            _ => {}
        }
        match (o.received, n.received) {
            (false, true) => {
                let line = format!("`{name}` now implements `Deserialize`");
                self.push(Class::Added, t, Action::Changed, line);
            }
            (true, false) => {
                let line = format!("`{name}` no longer implements `Deserialize`");
                self.push(b, t, Action::Changed, line);
            }
            _ => {}
        }
        if let Some(line) = flag_line(name, "deprecated", o.deprecated, n.deprecated) {
            self.push(Class::Changed, t, Action::Changed, line);
        }
        if o.fallback != n.fallback {
            if let (Some(was), Some(now)) = (&o.fallback, &n.fallback) {
                let line = format!("`{name}`'s fallback variant is `{now}` (was `{was}`)");
                self.push(b, Subject::Variant, Action::Renamed, line);
            }
        }
        match n.kind {
            Kind::Struct => self.fields(o, n),
            Kind::Enum => self.values(o, n),
            Kind::Tagged => self.tagged(o, n),
            Kind::Untagged => self.untagged(o, n),
        }
    }

    fn fields(&mut self, o: &Type, n: &Type) {
        let name = &n.name;
        let f = Subject::Field;
        let builds = built_by_users(o) || built_by_users(n);
        let old_by: BTreeMap<&str, &Field> =
            o.fields.iter().map(|f| (f.json.as_str(), f)).collect();
        let new_by: BTreeMap<&str, &Field> =
            n.fields.iter().map(|f| (f.json.as_str(), f)).collect();
        for of in &o.fields {
            if !new_by.contains_key(of.json.as_str()) {
                let what = (Class::Breaking, f, Action::Removed);
                self.push_listed(what, name, &of.rust, "removed");
            }
        }
        for nf in &n.fields {
            let Some(of) = old_by.get(nf.json.as_str()) else {
                if built_by_users(n) && nf.required {
                    let line = format!(
                        "`{name}::new` takes a new required field, `{}` (`{}`)",
                        nf.rust, nf.ty
                    );
                    self.push(Class::Breaking, f, Action::Added, line);
                } else {
                    self.push_listed((Class::Added, f, Action::Added), name, &nf.rust, "added");
                }
                continue;
            };
            let field_name = format!("{name}.{}", nf.rust);
            let field = format!("`{field_name}`");
            if of.rust != nf.rust {
                let line = format!("{field} renamed from `{}`", of.rust);
                self.push(Class::Breaking, f, Action::Renamed, line);
            }
            let ty = self.renamed(&of.ty);
            let breaking = (Class::Breaking, f, Action::Changed);
            if of.required != nf.required && builds {
                let (now, what) = if nf.required {
                    ("required", "takes it")
                } else {
                    ("optional", "no longer takes it")
                };
                let line = format!("{field} is now {now}: `{name}::new` {what}");
                self.push(Class::Breaking, f, Action::Changed, line);
            } else if ty != nf.ty && of.required && !nf.required && is_option_of(&nf.ty, &ty) {
                let verb = "now optional (wrapped in `Option`)";
                self.push_listed(breaking, name, &nf.rust, verb);
            } else if ty != nf.ty && !of.required && nf.required && is_option_of(&ty, &nf.ty) {
                let verb = "now required (no longer an `Option`)";
                self.push_listed(breaking, name, &nf.rust, verb);
            } else if ty != nf.ty {
                let line = format!("{field} is `{}` instead of `{ty}`", nf.ty);
                let cause = self.retyped(&ty, &nf.ty);
                self.push_caused(Class::Breaking, f, Action::Changed, cause, line);
            } else if of.required != nf.required {
                // The same Rust type either way (a nullable field of a received type).
                let verb = if nf.required {
                    "now required"
                } else {
                    "now optional"
                };
                self.push_listed((Class::Changed, f, Action::Changed), name, &nf.rust, verb);
            } else if of.nullable != nf.nullable {
                let line = if nf.nullable {
                    format!("{field} may now be `null`")
                } else {
                    format!("{field} is never `null` now")
                };
                self.push(Class::Changed, f, Action::Changed, line);
            }
            if let Some(line) = flag_line(&field_name, "deprecated", of.deprecated, nf.deprecated) {
                self.push(Class::Changed, f, Action::Changed, line);
            }
        }
    }

    fn values(&mut self, o: &Type, n: &Type) {
        let name = &n.name;
        let v = Subject::Value;
        let new_by: BTreeMap<&str, &str> = n
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.name.as_str()))
            .collect();
        let old_by: BTreeMap<&str, &str> = o
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.name.as_str()))
            .collect();
        for ov in &o.values {
            match new_by.get(ov.value.as_str()) {
                None => {
                    let what = (Class::Breaking, v, Action::Removed);
                    self.push_listed(what, name, &ov.value, "removed");
                }
                Some(now) if *now != ov.name => {
                    let line = format!(
                        "`{name}` value `{}` is now `{name}::{now}` (was `{name}::{}`)",
                        ov.value, ov.name
                    );
                    self.push(Class::Breaking, v, Action::Renamed, line);
                }
                Some(_) => {}
            }
        }
        for nv in &n.values {
            if !old_by.contains_key(nv.value.as_str()) {
                self.push_listed((Class::Added, v, Action::Added), name, &nv.value, "added");
            }
        }
    }

    fn tagged(&mut self, o: &Type, n: &Type) {
        let name = &n.name;
        if o.tags != n.tags {
            let gone: Vec<String> = o
                .tags
                .iter()
                .filter(|t| !n.tags.contains(t))
                .map(|t| format!("`{t}()`"))
                .collect();
            let line = format!(
                "`{name}` is told apart by {} (was {})",
                code_list(&n.tags),
                code_list(&o.tags)
            );
            if gone.is_empty() {
                self.push(Class::Changed, Subject::Type, Action::Changed, line);
            } else {
                let line = format!("{line}: {} removed", gone.join(", "));
                self.push(Class::Breaking, Subject::Type, Action::Changed, line);
            }
        }
        // Variants are the same variant when they have the same tag values; when the tags
        // themselves changed, when they have the same name.
        let key = |v: &codegen::surface::Variant| {
            if o.tags == n.tags {
                v.tag_values.join(", ")
            } else {
                v.name.clone()
            }
        };
        self.variants(o, n, key, Class::Added);
    }

    fn untagged(&mut self, o: &Type, n: &Type) {
        // Untagged unions are exhaustive enums: a new variant breaks a `match`.
        self.variants(o, n, |v| v.name.clone(), Class::Breaking);
    }

    fn variants(
        &mut self,
        o: &Type,
        n: &Type,
        key: impl Fn(&codegen::surface::Variant) -> String,
        added: Class,
    ) {
        let name = &n.name;
        let v = Subject::Variant;
        let old_by: BTreeMap<String, _> = o.variants.iter().map(|v| (key(v), v)).collect();
        let new_by: BTreeMap<String, _> = n.variants.iter().map(|v| (key(v), v)).collect();
        for ov in &o.variants {
            let Some(nv) = new_by.get(&key(ov)) else {
                let what = (Class::Breaking, v, Action::Removed);
                self.push_listed(what, name, &ov.name, "removed");
                continue;
            };
            if nv.name != ov.name {
                let line = format!("`{name}::{}` renamed to `{name}::{}`", ov.name, nv.name);
                self.push(Class::Breaking, v, Action::Renamed, line);
            }
            let was = ov.ty.as_deref().map(|t| self.renamed(t));
            if was != nv.ty {
                let holds = |t: &Option<String>| match t {
                    Some(t) => format!("`{t}`"),
                    None => "nothing".to_owned(),
                };
                let line = format!(
                    "`{name}::{}` holds {} instead of {}",
                    nv.name,
                    holds(&nv.ty),
                    holds(&was)
                );
                let cause = match (&was, &nv.ty) {
                    (Some(was), Some(now)) => self.retyped(was, now),
                    _ => Cause::Spec,
                };
                self.push_caused(Class::Breaking, v, Action::Changed, cause, line);
            }
        }
        for nv in &n.variants {
            if !old_by.contains_key(&key(nv)) {
                self.push_listed((added, v, Action::Added), name, &nv.name, "added");
            }
        }
    }
}

/// Whether `option` is `Option<inner>` (or `Option<Box<inner>>`).
fn is_option_of(option: &str, inner: &str) -> bool {
    option == format!("Option<{inner}>") || option == format!("Option<Box<{inner}>>")
}

/// Whether users build values of the type with generated constructors: sent structs
/// (`new(required…)` and setters) and request unions (a constructor per variant).
fn built_by_users(t: &Type) -> bool {
    match t.kind {
        Kind::Struct => t.sent || t.request,
        Kind::Tagged | Kind::Untagged => t.request,
        Kind::Enum => false,
    }
}

fn builders(t: &Type) -> String {
    match t.kind {
        Kind::Struct => format!("`{}::new` and setters", t.name),
        _ => "a constructor per variant".to_owned(),
    }
}

/// "a struct", "an untagged union".
fn with_article(kind: Kind) -> String {
    let noun = kind.describe();
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// "`x` deprecated" / "`x` no longer deprecated", when a flag changed.
fn flag_line(what: &str, flag: &str, was: bool, now: bool) -> Option<String> {
    match (was, now) {
        (false, true) => Some(format!("`{what}` is {flag}")),
        (true, false) => Some(format!("`{what}` is no longer {flag}")),
        _ => None,
    }
}

fn code_list(items: &[String]) -> String {
    items
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(" + ")
}
