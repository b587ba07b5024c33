//! Every kind of call can be spawned onto a multi-threaded runtime (its future is `Send` and
//! `'static` given an owned client), and runs there to the end, retries included: a JSON body,
//! a multipart upload, a raw request and a list stream, each answered first with a 503 and
//! then with a 404.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;
use support::{Reply, TestServer};
use wooshpay::Error;
use wooshpay::types::FilePurpose;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_of_call_runs_to_its_final_attempt_on_a_spawned_task() {
    let attempts: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
    let seen = attempts.clone();
    let server = TestServer::start(move |request| {
        let path = request.target.split('?').next().unwrap_or_default();
        let mut seen = seen.lock().unwrap();
        let n = seen
            .entry(format!("{} {path}", request.method))
            .or_insert(0);
        *n += 1;
        if *n == 1 {
            Reply::json(503, "").with_header("Retry-After", "0")
        } else {
            Reply::json(
                404,
                r#"{"error":{"type":"invalid_request_error","message":"gone"}}"#,
            )
        }
    })
    .await;
    let client = server
        .client_builder()
        .retry_backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(5),
        )
        .build()
        .unwrap();

    let mut tasks = tokio::task::JoinSet::new();
    let c = client.clone();
    tasks.spawn(async move {
        let result = c
            .create_payment_intent()
            .amount(2500)
            .currency("USD")
            .send()
            .await;
        ("create_payment_intent", result.map(drop))
    });
    let c = client.clone();
    tasks.spawn(async move {
        let result = c
            .create_file()
            .file(b"%PDF-1.7".to_vec(), "receipt.pdf", "application/pdf")
            .purpose(FilePurpose::DisputeEvidence)
            .send()
            .await;
        ("create_file", result.map(drop))
    });
    let c = client.clone();
    tasks.spawn(async move {
        let result = c.raw_request("GET", "/v1/balance").send().await;
        ("raw_request", result.map(drop))
    });
    let c = client.clone();
    tasks.spawn(async move {
        let mut stream = c.list_payment_intents().limit(10).stream();
        ("list_payment_intents", stream.try_next().await.map(drop))
    });

    let mut ended = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (call, result) = joined.expect("the task ran to its end");
        match result {
            Err(Error::Api(e)) => {
                assert_eq!((e.status, e.attempts), (404, 2), "{call}: {e}");
            }
            other => panic!("{call}: expected the final 404, got {other:?}"),
        }
        ended.push(call);
    }
    ended.sort();
    assert_eq!(
        ended,
        [
            "create_file",
            "create_payment_intent",
            "list_payment_intents",
            "raw_request"
        ]
    );
    let attempts = attempts.lock().unwrap();
    assert_eq!(attempts.len(), 4, "{attempts:?}");
    assert!(attempts.values().all(|n| *n == 2), "{attempts:?}");
}
