//! The hand-written multipart upload goes through the same runtime as generated operations.

mod support;

use support::{Reply, TEST_KEY, TestServer};
use wooshpay::types::FilePurpose;

fn file_json() -> Vec<u8> {
    serde_json::to_vec(&support::spec_example("File")).unwrap()
}

#[tokio::test]
async fn uploads_a_multipart_form_with_auth_and_an_idempotency_key() {
    let server = TestServer::always(Reply::json(200, file_json())).await;
    let file = server
        .client()
        .create_file()
        .file(
            b"%PDF-1.7 evidence".to_vec(),
            "receipt.pdf",
            "application/pdf",
        )
        .purpose(FilePurpose::DisputeEvidence)
        .send()
        .await
        .expect("file");
    assert!(file.id.starts_with("file_"), "{}", file.id);

    let request = &server.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/v1/files")
    );
    let credentials = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("{TEST_KEY}:"),
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Basic {credentials}").as_str())
    );
    assert!(request.header("idempotency-key").is_some());
    let content_type = request.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(content_type);
    let body = String::from_utf8(request.body.clone()).unwrap();
    assert_eq!(
        body,
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"receipt.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n%PDF-1.7 evidence\r\n--{boundary}--\r\n"
        )
    );
}

#[tokio::test]
async fn a_failed_upload_is_retried_with_the_same_body_and_key() {
    let calls = std::sync::Arc::new(std::sync::Mutex::new(0));
    let counter = calls.clone();
    let server = TestServer::start(move |_| {
        let mut n = counter.lock().unwrap();
        *n += 1;
        if *n == 1 {
            Reply::json(503, "{}")
        } else {
            Reply::json(200, file_json())
        }
    })
    .await;
    server
        .client()
        .create_file()
        .file(vec![1, 2, 3], "a.bin", "application/octet-stream")
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        requests[0].header("idempotency-key"),
        requests[1].header("idempotency-key")
    );
}

#[tokio::test]
async fn errors_and_missing_fields_are_reported_like_any_operation() {
    let server = TestServer::always(Reply::json(
        400,
        r#"{"error":{"type":"invalid_request_error","param":"purpose"}}"#,
    ))
    .await;
    let err = server
        .client()
        .create_file()
        .file(vec![0], "x", "text/plain")
        .send()
        .await
        .unwrap_err();
    let wooshpay::Error::Api(api) = &err else {
        panic!("{err}")
    };
    assert_eq!(
        (api.operation, api.status, api.param.as_deref()),
        ("create_file", 400, Some("purpose"))
    );

    let err = server.client().create_file().send().await.unwrap_err();
    assert!(
        matches!(err, wooshpay::Error::InvalidRequest(ref m) if m.to_string().contains("file")),
        "{err}"
    );
    let err = server
        .client()
        .create_file()
        .file(vec![0], "x", "text/plain\r\nX: y")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, wooshpay::Error::InvalidRequest(_)), "{err}");
    assert_eq!(
        server.requests().len(),
        1,
        "invalid uploads are refused before sending"
    );
}
