//! Unit tests of lowering: small specs in, IR facts out.

use codegen::ir::{Api, KeyKind, Response, TypeKind, TypeRef};

fn lower(spec: &str) -> Api {
    let spec = codegen::load::load_str("test.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
    codegen::lower::lower(&spec, &Default::default()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn type_named<'a>(api: &'a Api, name: &str) -> &'a codegen::ir::TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no type {name}; have {:?}",
                api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
            )
        })
}

const HEAD: &str = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n";

fn with_paths(paths: &str, schemas: &str) -> String {
    format!("{HEAD}paths:\n{paths}\ncomponents:\n  schemas:\n{schemas}\n")
}

const THING: &str = "    thing:
      type: object
      required: [thing_id]
      properties:
        thing_id: {type: string}
";

fn op(path: &str, extra: &str, response_props: &str) -> String {
    format!(
        "  {path}:
    post:
{extra}      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  ok: {{type: boolean}}
{response_props}"
    )
}

#[test]
fn response_key_rules() {
    let paths = [
        op("/things/get", "      x-response-key: thing\n", "                  thing: {$ref: '#/components/schemas/thing'}\n                  other: {type: string}\n"),
        op("/things/update", "      x-response-key: null\n", "                  thing: {$ref: '#/components/schemas/thing'}\n"),
        op("/things/delete", "", ""),
        op("/things/both", "", "                  a: {type: string}\n                  b: {type: string}\n"),
        op("/things/list", "      x-response-key: things\n", "                  things: {type: array, items: {$ref: '#/components/schemas/thing'}}\n                  pagination: {type: object, properties: {next_page_cursor: {type: string}}}\n"),
        op("/things/poke", "      x-action-attempt-type: POKE\n", "                  action_attempt: {$ref: '#/components/schemas/thing'}\n"),
    ]
    .concat();
    let api = lower(&with_paths(&paths, THING));
    let things = &api.root.children[0];
    let by_name = |n: &str| {
        things
            .endpoints
            .iter()
            .find(|e| e.method_name == n)
            .unwrap()
    };
    let thing = TypeRef::Named(codegen::ir::TypeId(
        api.types.iter().position(|t| t.name == "Thing").unwrap(),
    ));
    // These responses do not require their key, so a good response may leave it out: the
    // method returns an `Option`.
    let maybe_thing = TypeRef::Nullable(Box::new(thing.clone()));
    assert_eq!(
        by_name("get").response,
        Response::Key {
            key: "thing".into(),
            ty: maybe_thing.clone(),
            kind: KeyKind::Plain
        }
    );
    // `x-response-key: null`: the one property beside `ok`, an `Option`.
    assert_eq!(
        by_name("update").response,
        Response::Key {
            key: "thing".into(),
            ty: maybe_thing,
            kind: KeyKind::Plain
        }
    );
    // A required key is the type itself.
    let required = op(
        "/things/get",
        "      x-response-key: thing\n",
        "                  thing: {$ref: '#/components/schemas/thing'}\n                required: [ok, thing]\n",
    );
    let api_required = lower(&with_paths(&required, THING));
    assert_eq!(
        api_required.root.children[0].endpoints[0].response,
        Response::Key {
            key: "thing".into(),
            ty: thing.clone(),
            kind: KeyKind::Plain
        }
    );
    assert_eq!(by_name("delete").response, Response::Empty);
    assert!(matches!(
        by_name("both").response,
        Response::Body(TypeRef::Named(_))
    ));
    assert_eq!(
        by_name("list").response,
        Response::Key {
            key: "things".into(),
            ty: thing.clone(),
            kind: KeyKind::Paginated
        }
    );
    // An attempt the spec leaves optional is waited on when it came back.
    assert_eq!(
        by_name("poke").response,
        Response::Key {
            key: "action_attempt".into(),
            ty: TypeRef::Nullable(Box::new(thing.clone())),
            kind: KeyKind::ActionAttempt
        }
    );
}

