//! The TLS stack of the HTTP client, chosen by the crate's features: `native-tls` (the
//! platform's library), else `rustls-aws-lc-rs`, else `rustls-ring` (the default).
//!
//! With `rustls-ring` alone, reqwest is built without a crypto provider of its own; the client
//! then uses the process's default provider when the application installed one, and otherwise
//! a ring configuration of its own. Nothing is installed process-wide, so an application that
//! installs its own provider later is not refused.

use crate::Error;

/// `builder` with the TLS stack the features select.
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    #[cfg(feature = "native-tls")]
    {
        Ok(builder.tls_backend_native())
    }
    #[cfg(all(not(feature = "native-tls"), feature = "rustls-aws-lc-rs"))]
    {
        Ok(builder)
    }
    #[cfg(all(
        not(feature = "native-tls"),
        not(feature = "rustls-aws-lc-rs"),
        feature = "rustls-ring"
    ))]
    {
        ring(builder)
    }
    #[cfg(not(any(
        feature = "native-tls",
        feature = "rustls-aws-lc-rs",
        feature = "rustls-ring"
    )))]
    {
        Ok(builder)
    }
}

/// rustls with the ring provider and the platform's certificate verifier, unless the process
/// already has a default provider.
#[cfg(all(
    not(feature = "native-tls"),
    not(feature = "rustls-aws-lc-rs"),
    feature = "rustls-ring"
))]
fn ring(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    use std::sync::Arc;

    use rustls_platform_verifier::BuilderVerifierExt;

    if rustls::crypto::CryptoProvider::get_default().is_some() {
        return Ok(builder);
    }
    let failed = |e: rustls::Error| Error::Config(format!("TLS could not be set up: {e}"));
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(failed)?
    .with_platform_verifier()
    .map_err(failed)?
    .with_no_client_auth();
    Ok(builder.tls_backend_preconfigured(config))
}
