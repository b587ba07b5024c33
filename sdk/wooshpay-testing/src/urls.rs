//! The URLs a request gives the sandbox (redirects, webhook endpoints): checked when they are
//! given, so that a redirect never fails after a payment is made and no delivery goes back into
//! the sandbox's own API.

use std::net::IpAddr;

use reqwest::Url;
use serde_json::Value;

use crate::answer::{Outgoing, error};
use crate::collections::{CHECKOUT_SESSIONS, PAYMENT_INTENTS, WEBHOOK_ENDPOINTS};

/// The URL fields of a create or update of objects in `collection`.
fn fields(collection: &str) -> &'static [&'static str] {
    match collection {
        CHECKOUT_SESSIONS => &["success_url", "cancel_url"],
        PAYMENT_INTENTS => &["return_url"],
        WEBHOOK_ENDPOINTS => &["url"],
        _ => &[],
    }
}

/// Checks the URL fields `body` gives an object of `collection`: each an absolute `http` or
/// `https` URL without control characters; a webhook endpoint's not the sandbox at `base_url`.
pub(crate) fn check_fields(collection: &str, body: &Value, base_url: &str) -> Result<(), Outgoing> {
    for field in fields(collection) {
        check(body, field, base_url, collection == WEBHOOK_ENDPOINTS)?;
    }
    Ok(())
}

/// Checks `body[field]` if it is present (see [`check_fields`]).
pub(crate) fn check(
    body: &Value,
    field: &str,
    base_url: &str,
    refuse_sandbox: bool,
) -> Result<(), Outgoing> {
    let invalid = |message: String| {
        error(
            400,
            "invalid_request_error",
            "url_invalid",
            &message,
            Some(field),
        )
    };
    let text = match body.get(field) {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::String(text)) => text,
        Some(_) => return Err(invalid(format!("`{field}` must be a URL string."))),
    };
    // The URL parser drops tabs and newlines silently; a header or a page would not.
    if text.chars().any(char::is_control) {
        return Err(invalid(format!(
            "`{field}` must not contain control characters (such as CR or LF)."
        )));
    }
    let url = Url::parse(text).map_err(|e| invalid(format!("`{field}` is not a URL: {e}.")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(format!(
            "`{field}` must be an absolute http or https URL."
        )));
    }
    if refuse_sandbox && is_sandbox_itself(text, base_url) {
        return Err(invalid(format!(
            "`{field}` points at the sandbox itself ({base_url}); deliveries would loop."
        )));
    }
    Ok(())
}

/// Whether `url` reaches the sandbox listening at `base_url` (a loopback address): any local
/// host name or address with the sandbox's port.
pub(crate) fn is_sandbox_itself(url: &str, base_url: &str) -> bool {
    let (Ok(url), Ok(base)) = (Url::parse(url), Url::parse(base_url)) else {
        return false;
    };
    if url.port_or_known_default() != base.port_or_known_default() {
        return false;
    }
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<IpAddr>() {
        Ok(ip) => is_local(ip),
        Err(_) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
    }
}

fn is_local(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    ip.is_loopback() || ip.is_unspecified()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "http://127.0.0.1:41234";

    #[test]
    fn local_names_and_addresses_on_the_sandbox_port_are_the_sandbox() {
        for url in [
            "http://127.0.0.1:41234/v1/customers",
            "http://sk_test_x:@127.0.0.1:41234/v1/payment_intents",
            "http://localhost:41234/",
            "http://LOCALHOST.:41234/",
            "http://127.8.0.1:41234/",
            "http://0.0.0.0:41234/",
            "http://[::1]:41234/",
            "http://[::ffff:127.0.0.1]:41234/",
            "http://2130706433:41234/",
        ] {
            assert!(is_sandbox_itself(url, BASE), "{url}");
        }
        for url in [
            "http://127.0.0.1:41235/",
            "http://example.com:41234/",
            "http://127.0.0.1/",
        ] {
            assert!(!is_sandbox_itself(url, BASE), "{url}");
        }
    }

    #[test]
    fn only_absolute_http_urls_without_control_characters_pass() {
        let check = |url: &str| check(&serde_json::json!({ "u": url }), "u", BASE, true);
        assert!(check("https://shop.example/ok?session={CHECKOUT_SESSION_ID}").is_ok());
        for bad in [
            "https://shop.example/\r\nSet-Cookie: a=b",
            "https://shop.example/\tx",
            "javascript:alert(1)",
            "/relative",
            "ftp://shop.example/",
            "http://localhost:41234/hook",
        ] {
            let refused = check(bad).expect_err(bad);
            assert_eq!(refused.status, 400, "{bad}");
            assert!(String::from_utf8_lossy(&refused.body).contains(r#""param":"u""#));
        }
    }
}
