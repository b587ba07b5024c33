//! TLS for the reqwest clients of a test process.
//!
//! The SDK builds reqwest with rustls but without a crypto provider of its own by default (its
//! `rustls-ring` feature) and gives its own client the ring provider. Any other
//! `reqwest::Client` in the process (the sandbox's webhook deliveries, a test's "browser")
//! finds no provider and panics when built. Starting a sandbox therefore installs ring as the
//! process's default provider when none is installed yet; one installed before is kept.

use std::time::Duration;

/// Installs rustls' ring provider as the process default, unless one is installed already.
pub(crate) fn ensure_tls_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may have installed one meanwhile: that one is kept.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// How long a delivery attempt may take to connect.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a delivery attempt may take in all, connecting included.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);

/// A client for deliveries: each attempt limited in connecting and in all, redirects never
/// followed (a 3xx is a failed attempt: the signed event goes nowhere the endpoint did not
/// name).
pub(crate) fn delivery_client() -> Result<reqwest::Client, String> {
    ensure_tls_provider();
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(ATTEMPT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())
}
