//! The store fixture (OpenAPI 3.1, REST paths, operations at the root, shared parameters,
//! bodies and responses, an array body, parameters beside a union body) used through the real
//! runtime against a loopback server that records each request: what goes on the wire is
//! what the spec asks for.

use std::sync::{Arc, Mutex};

use codegen_snapshots::store::types::{
    Item, OrdersCreateOrderRequest, OrdersGetOrderRequest, OrdersListOrdersRequest,
    OrdersListOrdersRequestStatus, OrdersNoteRequest, OrdersPayBodyCardNumber, OrdersPayRequest,
};
use codegen_snapshots::Seam;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request as the server saw it: method and target (`GET /orders?limit=5`), and body.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    line: String,
    /// The header lines, lower-cased.
    headers: String,
    body: String,
}

/// Serves `answer` to every request on a loopback port, recording what it was sent.
async fn recorder(answer: &'static str) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let endpoint = format!("http://{}", listener.local_addr().expect("its address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut data = Vec::new();
            let mut buffer = [0u8; 4096];
            // Headers, then as much body as `content-length` says.
            loop {
                let n = socket.read(&mut buffer).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buffer[..n]);
                let text = String::from_utf8_lossy(&data).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if data.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            let text = String::from_utf8_lossy(&data).to_string();
            let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
            let line = head.lines().next().unwrap_or_default();
            let line = line.rsplit_once(' ').map_or(line, |(l, _)| l).to_owned();
            log.lock().expect("log").push(Seen {
                line,
                headers: head.to_ascii_lowercase(),
                body: body.to_owned(),
            });
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    (endpoint, seen)
}

fn client(endpoint: &str) -> Seam {
    Seam(
        seam_sdk::Seam::builder()
            .api_key("seam_apikey_test")
            .endpoint(endpoint)
            .build()
            .expect("a client"),
    )
}

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
    assert!(
        seen[0]
            .headers
            .contains("content-type: application/x-www-form-urlencoded"),
        "{}",
        seen[0].headers
    );
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