/// `x-response-key: null` is the spec's word that the operation returns nothing to count on:
/// whatever its schema requires, the value is an `Option` (and an action attempt too); without
/// the key, a required value is the type itself.
#[test]
fn an_explicit_null_response_key_makes_the_value_optional() {
    let required = "                required: [ok, thing]\n";
    let attempt_required = "                required: [ok, action_attempt]\n";
    let thing_prop = "                  thing: {$ref: '#/components/schemas/thing'}\n";
    let attempt_prop = "                  action_attempt: {$ref: '#/components/schemas/thing'}\n";
    let paths = [
        op(
            "/things/update",
            "      x-response-key: null\n",
            &format!("{thing_prop}{required}"),
        ),
        op("/things/get", "", &format!("{thing_prop}{required}")),
        op(
            "/things/poke",
            "      x-response-key: null\n      x-action-attempt-type: POKE\n",
            &format!("{attempt_prop}{attempt_required}"),
        ),
        op(
            "/things/prod",
            "      x-action-attempt-type: PROD\n",
            &format!("{attempt_prop}{attempt_required}"),
        ),
        op("/things/touch", "      x-response-key: null\n", ""),
    ]
    .concat();
    let api = lower(&with_paths(&paths, THING));
    let response = |n: &str| {
        let e = api.root.children[0]
            .endpoints
            .iter()
            .find(|e| e.method_name == n);
        e.unwrap_or_else(|| panic!("no {n}")).response.clone()
    };
    let thing = TypeRef::Named(codegen::ir::TypeId(
        api.types.iter().position(|t| t.name == "Thing").unwrap(),
    ));
    let key = |key: &str, ty: TypeRef, kind| Response::Key {
        key: key.into(),
        ty,
        kind,
    };
    let maybe = |t: &TypeRef| TypeRef::Nullable(Box::new(t.clone()));
    assert_eq!(
        response("update"),
        key("thing", maybe(&thing), KeyKind::Plain)
    );
    assert_eq!(response("get"), key("thing", thing.clone(), KeyKind::Plain));
    assert_eq!(
        response("poke"),
        key("action_attempt", maybe(&thing), KeyKind::ActionAttempt)
    );
    assert_eq!(
        response("prod"),
        key("action_attempt", thing.clone(), KeyKind::ActionAttempt)
    );
    assert_eq!(response("touch"), Response::Empty);
}

#[test]
fn one_endpoint_per_path_post_is_canonical() {
    let spec = format!(
        "{HEAD}paths:
  /things/get:
    get:
      responses: {{'200': {{description: OK}}}}
    post:
      responses: {{'200': {{description: OK}}}}
  /things/remove:
    delete:
      responses: {{'200': {{description: OK}}}}
    patch:
      responses: {{'200': {{description: OK}}}}
"
    );
    let api = lower(&spec);
    let eps = &api.root.children[0].endpoints;
    assert_eq!(eps.len(), 2);
    assert_eq!(eps[0].http_method, codegen::ir::HttpMethod::Post);
    assert_eq!(eps[0].also_accepts, [codegen::ir::HttpMethod::Get]);
    assert!(eps[0].idempotent, "a route that also accepts GET reads");
    assert_eq!(eps[1].http_method, codegen::ir::HttpMethod::Patch);
    assert!(
        eps[1].idempotent,
        "a route that also accepts DELETE is idempotent"
    );
}

#[test]
fn resource_tree_from_paths_and_fern_names() {
    let spec = format!(
        "{HEAD}paths:
  /acs/users/list:
    post: {{responses: {{'200': {{description: OK}}}}}}
  /acs/users/unmanaged/get:
    post: {{responses: {{'200': {{description: OK}}}}}}
  /x/y:
    post:
      x-fern-sdk-group-name: [renamed]
      x-fern-sdk-method-name: fetch
      responses: {{'200': {{description: OK}}}}
  /things/type:
    post: {{responses: {{'200': {{description: OK}}}}}}
"
    );
    let api = lower(&spec);
    let names: Vec<_> = api
        .root
        .children
        .iter()
        .map(|c| c.type_name.as_str())
        .collect();
    assert_eq!(names, ["Acs", "Renamed", "Things"]);
    let users = &api.root.children[0].children[0];
    assert_eq!(users.path, ["acs", "users"]);
    assert_eq!(users.endpoints[0].method_name, "list");
    assert_eq!(users.children[0].type_name, "AcsUsersUnmanaged");
    assert_eq!(api.root.children[1].endpoints[0].method_name, "fetch");
    assert_eq!(
        api.root.children[2].endpoints[0].method_name, "type",
        "kept; escaped when emitted"
    );
}

