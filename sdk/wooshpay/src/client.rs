//! Building a [`Client`]: the secret key, the environment it implies, base URL and timeouts.

use std::fmt;
use std::time::Duration;

use base64::Engine;
use reqwest::header::{self, HeaderMap, HeaderValue};

use crate::base_url::BaseUrl;
use crate::{Client, Error, RetryPolicy};

/// The environment variable [`Client::from_env`] reads the secret key from.
pub const SECRET_KEY_ENV: &str = "WOOSHPAY_SECRET_KEY";
/// The environment variable [`Client::from_env`] reads an optional base URL from.
pub const BASE_URL_ENV: &str = "WOOSHPAY_BASE_URL";

const TEST_BASE_URL: &str = "https://apitest.wooshpay.com";
const LIVE_BASE_URL: &str = "https://api.wooshpay.com";
const USER_AGENT: &str = concat!("wooshpay-rust/", env!("CARGO_PKG_VERSION"));
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default of [`ClientBuilder::max_response_size`]: 16 MiB. The largest legitimate
/// response is a list page of 100 objects (the `limit` maximum); the spec's largest documented
/// object (a checkout session) is 2.8 KB, so even at ten times that with everything nested
/// filled in, a page stays under 3 MiB. 16 MiB leaves over fivefold headroom and still bounds
/// what a broken or hostile server can make the client hold.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 16 * 1024 * 1024;

/// Test or live mode, decided by the secret key's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A `sk_test_…` key: the test API, no real money moves.
    Test,
    /// A `sk_live_…` key: the live API.
    Live,
    /// A key of another form, used with an explicit base URL.
    Unknown,
}

/// Settings the generated client carries for the hand-written runtime.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) mode: Mode,
    /// Where requests go, parsed once.
    pub(crate) base_url: BaseUrl,
    pub(crate) retry: RetryPolicy,
    /// The largest success body read, in bytes.
    pub(crate) max_response_size: u64,
    /// The time limit of each attempt (sending it and reading the whole response), unless the
    /// call sets its own.
    pub(crate) timeout: Duration,
    /// The key's prefix (e.g. `sk_test_`), the only part of it ever shown.
    key_hint: &'static str,
    /// Keeps the attempts' time limits.
    pub(crate) time_limits: crate::time_limit::Keeper,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("mode", &self.mode)
            .field("retry", &self.retry)
            .field("max_response_size", &self.max_response_size)
            .field("timeout", &self.timeout)
            .field("secret_key", &format_args!("{}[redacted]", self.key_hint))
            .finish()
    }
}

/// Configures and builds a [`Client`]. Obtain one with [`Client::builder`].
#[derive(Default, Clone)]
pub struct ClientBuilder {
    secret_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_size: Option<u64>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "[redacted]"),
            )
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_response_size", &self.max_response_size)
            .finish()
    }
}

