//! `retrieve_checkout_session` over real HTTP on loopback: the exact request on the wire, hostile
//! ids, and every kind of error response.

mod support;

use base64::Engine;
use support::{Reply, TEST_KEY, TestServer};
use wooshpay::Error;
use wooshpay::types::CheckoutSessionStatus;

const ID: &str = "cs_1795782989284638720";

fn session_body(id: &str) -> Vec<u8> {
    let mut example = support::seed_checkout_session();
    example["id"] = serde_json::Value::String(id.into());
    serde_json::to_vec(&example).unwrap()
}

#[tokio::test]
async fn sends_the_documented_request_and_returns_the_session() {
    let server = TestServer::always(Reply::json(200, session_body(ID))).await;
    let session = server
        .client()
        .retrieve_checkout_session()
        .id(ID)
        .send()
        .await
        .expect("session");
    assert_eq!(session.id, ID);
    assert_eq!(session.status, Some(CheckoutSessionStatus::Open));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, format!("/v1/checkout/sessions/{ID}"));
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{TEST_KEY}:"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Basic {credentials}").as_str())
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    let agent = request.header("user-agent").unwrap_or_default();
    assert_eq!(agent, concat!("wooshpay-rust/", env!("CARGO_PKG_VERSION")));
    assert_eq!(
        request.header("api-version"),
        None,
        "WooshPay versions by path, not header"
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn hostile_ids_stay_one_encoded_segment() {
    let server = TestServer::start(|r| Reply::json(200, session_body(&r.target))).await;
    let client = server.client();
    let cases = [
        ("a/b", "a%2Fb"),
        ("a?b=c", "a%3Fb%3Dc"),
        ("a#b", "a%23b"),
        ("100%", "100%25"),
        ("a b", "a%20b"),
        ("../admin", "..%2Fadmin"),
        ("a..b", "a..b"),
        ("...", "..."),
        ("ü", "%C3%BC"),
    ];
    for (id, encoded) in cases {
        client
            .retrieve_checkout_session()
            .id(id)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let target = server.requests().last().unwrap().target.clone();
        assert_eq!(
            target,
            format!("/v1/checkout/sessions/{encoded}"),
            "id {id:?}"
        );
    }
}

#[tokio::test]
async fn ids_that_cannot_be_a_segment_are_refused_before_sending() {
    let server = TestServer::always(Reply::json(200, session_body(ID))).await;
    let client = server.client();
    for id in ["", ".", ".."] {
        let err = client
            .retrieve_checkout_session()
            .id(id)
            .send()
            .await
            .unwrap_err();
        let Error::InvalidRequest(message) = &err else {
            panic!("{id:?}: {err}")
        };
        let message = message.to_string();
        assert!(
            message.contains("retrieve_checkout_session") && message.contains("`id`"),
            "{message}"
        );
    }
    let err = client.retrieve_checkout_session().send().await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidRequest(_)),
        "a missing id: {err}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}

const JSON_ERROR: &str = r#"{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such checkout session","param":"id","decline_code":"none"}}"#;
const HTML_ERROR: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";

#[tokio::test]
async fn error_statuses_keep_status_body_and_parsed_error() {
    for status in [400, 401, 402, 404, 409, 429, 500, 503] {
        // JSON error object: every field parsed, raw body kept.
        let server =
            TestServer::always(Reply::json(status, JSON_ERROR).with_header("Request-Id", "req_42"))
                .await;
        let err = server
            .client()
            .retrieve_checkout_session()
            .id(ID)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.request_id(), Some("req_42"));
        let Error::Api(api) = &err else {
            panic!("{status}: {err}")
        };
        assert_eq!(api.operation, "retrieve_checkout_session");
        assert_eq!(
            api.error_type,
            Some(wooshpay::types::ApiErrorType::InvalidRequestError)
        );
        assert_eq!(api.code.as_deref(), Some("resource_missing"));
        assert_eq!(api.message.as_deref(), Some("No such checkout session"));
        assert_eq!(api.param.as_deref(), Some("id"));
        assert_eq!(api.decline_code.as_deref(), Some("none"));
        assert_eq!(api.body_text(), JSON_ERROR);
        let text = err.to_string();
        assert!(
            text.contains(&status.to_string()) && text.contains("resource_missing"),
            "{text}"
        );
        assert!(text.contains("req_42"), "{text}");

        // HTML from a proxy: the status and the raw body are kept.
        let html = Reply::new(
            status,
            vec![("Content-Type".into(), "text/html".into())],
            HTML_ERROR,
        );
        let server = TestServer::always(html).await;
        let err = server
            .client()
            .retrieve_checkout_session()
            .id(ID)
            .send()
            .await
            .unwrap_err();
        let Error::Api(api) = &err else {
            panic!("{status}: {err}")
        };
        assert_eq!((api.status, api.code.as_deref()), (status, None));
        assert_eq!(api.body_text(), HTML_ERROR);
        assert!(err.to_string().contains("text/html"), "{err}");

        // No body at all.
        let server = TestServer::always(Reply::new(status, vec![], vec![])).await;
        let err = server
            .client()
            .retrieve_checkout_session()
            .id(ID)
            .send()
            .await
            .unwrap_err();
        let Error::Api(api) = &err else {
            panic!("{status}: {err}")
        };
        assert_eq!(api.status, status);
        assert!(api.body.is_empty());
        assert!(err.to_string().contains("empty body"), "{err}");
    }
}

