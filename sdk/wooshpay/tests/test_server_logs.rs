//! What test servers log at TRACE never holds a real key: the sandbox's and the typed mocks'
//! clients carry a dummy key, whatever the environment says. Alone in its test binary: the
//! subscriber is global, because httpmock logs from its own threads.

mod support;

use base64::Engine;
use httpmock::MockServer;
use support::logs::Captured;
use wooshpay_testing::mock::MockServerExt;
use wooshpay_testing::{DUMMY_SECRET_KEY, Sandbox};

/// A real-looking key, as a developer's environment would hold it.
const REAL_LOOKING_KEY: &str = "sk_test_51NbS3cr3tK3yFr0mTh3Env1r0nm3nt";

/// The forms a key takes on the wire and in logs: as is, and as a Basic credential.
fn forms(key: &str) -> [String; 2] {
    [
        key.to_string(),
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:")),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_logs_of_mocked_calls_never_hold_a_real_key() {
    // SAFETY: set before any other thread of this binary reads the environment.
    unsafe { std::env::set_var("WOOSHPAY_SECRET_KEY", REAL_LOOKING_KEY) };
    let captured = Captured::default();
    let writer = captured.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish(),
    )
    .unwrap();

    let sandbox = Sandbox::start().await.unwrap();
    sandbox
        .client()
        .retrieve_payment_intent()
        .id("pi_1604012360740110336")
        .send()
        .await
        .unwrap();
    let sandbox_logs = captured.text();
    assert!(
        sandbox_logs.contains("retrieve_payment_intent"),
        "{sandbox_logs}"
    );
    for form in forms(DUMMY_SECRET_KEY)
        .iter()
        .chain(&forms(REAL_LOOKING_KEY))
    {
        assert!(
            !sandbox_logs.contains(form),
            "the sandbox logs no key at all"
        );
    }

    let server = MockServer::start_async().await;
    let mock = server.retrieve_payment_intent(|when, then| {
        when.id("pi_2");
        then.ok(&serde_json::from_value(
            serde_json::json!({"id": "pi_2", "object": "payment_intent"}),
        )
        .unwrap());
    });
    wooshpay_testing::mock_client(&server)
        .retrieve_payment_intent()
        .id("pi_2")
        .send()
        .await
        .unwrap();
    mock.assert();

    let logs = captured.text();
    let [_, dummy_credential] = forms(DUMMY_SECRET_KEY);
    assert!(
        logs.contains(&dummy_credential),
        "the capture sees httpmock's header dump, so the check below means something"
    );
    for form in forms(REAL_LOOKING_KEY) {
        assert!(
            !logs.contains(&form),
            "the key from the environment was logged"
        );
    }
}
