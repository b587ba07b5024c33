//! Who may call the sandbox, over loopback HTTP: only its own secret key (401 in the API's
//! error shape otherwise, unless started with `any_key`), and only requests addressed to a
//! loopback host.

use serde_json::Value;
use wooshpay_testing::{DUMMY_SECRET_KEY, Sandbox};

async fn list_with(sandbox: &Sandbox, key: Option<&str>, host: Option<&str>) -> (u16, Value) {
    let mut request =
        reqwest::Client::new().get(format!("{}/v1/payment_intents", sandbox.base_url()));
    if let Some(key) = key {
        request = request.basic_auth(key, Some(""));
    }
    if let Some(host) = host {
        request = request.header("host", host);
    }
    let response = request.send().await.expect("the sandbox answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn only_the_sandboxs_own_secret_key_is_accepted() {
    let sandbox = Sandbox::start().await.unwrap();
    assert_eq!(sandbox.secret_key(), DUMMY_SECRET_KEY);
    assert_eq!(
        list_with(&sandbox, Some(DUMMY_SECRET_KEY), None).await.0,
        200
    );
    for key in [
        "pk_test_dummy_key_for_mock_servers",
        "sk_live_dummy_key_for_mock_servers",
        "sk_test_another_key",
        "garbage",
    ] {
        let (status, body) = list_with(&sandbox, Some(key), None).await;
        assert_eq!(status, 401, "{key}");
        assert_eq!(body["error"]["type"], "invalid_request_error", "{body}");
        assert_eq!(body["error"]["code"], "api_key_invalid", "{body}");
        assert!(
            !body.to_string().contains(key),
            "the key is not echoed: {body}"
        );
    }
    assert_eq!(list_with(&sandbox, None, None).await.0, 401);

    let err = Sandbox::start()
        .await
        .unwrap()
        .client_builder()
        .secret_key("sk_test_another_key")
        .build()
        .unwrap()
        .list_payment_intents()
        .send()
        .await
        .expect_err("a foreign key is refused");
    assert_eq!(err.status(), Some(401), "{err}");
}

#[tokio::test]
async fn a_chosen_key_or_any_key() {
    let sandbox = Sandbox::builder()
        .secret_key("sk_test_chosen")
        .start()
        .await
        .unwrap();
    assert_eq!(sandbox.secret_key(), "sk_test_chosen");
    assert_eq!(
        list_with(&sandbox, Some("sk_test_chosen"), None).await.0,
        200
    );
    assert_eq!(
        list_with(&sandbox, Some(DUMMY_SECRET_KEY), None).await.0,
        401
    );
    sandbox
        .client()
        .list_payment_intents()
        .send()
        .await
        .unwrap();

    let relaxed = Sandbox::builder().any_key().start().await.unwrap();
    assert_eq!(
        list_with(&relaxed, Some("sk_test_whatever"), None).await.0,
        200
    );
    assert_eq!(list_with(&relaxed, None, None).await.0, 401);
}

#[tokio::test]
async fn requests_for_another_host_are_refused() {
    let sandbox = Sandbox::start().await.unwrap();
    let port = sandbox.base_url().rsplit(':').next().unwrap().to_string();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(
            list_with(&sandbox, Some(DUMMY_SECRET_KEY), Some(&host))
                .await
                .0,
            200,
            "{host}"
        );
    }
    let (status, body) = list_with(
        &sandbox,
        Some(DUMMY_SECRET_KEY),
        Some(&format!("rebound.example:{port}")),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["param"], "Host", "{body}");
    // The hosted pages too: a rebound page must not read or drive a checkout.
    let page = reqwest::Client::new()
        .get(format!(
            "{}/checkout/cs_1795782989284638720",
            sandbox.base_url()
        ))
        .header("host", "rebound.example")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 403);
}
