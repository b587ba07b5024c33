//! An application that logs with the `log` crate and sets no tracing subscriber: the SDK's
//! span and events reach its logger as log records (tracing's `log` feature), and a logger
//! that takes nothing at INFO gets none of them. Alone in its test binary: the logger and its
//! level are process-wide, and a tracing subscriber set by another test would take the records.

mod support;

use std::sync::Mutex;

use support::{Reply, TestServer};

/// Keeps every record it is given, as "target: message".
struct Kept(Mutex<Vec<String>>);

impl log::Log for Kept {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }

    fn log(&self, record: &log::Record) {
        let line = format!("{}: {}", record.target(), record.args());
        self.0.lock().unwrap().push(line);
    }

    fn flush(&self) {}
}

static KEPT: Kept = Kept(Mutex::new(Vec::new()));

fn sdk_records() -> Vec<String> {
    let mut kept = KEPT.0.lock().unwrap();
    std::mem::take(&mut *kept)
        .into_iter()
        .filter(|line| line.contains("wooshpay"))
        .collect()
}

#[tokio::test]
async fn a_log_logger_gets_the_span_records_at_info_and_nothing_below() {
    log::set_logger(&KEPT).unwrap();
    let server = TestServer::start(|_| {
        Reply::json(200, r#"{"id":"cs_7","object":"checkout.session"}"#)
            .with_header("Request-Id", "req_log_7")
    })
    .await;
    let client = server.client();
    let retrieve = || async {
        client
            .retrieve_checkout_session()
            .id("cs_7")
            .send()
            .await
            .unwrap()
    };

    log::set_max_level(log::LevelFilter::Info);
    retrieve().await;
    let text = sdk_records().join("\n");
    assert!(text.contains("wooshpay.request"), "{text}");
    assert!(
        text.contains("operation=\"retrieve_checkout_session\""),
        "{text}"
    );
    assert!(text.contains("request_id=\"req_log_7\""), "{text}");
    assert!(text.contains("latency_ms="), "{text}");
    assert!(text.contains("status=200"), "{text}");

    log::set_max_level(log::LevelFilter::Warn);
    retrieve().await;
    assert_eq!(sdk_records(), Vec::<String>::new());
}
