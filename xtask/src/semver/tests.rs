//! The semver report: its rules on small hand-built listings, its exact text on two fixture
//! versions of a spec, and its counts on Seam's published specs.

use std::path::{Path, PathBuf};

use codegen::surface::{Field, Kind, Method, Surface, Type, Value, Variant};

use super::changelog::merge;
use super::*;

fn method(path: &str, request: Option<&str>, returns: &str) -> Method {
    let name = path.rsplit('.').next().unwrap_or(path);
    Method {
        path: path.to_owned(),
        route: format!("POST /things/{name}"),
        request: request.map(str::to_owned),
        returns: returns.to_owned(),
        deprecated: false,
        undocumented: false,
        draft: false,
    }
}

fn ty(name: &str, kind: Kind, place: &str) -> Type {
    Type {
        name: name.to_owned(),
        module: "things".to_owned(),
        kind,
        sent: false,
        received: true,
        request: false,
        deprecated: false,
        places: vec![place.to_owned()],
        tags: Vec::new(),
        fallback: None,
        fields: Vec::new(),
        values: Vec::new(),
        variants: Vec::new(),
    }
}

fn field(json: &str, ty: &str, required: bool) -> Field {
    Field {
        json: json.to_owned(),
        rust: json.to_owned(),
        ty: ty.to_owned(),
        required,
        nullable: false,
        deprecated: false,
    }
}

fn value(value: &str, name: &str) -> Value {
    Value {
        value: value.to_owned(),
        name: name.to_owned(),
    }
}

fn variant(name: &str, tag_values: &[&str], ty: Option<&str>) -> Variant {
    Variant {
        name: name.to_owned(),
        tag_values: tag_values.iter().map(|v| v.to_string()).collect(),
        ty: ty.map(str::to_owned),
    }
}

fn types(types: Vec<Type>) -> Surface {
    Surface {
        methods: Vec::new(),
        types,
        aliases: Vec::new(),
    }
}

/// The report's items, class by class: `(class, item)`.
fn items(old: &Surface, new: &Surface) -> Vec<(Class, String)> {
    let report = compare(old, new);
    render::CLASSES
        .iter()
        .flat_map(|c| report.items(*c).into_iter().map(|i| (*c, i)))
        .collect()
}

fn item(class: Class, text: &str) -> (Class, String) {
    (class, format!("- {text}"))
}

#[test]
fn fields_added_break_only_the_constructor_of_a_struct_users_build() {
    let mut received = ty("Thing", Kind::Struct, "#/components/schemas/thing");
    received.fields = vec![field("id", "String", true)];
    let mut sent = ty("ThingsCreateRequest", Kind::Struct, "#/paths/create");
    sent.sent = true;
    sent.request = true;
    sent.received = false;
    sent.fields = vec![field("name", "String", true)];
    let old = types(vec![received.clone(), sent.clone()]);

    received.fields.push(field("size", "i64", true));
    received
        .fields
        .push(field("color", "Option<String>", false));
    sent.fields.push(field("owner", "String", true));
    sent.fields.push(field("note", "Option<String>", false));
    let new = types(vec![received, sent]);
    assert_eq!(
        items(&old, &new),
        [
            item(
                Class::Breaking,
                "spec: `ThingsCreateRequest::new` takes a new required field, `owner` (`String`)"
            ),
            item(Class::Added, "`Thing`: fields `size`, `color` added"),
            item(Class::Added, "`ThingsCreateRequest`: field `note` added"),
        ]
    );
}

#[test]
fn fields_removed_renamed_or_retyped_break() {
    let mut old_t = ty("Thing", Kind::Struct, "#/components/schemas/thing");
    old_t.fields = vec![
        field("id", "String", true),
        field("count", "i64", true),
        field("type", "String", true),
        field("note", "Option<String>", false),
        field("label", "Option<String>", false),
    ];
    let mut new_t = old_t.clone();
    new_t.fields.remove(0);
    new_t.fields[0].ty = "f64".to_owned();
    new_t.fields[1].rust = "r#type".to_owned();
    // Required in a received struct, with the same Rust type: not breaking.
    new_t.fields[2].required = true;
    new_t.fields[2].nullable = true;
    new_t.fields[3].deprecated = true;
    assert_eq!(
        items(&types(vec![old_t]), &types(vec![new_t])),
        [
            item(Class::Breaking, "spec: `Thing`: field `id` removed"),
            item(
                Class::Breaking,
                "spec: `Thing.count` is `f64` instead of `i64`"
            ),
            item(
                Class::Breaking,
                "naming: `Thing.r#type` renamed from `type`"
            ),
            item(Class::Changed, "`Thing`: field `note` now required"),
            item(Class::Changed, "`Thing.label` is deprecated"),
        ]
    );
}

