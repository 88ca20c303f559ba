//! The generator's memory (`codegen::memory`, `lower/memory.rs`): a type that stands for a
//! place an earlier generation published keeps its name, and a name that cannot stay is a
//! deprecated alias. Each test generates a first version of a small spec with no memory, then
//! the next version with the memory the first one wrote.

use codegen::surface::Surface;
use codegen::{Generated, Memory};

const HEAD: &str = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n";

fn generate(spec: &str, memory: &Memory) -> Generated {
    codegen::generate_from_str_with("test.yaml", &format!("{HEAD}{spec}"), memory)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Generates `v1` with no memory, then `v2` with what `v1` published.
fn walk(v1: &str, v2: &str) -> (Surface, Generated) {
    let first = generate(v1, &Memory::default());
    let second = generate(v2, &first.surface.memory("0.1.0"));
    (first.surface, second)
}

/// The name of the type that lists `place` among its places.
fn name_at(surface: &Surface, place: &str) -> String {
    surface
        .types
        .iter()
        .find(|t| t.places.iter().any(|p| p == place))
        .map(|t| t.name.clone())
        .unwrap_or_else(|| panic!("no type stands for {place}"))
}

fn names(surface: &Surface) -> Vec<&str> {
    surface.types.iter().map(|t| t.name.as_str()).collect()
}

/// A `POST /things/get` route answering `{"thing": <schema>}`.
fn get_thing(schema: &str) -> String {
    format!(
        "paths:
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
                required: [thing]
                properties:
                  thing: {schema}
"
    )
}

const THING_INLINE: &str =
    "{type: object, required: [thing_id], properties: {thing_id: {type: string}, label: {type: string}}}";

/// The same route, its `thing` now the component `stored_thing` of the same shape.
fn thing_in_a_component() -> String {
    format!(
        "{}components:\n  schemas:\n    stored_thing: {THING_INLINE}\n",
        get_thing("{$ref: '#/components/schemas/stored_thing'}")
    )
}

#[test]
fn regenerating_with_its_own_memory_changes_nothing() {
    let spec = get_thing(THING_INLINE);
    let first = generate(&spec, &Memory::default());
    let again = generate(&spec, &first.surface.memory("0.1.0"));
    assert_eq!(first.files, again.files);
    assert_eq!(first.test_files, again.test_files);
    assert_eq!(first.surface, again.surface);
    assert!(again.surface.aliases.is_empty());
}

#[test]
fn an_inline_schema_moved_into_a_component_leaves_a_deprecated_alias() {
    let (v1, v2) = (get_thing(THING_INLINE), thing_in_a_component());
    let (old, new) = walk(&v1, &v2);
    let place = "#/paths/~1things~1get/post/responses/200/content/application~1json/schema/properties/thing";
    let was = name_at(&old, place);
    assert!(names(&new.surface).contains(&"StoredThing"));
    assert!(!names(&new.surface).contains(&was.as_str()));
    let alias = new.surface.aliases.iter().find(|a| a.name == was);
    let alias = alias.unwrap_or_else(|| panic!("no alias {was}: {:?}", new.surface.aliases));
    assert_eq!(
        (alias.target.as_str(), alias.since.as_str()),
        ("StoredThing", "0.1.0")
    );
    let code: String = new.files.values().cloned().collect();
    assert!(
        code.contains(&format!("pub type {was} = StoredThing;")),
        "{code}"
    );
    assert!(code.contains("#[deprecated("), "{code}");
    let uses = &new.test_files["aliases.rs"];
    assert!(
        uses.contains(&format!(
            "same::<seam_sdk::types::{was}, seam_sdk::types::StoredThing>()"
        )),
        "{uses}"
    );
}

/// Two objects with a `fan_mode` enum: alone, the enum is named for its place; once a second
/// place shares its shape, the rules would name it for the field both give (`FanMode`).
fn fan_modes(with_gadget: bool) -> String {
    let field = "fan_mode: {type: string, enum: [auto, on]}";
    let gadget = if with_gadget {
        format!("\n    gadget: {{type: object, properties: {{{field}}}}}")
    } else {
        String::new()
    };
    let gadget_route = if with_gadget {
        "
  /gadgets/get:
    post:
      x-response-key: gadget
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object, properties: {gadget: {$ref: '#/components/schemas/gadget'}}}"
    } else {
        ""
    };
    format!(
        "{}{gadget_route}
components:
  schemas:
    thermostat: {{type: object, properties: {{{field}}}}}{gadget}
",
        get_thing("{$ref: '#/components/schemas/thermostat'}").trim_end()
    )
}

#[test]
fn a_name_stays_when_another_place_comes_to_share_its_shape() {
    let place = "#/components/schemas/thermostat/properties/fan_mode";
    let rules_only = generate(&fan_modes(true), &Memory::default());
    let (old, new) = walk(&fan_modes(false), &fan_modes(true));
    let was = name_at(&old, place);
    // Without memory the shared type takes the shared field's name; with it, the old one.
    assert_ne!(name_at(&rules_only.surface, place), was);
    assert_eq!(name_at(&new.surface, place), was);
    assert!(new.surface.aliases.is_empty(), "{:?}", new.surface.aliases);
}

/// A tagged union of errors, its variants in the order given.
fn errors(codes: &[&str]) -> String {
    let variants: Vec<String> = codes
        .iter()
        .map(|code| {
            format!(
                "\n              - type: object\n                required: [error_code]\n                properties:\n                  error_code: {{type: string, enum: [{code}]}}\n                  {code}_detail: {{type: string}}"
            )
        })
        .collect();
    format!(
        "{}components:
  schemas:
    widget:
      type: object
      properties:
        errors:
          type: array
          items:
            discriminator: {{propertyName: error_code}}
            oneOf:{}
",
        get_thing("{$ref: '#/components/schemas/widget'}"),
        variants.concat()
    )
}

#[test]
fn variants_keep_their_names_when_one_is_added_before_them() {
    let (old, new) = walk(
        &errors(&["jammed", "offline"]),
        &errors(&["battery", "jammed", "offline"]),
    );
    let payload = |s: &Surface, code: &str| -> String {
        let union = s
            .types
            .iter()
            .find(|t| t.variants.iter().any(|v| v.tag_values == [code]));
        let union = union.unwrap_or_else(|| panic!("no union with {code}"));
        let v = union.variants.iter().find(|v| v.tag_values == [code]);
        v.and_then(|v| v.ty.clone())
            .unwrap_or_else(|| panic!("{code} has no payload"))
    };
    for code in ["jammed", "offline"] {
        assert_eq!(payload(&new.surface, code), payload(&old, code), "{code}");
    }
    assert!(new.surface.aliases.is_empty(), "{:?}", new.surface.aliases);
}

#[test]
fn an_alias_follows_its_target_and_stays_until_retired() {
    let (v1, v2) = (get_thing(THING_INLINE), thing_in_a_component());
    let (_, second) = walk(&v1, &v2);
    // The next regeneration keeps the alias; forgetting the aliases (retiring them) drops it.
    let third = generate(&v2, &second.surface.memory("0.2.0"));
    assert_eq!(third.surface, second.surface);
    let mut retired = second.surface.memory("0.2.0");
    retired.aliases.clear();
    let fourth = generate(&v2, &retired);
    assert!(fourth.surface.aliases.is_empty());
}
