//! The store fixture (OpenAPI 3.1, REST paths, operations at the root, shared parameters,
//! bodies and responses, array and string bodies alone and beside parameters, parameters
//! beside a union body, a form, multipart parts with files, raw bytes) used through the real
//! runtime against a loopback server that records each request: what goes on the wire is
//! what the spec asks for.

mod support;

use codegen_snapshots::store::types::{
    Item, OrdersAttachmentsRequest, OrdersAttachmentsRequestMeta, OrdersCreateOrderRequest,
    OrdersGetOrderRequest, OrdersInvoiceRequest, OrdersLinesRequest, OrdersListOrdersRequest,
    OrdersListOrdersRequestStatus, OrdersNoteRequest, OrdersPayBodyCardNumber, OrdersPayRequest,
    OrdersReceiptRequest,
};
use seam_sdk::File;
use support::{client, multipart_parts, recorder, FormPart, Seen};

const ORDER: &str =
    r#"{"id": "o1", "status": "open", "items": [{"sku": "a", "quantity": 2}], "note": null}"#;

#[tokio::test]
async fn rest_operations_send_their_method_path_query_and_body() {
    let (endpoint, seen) = recorder(ORDER).await;
    let seam = client(&endpoint);

    let order = seam
        .orders()
        .get_order(OrdersGetOrderRequest::new("o 1/2"))
        .await
        .expect("get_order");
    assert_eq!(order.id, "o1");
    seam.orders()
        .create_order(OrdersCreateOrderRequest::new([Item::new(2, "a")]).note("gift"))
        .await
        .expect("create_order");
    seam.orders()
        .pay(
            OrdersPayRequest::new("o1", OrdersPayBodyCardNumber::new("4111111111111111"))
                .dry_run(true),
        )
        .await
        .expect("pay");
    seam.orders()
        .bulk(vec![Item::new(1, "a"), Item::new(3, "b")])
        .await
        .expect_err("the answer is an order, not a list: the call decodes what the spec says");

    let seen = seen.lock().expect("log").clone();
    let lines: Vec<&str> = seen.iter().map(|s| s.line.as_str()).collect();
    assert_eq!(
        lines,
        [
            "GET /orders/o%201%2F2",
            "POST /orders",
            "POST /orders/o1/pay?dry_run=true",
            "POST /orders/bulk",
        ]
    );
    let json = |s: &Seen| serde_json::from_str::<serde_json::Value>(&s.body).expect("JSON body");
    assert_eq!(seen[0].body, "");
    assert_eq!(
        json(&seen[1]),
        serde_json::json!({"items": [{"sku": "a", "quantity": 2}], "note": "gift"})
    );
    // Parameters beside a union body: the path and query take theirs, the body the variant's.
    assert_eq!(
        json(&seen[2]),
        serde_json::json!({"card_number": "4111111111111111"})
    );
    // An array body is the array itself.
    assert_eq!(
        json(&seen[3]),
        serde_json::json!([{"sku": "a", "quantity": 1}, {"sku": "b", "quantity": 3}])
    );
}

#[tokio::test]
async fn a_form_body_is_sent_as_a_form() {
    let (endpoint, seen) = recorder("{}").await;
    let seam = client(&endpoint);
    seam.orders()
        .note(
            OrdersNoteRequest::new("leave at the door & ring", "o1")
                .urgent(true)
                .tags(["a", "b"]),
        )
        .await
        .expect("note");
    let seen = seen.lock().expect("log").clone();
    assert_eq!(seen[0].line, "POST /orders/o1/note");
    assert_eq!(
        seen[0].body,
        "tags=a&tags=b&text=leave+at+the+door+%26+ring&urgent=true"
    );
    assert_eq!(
        content_types(&seen[0]),
        ["application/x-www-form-urlencoded"],
        "the form's content type, in place of JSON's"
    );
}

/// The request's `content-type` header values: one, the body's own.
fn content_types(seen: &Seen) -> Vec<&str> {
    seen.headers
        .lines()
        .filter_map(|l| l.strip_prefix("content-type: "))
        .collect()
}

