//! Clients for test servers, all with one dummy key.
//!
//! Test servers log what they receive: httpmock writes every request, headers included, at
//! DEBUG and TRACE, and the `Authorization` header is the key in base64. A client for a test
//! server therefore never carries a real key, whatever the environment holds.

use wooshpay::{Client, ClientBuilder};

/// The secret key of every client this module builds, and the key a [`Sandbox`](super::Sandbox)
/// accepts unless [`SandboxBuilder::secret_key`](super::SandboxBuilder::secret_key) sets another.
/// It has the form of a test key (so the client is in test mode) and authorizes nothing outside
/// a sandbox: it is safe to appear in logs, which is where test servers put it.
pub const DUMMY_SECRET_KEY: &str = "sk_test_dummy_key_for_mock_servers";

/// A client for an httpmock server (with the typed helpers of [`mock`](crate::mock)), using
/// [`DUMMY_SECRET_KEY`] and the server's base URL.
pub fn mock_client(server: &httpmock::MockServer) -> Client {
    mock_client_builder(server)
        .build()
        .unwrap_or_else(|e| unreachable!("a fixed, valid configuration: {e}"))
}

/// A client builder for an httpmock server, with [`DUMMY_SECRET_KEY`] and the server's base
/// URL set, for tests that adjust timeouts or retries.
pub fn mock_client_builder(server: &httpmock::MockServer) -> ClientBuilder {
    dummy_client_builder(&server.base_url())
}

/// A client builder with [`DUMMY_SECRET_KEY`] for the test server at `base_url`.
fn dummy_client_builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .secret_key(DUMMY_SECRET_KEY)
        .base_url(base_url)
}
