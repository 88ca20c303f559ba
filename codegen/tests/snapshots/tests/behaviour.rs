//! The fixtures' generated code, used: what the snapshots say, they also do.

use codegen_snapshots::pets::types::{
    ActionAttempt, Pet, PetError, PetKind, PetsListRequest, PetsUpdateRequest,
    PetsUpdateRequestCapability as Capability,
};
use codegen_snapshots::widgets::types::{
    Gadget, GadgetsTypeMoveRequest, WidgetsFindRequest, WidgetsSetModeRequest,
};
use serde_json::json;

#[test]
fn tagged_unions_keep_unknown_variants_and_round_trip() {
    let pet: Pet = serde_json::from_value(json!({
        "pet_id": "p", "name": "Rex", "kind": "hydra", "created_at": "t", "owner": null,
        "errors": [
            {"error_code": "hungry", "message": "feed me", "hours_since_meal": 5},
            {"error_code": "asleep"},
            {"error_code": "on_the_moon", "message": "?"}
        ]
    }))
    .expect("decodes");
    assert_eq!(pet.kind, PetKind::Unknown("hydra".into()));
    assert!(matches!(&pet.errors[0], PetError::Hungry(h) if h.hours_since_meal == Some(5.0)));
    assert_eq!(pet.errors[1], PetError::Asleep);
    assert_eq!(pet.errors[2].error_code(), Some("on_the_moon"));
    let back = serde_json::to_value(&pet).expect("serializes");
    assert_eq!(back["errors"][1], json!({"error_code": "asleep"}));
    assert_eq!(
        back["errors"][2],
        json!({"error_code": "on_the_moon", "message": "?"})
    );
    assert_eq!(back["kind"], "hydra");
}

#[test]
fn composite_tags_pick_the_variant() {
    let done: ActionAttempt =
        serde_json::from_value(json!({"action_attempt_id": "a", "action_type": "FEED", "status": "success", "result": {"grams": 3}}))
            .expect("decodes");
    assert!(matches!(done, ActionAttempt::FeedSuccess(_)), "{done:?}");
    assert_eq!(done.status(), Some("success"));
    // A successful attempt whose all-optional result a server sends as null still decodes.
    let null_result: ActionAttempt =
        serde_json::from_value(json!({"action_attempt_id": "a", "action_type": "FEED", "status": "success", "result": null}))
            .expect("decodes");
    assert!(matches!(null_result, ActionAttempt::FeedSuccess(_)));
    let other: ActionAttempt = serde_json::from_value(
        json!({"action_attempt_id": "a", "action_type": "FEED", "status": "error"}),
    )
    .expect("decodes");
    assert!(matches!(other, ActionAttempt::Unknown(_)));
}

#[test]
fn requests_keep_absent_null_and_value_apart() {
    let unchanged = PetsUpdateRequest::new("p");
    assert_eq!(
        serde_json::to_value(&unchanged).unwrap(),
        json!({"pet_id": "p"})
    );
    let cleared = PetsUpdateRequest::new("p").clear_nickname();
    assert_eq!(
        serde_json::to_value(&cleared).unwrap(),
        json!({"pet_id": "p", "nickname": null})
    );
    let set = PetsUpdateRequest::new("p")
        .nickname("Rexy")
        .capabilities([Capability::Fetch, Capability::from("juggle")])
        .custom_metadata([("a", "b")]);
    assert_eq!(
        serde_json::to_value(&set).unwrap(),
        json!({"pet_id": "p", "nickname": "Rexy", "capabilities": ["fetch", "juggle"], "custom_metadata": {"a": "b"}})
    );
    assert_eq!(
        serde_json::to_value(PetsListRequest::default()).unwrap(),
        json!({})
    );
}

#[test]
fn request_unions_have_a_constructor_per_form() {
    assert_eq!(
        serde_json::to_value(WidgetsFindRequest::serial("s-1")).unwrap(),
        json!({"serial": "s-1"})
    );
    assert_eq!(
        serde_json::to_value(WidgetsSetModeRequest::on(3, "w")).unwrap(),
        json!({"mode": "on", "level": 3, "widget_id": "w"})
    );
    assert_eq!(
        serde_json::to_value(WidgetsSetModeRequest::off("w")).unwrap(),
        json!({"mode": "off", "widget_id": "w"})
    );
    // allOf with a oneOf part: one struct, the alternatives' fields optional.
    let r#move = GadgetsTypeMoveRequest::new().gadget_key("k").distance(2.5);
    assert_eq!(
        serde_json::to_value(r#move).unwrap(),
        json!({"gadget_key": "k", "distance": 2.5})
    );
}

#[test]
fn discriminator_over_component_refs() {
    let g: Gadget =
        serde_json::from_value(json!({"gadget_type": "spinner", "rpm": 5})).expect("decodes");
    assert!(matches!(g, Gadget::Spinner(_)));
    assert_eq!(
        serde_json::to_value(&g).unwrap(),
        json!({"gadget_type": "spinner", "rpm": 5})
    );
}
