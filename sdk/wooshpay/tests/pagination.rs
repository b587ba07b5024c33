//! Auto-pagination over a loopback server holding 2,500 payment intents.

mod support;

use futures_util::StreamExt;
use support::{Recorded, Reply, TestServer};
use wooshpay::Error;

const TOTAL: usize = 2500;

fn id(n: usize) -> String {
    format!("pi_{n:019}")
}

/// Serves `/v1/payment_intents` like WooshPay: `limit` items after `starting_after`.
fn list(request: &Recorded) -> Reply {
    let query = request.target.split_once('?').map(|(_, q)| q).unwrap_or("");
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
    };
    let limit: usize = param("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
    let start = match param("starting_after") {
        Some(cursor) => cursor.trim_start_matches("pi_").parse::<usize>().unwrap() + 1,
        None => 0,
    };
    let end = (start + limit).min(TOTAL);
    let data: Vec<_> = (start..end)
        .map(|n| serde_json::json!({"id": id(n), "object": "payment_intent", "amount": n, "currency": "USD"}))
        .collect();
    let page = serde_json::json!({"object": "list", "url": "/v1/payment_intents", "has_more": end < TOTAL, "data": data});
    Reply::json(200, serde_json::to_vec(&page).unwrap())
}

#[tokio::test]
async fn streams_every_item_once_in_order_with_the_right_cursors() {
    let server = TestServer::start(list).await;
    let client = server.client();
    let mut stream = client.list_payment_intents().limit(100).stream();
    let mut seen = Vec::with_capacity(TOTAL);
    while let Some(item) = stream.next().await {
        seen.push(item.expect("item").id);
    }
    let expected: Vec<String> = (0..TOTAL).map(id).collect();
    assert_eq!(seen, expected);

    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets.len(), 25);
    assert_eq!(targets[0], "/v1/payment_intents?limit=100");
    for (page, target) in targets.iter().enumerate().skip(1) {
        let cursor = id(page * 100 - 1);
        assert_eq!(
            target,
            &format!("/v1/payment_intents?limit=100&starting_after={cursor}")
        );
    }
}

#[tokio::test]
async fn stopping_early_issues_no_further_requests() {
    let server = TestServer::start(list).await;
    let client = server.client();
    let taken: Vec<_> = client
        .list_payment_intents()
        .limit(100)
        .stream()
        .take(150)
        .collect()
        .await;
    assert_eq!(taken.len(), 150);
    assert_eq!(
        server.requests().len(),
        2,
        "one page for items 0-99, one for 100-149"
    );

    let server = TestServer::start(list).await;
    let client = server.client();
    let mut stream = client.list_payment_intents().limit(100).stream();
    assert!(stream.next().await.is_some());
    drop(stream);
    assert_eq!(
        server.requests().len(),
        1,
        "a page is only fetched when needed"
    );
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let server = TestServer::start(|request| {
        if request.target.contains("starting_after") {
            Reply::json(400, r#"{"error":{"code":"bad_cursor"}}"#)
        } else {
            list(request)
        }
    })
    .await;
    let client = server.client();
    let results: Vec<_> = client
        .list_payment_intents()
        .limit(100)
        .stream()
        .collect()
        .await;
    assert_eq!(
        results.len(),
        101,
        "100 items, then the error, then nothing"
    );
    assert!(results[..100].iter().all(Result::is_ok));
    let Err(Error::Api(api)) = &results[100] else {
        panic!("{:?}", results[100])
    };
    assert_eq!(api.code.as_deref(), Some("bad_cursor"));
}

#[tokio::test]
async fn a_last_page_without_has_more_ends_the_stream() {
    let server = TestServer::always(Reply::json(
        200,
        r#"{"object":"list","data":[{"id":"pi_1","object":"payment_intent"}]}"#,
    ))
    .await;
    let client = server.client();
    let items: Vec<_> = client.list_payment_intents().stream().collect().await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.requests().len(), 1);
}