#[tokio::test]
async fn top_level_message_is_read_when_there_is_no_error_object() {
    let server = TestServer::always(Reply::json(
        500,
        r#"{"message":"a temporary problem with internal servers"}"#,
    ))
    .await;
    let err = server
        .client()
        .retrieve_checkout_session()
        .id(ID)
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err}")
    };
    assert_eq!(
        api.message.as_deref(),
        Some("a temporary problem with internal servers")
    );
}

#[tokio::test]
async fn garbage_success_bodies_are_decode_errors_with_a_path() {
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("html", b"<html>maintenance</html>".to_vec(), "."),
        ("empty", Vec::new(), "."),
        (
            "truncated",
            br#"{"id":"cs_1","object":"checkout.session","amount_total":"#.to_vec(),
            "amount_total",
        ),
        (
            "wrong type deep inside",
            {
                let mut v = support::seed_checkout_session();
                v["line_items"]["data"][0]["price"]["unit_amount"] = serde_json::json!("twelve");
                serde_json::to_vec(&v).unwrap()
            },
            "line_items.data[0].price.unit_amount",
        ),
        (
            "missing id",
            br#"{"object":"checkout.session"}"#.to_vec(),
            ".",
        ),
    ];
    for (name, body, path) in cases {
        let server =
            TestServer::always(Reply::json(200, body.clone()).with_header("Request-Id", "req_7"))
                .await;
        let err = server
            .client()
            .retrieve_checkout_session()
            .id(ID)
            .send()
            .await
            .unwrap_err();
        let Error::Decode(decode) = &err else {
            panic!("{name}: {err}")
        };
        assert_eq!(decode.path, path, "{name}: {err}");
        assert_eq!(decode.status, 200);
        assert_eq!(
            decode.body.as_ref(),
            body.as_slice(),
            "{name}: raw body kept"
        );
        assert_eq!(err.request_id(), Some("req_7"));
        let text = err.to_string();
        assert!(
            text.starts_with("retrieve_checkout_session:"),
            "{name}: {text}"
        );
        if name == "wrong type deep inside" {
            assert!(
                text.contains("`line_items.data[0].price.unit_amount`"),
                "{text}"
            );
        }
    }
}

#[tokio::test]
async fn unreachable_server_is_a_transport_error() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = wooshpay::Client::builder()
        .secret_key(TEST_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = client
        .retrieve_checkout_session()
        .id(ID)
        .send()
        .await
        .unwrap_err();
    let Error::Transport { operation, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(*operation, "retrieve_checkout_session");
    assert!(!err.to_string().contains(TEST_KEY));
}

#[tokio::test]
async fn the_key_never_appears_in_errors() {
    let server = TestServer::always(Reply::json(401, JSON_ERROR)).await;
    let client = server.client();
    let err = client
        .retrieve_checkout_session()
        .id(ID)
        .send()
        .await
        .unwrap_err();
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{TEST_KEY}:"));
    for text in [err.to_string(), format!("{err:?}"), format!("{client:?}")] {
        assert!(
            !text.contains(TEST_KEY) && !text.contains(&credentials),
            "{text}"
        );
    }
}
