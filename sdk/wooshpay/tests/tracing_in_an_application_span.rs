//! A call inside an application's span, with a subscriber that does not want the SDK's own
//! span: what the SDK records is never written onto the application's span, even where that
//! span has fields of the same names. Alone in its test binary, as `tracing` caches which
//! callsites are enabled process-wide.

mod support;

use support::logs::Captured;
use support::{Reply, TestServer};
use tracing::Instrument;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;

#[tokio::test]
async fn the_sdk_records_nothing_on_the_application_span() {
    let captured = Captured::default();
    let writer = captured.clone();
    let without_sdk_spans = tracing_subscriber::filter::filter_fn(|meta| {
        !(meta.is_span() && meta.target().starts_with("wooshpay"))
    });
    let subscriber = tracing_subscriber::registry().with(
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .with_filter(without_sdk_spans),
    );
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::always(
        Reply::json(200, r#"{"id":"cs_7","object":"checkout.session"}"#)
            .with_header("Request-Id", "req_app_1"),
    )
    .await;
    let app_span = tracing::info_span!(
        "app.request",
        status = tracing::field::Empty,
        request_id = tracing::field::Empty,
        attempts = tracing::field::Empty,
    );
    async {
        server
            .client()
            .retrieve_checkout_session()
            .id("cs_7")
            .send()
            .await
            .unwrap();
        tracing::info!("after the call");
    }
    .instrument(app_span)
    .await;

    let text = captured.text();
    let after = text
        .lines()
        .find(|line| line.contains("after the call"))
        .unwrap_or_else(|| panic!("the application's event is logged: {text}"));
    assert!(after.contains("app.request:"), "{after}");
    for field in ["status=", "request_id=", "attempts="] {
        assert!(
            !after.contains(field),
            "the application's span got the SDK's `{field}`: {after}"
        );
    }
    assert!(
        !text.contains("wooshpay.request"),
        "the SDK's span is filtered out: {text}"
    );
}