impl ClientBuilder {
    /// The secret key (`sk_test_…` or `sk_live_…`). It selects the environment unless
    /// [`base_url`](Self::base_url) is set.
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.secret_key = Some(key.into());
        self
    }

    /// Overrides the API's base URL (e.g. a local mock server), e.g. `http://127.0.0.1:8080`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The time limit for one attempt, from sending to the last byte of the body (default 60 s).
    /// Each operation builder can override it with `.timeout(…)`. A call's first attempt is
    /// timed from when its future is first polled, not from `send()`.
    ///
    /// Limits are kept by one thread of the SDK's for the whole process, on the system's
    /// monotonic clock, not by the async runtime's timer: a paused tokio clock
    /// (`tokio::time::pause`) does not make them pass.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time limit for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt for failed requests (default 2; 0 disables). Each
    /// operation builder can override it with `.max_retries(…)`.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The backoff before the first retry (default 0.5 s, doubling per retry, with full jitter)
    /// and its ceiling (default 8 s).
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry.initial_backoff = initial;
        self.retry.max_backoff = max;
        self
    }

    /// The largest response body accepted, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 16 MiB). A larger body is not read past the limit: the call
    /// fails with a [`TransportError`](crate::TransportError) for which `is_too_large()` holds.
    /// Error responses are read only as far as the 64 KiB an error keeps.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// The whole retry policy at once.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Validates the settings and builds the client. The first client a process builds also
    /// starts the thread that keeps the time limits of every client's calls; if it cannot be
    /// started, building fails with [`Error::Config`].
    pub fn build(self) -> Result<Client, Error> {
        let key = self.secret_key.ok_or_else(|| {
            Error::Config(format!(
                "no secret key: call `.secret_key(…)` or set {SECRET_KEY_ENV}"
            ))
        })?;
        let (mode, key_hint) = classify_key(&key)?;
        let base_url = match (&self.base_url, mode) {
            (Some(url), _) => url.as_str(),
            (None, Mode::Test) => TEST_BASE_URL,
            (None, Mode::Live) => LIVE_BASE_URL,
            (None, Mode::Unknown) => {
                return Err(Error::Config(
                    "the secret key starts with neither `sk_test_` nor `sk_live_`, so the \
                     environment is unknown: set a base URL"
                        .into(),
                ));
            }
        };
        let parsed_base_url = BaseUrl::parse(base_url)?;
        let http = reqwest::Client::builder()
            .default_headers(default_headers(&key)?)
            // The attempt's time limit is kept by the SDK around each attempt (`time_limit`; it
            // covers the body too); reqwest is given only the connect timeout.
            .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            // A redirect is answered as an error: following a 307/308 would re-send a POST's
            // body elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            // The SDK retries by its own policy. reqwest's retries only HTTP/2 and HTTP/3
            // refusals, and copies every request in case: with no retry per request allowed,
            // it copies none.
            .retry(reqwest::retry::never().max_retries_per_request(0));
        let http = crate::tls::configure(http)?
            .build()
            .map_err(|e| Error::Config(format!("the HTTP client could not be built: {e}")))?;
        let settings = Settings {
            mode,
            base_url: parsed_base_url,
            retry: self.retry,
            max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            key_hint,
            time_limits: crate::time_limit::keeper().map_err(|e| {
                Error::Config(format!(
                    "the thread that keeps the time limits of calls could not be started: {e}"
                ))
            })?,
        };
        // Shown by `Client::base_url` as given, without its trailing `/`.
        Ok(Client::new_with_client(
            base_url.trim_end_matches('/'),
            http,
            settings,
        ))
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment: the key from `WOOSHPAY_SECRET_KEY`, and the base URL
    /// from `WOOSHPAY_BASE_URL` when set (otherwise chosen by the key's prefix).
    pub fn from_env() -> Result<Client, Error> {
        let key = std::env::var(SECRET_KEY_ENV)
            .map_err(|_| Error::Config(format!("{SECRET_KEY_ENV} is not set (or not UTF-8)")))?;
        let mut builder = Client::builder().secret_key(key);
        if let Ok(url) = std::env::var(BASE_URL_ENV) {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.baseurl
    }

    /// Test or live mode, from the key's prefix.
    pub fn mode(&self) -> Mode {
        self.inner.mode
    }
}

/// Checks the key's form without ever echoing it; returns its mode and printable prefix.
fn classify_key(key: &str) -> Result<(Mode, &'static str), Error> {
    if key.is_empty() {
        return Err(Error::Config("the secret key is empty".into()));
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::Config(
            "the secret key contains whitespace or non-ASCII characters; check how it was copied"
                .into(),
        ));
    }
    if key.starts_with("pk_") {
        return Err(Error::Config(
            "a publishable key (`pk_…`) cannot call the server API; use the secret key (`sk_…`)"
                .into(),
        ));
    }
    Ok(if key.starts_with("sk_test_") {
        (Mode::Test, "sk_test_")
    } else if key.starts_with("sk_live_") {
        (Mode::Live, "sk_live_")
    } else {
        (Mode::Unknown, "")
    })
}

/// Headers sent with every request. The authorization value is marked sensitive so that it
/// never appears in `Debug` output.
fn default_headers(key: &str) -> Result<HeaderMap, Error> {
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{key}:"));
    let mut auth = HeaderValue::from_str(&format!("Basic {credentials}"))
        .map_err(|_| Error::Config("the secret key cannot be sent in a header".into()))?;
    auth.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert(header::AUTHORIZATION, auth);
    headers.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
    // Every operation answers JSON; set once here rather than by each request.
    headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_prefix_selects_environment() {
        let test = Client::builder().secret_key("sk_test_abc").build().unwrap();
        assert_eq!(test.base_url(), TEST_BASE_URL);
        assert_eq!(test.mode(), Mode::Test);
        let live = Client::builder().secret_key("sk_live_abc").build().unwrap();
        assert_eq!(live.base_url(), LIVE_BASE_URL);
        assert_eq!(live.mode(), Mode::Live);
    }

    #[test]
    fn base_url_overrides_and_is_normalized() {
        let client = Client::builder()
            .secret_key("sk_live_abc")
            .base_url("http://127.0.0.1:9/")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9");
        assert_eq!(client.mode(), Mode::Live);
    }

    #[test]
    fn bad_keys_are_refused_without_echoing_them() {
        for key in [
            "",
            "pk_test_secretish",
            "sk_test_has space",
            "sk_test_new\nline",
            "whatever_1234",
        ] {
            let err = Client::builder().secret_key(key).build().unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{key:?}: {err}");
            if key.len() > 3 {
                assert!(
                    !err.to_string().contains(key),
                    "error echoes the key: {err}"
                );
            }
        }
        assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
    }

    #[test]
    fn bad_base_urls_are_refused() {
        for url in [
            "not a url",
            "ftp://x.example",
            "http://x.example/?q=1",
            "http://x.example/#top",
            "/relative",
            "mailto:a@x.example",
        ] {
            let err = Client::builder()
                .secret_key("sk_test_k")
                .base_url(url)
                .build()
                .unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{url}: {err}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let key = "sk_test_VerySecretValue123";
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{key}:"));
        let builder = Client::builder().secret_key(key);
        let client = builder.clone().build().unwrap();
        for text in [
            format!("{client:?}"),
            format!("{builder:?}"),
            format!("{client:#?}"),
        ] {
            assert!(!text.contains("VerySecretValue123"), "{text}");
            assert!(!text.contains(&encoded), "{text}");
        }
    }
}
