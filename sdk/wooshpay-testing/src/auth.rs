//! Who may call the sandbox. The API authenticates with HTTP Basic, the secret key as the
//! username and an empty password; the sandbox accepts only its own key, so a test that sends a
//! publishable key, a live key or a stray value fails here as it would against WooshPay.
//! Requests must also name a loopback host: a web page whose DNS name is rebound to 127.0.0.1
//! sends its own name as `Host`, and is refused before it reaches the API or the hosted pages.

use base64::Engine;

use crate::answer::{Outgoing, error};

/// The keys the sandbox accepts.
#[derive(Debug, Clone)]
pub(crate) enum Keys {
    /// Only this secret key.
    Only(String),
    /// Any key in HTTP Basic form (for clients whose key cannot be set to the sandbox's).
    Any,
}

/// `None` when `authorization` carries an accepted key; otherwise the 401 the API gives. The
/// docs list no `authentication_error`, so the error is an `invalid_request_error`; the key is
/// never echoed back.
pub(crate) fn check_key(authorization: Option<&str>, keys: &Keys) -> Option<Outgoing> {
    let sent = authorization.and_then(basic_username);
    let message = match (&sent, keys) {
        (None, _) => {
            "No valid API key provided: use HTTP Basic with the secret key as the \
                      username and an empty password."
        }
        (Some(key), Keys::Any) if !key.is_empty() => return None,
        (Some(key), Keys::Only(own)) if key == own => return None,
        (Some(key), _) if key.starts_with("pk_") => {
            "A publishable key (pk_…) cannot call the API; use the sandbox's secret key."
        }
        (Some(key), _) if key.starts_with("sk_live_") => {
            "A live key cannot call the sandbox; use the sandbox's secret key."
        }
        (Some(_), _) => "Invalid API key provided; use the sandbox's secret key.",
    };
    Some(error(
        401,
        "invalid_request_error",
        "api_key_invalid",
        message,
        None,
    ))
}

/// The username of an HTTP Basic header whose password is empty.
fn basic_username(header: &str) -> Option<String> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    password.is_empty().then(|| user.to_string())
}

/// `None` when `host` (the `Host` header) is a loopback name or absent (a client that sends
/// none is no browser); otherwise a 403 naming the header.
pub(crate) fn check_host(host: Option<&str>) -> Option<Outgoing> {
    // No `Host` at all: nothing to refuse.
    let host = host?;
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let loopback = name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    (!loopback).then(|| {
        error(
            403,
            "invalid_request_error",
            "host_not_allowed",
            "The sandbox answers only requests addressed to a loopback host \
             (localhost, 127.0.0.1, [::1]).",
            Some("Host"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(user: &str) -> String {
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:"));
        format!("Basic {encoded}")
    }

    #[test]
    fn only_the_own_key_passes() {
        let keys = Keys::Only("sk_test_own".into());
        assert!(check_key(Some(&basic("sk_test_own")), &keys).is_none());
        for header in [
            basic("sk_test_other"),
            basic("pk_test_own"),
            basic("sk_live_own"),
            "Bearer sk_test_own".into(),
            "Basic !!!".into(),
            String::new(),
        ] {
            let refused = check_key(Some(&header), &keys).expect(&header);
            assert_eq!(refused.status, 401, "{header}");
            assert!(!refused.message().contains("own"), "the key is not echoed");
        }
        assert!(check_key(None, &keys).is_some());
        assert!(check_key(Some(&basic("anything")), &Keys::Any).is_none());
        assert!(check_key(Some(&basic("")), &Keys::Any).is_some());
    }

    #[test]
    fn only_loopback_hosts_pass() {
        for host in [
            "127.0.0.1:8080",
            "localhost",
            "LOCALHOST:1",
            "[::1]:80",
            "127.1.2.3",
        ] {
            assert!(check_host(Some(host)).is_none(), "{host}");
        }
        for host in [
            "evil.example:8080",
            "10.0.0.1",
            "localhost.evil.example",
            "[::2]:1",
        ] {
            assert!(check_host(Some(host)).is_some(), "{host}");
        }
        assert!(check_host(None).is_none());
    }
}