#[test]
fn discriminated_and_implicit_unions_are_tagged() {
    let schemas = "    event:
      oneOf:
        - type: object
          required: [event_type, id]
          properties: {event_type: {type: string, enum: [a.created]}, id: {type: string}}
        - type: object
          required: [event_type]
          properties: {event_type: {type: string, enum: [a.deleted]}}
    attempt:
      oneOf:
        - {type: object, properties: {kind: {type: string, enum: [X]}, status: {type: string, enum: [pending]}}}
        - {type: object, properties: {kind: {type: string, enum: [X]}, status: {type: string, enum: [success]}}}
        - {type: object, properties: {kind: {type: string, enum: [Y]}, status: {type: string, enum: [success]}}}
    loose:
      oneOf:
        - {type: string}
        - {type: boolean}
";
    let api = lower(&with_paths("  {}\n", schemas));
    let TypeKind::Tagged(event) = &type_named(&api, "Event").kind else {
        panic!("event is tagged")
    };
    assert_eq!(event.tags, ["event_type"]);
    assert_eq!(
        event
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["ACreated", "ADeleted"]
    );
    assert!(
        event.variants[1].payload.is_none(),
        "a variant with only its tag carries nothing"
    );
    assert_eq!(event.fallback, "Unknown");
    let TypeKind::Tagged(attempt) = &type_named(&api, "Attempt").kind else {
        panic!("attempt is tagged")
    };
    assert_eq!(
        attempt.tags,
        ["kind", "status"],
        "no single property tells the variants apart; the pair does"
    );
    assert_eq!(attempt.variants[2].name, "YSuccess");
    let TypeKind::Untagged(loose) = &type_named(&api, "Loose").kind else {
        panic!("loose is untagged")
    };
    assert_eq!(
        loose
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["String", "Bool"]
    );
}

#[test]
fn enums_drop_duplicates_and_identical_shapes_merge_only_under_a_shared_name() {
    let schemas = "    a:
      type: object
      properties:
        brand: {type: string, enum: [korelock, august, korelock]}
        inner: {type: object, properties: {x: {type: integer}}}
        fan_mode: {type: string, enum: [auto, on]}
        climate_setting: {type: object, properties: {y: {type: integer}}}
    b:
      type: object
      properties:
        maker: {type: string, enum: [korelock, august]}
        nested: {type: object, properties: {x: {type: integer, description: differs only in docs}}}
        fan_mode: {type: string, enum: [auto, on]}
        climate_setting: {type: object, properties: {y: {type: integer}}}
";
    let api = lower(&with_paths("  {}\n", schemas));
    let TypeKind::StringEnum(brand) = &type_named(&api, "ABrand").kind else {
        panic!()
    };
    assert_eq!(brand.variants.len(), 2);
    let field = |ty: &str, name: &str| {
        let TypeKind::Struct(s) = &type_named(&api, ty).kind else {
            panic!("{ty} is a struct")
        };
        s.fields
            .iter()
            .find(|f| f.json_name == name)
            .map(|f| f.ty.clone())
            .unwrap_or_else(|| panic!("{ty}.{name}"))
    };
    // `brand` and `maker`, `inner` and `nested`: one shape, but nothing the places share to
    // name it by, so each keeps the name of its own place (never the name of the other).
    assert_ne!(field("A", "brand"), field("B", "maker"));
    assert_ne!(field("A", "inner"), field("B", "nested"));
    type_named(&api, "BMaker");
    type_named(&api, "BNested");
    // `fan_mode` and `climate_setting`: the places share a name that says what it is.
    assert_eq!(field("A", "fan_mode"), field("B", "fan_mode"));
    assert_eq!(field("A", "climate_setting"), field("B", "climate_setting"));
    type_named(&api, "FanMode");
    type_named(&api, "ClimateSetting");
    assert!(!api
        .types
        .iter()
        .any(|t| ["AFanMode", "BFanMode", "AClimateSetting"].contains(&t.name.as_str())));
}

