//! Uploads judged by an outside oracle: Steady (`@stdy/cli`, pinned in
//! `fake-server/package.json`) serves each document and rejects, with `400` and an `E3xxx`
//! diagnostic, a request whose multipart parts or raw body do not match it (a missing required
//! part, a part of the wrong type, a string over its `maxLength`). Every upload the generated
//! methods send must be accepted, and its response decode.

mod support;

use codegen_snapshots::file_uploads_3_0::types::{
    AnythingImagePngRequest, AnythingMultipartFormdataCreateRequest,
    AnythingMultipartFormdataReplaceRequest,
};
use codegen_snapshots::store::types::{
    Item, OrdersAttachmentsRequest, OrdersAttachmentsRequestMeta, OrdersInvoiceRequest,
    OrdersLinesRequest, OrdersReceiptRequest,
};
use codegen_snapshots::{petstore_3_0, petstore_3_1, Petstore30, Petstore31, Seam};
use seam_sdk::File;
use support::fixture;
use support::steady::Steady;

fn client(steady: &Steady) -> Seam {
    support::client(&steady.endpoint())
}

/// Fails with Steady's log when a call was refused.
fn accepted<T>(steady: &Steady, what: &str, result: seam_sdk::Result<T>) -> T {
    result.unwrap_or_else(|e| panic!("{what}: {e}\n--- Steady's log ---\n{}", steady.log()))
}

#[tokio::test]
async fn store_uploads_lists_and_raw_bodies_are_accepted() {
    let steady = Steady::start(&fixture("store.yaml"));
    let seam = client(&steady);
    let request = || {
        OrdersAttachmentsRequest::new("Box", File::new("PNG").file_name("scan.png"), "o1")
            .copies(2)
            .labels(["fragile"])
            .meta(OrdersAttachmentsRequestMeta::new().source("scanner"))
            .extras([File::new("notes").file_name("notes.txt")])
    };
    let result = seam.orders().attachments(request()).await;
    accepted(&steady, "attachments", result);
    let result = seam
        .orders()
        .receipt(OrdersReceiptRequest::new("o1", File::new("%PDF-1.7")))
        .await;
    accepted(&steady, "receipt", result);
    let result = seam
        .orders()
        .lines(OrdersLinesRequest::new("o1", [Item::new(1, "a")]).notify(true))
        .await;
    accepted(&steady, "lines", result);
    let result = seam.coupons("SAVE10").await;
    accepted(&steady, "coupons", result);
    let invoice = seam.orders().invoice(OrdersInvoiceRequest::new("o1")).await;
    let invoice = accepted(&steady, "invoice", invoice);
    assert!(!invoice.is_empty(), "Steady answers a download with bytes");

    // The control: Steady does judge multipart parts. A body without the required `caption`
    // part, with `copies` not an integer, written by hand, is refused with `E3xxx`.
    let answer = post_by_hand(
        &steady,
        "/orders/o1/attachments",
        "--b\r\ncontent-disposition: form-data; name=\"copies\"\r\n\r\nmany\r\n--b\r\n\
         content-disposition: form-data; name=\"scan\"; filename=\"s.png\"\r\n\
         content-type: image/png\r\n\r\nPNG\r\n--b--\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(
        answer.contains("E3007") && answer.contains("caption"),
        "{answer}"
    );
    assert!(
        answer.contains("E3008") && answer.contains("copies"),
        "{answer}"
    );
}

/// Posts a multipart body with the boundary `b`, written by hand, and returns the whole answer.
async fn post_by_hand(steady: &Steady, path: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = steady.endpoint().replace("http://", "");
    let mut socket = tokio::net::TcpStream::connect(&address)
        .await
        .expect("Steady listens");
    let request = format!(
        "POST {path} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n\
         content-type: multipart/form-data; boundary=b\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(request.as_bytes()).await.expect("sent");
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.expect("an answer");
    answer
}

#[tokio::test]
async fn both_petstores_upload_an_image() {
    let steady = Steady::start(&fixture("third_party/petstore-3.0.json"));
    let seam = Petstore30(client(&steady));
    let request = petstore_3_0::types::PetUploadImageRequest::new(7)
        .additional_metadata("front")
        .file(
            File::new("PNG")
                .file_name("cat.png")
                .content_type("image/png"),
        );
    let answer = accepted(&steady, "multipart", seam.pet().upload_image(request).await);
    let _: petstore_3_0::types::ApiResponse = answer;
    drop(steady);

    let steady = Steady::start(&fixture("third_party/petstore-3.1.json"));
    let seam = Petstore31(client(&steady));
    let request = petstore_3_1::types::PetUploadImageRequest::new(7, File::new("PNG"));
    accepted(
        &steady,
        "octet-stream",
        seam.pet().upload_image(request).await,
    );
}

#[tokio::test]
async fn file_uploads_of_one_file_many_files_and_an_image_are_accepted() {
    let steady = Steady::start(&fixture("third_party/file-uploads-3.0.json"));
    let seam = client(&steady);
    let anything = seam.anything();
    let result = anything
        .image_png(AnythingImagePngRequest::new(File::new("PNG")))
        .await;
    accepted(&steady, "image/png", result);
    let one = AnythingMultipartFormdataCreateRequest::new()
        .order_id(1)
        .user_id(2)
        .document_file(File::new("doc").file_name("doc.pdf"));
    let result = anything.multipart_formdata().create(one).await;
    accepted(&steady, "one file", result);
    let many = AnythingMultipartFormdataReplaceRequest::new().filename([
        File::new("a").file_name("a.txt"),
        File::new("b").file_name("b.txt"),
    ]);
    let result = anything.multipart_formdata().replace(many).await;
    accepted(&steady, "many files", result);
}