#[test]
fn enum_values_added_are_additive_and_removed_breaking() {
    let mut old_t = ty("Status", Kind::Enum, "#/components/schemas/status");
    old_t.fallback = Some("Unknown".to_owned());
    old_t.values = vec![value("on", "On"), value("off", "Off"), value("2x", "V2x")];
    let mut new_t = old_t.clone();
    new_t.values = vec![
        value("on", "On"),
        value("2x", "Double"),
        value("idle", "Idle"),
    ];
    assert_eq!(
        items(&types(vec![old_t]), &types(vec![new_t])),
        [
            item(Class::Breaking, "spec: `Status`: value `off` removed"),
            item(
                Class::Breaking,
                "naming: `Status` value `2x` is now `Status::Double` (was `Status::V2x`)"
            ),
            item(Class::Added, "`Status`: value `idle` added"),
        ]
    );
}

#[test]
fn variants_added_are_additive_only_where_the_enum_is_non_exhaustive() {
    let mut tagged = ty("Event", Kind::Tagged, "#/components/schemas/event");
    tagged.tags = vec!["event_type".to_owned()];
    tagged.fallback = Some("Unknown".to_owned());
    tagged.variants = vec![
        variant("Created", &["created"], None),
        variant("Moved", &["moved"], Some("EventMoved")),
    ];
    let mut untagged = ty("Label", Kind::Untagged, "#/components/schemas/label");
    untagged.variants = vec![variant("String", &[], Some("String"))];
    let old = types(vec![tagged.clone(), untagged.clone()]);

    tagged.variants[1].ty = Some("EventMovedPayload".to_owned());
    tagged.variants.push(variant("Painted", &["painted"], None));
    untagged.variants.push(variant("Bool", &[], Some("bool")));
    let new = types(vec![tagged, untagged]);
    assert_eq!(
        items(&old, &new),
        [
            item(
                Class::Breaking,
                "spec: `Event::Moved` holds `EventMovedPayload` instead of `EventMoved`"
            ),
            item(Class::Breaking, "spec: `Label`: variant `Bool` added"),
            item(Class::Added, "`Event`: variant `Painted` added"),
        ]
    );
}

#[test]
fn a_type_keeping_a_place_under_a_new_name_is_renamed_and_its_uses_follow() {
    let place = "#/components/schemas/thing/properties/size";
    let size = ty("ThingSize", Kind::Enum, place);
    let mut thing = ty("Thing", Kind::Struct, "#/components/schemas/thing");
    thing.fields = vec![field("size", "Option<ThingSize>", false)];
    let mut old = types(vec![thing.clone(), size.clone()]);
    old.methods = vec![method("seam.things().size", None, "Call<Vec<ThingSize>>")];

    let mut shared = size.clone();
    shared.name = "Size".to_owned();
    shared
        .places
        .push("#/components/schemas/gadget/properties/size".to_owned());
    thing.fields[0].ty = "Option<Size>".to_owned();
    let unrelated = ty("Other", Kind::Enum, "#/components/schemas/other");
    let mut new = types(vec![shared, thing, unrelated]);
    new.methods = vec![method("seam.things().size", None, "Call<Vec<Size>>")];
    assert_eq!(
        items(&old, &new),
        [
            item(
                Class::Breaking,
                "naming: type `ThingSize` renamed to `Size`, with no alias"
            ),
            item(Class::Added, "type `Other` added (string enum)"),
        ]
    );
}