#[test]
fn nullable_optional_and_required_are_kept_apart() {
    let schemas = "    s:
      type: object
      required: [a, b]
      properties:
        a: {type: string}
        b: {type: string, nullable: true}
        c: {type: string}
        d: {type: string, nullable: true}
        e: {type: array, items: {type: string}}
        free: {}
";
    let api = lower(&with_paths("  {}\n", schemas));
    let TypeKind::Struct(s) = &type_named(&api, "S").kind else {
        panic!()
    };
    let f = |n: &str| s.fields.iter().find(|f| f.json_name == n).unwrap();
    assert!(f("a").required && !f("a").ty.is_nullable());
    assert!(f("b").required && f("b").ty.is_nullable());
    assert!(!f("c").required && !f("c").ty.is_nullable());
    assert!(!f("d").required && f("d").ty.is_nullable());
    assert_eq!(f("e").ty, TypeRef::List(Box::new(TypeRef::String)));
    assert_eq!(f("free").ty, TypeRef::Json);
    assert!(
        api.warnings.iter().any(|w| w.contains("/free")),
        "free-form values are reported: {:?}",
        api.warnings
    );
}

#[test]
fn names_collide_by_rule_and_escape_keywords() {
    let schemas = "    thing:
      type: object
      properties:
        type: {type: string}
        self: {type: string}
        a_b: {type: string}
        aB: {type: string}
    Thing:
      type: object
      properties: {x: {type: string}}
";
    let api = lower(&with_paths("  {}\n", schemas));
    // Keys are read in sorted order: `Thing` claims the name first, `thing` takes a suffix.
    assert!(matches!(&type_named(&api, "Thing").kind, TypeKind::Struct(s) if s.fields.len() == 1));
    let TypeKind::Struct(s) = &type_named(&api, "Thing2").kind else {
        panic!()
    };
    let names: Vec<_> = s.fields.iter().map(|f| f.rust_name.as_str()).collect();
    // Properties are read in sorted order too: `aB` claims `a_b` before `a_b` does.
    assert_eq!(names, ["a_b", "a_b2", "self", "type"]);
    assert_eq!(codegen::naming::member_ident("type"), "r#type");
    assert_eq!(codegen::naming::member_ident("self"), "self_");
}

