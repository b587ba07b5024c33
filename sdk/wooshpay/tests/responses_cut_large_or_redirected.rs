//! Responses that do not arrive as a whole: cut off mid-body, larger than the size limit, or a
//! redirect. Each is asserted against what the loopback server sent and received.

mod support;

use std::time::Duration;

use support::{ENDLESS_CAP, Reply, TestServer};
use wooshpay::Error;

fn intent(id: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": id, "object": "payment_intent", "amount": 100, "currency": "USD",
        "description": "x".repeat(200),
    }))
    .unwrap()
}

/// Answers with `first` for the first `n` requests, then with `then`.
fn first_then(n: usize, first: Reply, then: Reply) -> impl Fn(&support::Recorded) -> Reply {
    let count = std::sync::atomic::AtomicUsize::new(0);
    move |_| {
        if count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < n {
            first.clone()
        } else {
            then.clone()
        }
    }
}

#[tokio::test]
async fn a_body_cut_off_is_retried_on_get() {
    let server = TestServer::start(first_then(
        2,
        Reply::json(200, intent("pi_1")).cut_at(40),
        Reply::json(200, intent("pi_1")),
    ))
    .await;
    let intent = server
        .client()
        .retrieve_payment_intent()
        .id("pi_1")
        .send()
        .await
        .expect("the third attempt gets the whole body");
    assert_eq!(intent.id, "pi_1");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_body_cut_off_is_retried_on_post_with_the_same_idempotency_key() {
    let server = TestServer::start(first_then(
        1,
        Reply::json(200, intent("pi_2")).cut_at(10),
        Reply::json(200, intent("pi_2")),
    ))
    .await;
    server
        .client()
        .create_payment_intent()
        .body_map(|b| b.amount(100).currency("USD"))
        .send()
        .await
        .expect("retried");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let keys: Vec<_> = requests
        .iter()
        .map(|r| r.header("idempotency-key"))
        .collect();
    assert!(keys[0].is_some());
    assert_eq!(keys[0], keys[1], "one key for both attempts");
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn a_body_always_cut_off_says_so_after_the_retries() {
    let server = TestServer::always(Reply::json(200, intent("pi_3")).cut_at(25)).await;
    let err = server
        .client()
        .retrieve_payment_intent()
        .id("pi_3")
        .send()
        .await
        .unwrap_err();
    let Error::Transport {
        source, attempts, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert!(source.is_incomplete_body(), "{err}");
    assert_eq!(*attempts, 3);
    assert_eq!(err.status(), Some(200));
    let text = err.to_string();
    assert!(
        text.contains("the connection closed before the response body was complete"),
        "{text}"
    );
    assert!(!text.contains("could not reach"), "{text}");
    assert!(
        std::error::Error::source(&err)
            .and_then(std::error::Error::source)
            .is_some(),
        "the HTTP library's error stays reachable"
    );
}

#[tokio::test]
async fn an_oversized_success_body_is_not_read_past_the_limit() {
    let limit = 256 * 1024;
    // A declared length over the limit is refused before any of the body is read.
    let server = TestServer::always(Reply::endless(200, Some(ENDLESS_CAP))).await;
    let client = server
        .client_builder()
        .max_response_size(limit)
        .build()
        .unwrap();
    let err = client
        .retrieve_payment_intent()
        .id("pi_4")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport { source, attempts: 1, .. } if source.is_too_large()),
        "{err}"
    );
    assert!(err.to_string().contains("limit of 262144 bytes"), "{err}");
    assert_eq!(server.requests().len(), 1, "a size error is not retried");

    // Without a length (chunked), reading stops at the limit.
    let server = TestServer::always(Reply::endless(200, None)).await;
    let client = server
        .client_builder()
        .max_response_size(limit)
        .build()
        .unwrap();
    let err = client
        .retrieve_payment_intent()
        .id("pi_4")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport { source, .. } if source.is_too_large()),
        "{err}"
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    let sent = server.body_bytes_sent();
    eprintln!("endless 200: {sent} bytes went out before the client stopped reading");
    assert!(
        sent < 64 * 1024 * 1024,
        "the server got {sent} bytes out before the client stopped reading"
    );
}

