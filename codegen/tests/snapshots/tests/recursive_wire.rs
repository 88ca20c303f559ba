//! Types that hold themselves (a tree node's parent, a person's employer's CEO, an expression
//! inside an expression), from the circular-request-bodies document: boxed where they meet
//! themselves, built with the same constructors and setters, sent and decoded as nested JSON.

mod support;

use codegen_snapshots::circular_request_bodies_3_0::types::{
    Company, Expression, ExpressionType, ExpressionValue, LinkedNode, MultipleRequest, Person,
    PolymorphicRequest, PolymorphicRequestType, PolymorphicRequestValue,
};
use codegen_snapshots::Circular;
use support::{client, recorder};

#[tokio::test]
async fn nested_values_of_a_type_inside_itself_go_out_and_come_back() {
    let answer = r#"{"id": "a", "next": {"id": "b", "next": {"id": "c", "prev": null}}}"#;
    let (endpoint, seen) = recorder(answer).await;
    let seam = Circular(client(&endpoint));

    let chain = MultipleRequest::new("a").next(LinkedNode::new("b").next(LinkedNode::new("c")));
    let node = seam.multiple(chain).await.expect("multiple");
    let third = node
        .next
        .as_ref()
        .and_then(|b| b.next.as_ref())
        .expect("three nodes deep");
    assert_eq!(third.id, "c");
    assert!(third.prev.is_none());

    let inner = Expression::new()
        .r#type(ExpressionType::Literal)
        .value(ExpressionValue::from("1"));
    let sum = PolymorphicRequest::new()
        .r#type(PolymorphicRequestType::Binary)
        .value(PolymorphicRequestValue::from(inner));
    let _ = seam.polymorphic(sum).await;
    let ceo = Person::new("Ada").employer(Company::new("Engines"));
    let _ = Company::new("Holding").ceo(ceo);

    let seen = seen.lock().expect("log").clone();
    let json = |i: usize| serde_json::from_str::<serde_json::Value>(&seen[i].body).expect("JSON");
    assert_eq!(
        json(0),
        serde_json::json!({"id": "a", "next": {"id": "b", "next": {"id": "c"}}})
    );
    assert_eq!(
        json(1),
        serde_json::json!({"type": "binary", "value": {"type": "literal", "value": "1"}})
    );
}
