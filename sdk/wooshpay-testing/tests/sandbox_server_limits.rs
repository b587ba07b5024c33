//! The sandbox's server under clients that misbehave, over raw loopback sockets where the exact
//! bytes matter: silent and slow connections are closed, the connection cap holds, bodies are
//! limited, cut off or stalled bodies create nothing, the request log stays bounded, and a large
//! body is parsed without holding up other requests.

use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wooshpay_testing::Sandbox;

/// The sandbox's own key (`DUMMY_SECRET_KEY`), as a Basic `Authorization` header.
const AUTH: &str = "Authorization: Basic c2tfdGVzdF9kdW1teV9rZXlfZm9yX21vY2tfc2VydmVyczo=\r\n";

fn address(sandbox: &Sandbox) -> String {
    sandbox.base_url().trim_start_matches("http://").to_string()
}

/// Waits until the server closes `stream` (a read returns end of file or fails); `None` if it
/// is still open after `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((start + limit).into(), stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

/// Sends `request` and reads the answer until the server closes or `limit` passes.
async fn exchange(sandbox: &Sandbox, request: &[u8], shutdown: bool) -> String {
    let mut stream = TcpStream::connect(address(sandbox)).await.unwrap();
    stream.write_all(request).await.unwrap();
    if shutdown {
        stream.shutdown().await.unwrap();
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// The status and JSON body of a raw answer.
fn parse(answer: &str) -> (u16, Value) {
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"));
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

async fn products(sandbox: &Sandbox) -> usize {
    let list = sandbox
        .client()
        .list_products()
        .limit(100)
        .send()
        .await
        .unwrap();
    list.data.len()
}

#[tokio::test]
async fn silent_connections_are_closed_and_the_cap_holds_others_back() {
    let sandbox = Sandbox::builder()
        .empty()
        .max_connections(2)
        .header_read_timeout(Duration::from_millis(400))
        .start()
        .await
        .unwrap();
    let mut silent = [
        TcpStream::connect(address(&sandbox)).await.unwrap(),
        TcpStream::connect(address(&sandbox)).await.unwrap(),
    ];
    tokio::time::sleep(Duration::from_millis(50)).await;
    let start = Instant::now();
    let answered = tokio::spawn({
        let client = sandbox.client();
        async move { client.list_products().send().await.map(|_| start.elapsed()) }
    });
    for stream in &mut silent {
        let closed = closed_within(stream, Duration::from_secs(3)).await;
        assert!(
            closed.is_some(),
            "a connection that sends nothing is closed"
        );
    }
    let waited = answered
        .await
        .unwrap()
        .expect("answered once a place is free");
    assert!(
        waited >= Duration::from_millis(250),
        "the third connection waited for a place under the cap of 2: {waited:?}"
    );
}

#[tokio::test]
async fn headers_sent_a_byte_at_a_time_are_cut_off() {
    let sandbox = Sandbox::builder()
        .empty()
        .header_read_timeout(Duration::from_millis(500))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(address(&sandbox)).await.unwrap();
    stream
        .write_all(b"GET /v1/products HTTP/1.1\r\n")
        .await
        .unwrap();
    let start = Instant::now();
    let mut cut = false;
    while start.elapsed() < Duration::from_secs(4) {
        if stream.write_all(b"X").await.is_err() {
            cut = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        let mut probe = [0u8; 64];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_millis(1), stream.read(&mut probe)).await
        {
            cut = true;
            break;
        }
    }
    assert!(cut, "a slowloris is held for at most the header timeout");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn a_kept_alive_connection_left_idle_is_closed() {
    let sandbox = Sandbox::builder()
        .empty()
        .header_read_timeout(Duration::from_millis(400))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(address(&sandbox)).await.unwrap();
    let request = format!("GET /v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut first = [0u8; 4096];
    let read = stream.read(&mut first).await.unwrap();
    assert!(String::from_utf8_lossy(&first[..read]).starts_with("HTTP/1.1 200"));
    let closed = closed_within(&mut stream, Duration::from_secs(3)).await;
    assert!(closed.is_some(), "an idle kept-alive connection is closed");
}

#[tokio::test]
async fn oversized_bodies_get_a_413_in_the_error_shape() {
    let sandbox = Sandbox::builder()
        .empty()
        .max_body_size(1000)
        .start()
        .await
        .unwrap();
    let big = format!(r#"{{"description":"{}"}}"#, "x".repeat(2000));
    let declared = format!(
        "POST /v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}Content-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{big}",
        big.len()
    );
    let chunked = format!(
        "POST /v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}Content-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{big}\r\n0\r\n\r\n",
        big.len()
    );
    for request in [declared, chunked] {
        let (status, body) = parse(&exchange(&sandbox, request.as_bytes(), false).await);
        assert_eq!(status, 413);
        assert_eq!(body["error"]["type"], "invalid_request_error");
        assert_eq!(body["error"]["code"], "body_too_large");
    }
    assert_eq!(products(&sandbox).await, 0);
    let logged = sandbox.requests();
    assert!(logged[..2].iter().all(|r| r.body.is_empty()), "{logged:?}");
}

#[tokio::test]
async fn a_body_that_does_not_arrive_whole_is_a_400_and_creates_nothing() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let body = r#"{"name":"T-shirt","description":"a cotton shirt"}"#;
    let head = |framing: &str| {
        format!(
            "POST /v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}Content-Type: application/json\r\n\
             Idempotency-Key: order-7\r\n{framing}\r\n"
        )
    };
    // Cut off: fewer bytes than declared, then the client's side is shut.
    let cut = format!(
        "{}{}",
        head(&format!("Content-Length: {}\r\n", body.len())),
        &body[..20]
    );
    // Badly chunked: a size that is not hexadecimal.
    let bad_chunk = format!(
        "{}zz\r\n{body}\r\n0\r\n\r\n",
        head("Transfer-Encoding: chunked\r\n")
    );
    for (request, shutdown) in [(cut, true), (bad_chunk, false)] {
        let (status, error) = parse(&exchange(&sandbox, request.as_bytes(), shutdown).await);
        assert_eq!(status, 400, "{error}");
        assert_eq!(error["error"]["code"], "body_incomplete", "{error}");
    }
    assert_eq!(products(&sandbox).await, 0, "no phantom product");

    // The client's retry with the same key is the first real request, not a conflict.
    let retry = reqwest::Client::new()
        .post(format!("{}/v1/products", sandbox.base_url()))
        .basic_auth(wooshpay_testing::DUMMY_SECRET_KEY, Some(""))
        .header("idempotency-key", "order-7")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status(), 200);
    let created: Value = retry.json().await.unwrap();
    assert_eq!(created["name"], "T-shirt");
    assert_eq!(products(&sandbox).await, 1);
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_a_408() {
    let sandbox = Sandbox::builder()
        .empty()
        .idle_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(address(&sandbox)).await.unwrap();
    let request = format!(
        "POST /v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}Content-Type: application/json\r\n\
         Content-Length: 100\r\n\r\n{{\"name\":"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(3), stream.read(&mut answer))
        .await
        .expect("answered before the client sent the rest")
        .unwrap();
    let (status, error) = parse(&String::from_utf8_lossy(&answer[..read]));
    assert_eq!(status, 408);
    assert_eq!(error["error"]["code"], "body_timeout");
    assert_eq!(products(&sandbox).await, 0);
}

#[tokio::test]
async fn the_request_log_keeps_the_latest_requests() {
    let sandbox = Sandbox::builder()
        .empty()
        .request_log_capacity(10)
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    for _ in 0..50 {
        client.list_products().send().await.unwrap();
    }
    let unauthorized = reqwest::Client::new()
        .post(format!("{}/v1/products", sandbox.base_url()))
        .body(vec![b'x'; 10_000])
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);
    let kept = sandbox.requests();
    assert_eq!(kept.len(), 10);
    assert!(kept[..9].iter().all(|r| r.target == "/v1/products"));
    assert!(kept[9].body.is_empty(), "a 401's body is not kept");
    assert_eq!(
        unauthorized.headers()["request-id"],
        "req_sandbox_51",
        "request ids count every request, not the log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_body_is_parsed_without_holding_up_other_requests() {
    let sandbox = Sandbox::builder()
        .empty()
        .max_body_size(64 * 1024 * 1024)
        .start()
        .await
        .unwrap();
    // About 40 MB of many small values: slow to parse, refused as an unknown parameter.
    let item = format!("\"{}\"", "a".repeat(30));
    let mut big = String::from(r#"{"name":"T-shirt","colours":["#);
    while big.len() < 40_000_000 {
        big.push_str(&item);
        big.push(',');
    }
    big.push_str(&item);
    big.push_str("]}");
    let post = tokio::spawn({
        let url = format!("{}/v1/products", sandbox.base_url());
        async move {
            let start = Instant::now();
            let response = reqwest::Client::new()
                .post(url)
                .basic_auth(wooshpay_testing::DUMMY_SECRET_KEY, Some(""))
                .header("content-type", "application/json")
                .body(big)
                .send()
                .await
                .unwrap();
            (response.status().as_u16(), start.elapsed())
        }
    });
    let client = sandbox.client();
    let mut slowest = Duration::ZERO;
    while !post.is_finished() {
        let start = Instant::now();
        client.list_products().send().await.unwrap();
        slowest = slowest.max(start.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, took) = post.await.unwrap();
    assert_eq!(status, 400, "an unknown parameter");
    assert!(
        slowest < took / 3 && slowest < Duration::from_millis(700),
        "a GET took {slowest:?} while the large POST took {took:?}"
    );
}