#[tokio::test]
async fn a_list_or_a_string_body_is_sent_as_json_beside_its_parameters() {
    let (endpoint, seen) = recorder("{}").await;
    let seam = client(&endpoint);
    seam.orders()
        .lines(OrdersLinesRequest::new("o1", [Item::new(2, "a")]).notify(true))
        .await
        .expect("lines");
    seam.coupons("SAVE10").await.expect("coupons");
    let seen = seen.lock().expect("log").clone();
    assert_eq!(seen[0].line, "POST /orders/o1/lines?notify=true");
    assert_eq!(seen[0].body, r#"[{"quantity":2,"sku":"a"}]"#);
    assert_eq!(seen[1].line, "POST /coupons");
    assert_eq!(seen[1].body, r#""SAVE10""#);
    for s in &seen {
        assert_eq!(content_types(s), ["application/json"]);
    }
    // The spec's limits hold for a body beside parameters too.
    let eleven = vec![Item::new(1, "a"); 11];
    let e = seam
        .orders()
        .lines(OrdersLinesRequest::new("o1", eleven))
        .await
        .expect_err("at most 10 lines");
    assert!(e.to_string().contains("`body`"), "{e}");
    // And for a body that is the value itself: the code is at least 4 characters.
    let e = seam
        .coupons("abc")
        .await
        .expect_err("at least 4 characters");
    assert!(e.to_string().contains("`body`: at least 4"), "{e}");
    let e = seam
        .orders()
        .bulk(vec![Item::new(0, "a")])
        .await
        .expect_err("a quantity of at least 1");
    assert!(e.to_string().contains("`body[0].quantity`"), "{e}");
}

#[tokio::test]
async fn multipart_parts_carry_fields_and_files_with_their_names_and_types() {
    let (endpoint, seen) = recorder("{}").await;
    let seam = client(&endpoint);
    let scan = File::new("PNG scan").file_name("scan.png");
    let notes = File::new("some notes")
        .file_name("notes.txt")
        .content_type("text/plain");
    let raw = File::new(vec![b'r', b'a', b'w']);
    seam.orders()
        .attachments(
            OrdersAttachmentsRequest::new("Box & label", scan, "o 1")
                .copies(2)
                .labels(["fragile", "top"])
                .meta(OrdersAttachmentsRequestMeta::new().source("scanner"))
                .extras([notes, raw]),
        )
        .await
        .expect("attachments");
    let seen = seen.lock().expect("log").clone();
    assert_eq!(seen[0].line, "POST /orders/o%201/attachments");
    let types = content_types(&seen[0]);
    assert_eq!(types.len(), 1, "one content type: {types:?}");
    assert!(types[0].starts_with("multipart/form-data; boundary="));
    let length: usize = seen[0]
        .headers
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .expect("a known length, not chunks")
        .parse()
        .expect("a number");
    assert_eq!(length, seen[0].body.len());
    let part = |name: &str, file: Option<&str>, content_type: Option<&str>, content: &str| {
        let mut headers = format!("content-disposition: form-data; name=\"{name}\"");
        if let Some(file) = file {
            headers.push_str(&format!("; filename=\"{file}\""));
        }
        if let Some(content_type) = content_type {
            headers.push_str(&format!("\r\ncontent-type: {content_type}"));
        }
        FormPart {
            headers,
            content: content.to_owned(),
        }
    };
    assert_eq!(
        multipart_parts(&seen[0]),
        [
            // The fields, in the order they serialize; a list as one part per item, an object
            // as JSON; then the files, the spec's `encoding` type where the file names none.
            part("caption", None, None, "Box & label"),
            part("copies", None, None, "2"),
            part("labels", None, None, "fragile"),
            part("labels", None, None, "top"),
            part(
                "meta",
                None,
                Some("application/json"),
                r#"{"source":"scanner"}"#
            ),
            part(
                "extras",
                Some("notes.txt"),
                Some("text/plain"),
                "some notes"
            ),
            part("extras", None, Some("application/octet-stream"), "raw"),
            part("scan", Some("scan.png"), Some("image/png"), "PNG scan"),
        ]
    );
    // The spec's limits hold for multipart fields as for JSON ones.
    let long = OrdersAttachmentsRequest::new("x".repeat(101), File::new("PNG"), "o1");
    let e = seam
        .orders()
        .attachments(long)
        .await
        .expect_err("a caption of at most 100 characters");
    assert!(e.to_string().contains("`caption`: at most 100"), "{e}");
}

#[tokio::test]
async fn a_raw_body_is_the_file_s_bytes_with_the_spec_s_content_type() {
    let (endpoint, seen) = recorder("{}").await;
    let seam = client(&endpoint);
    seam.orders()
        .receipt(OrdersReceiptRequest::new("o1", File::new("%PDF-1.7")))
        .await
        .expect("receipt");
    seam.orders()
        .receipt(OrdersReceiptRequest::new(
            "o2",
            File::new("plain").content_type("text/plain"),
        ))
        .await
        .expect("receipt with the file's own type");
    let seen = seen.lock().expect("log").clone();
    assert_eq!(seen[0].line, "PUT /orders/o1/receipt");
    assert_eq!(seen[0].body, "%PDF-1.7");
    assert_eq!(content_types(&seen[0]), ["application/pdf"]);
    assert_eq!(seen[1].body, "plain");
    assert_eq!(content_types(&seen[1]), ["text/plain"]);
}

#[tokio::test]
async fn operations_at_the_root_are_methods_of_the_client_and_get_sends_a_query() {
    let (endpoint, seen) = recorder(r#"{"up": true, "version": "1.0"}"#).await;
    let seam = client(&endpoint);
    let status = seam.get_status().await.expect("get_status");
    assert!(status.up);
    seam.orders()
        .list_orders(
            OrdersListOrdersRequest::new()
                .limit(5)
                .status(OrdersListOrdersRequestStatus::Open),
        )
        .await
        .expect_err("the answer is a status, not a list of orders");
    let lines: Vec<String> = seen
        .lock()
        .expect("log")
        .iter()
        .map(|s| s.line.clone())
        .collect();
    assert_eq!(lines, ["GET /", "GET /orders?limit=5&status=open"]);
}

#[tokio::test]
async fn a_download_returns_the_body_s_bytes_and_asks_for_its_media_type() {
    let (endpoint, seen) = recorder("%PDF-1.7 invoice").await;
    let seam = client(&endpoint);
    let invoice = seam
        .orders()
        .invoice(OrdersInvoiceRequest::new("o1"))
        .await
        .expect("invoice");
    assert_eq!(invoice.bytes().as_ref(), b"%PDF-1.7 invoice");
    let seen = seen.lock().expect("log").clone();
    assert_eq!(seen[0].line, "GET /orders/o1/invoice");
    let accept: Vec<&str> = seen[0]
        .headers
        .lines()
        .filter_map(|l| l.strip_prefix("accept: "))
        .collect();
    assert_eq!(accept, ["application/pdf"]);
}
