//! Values a client controls that once broke the sandbox: amounts that overflow, markup in a
//! session's fields, control characters in redirect URLs, and webhook endpoints that are the
//! sandbox itself. Each is refused or made harmless, with an answer in WooshPay's shape.

use serde_json::{Value, json};
use wooshpay_testing::{CheckoutOutcome, CheckoutResult, Sandbox};

async fn post(sandbox: &Sandbox, path: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .basic_auth(wooshpay_testing::DUMMY_SECRET_KEY, Some(""))
        .json(body)
        .send()
        .await
        .expect("the sandbox answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn session(currency: &str, items: &[(i64, i64)]) -> Value {
    let line_items: Vec<Value> = items
        .iter()
        .map(|(unit_amount, quantity)| {
            json!({
                "price_data": {
                    "currency": currency,
                    "unit_amount": unit_amount,
                    "product_data": {"name": "<b>Espresso</b>"},
                },
                "quantity": quantity,
            })
        })
        .collect();
    json!({
        "mode": "payment",
        "line_items": line_items,
        "success_url": "https://shop.example/ok?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://shop.example/cart",
    })
}

#[tokio::test]
async fn amounts_that_overflow_are_refused_naming_the_field() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let (status, error) = post(
        &sandbox,
        "/v1/checkout/sessions",
        &session("USD", &[(99_999_999, i64::MAX / 2)]),
    )
    .await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["error"]["code"], "amount_too_large");
    assert_eq!(error["error"]["param"], "line_items[0].quantity");

    // Each line within the largest amount, their sum beyond it.
    let (status, error) = post(
        &sandbox,
        "/v1/checkout/sessions",
        &session("USD", &[(99_999_999, 1), (99_999_999, 1)]),
    )
    .await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["error"]["param"], "line_items");

    // The sandbox still serves, and nothing was created.
    let (status, _) = post(
        &sandbox,
        "/v1/checkout/sessions",
        &session("USD", &[(1800, 2)]),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(sandbox.events().len(), 1, "one payment_intent.created");
}

#[tokio::test]
async fn markup_in_a_session_is_shown_as_text_on_the_hosted_page() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    // Markup as a currency is refused outright (ISO 4217); a product name is free text.
    let attack = "<IMG SRC=X ONERROR=&#97;&#108;&#101;&#114;&#116;(1)>";
    let (status, refused) = post(
        &sandbox,
        "/v1/checkout/sessions",
        &session(attack, &[(1800, 2)]),
    )
    .await;
    assert_eq!(status, 400, "{refused}");
    let mut body = session("USD", &[(1800, 2)]);
    body["line_items"][0]["price_data"]["product_data"]["name"] =
        serde_json::json!(format!("<b>Espresso</b>{attack}"));
    let (status, created) = post(&sandbox, "/v1/checkout/sessions", &body).await;
    assert_eq!(status, 200, "{created}");
    let page = reqwest::get(created["url"].as_str().unwrap())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<img"), "{page}");
    assert!(!lower.contains("<b>"), "{page}");
    assert!(page.contains("&lt;IMG SRC=X ONERROR=&amp;#97;"), "{page}");
    assert!(page.contains("&lt;b&gt;Espresso&lt;/b&gt;"), "{page}");
}

#[tokio::test]
async fn redirect_urls_with_control_characters_are_refused_at_create() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    for (field, url) in [
        (
            "success_url",
            "https://shop.example/ok\r\nSet-Cookie: session=stolen",
        ),
        ("cancel_url", "https://shop.example/cart\n"),
        ("success_url", "javascript:alert(1)"),
    ] {
        let mut body = session("USD", &[(1800, 1)]);
        body[field] = json!(url);
        let (status, error) = post(&sandbox, "/v1/checkout/sessions", &body).await;
        assert_eq!(status, 400, "{url:?}: {error}");
        assert_eq!(error["error"]["param"], field);
        assert_eq!(error["error"]["type"], "invalid_request_error");
    }
    assert!(sandbox.events().is_empty(), "nothing was created");

    // A valid session still redirects with a 303 after payment.
    let (_, created) = post(
        &sandbox,
        "/v1/checkout/sessions",
        &session("USD", &[(1800, 1)]),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        sandbox.checkout(id, CheckoutOutcome::Pay).unwrap(),
        CheckoutResult::Redirected(format!("https://shop.example/ok?session={id}"))
    );
}

#[tokio::test]
async fn a_webhook_endpoint_at_the_sandbox_itself_is_refused() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let port = sandbox.base_url().rsplit(':').next().unwrap().to_string();
    for url in [
        format!("{}/v1/products", sandbox.base_url()),
        format!("http://sk_test_dummy_key_for_mock_servers:@127.0.0.1:{port}/v1/products"),
        format!("http://localhost:{port}/hooks"),
        format!("http://[::1]:{port}/hooks"),
        "ftp://example.com/hooks".to_string(),
    ] {
        let (status, error) = post(
            &sandbox,
            "/v1/webhook_endpoints",
            &json!({"url": url, "enabled_events": ["*"]}),
        )
        .await;
        assert_eq!(status, 400, "{url}: {error}");
        assert_eq!(error["error"]["param"], "url");
    }
    let started = Sandbox::builder()
        .port(0)
        .webhook_endpoint("http://127.0.0.1:9/not-a-loop")
        .start()
        .await;
    assert!(started.is_ok(), "another port is someone else");
    let invalid = Sandbox::builder()
        .webhook_endpoint("not a url")
        .start()
        .await;
    assert!(
        invalid.is_err(),
        "an endpoint given at start is checked too"
    );

    // An update is checked as a create is.
    let (_, endpoint) = post(
        &sandbox,
        "/v1/webhook_endpoints",
        &json!({"url": "https://hooks.example/a", "enabled_events": ["*"]}),
    )
    .await;
    let id = endpoint["id"].as_str().unwrap();
    let (status, error) = post(
        &sandbox,
        &format!("/v1/webhook_endpoints/{id}"),
        &json!({"url": format!("{}/v1/products", sandbox.base_url())}),
    )
    .await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["error"]["param"], "url");
}