#[test]
fn features_gate_types_by_the_endpoints_that_reach_them() {
    let paths = [
        op(
            "/alpha/get",
            "",
            "                  thing: {$ref: '#/components/schemas/thing'}\n",
        ),
        op(
            "/beta/get",
            "      x-undocumented: internal\n",
            "                  thing: {$ref: '#/components/schemas/thing'}\n",
        ),
        op(
            "/beta/other",
            "      x-undocumented: internal\n",
            "                  other: {$ref: '#/components/schemas/other'}\n",
        ),
    ]
    .concat();
    let schemas = format!("{THING}    other:\n      type: object\n      properties: {{y: {{type: string}}}}\n    orphan:\n      type: object\n      properties: {{z: {{type: string}}}}\n");
    let api = lower(&with_paths(&paths, &schemas));
    let gate = |n: &str| format!("{:?}", type_named(&api, n).gate.0);
    assert_eq!(gate("Thing"), r#"{{"alpha"}, {"beta", "undocumented"}}"#);
    assert_eq!(gate("Other"), r#"{{"beta", "undocumented"}}"#);
    assert!(
        type_named(&api, "Orphan").gate.is_always(),
        "unreached models are always compiled"
    );
    assert!(type_named(&api, "Orphan").in_response);
}

#[test]
fn shared_value_types_take_their_common_field_name() {
    let schemas = "    a:
      type: object
      properties:
        accepted_capabilities: {type: array, items: {type: string, enum: [lock, thermostat]}}
        status: {type: string, enum: [on, off]}
    b:
      type: object
      properties:
        accepted_capabilities: {type: array, items: {type: string, enum: [lock, thermostat]}}
        status: {type: string, enum: [on, off]}
";
    let api = lower(&with_paths("  {}\n", schemas));
    assert!(
        api.types.iter().any(|t| t.name == "AcceptedCapability"),
        "shared by two places, named by the field"
    );
    assert!(
        api.types.iter().any(|t| t.name == "AStatus"),
        "one-word names stay qualified by the first place"
    );
}

#[test]
fn all_of_parts_that_add_requirements_or_values_merge() {
    let schemas = "    category:
      type: object
      properties:
        title: {type: string}
        slug:
          allOf:
            - {type: string, maxLength: 40}
            - {type: string, minLength: 1}
        both:
          description: a string and an integer at once
          allOf:
            - {type: string}
            - {type: integer}
    titled:
      allOf:
        - $ref: '#/components/schemas/category'
        - required: [title]
";
    let paths = op(
        "/categories/get",
        "",
        "                  category: {$ref: '#/components/schemas/titled'}\n",
    );
    let api = lower(&with_paths(&paths, schemas));
    let TypeKind::Struct(s) = &type_named(&api, "Titled").kind else {
        panic!("a struct");
    };
    let field = |name: &str| s.fields.iter().find(|f| f.json_name == name).expect(name);
    // The part `{required: [title]}` makes `title` required.
    assert!(field("title").required);
    // A string with every part's constraints.
    assert_eq!(field("slug").ty, TypeRef::String);
    assert_eq!(field("slug").constraints.min_length, Some(1));
    assert_eq!(field("slug").constraints.max_length, Some(40));
    // Nothing is both: free-form, and said so.
    assert_eq!(field("both").ty, TypeRef::Json);
    assert!(api
        .warnings
        .iter()
        .any(|w| w.contains("allOf of values of different types")));
}

#[test]
fn a_path_item_ref_to_another_path_has_its_operations() {
    let paths = format!(
        "{}  /things/fetch:\n    $ref: '#/paths/~1things~1get'\n",
        op(
            "/things/get",
            "",
            "                  thing: {$ref: '#/components/schemas/thing'}\n"
        )
    );
    let api = lower(&with_paths(&paths, THING));
    let things = api
        .root
        .children
        .iter()
        .find(|c| c.path == ["things"])
        .expect("things");
    let routes: Vec<(&str, &str)> = things
        .endpoints
        .iter()
        .map(|e| (e.method_name.as_str(), e.path.as_str()))
        .collect();
    assert_eq!(routes, [("fetch", "/things/fetch"), ("get", "/things/get")]);
}

#[test]
fn a_map_body_is_the_value_the_method_takes() {
    let paths = "  /labels/set:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              maxProperties: 5
              additionalProperties: {type: string}
      responses:
        '204': {description: Set}
";
    let api = lower(&format!("{HEAD}paths:\n{paths}"));
    let e = &api.root.children[0].endpoints[0];
    assert_eq!(e.request, None);
    assert_eq!(
        e.request_value,
        Some(TypeRef::Map(Box::new(TypeRef::String)))
    );
    assert_eq!(e.request_value_constraints.max_properties, Some(5));
}

#[test]
fn a_text_body_is_sent_as_its_bytes() {
    let paths = "  /notes/add:
    post:
      requestBody:
        content:
          text/plain:
            schema: {type: string}
      responses:
        '204': {description: Added}
";
    let api = lower(&format!("{HEAD}paths:\n{paths}"));
    let e = &api.root.children[0].endpoints[0];
    assert_eq!(
        e.body_encoding,
        codegen::ir::BodyEncoding::Binary("text/plain".to_owned())
    );
    let TypeKind::Struct(s) = &api.types[e.request.expect("a request").0].kind else {
        panic!("a struct");
    };
    assert_eq!(s.fields[0].json_name, "body");
    assert_eq!(s.fields[0].ty, TypeRef::File);
}

#[test]
fn a_response_of_json_by_another_name_is_decoded_and_bytes_are_a_file() {
    let paths = "  /reports/get:
    post:
      responses:
        '200':
          description: OK
          content:
            application/vnd.api+json; charset=utf-8:
              schema:
                type: object
                properties:
                  report: {type: string}
  /reports/download:
    post:
      responses:
        '200':
          description: OK
          content:
            text/csv:
              schema: {type: string}
";
    let api = lower(&format!("{HEAD}paths:\n{paths}"));
    let endpoints = &api.root.children[0].endpoints;
    let by_name = |n: &str| endpoints.iter().find(|e| e.method_name == n).expect(n);
    assert!(matches!(
        &by_name("get").response,
        Response::Key { key, ty: TypeRef::Nullable(_), .. } if key == "report"
    ));
    assert_eq!(
        by_name("download").response,
        Response::Bytes("text/csv".to_owned())
    );
}