/// A variant's place is its position in a `oneOf`: a variant removed before it moves the
/// others, so sharing such a place is no rename; the same tag values in the same union are.
#[test]
fn payloads_are_renamed_by_tag_values_not_by_position() {
    let union_place = "#/components/schemas/thing/properties/errors/items";
    let mut union = ty("ThingError", Kind::Tagged, union_place);
    union.tags = vec!["error_code".to_owned()];
    union.variants = vec![
        variant("Offline", &["offline"], Some("OfflineError")),
        variant("Jammed", &["jammed"], Some("JammedError")),
    ];
    let offline = ty(
        "OfflineError",
        Kind::Struct,
        &format!("{union_place}/oneOf/0"),
    );
    let jammed = ty(
        "JammedError",
        Kind::Struct,
        &format!("{union_place}/oneOf/1"),
    );
    let old = types(vec![union.clone(), offline, jammed]);

    // `offline` removed; `jammed` moves to position 0 under a new name.
    union.variants = vec![variant("Jammed", &["jammed"], Some("ThingJammedError"))];
    let moved = ty(
        "ThingJammedError",
        Kind::Struct,
        &format!("{union_place}/oneOf/0"),
    );
    let new = types(vec![union, moved]);
    assert_eq!(
        items(&old, &new),
        [
            item(Class::Breaking, "spec: type `OfflineError` removed"),
            item(
                Class::Breaking,
                "spec: `ThingError`: variant `Offline` removed"
            ),
            item(
                Class::Breaking,
                "naming: type `JammedError` renamed to `ThingJammedError`, with no alias"
            ),
        ]
    );
}

#[test]
fn a_type_changing_kind_breaks() {
    let mut old_t = ty("Filter", Kind::Untagged, "#/paths/list/filter");
    old_t.variants = vec![variant("String", &[], Some("String"))];
    let mut new_t = ty("Filter", Kind::Struct, "#/paths/list/filter");
    new_t.fields = vec![field("name", "String", true)];
    assert_eq!(
        items(&types(vec![old_t]), &types(vec![new_t])),
        [item(
            Class::Breaking,
            "spec: `Filter` is now a struct (was an untagged union)"
        )]
    );
}

#[test]
fn a_type_gone_without_an_heir_is_removed() {
    let old = types(vec![ty("Gone", Kind::Struct, "#/components/schemas/gone")]);
    let new = types(vec![ty("New", Kind::Struct, "#/components/schemas/new")]);
    assert_eq!(
        items(&old, &new),
        [
            item(Class::Breaking, "spec: type `Gone` removed"),
            item(Class::Added, "type `New` added (struct)"),
        ]
    );
}

#[test]
fn methods_removed_renamed_or_resigned_break_and_added_are_additive() {
    let old = Surface {
        aliases: Vec::new(),
        methods: vec![
            method("seam.things().get", Some("ThingsGetRequest"), "Call<Thing>"),
            method("seam.things().list", None, "Call<Vec<Thing>>"),
            method(
                "seam.things().archive",
                Some("ThingsArchiveRequest"),
                "Call<()>",
            ),
            method(
                "seam.things().delete",
                Some("ThingsDeleteRequest"),
                "Call<()>",
            ),
            method("seam.things().hidden", None, "Call<()>"),
        ],
        types: Vec::new(),
    };
    let mut new = old.clone();
    new.methods[0].request = Some("impl Into<ThingsGetRequest>".to_owned());
    new.methods[0].deprecated = true;
    new.methods[1].returns = "Paginated<Thing>".to_owned();
    // Same route, new name: a rename.
    new.methods[2].path = "seam.things().stash".to_owned();
    new.methods.remove(3);
    new.methods[3].undocumented = true;
    new.methods
        .push(method("seam.things().create", None, "Call<Thing>"));
    assert_eq!(
        items(&old, &new),
        [
            item(
                Class::Breaking,
                "naming: `seam.things().archive` renamed to `seam.things().stash` (`POST /things/archive`)"
            ),
            item(
                Class::Breaking,
                "spec: `seam.things().delete` removed (`POST /things/delete`)"
            ),
            item(
                Class::Breaking,
                "spec: `seam.things().get` takes `impl Into<ThingsGetRequest>` instead of `ThingsGetRequest`"
            ),
            item(
                Class::Breaking,
                "spec: `seam.things().hidden` now needs the `undocumented` feature"
            ),
            item(
                Class::Breaking,
                "spec: `seam.things().list` returns `Paginated<Thing>` instead of `Call<Vec<Thing>>`"
            ),
            item(
                Class::Added,
                "`seam.things().create` added (`POST /things/create`)"
            ),
            item(Class::Changed, "`seam.things().get` is deprecated"),
        ]
    );
}

