//! Path parameters reach the server as exactly one percent-encoded segment, whatever they
//! contain: the request line is asserted byte for byte, as a raw TCP listener received it.

mod support;

use support::{Reply, TestServer};

/// Values that could move a request to another endpoint if any byte were left alone.
fn corpus() -> Vec<String> {
    vec![
        "\\".into(),
        "..\\refunds".into(),
        "..\\..\\customers\\cus_x".into(),
        "pi_1\\..\\..\\customers\\cus_x".into(),
        "%2e%2e".into(),
        "%2e%2e%2frefunds".into(),
        "%5c..%5crefunds".into(),
        "../refunds".into(),
        "..\\/..//\\refunds".into(),
        "a/b\\c/../d".into(),
        "pi_1\r\nX-Injected: 1".into(),
        "pi_1\0".into(),
        "pi_1 HTTP/1.1".into(),
        "pi_1?expand=x#frag".into(),
        "pi_1;param=1".into(),
        "ünï©ødé_💳".into(),
        "\u{202e}1ip".into(),
        "x".repeat(10 * 1024),
        "\\".repeat(10 * 1024),
        ".".into(),
        "...".into(),
    ]
}

/// The percent-encoding every byte outside `A-Za-z0-9-._~` must get.
fn expected_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn ok() -> Reply {
    Reply::json(200, r#"{"id":"x","object":"payment_intent"}"#)
}

/// The single request the call sent, or none when the value was refused before sending.
async fn sent_target(server: &TestServer, before: usize) -> Option<String> {
    let requests = server.requests();
    assert!(requests.len() <= before + 1, "one request per call at most");
    requests.get(before).map(|r| r.target.clone())
}

#[tokio::test]
async fn every_path_value_is_one_encoded_segment_on_get_and_post() {
    let server = TestServer::always(ok()).await;
    let client = server.client_builder().max_retries(0).build().unwrap();
    for value in corpus() {
        let refused_locally = value == "." || value.is_empty();
        let segment = expected_segment(&value);

        let before = server.requests().len();
        let result = client.retrieve_payment_intent().id(&value).send().await;
        let target = sent_target(&server, before).await;
        if refused_locally {
            assert!(result.is_err() && target.is_none(), "{value:?}");
            continue;
        }
        assert_eq!(
            target.as_deref(),
            Some(format!("/v1/payment_intents/{segment}").as_str()),
            "GET {value:?}"
        );

        let before = server.requests().len();
        let _ = client.update_payment_intent().id(&value).send().await;
        let request = &server.requests()[before];
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, format!("/v1/payment_intents/{segment}"));

        let before = server.requests().len();
        let _ = client
            .cancel_payment_intent()
            .id(&value)
            .body_map(|b| b.cancellation_reason("requested_by_customer"))
            .send()
            .await;
        assert_eq!(
            server.requests()[before].target,
            format!("/v1/payment_intents/{segment}/cancel")
        );

        let before = server.requests().len();
        let _ = client
            .retrieve_customer_payment_method()
            .customer_id(&value)
            .id(&value)
            .send()
            .await;
        assert_eq!(
            server.requests()[before].target,
            format!("/v1/customers/{segment}/payment_methods/{segment}")
        );

        let before = server.requests().len();
        let _ = client.delete_webhook_endpoint().id(&value).send().await;
        let request = &server.requests()[before];
        assert_eq!(request.method, "DELETE");
        assert_eq!(request.target, format!("/v1/webhook_endpoints/{segment}"));
    }
}

#[tokio::test]
async fn the_reported_traversals_stay_on_their_endpoint() {
    let server = TestServer::always(ok()).await;
    let client = server.client();
    let _ = client
        .update_payment_intent()
        .id("..\\refunds")
        .send()
        .await;
    let _ = client
        .retrieve_payment_intent()
        .id("pi_1\\..\\..\\customers\\cus_x")
        .send()
        .await;
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/payment_intents/..%5Crefunds",
            "/v1/payment_intents/pi_1%5C..%5C..%5Ccustomers%5Ccus_x",
        ]
    );
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = TestServer::always(ok()).await;
    let client = server.client();
    for value in ["", ".", ".."] {
        let err = client
            .retrieve_payment_intent()
            .id(value)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, wooshpay::Error::InvalidRequest(_)), "{err}");
    }
    assert!(server.requests().is_empty());
}
