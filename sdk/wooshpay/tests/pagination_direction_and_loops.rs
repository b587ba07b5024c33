//! `stream()` pages backward from `ending_before`, and ends with an error when the server makes
//! no progress instead of requesting forever.

mod support;

use std::time::Duration;

use futures_util::StreamExt;
use support::{Recorded, Reply, TestServer};
use wooshpay::Error;

const TOTAL: usize = 50;

fn id(n: usize) -> String {
    format!("pi_{n:04}")
}

fn query_param<'a>(request: &'a Recorded, name: &str) -> Option<&'a str> {
    let query = request.target.split_once('?')?.1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}

fn page(range: std::ops::Range<usize>, has_more: bool) -> Reply {
    let data: Vec<_> = range
        .map(|n| serde_json::json!({"id": id(n), "object": "payment_intent"}))
        .collect();
    let body = serde_json::json!({"object": "list", "data": data, "has_more": has_more});
    Reply::json(200, serde_json::to_vec(&body).unwrap())
}

/// A list of `TOTAL` items in list order (index 0 first), 10 per page, with both cursors.
fn list(request: &Recorded) -> Reply {
    let index = |c: &str| c.trim_start_matches("pi_").parse::<usize>().unwrap();
    if let Some(before) = query_param(request, "ending_before") {
        let end = index(before);
        let start = end.saturating_sub(10);
        return page(start..end, start > 0);
    }
    let start = query_param(request, "starting_after").map_or(0, |c| index(c) + 1);
    let end = (start + 10).min(TOTAL);
    page(start..end, end < TOTAL)
}

async fn collect(
    stream: impl futures_util::Stream<Item = Result<wooshpay::types::PaymentIntent, Error>>,
) -> Vec<Result<String, Error>> {
    tokio::time::timeout(
        Duration::from_secs(10),
        stream.map(|r| r.map(|i| i.id)).collect::<Vec<_>>(),
    )
    .await
    .expect("the stream ends")
}

#[tokio::test]
async fn ending_before_pages_backward_with_ending_before_only() {
    let server = TestServer::start(list).await;
    let client = server.client();
    let ids: Vec<String> = collect(client.list_payment_intents().ending_before(id(35)).stream())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let expected: Vec<String> = (0..35).rev().map(id).collect();
    assert_eq!(ids, expected, "every item before the cursor, nearest first");
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/payment_intents?ending_before=pi_0035",
            "/v1/payment_intents?ending_before=pi_0025",
            "/v1/payment_intents?ending_before=pi_0015",
            "/v1/payment_intents?ending_before=pi_0005",
        ]
    );
    assert!(targets.iter().all(|t| !t.contains("starting_after")));
}

#[tokio::test]
async fn both_cursors_are_refused_before_sending() {
    let server = TestServer::start(list).await;
    let client = server.client();
    let results = collect(
        client
            .list_payment_intents()
            .starting_after(id(3))
            .ending_before(id(30))
            .stream(),
    )
    .await;
    assert_eq!(results.len(), 1);
    let Err(Error::InvalidRequest(message)) = &results[0] else {
        panic!("{:?}", results[0])
    };
    let message = message.to_string();
    assert!(message.contains("both set"), "{message}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_server_repeating_the_same_page_ends_the_stream_with_an_error() {
    // The cursor is ignored: the same page, claiming more, every time.
    let server = TestServer::always(page(0..10, true)).await;
    let client = server.client();
    let results = collect(client.list_payment_intents().stream()).await;
    assert_eq!(results.len(), 11, "the page once, then the error");
    let Err(Error::InvalidRequest(message)) = &results[10] else {
        panic!("{:?}", results[10])
    };
    let message = message.to_string();
    assert!(message.contains("cursor `pi_0009` again"), "{message}");
    assert!(message.contains("no progress"), "{message}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_cursor_cycle_ends_the_stream_with_an_error() {
    // Page A leads to page B, which leads back to A.
    let server = TestServer::start(|r| match query_param(r, "starting_after") {
        Some("pi_0001") => page(2..4, true),
        _ => page(0..2, true),
    })
    .await;
    let client = server.client();
    let results = collect(client.list_payment_intents().stream()).await;
    assert!(results.last().unwrap().is_err());
    assert_eq!(
        results.len(),
        5,
        "A's and B's items once each, then the error"
    );
    assert_eq!(server.requests().len(), 3);

    // The cursor the caller started from counts as seen.
    let server = TestServer::always(page(0..10, true)).await;
    let results = collect(
        server
            .client()
            .list_payment_intents()
            .starting_after(id(9))
            .stream(),
    )
    .await;
    assert!(results.last().unwrap().is_err());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_empty_page_claiming_more_ends_the_stream_with_an_error() {
    let server = TestServer::always(page(0..0, true)).await;
    let client = server.client();
    let results = collect(client.list_payment_intents().stream()).await;
    assert_eq!(results.len(), 1);
    let Err(Error::InvalidRequest(message)) = &results[0] else {
        panic!("{:?}", results[0])
    };
    let message = message.to_string();
    assert!(message.contains("empty page"), "{message}");
    assert_eq!(server.requests().len(), 1);
}