#[test]
fn a_type_users_build_breaks_when_it_can_no_longer_be_built() {
    let mut old_t = ty("Filter", Kind::Struct, "#/paths/list/filter");
    old_t.sent = true;
    old_t.fields = vec![field("name", "String", true)];
    let mut new_t = old_t.clone();
    new_t.sent = false;
    new_t.received = false;
    assert_eq!(
        items(&types(vec![old_t]), &types(vec![new_t])),
        [
            item(
                Class::Breaking,
                "spec: `Filter` can no longer be built (`Filter::new` and setters removed)"
            ),
            item(
                Class::Breaking,
                "spec: `Filter` no longer implements `Deserialize`"
            ),
        ]
    );
}

fn fixture(name: &str) -> PathBuf {
    crate::repo_root().join("codegen/tests/fixtures").join(name)
}

fn surface_of(path: &Path) -> Surface {
    codegen::generate_from_path(path)
        .unwrap_or_else(|e| panic!("{e}"))
        .surface
}

/// The two fixture versions differ in known ways (listed at the top of `semver-new.yaml`);
/// the report says each, in order, with nothing else.
#[test]
fn the_fixture_specs_report_exactly_their_differences() {
    let old = surface_of(&fixture("semver-old.yaml"));
    let new = surface_of(&fixture("semver-new.yaml"));
    let report = compare(&old, &new);
    let text = report.render("semver-old.yaml", usize::MAX);
    let expected = "\
API changes against semver-old.yaml: 12 breaking (9 by the spec, 3 by naming), 7 additive, 1 other
  methods: 1 added, 1 removed, 1 renamed, 2 changed; types: 2 added, 1 removed, 2 renamed; \
fields: 3 added, 1 removed, 2 changed; enum values: 1 added, 1 removed; union variants: 2 added
Breaking:
  - naming: `seam.widgets().archive` renamed to `seam.widgets().stash` (`POST /widgets/archive`)
  - spec: `seam.widgets().delete` removed (`POST /widgets/delete`)
  - spec: `seam.widgets().list` returns `Paginated<Widget>` instead of `Call<Option<Vec<Widget>>>`
  - naming: type `WidgetSizeClass` renamed to `SizeClass`, with no alias
  - spec: `Widget`: field `legacy_note` removed
  - spec: `Widget.count` is `f64` instead of `i64`
  - spec: `Widget`: field `name` now optional (wrapped in `Option`)
  - spec: `WidgetLabel`: variant `Number` added
  - spec: `WidgetStatus`: value `broken` removed
  - spec: `WidgetsCreateRequest::new` takes a new required field, `owner_id` (`String`)
  - spec: type `WidgetsDeleteRequest` removed
  - naming: type `WidgetsArchiveRequest` renamed to `WidgetsStashRequest`, with no alias
Added:
  - `seam.gadgets().get` added (`POST /gadgets/get`)
  - type `Gadget` added (struct)
  - `Widget`: field `color` added
  - `WidgetEvent`: variant `Painted` added
  - type `WidgetEventPainted` added (struct)
  - `WidgetStatus`: value `retired` added
  - `WidgetsCreateRequest`: field `note` added
Changed:
  - `seam.widgets().get` is deprecated
";
    assert_eq!(text, expected, "\n{text}");
}

/// The newest published spec vendored in `codegen/tests/specs/` (by version), and the one
/// before it.
fn vendored_specs() -> Vec<PathBuf> {
    let dir = crate::repo_root().join("codegen/tests/specs");
    let mut specs: Vec<(Vec<u64>, PathBuf)> = std::fs::read_dir(&dir)
        .expect("codegen/tests/specs")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?;
            let version = name.strip_prefix("seam-types-")?.strip_suffix(".json")?;
            let parts = version
                .split('.')
                .map(|n| n.parse().ok())
                .collect::<Option<_>>()?;
            Some((parts, p))
        })
        .collect();
    specs.sort();
    specs.into_iter().map(|(_, p)| p).collect()
}