#[tokio::test]
async fn a_body_under_the_limit_is_read_whole() {
    let body = intent("pi_5");
    let server = TestServer::always(Reply::json(200, body.clone())).await;
    let client = server
        .client_builder()
        .max_response_size(body.len() as u64)
        .build()
        .unwrap();
    let intent = client.retrieve_payment_intent().id("pi_5").send().await;
    assert_eq!(intent.unwrap().id, "pi_5");
}

#[tokio::test]
async fn a_body_in_many_chunks_is_read_whole_and_in_order() {
    // 1 MiB of description: it arrives in many reads, which are gathered in order.
    let description: String = (0..1024 * 1024)
        .map(|i| (b'a' + (i % 26) as u8) as char)
        .collect();
    let body = serde_json::to_vec(&serde_json::json!({
        "id": "pi_7", "object": "payment_intent", "amount": 100, "currency": "USD",
        "description": description,
    }))
    .unwrap();
    let server = TestServer::always(Reply::json(200, body)).await;
    let intent = server
        .client()
        .retrieve_payment_intent()
        .id("pi_7")
        .send()
        .await
        .unwrap();
    assert_eq!(intent.description.as_deref(), Some(description.as_str()));
}

#[tokio::test]
async fn error_bodies_keep_a_bounded_prefix_and_are_not_read_whole() {
    // Three 500s of a declared 1 GiB each: every attempt reads only the prefix an error keeps.
    let server = TestServer::always(Reply::endless(500, Some(ENDLESS_CAP))).await;
    let err = server
        .client()
        .retrieve_payment_intent()
        .id("pi_6")
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err}")
    };
    assert_eq!(api.status, 500);
    assert_eq!(api.attempts, 3);
    assert_eq!(api.body.len(), 64 * 1024);
    assert!(api.body_truncated);
    assert!(err.to_string().contains("more than 65536 bytes"), "{err}");
    tokio::time::sleep(Duration::from_millis(50)).await;
    let sent = server.body_bytes_sent();
    eprintln!("three 1 GiB 500s: {sent} bytes went out in all");
    assert!(sent < 3 * 32 * 1024 * 1024, "{sent} bytes went out");

    // A success body that does not decode keeps the same bounded prefix.
    let big = format!("[{}]", "1,".repeat(200_000) + "1");
    let server = TestServer::always(Reply::json(200, big)).await;
    let err = server
        .client()
        .retrieve_payment_intent()
        .id("pi_6")
        .send()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err}")
    };
    assert_eq!(decode.body.len(), 64 * 1024);
    assert!(decode.body_truncated);
}

#[tokio::test]
async fn redirects_are_errors_and_are_not_followed() {
    for status in [301, 302, 303, 307, 308] {
        let server =
            TestServer::always(Reply::json(status, vec![]).with_header("Location", "/v1/refunds"))
                .await;
        let err = server
            .client()
            .update_payment_intent()
            .id("pi_7")
            .body_map(|b| b.description("moved?"))
            .send()
            .await
            .unwrap_err();
        let Error::Api(api) = &err else {
            panic!("{status}: {err}")
        };
        assert_eq!(api.status, status);
        assert_eq!(err.status(), Some(status));
        let targets: Vec<_> = server.requests().into_iter().map(|r| r.target).collect();
        assert_eq!(
            targets,
            ["/v1/payment_intents/pi_7"],
            "{status}: not followed"
        );
        let text = err.to_string();
        assert!(
            text.contains("redirect to `/v1/refunds`, which is not followed"),
            "{text}"
        );
    }
}

/// The process's peak resident memory in KiB (Linux), to show a huge body is not held.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test]
async fn a_gigabyte_body_under_the_default_limit_costs_megabytes() {
    let server = TestServer::always(Reply::endless(200, None)).await;
    let err = server
        .client()
        .retrieve_payment_intent()
        .id("pi_8")
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("limit of 16777216 bytes"), "{err}");
    tokio::time::sleep(Duration::from_millis(50)).await;
    let sent = server.body_bytes_sent();
    eprintln!("endless 200, default limit: {sent} bytes went out");
    assert!(sent < 64 * 1024 * 1024, "{sent}");
    if let Some(peak) = peak_rss_kib() {
        eprintln!("peak RSS of this test binary: {peak} KiB");
        assert!(peak < 160 * 1024, "peak RSS {peak} KiB");
    }
}
