//! A user's test of their own payment code with the generated, typed httpmock helpers.

use httpmock::MockServer;
use wooshpay::types;
use wooshpay_testing::mock::MockServerExt;

/// The application code under test: charge an order, return the PaymentIntent's id.
async fn charge_order(client: &wooshpay::Client, cents: i64) -> Result<String, wooshpay::Error> {
    let intent = client
        .create_payment_intent()
        .body_map(|b| b.amount(cents).currency("EUR"))
        .send()
        .await?;
    Ok(intent.id)
}

fn intent(id: &str, amount: i64) -> types::PaymentIntent {
    serde_json::from_value(serde_json::json!({"id": id, "object": "payment_intent", "amount": amount, "currency": "EUR"})).unwrap()
}

fn client(server: &MockServer) -> wooshpay::Client {
    wooshpay::Client::builder()
        .secret_key("sk_test_x")
        .base_url(server.base_url())
        .build()
        .unwrap()
}

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn a_typed_mock_answers_the_operation() {
    let server = MockServer::start();
    let mock = server.create_payment_intent(|when, then| {
        when.into_inner().json_body_includes(r#"{"amount": 4200}"#);
        then.ok(&intent("pi_mocked", 4200));
    });
    let id = run(charge_order(&client(&server), 4200)).unwrap();
    assert_eq!(id, "pi_mocked");
    mock.assert();
}

#[test]
fn a_typed_mock_matches_path_parameters_as_sent() {
    let server = MockServer::start();
    let mock = server.retrieve_payment_intent(|when, then| {
        when.id("pi/with?odd#chars");
        then.ok(&intent("pi/with?odd#chars", 1));
    });
    let found = run(client(&server)
        .retrieve_payment_intent()
        .id("pi/with?odd#chars")
        .send())
    .unwrap();
    assert_eq!(found.id, "pi/with?odd#chars");
    mock.assert();
}

#[test]
fn a_typed_mock_can_answer_with_a_wooshpay_error() {
    let server = MockServer::start();
    let error: types::ErrorResponse = serde_json::from_value(serde_json::json!({
        "error": {"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds", "message": "Your card was declined."}
    }))
    .unwrap();
    server.create_payment_intent(|_, then| {
        then.client_error(402, &error);
    });
    let err = run(charge_order(&client(&server), 100)).unwrap_err();
    let wooshpay::Error::Api(api) = &err else {
        panic!("{err}")
    };
    assert_eq!(
        (api.status, api.code.as_deref(), api.decline_code.as_deref()),
        (402, Some("card_declined"), Some("insufficient_funds"))
    );
}