/// Two published specs, a year apart: a report comes out, with counts in the range such a
/// change has (Seam adds far more than it removes).
#[test]
fn published_specs_give_a_plausible_report() {
    let root = crate::repo_root();
    let specs = root.join("codegen/tests/specs");
    let old = surface_of(&specs.join("seam-types-1.405.0.json"));
    let new = surface_of(&specs.join("seam-types-1.724.0.json"));
    let report = compare(&old, &new);
    println!(
        "1.405.0 → 1.724.0: {}\n  {}",
        report.summary(),
        report.counts()
    );
    let (breaking, added) = (report.count(Class::Breaking), report.count(Class::Added));
    assert!(added > 100, "{}", report.summary());
    assert!(breaking > 0 && breaking < added, "{}", report.summary());
    assert!(compare(&new, &new).is_empty());
}

/// What regenerating the newest vendored spec into `spec/openapi.json` changes: printed for
/// review (`cargo test -p xtask report_from_the_newest -- --nocapture`).
#[test]
fn report_from_the_newest_vendored_spec_to_the_current_one() {
    let root = crate::repo_root();
    let Some(newest) = vendored_specs().pop() else {
        return;
    };
    let old = surface_of(&newest);
    let new = surface_of(&root.join(crate::codegen_command::SPEC));
    let report = compare(&old, &new);
    let from = newest.file_name().unwrap_or_default().to_string_lossy();
    print!("{}", report.render(&from, usize::MAX));
    assert!(!report.is_empty());
}

fn v010() -> super::Version {
    super::Version::parse("0.1.0").expect("a version")
}

#[test]
fn the_changelog_takes_each_item_once_under_unreleased() {
    let old = types(vec![ty("Gone", Kind::Struct, "#/gone")]);
    let new = types(vec![ty("New", Kind::Struct, "#/new")]);
    let report = compare(&old, &new);
    let text = "# Changelog\n\nIntro.\n\n## [0.1.0] - 2026-01-01\n\n### Added\n\n- First.\n";
    let (merged, added) = merge(text, &report, v010());
    assert_eq!(added, 2);
    assert_eq!(
        merged,
        "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n\
         Next version: **0.2.0** (from 0.1.0: breaking changes).\n\n### Breaking\n\n- spec: type `Gone` removed\n\n\
         ### Added\n\n- type `New` added (struct)\n\n\
         ## [0.1.0] - 2026-01-01\n\n### Added\n\n- First.\n"
    );
    let (again, added) = merge(&merged, &report, v010());
    assert_eq!((again.as_str(), added), (merged.as_str(), 0));

    // Under existing headings, after what is there; other headings stay where they are.
    let text = "# Changelog\n\n## [Unreleased]\n\nNotes.\n\n### Fixed\n\n- A fix.\n\n\
                ### Added\n\n- By hand.\n";
    let (merged, added) = merge(text, &report, v010());
    assert_eq!(added, 2);
    assert_eq!(
        merged,
        "# Changelog\n\n## [Unreleased]\n\n\
         Next version: **0.2.0** (from 0.1.0: breaking changes).\n\nNotes.\n\n### Breaking\n\n- spec: type `Gone` removed\n\n\
         ### Fixed\n\n- A fix.\n\n### Added\n\n- By hand.\n- type `New` added (struct)\n"
    );
}

#[test]
fn a_new_changelog_has_an_unreleased_section_with_the_report() {
    let dir = crate::test_dir::TestDir::new("changelog");
    let report = compare(
        &Surface::default(),
        &types(vec![ty("New", Kind::Struct, "#/new")]),
    );
    assert_eq!(write_changelog(dir.path(), &report, v010()).unwrap(), 1);
    let text = dir.read(CHANGELOG);
    assert!(text.starts_with("# Changelog\n"), "{text}");
    assert!(
        text.ends_with(
            "## [Unreleased]\n\nNext version: **0.1.1** (from 0.1.0: additions only).\n\n\
             ### Added\n\n- type `New` added (struct)\n"
        ),
        "{text}"
    );
    assert_eq!(write_changelog(dir.path(), &report, v010()).unwrap(), 0);
    assert_eq!(dir.read(CHANGELOG), text);
}

