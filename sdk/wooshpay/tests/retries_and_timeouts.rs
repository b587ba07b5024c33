//! Retries, backoff, `Retry-After`, timeouts and tracing, against a loopback server that
//! injects faults.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{Reply, TestServer};
use wooshpay::Error;

fn session(id: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({"id": id, "object": "checkout.session"})).unwrap()
}

/// The faults the server injects, in rotation.
fn fault(n: usize) -> Reply {
    match n % 8 {
        0 => Reply::json(500, r#"{"error":{"type":"api_error"}}"#),
        1 => Reply::json(503, "").with_header("Retry-After", "0"),
        2 => Reply::json(429, r#"{"error":{"type":"rate_limit"}}"#).with_header("Retry-After", "0"),
        3 => Reply::json(429, "{}"),
        4 => Reply::drop_connection(),
        5 => Reply::json(502, "<html>bad gateway</html>"),
        6 => Reply::json(504, ""),
        _ => Reply::json(
            409,
            r#"{"error":{"type":"invalid_request_error","code":"idempotency_key_in_use"}}"#,
        ),
    }
}

/// 1,000 calls against a server where call `i` fails `i % 3` times (a rotating mix of 5xx,
/// 429 with and without `Retry-After`, a 409 for a key still in use, and dropped connections) before succeeding. With
/// the default budget of two retries every call succeeds, each after exactly `i % 3 + 1`
/// attempts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_succeeds_within_the_retry_budget() {
    let attempts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let seen = attempts.clone();
    let server = TestServer::start(move |request| {
        let id = request
            .target
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let call: usize = id.trim_start_matches("cs_").parse().unwrap_or(0);
        let mut seen = seen.lock().unwrap();
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n <= call % 3 {
            fault(call + *n)
        } else {
            Reply::json(200, session(&id))
        }
    })
    .await;
    let client = server.client();
    for chunk in (0..1000).collect::<Vec<usize>>().chunks(50) {
        let mut tasks = tokio::task::JoinSet::new();
        for &i in chunk {
            let client = client.clone();
            tasks.spawn(async move {
                (
                    i,
                    client
                        .retrieve_checkout_session()
                        .id(format!("cs_{i}"))
                        .send()
                        .await,
                )
            });
        }
        while let Some(joined) = tasks.join_next().await {
            let (i, result) = joined.unwrap();
            let session = result.unwrap_or_else(|e| panic!("call {i}: {e}"));
            assert_eq!(session.id, format!("cs_{i}"));
        }
    }
    let attempts = attempts.lock().unwrap();
    assert_eq!(attempts.len(), 1000);
    for (id, n) in attempts.iter() {
        let call: usize = id.trim_start_matches("cs_").parse().unwrap();
        assert_eq!(*n, call % 3 + 1, "attempts of call {call}");
    }
}

#[tokio::test]
async fn client_errors_are_attempted_once() {
    for status in [400, 401, 402, 403, 404, 422] {
        let server = TestServer::always(Reply::json(status, "{}")).await;
        let err = server
            .client()
            .retrieve_checkout_session()
            .id("cs_1")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(server.requests().len(), 1, "HTTP {status} is not retried");
    }
}

#[tokio::test]
async fn the_last_error_says_how_many_attempts_were_made() {
    let server = TestServer::always(Reply::json(503, r#"{"error":{"message":"down"}}"#)).await;
    let err = server
        .client()
        .retrieve_checkout_session()
        .id("cs_1")
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err}")
    };
    assert_eq!(api.attempts, 3);
    assert_eq!(server.requests().len(), 3);
    assert!(err.to_string().ends_with("after 3 attempts"), "{err}");

    let server = TestServer::always(Reply::drop_connection()).await;
    let err = server
        .client()
        .retrieve_checkout_session()
        .id("cs_1")
        .send()
        .await
        .unwrap_err();
    let Error::Transport { attempts, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(*attempts, 3);
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test]
async fn retry_budget_is_configurable_on_the_client_and_per_request() {
    let server = TestServer::always(Reply::json(500, "{}")).await;
    let client = server.client_builder().max_retries(5).build().unwrap();
    let _ = client.retrieve_checkout_session().id("cs_1").send().await;
    assert_eq!(server.requests().len(), 6, "client-wide: 1 + 5 retries");

    let server = TestServer::always(Reply::json(500, "{}")).await;
    let _ = server
        .client()
        .retrieve_checkout_session()
        .id("cs_1")
        .max_retries(0)
        .send()
        .await;
    assert_eq!(
        server.requests().len(),
        1,
        "per request: 0 disables retrying"
    );

    let server = TestServer::always(Reply::json(500, "{}")).await;
    let client = server.client_builder().max_retries(0).build().unwrap();
    let _ = client
        .retrieve_checkout_session()
        .id("cs_1")
        .max_retries(1)
        .send()
        .await;
    assert_eq!(
        server.requests().len(),
        2,
        "per request overrides the client"
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let calls = Arc::new(Mutex::new(0));
    let counter = calls.clone();
    let server = TestServer::start(move |_| {
        let mut n = counter.lock().unwrap();
        *n += 1;
        if *n == 1 {
            Reply::json(429, "{}").with_header("Retry-After", "1")
        } else {
            Reply::json(200, session("cs_1"))
        }
    })
    .await;
    let started = Instant::now();
    server
        .client()
        .retrieve_checkout_session()
        .id("cs_1")
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(1),
        "waited {elapsed:?}, the server asked for 1 s"
    );
    assert!(elapsed < Duration::from_secs(3), "waited {elapsed:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_on_time() {
    let server =
        TestServer::always(Reply::json(200, session("cs_1")).after(Duration::from_secs(30))).await;
    let client = server
        .client_builder()
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .build()
        .unwrap();
    retrieve_times_out(&client, Duration::from_millis(300)).await;

    // A per-request timeout overrides the client's (here: 30 s).
    let client = server
        .client_builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .retrieve_checkout_session()
        .id("cs_1")
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .send()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Transport { .. }), "{err}");
    assert!(
        elapsed >= Duration::from_millis(200) && elapsed < Duration::from_millis(1500),
        "{elapsed:?}"
    );
}

/// A call's time limit runs from when it is first awaited: calls made up front and awaited
/// one after another each get their whole limit.
#[tokio::test]
async fn a_call_awaited_later_gets_its_whole_time_limit() {
    let server =
        TestServer::always(Reply::json(200, session("cs_1")).after(Duration::from_millis(150)))
            .await;
    let client = server
        .client_builder()
        .timeout(Duration::from_millis(400))
        .max_retries(0)
        .build()
        .unwrap();
    let calls: Vec<_> = (0..4)
        .map(|_| client.retrieve_checkout_session().id("cs_1").send())
        .collect();
    // Awaited one at a time, the last starts about 450 ms after it was made.
    for call in calls {
        let session = call.await.expect("each call within its own limit");
        assert_eq!(session.id, "cs_1");
    }
}

/// The time limit covers the whole attempt: a server that sends the head and part of the body,
/// then stalls, is cut off at the limit rather than waited on.
#[tokio::test]
async fn a_body_that_stalls_times_out_on_time() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                            content-length: 1000\r\n\r\n{\"id\":\"cs_";
                let _ = socket.write_all(head.as_bytes()).await;
                tokio::time::sleep(Duration::from_secs(30)).await;
            });
        }
    });
    let client = wooshpay::Client::builder()
        .secret_key(support::TEST_KEY)
        .base_url(format!("http://{address}"))
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .build()
        .unwrap();
    let err = retrieve_times_out(&client, Duration::from_millis(300)).await;
    assert!(err.to_string().contains("300ms"), "{err}");
}

/// Retrieves a session with `client` (time limit `limit`, no retries) and asserts the call
/// failed as a timeout, after `limit` and well before a second; returns the error.
async fn retrieve_times_out(client: &wooshpay::Client, limit: Duration) -> Error {
    let started = Instant::now();
    let err = client
        .retrieve_checkout_session()
        .id("cs_1")
        .send()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    let Error::Transport { source, .. } = &err else {
        panic!("{err}")
    };
    assert!(source.is_timeout(), "{err}");
    assert!(
        elapsed >= limit && elapsed < limit + Duration::from_millis(1200),
        "{elapsed:?}"
    );
    err
}