fn alias(name: &str, target: &str, since: &str) -> codegen::surface::Alias {
    codegen::surface::Alias {
        name: name.to_owned(),
        target: target.to_owned(),
        since: since.to_owned(),
    }
}

#[test]
fn a_rename_an_alias_covers_does_not_break_and_one_without_breaks_by_naming() {
    let mut old_type = ty("ThingsGetThing", Kind::Struct, "#/paths/get/thing");
    old_type.fields = vec![field("id", "String", true)];
    let old = types(vec![old_type]);
    let mut component = ty(
        "StoredThing",
        Kind::Struct,
        "#/components/schemas/stored_thing",
    );
    component.fields = vec![field("id", "String", true), field("size", "i64", false)];
    let mut new = types(vec![component]);
    new.aliases = vec![alias("ThingsGetThing", "StoredThing", "0.1.0")];
    let report = compare(&old, &new);
    assert_eq!(report.count(Class::Breaking), 0, "{:?}", report.changes);
    assert_eq!(
        items(&old, &new),
        [
            item(Class::Added, "`StoredThing`: field `size` added"),
            item(
                Class::Changed,
                "type `ThingsGetThing` renamed to `StoredThing`; `ThingsGetThing` stays, as a deprecated alias"
            ),
        ]
    );

    // The same rename, where the places tell it, with no alias: a naming break.
    let mut same_place = ty("Renamed", Kind::Struct, "#/paths/get/thing");
    same_place.fields = vec![field("id", "String", true)];
    let new = types(vec![same_place]);
    let report = compare(&old, &new);
    assert_eq!(report.breaking_by(Cause::Naming), 1);
    assert_eq!(
        report.items_caused_by(Cause::Naming),
        ["- naming: type `ThingsGetThing` renamed to `Renamed`, with no alias"]
    );
    assert!(
        report
            .summary()
            .starts_with("1 breaking (0 by the spec, 1 by naming)"),
        "{}",
        report.summary()
    );
}

#[test]
fn an_alias_retired_breaks_as_retired_and_one_gone_with_its_target_as_the_spec() {
    let kept = ty(
        "StoredThing",
        Kind::Struct,
        "#/components/schemas/stored_thing",
    );
    let mut old = types(vec![
        kept.clone(),
        ty("Gone", Kind::Struct, "#/components/schemas/gone"),
    ]);
    old.aliases = vec![
        alias("OldGone", "Gone", "0.1.0"),
        alias("ThingsGetThing", "StoredThing", "0.1.0"),
    ];
    let new = types(vec![kept]);
    assert_eq!(
        items(&old, &new),
        [
            item(Class::Breaking, "spec: type `Gone` removed"),
            item(Class::Breaking, "spec: deprecated alias `OldGone` removed with its target `Gone`"),
            item(
                Class::Breaking,
                "retired: deprecated alias `ThingsGetThing` removed: use `StoredThing` (an alias since after seam-sdk 0.1.0)"
            ),
        ]
    );
}

/// Every view prints each change under its own class, however many it leaves out.
#[test]
fn the_short_report_lists_each_change_under_its_own_heading() {
    let (old, new) = (
        surface_of(&fixture("semver-old.yaml")),
        surface_of(&fixture("semver-new.yaml")),
    );
    let report = compare(&old, &new);
    for limit in [1, 2, usize::MAX] {
        let text = report.render("old", limit);
        let mut class = None;
        for line in text.lines() {
            if let Some(c) = render::CLASSES
                .iter()
                .find(|c| line == format!("{}:", c.heading()))
            {
                class = Some(*c);
                continue;
            }
            let Some(item) = line.strip_prefix("  ") else {
                continue;
            };
            if item.starts_with('…') || !item.starts_with("- ") {
                continue;
            }
            let class = class.unwrap_or_else(|| panic!("an item before any heading: {line}"));
            assert!(
                report.items(class).iter().any(|i| i == item),
                "{line} is not {class:?}:\n{text}"
            );
        }
    }
}
