//! The signature header parser: strict about the signature and the secret, tolerant about
//! separators, and reading every signature header of a delivery.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderValue};
use wooshpay::webhook::{self, WebhookError};

const SECRET: &str = "whsec_test_secret";
const BODY: &[u8] = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","object":"payment_intent"}}}"#;
const AT_MS: u64 = 1_668_688_178_000;

fn at() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(AT_MS)
}

fn verify(header: &str, secret: &str) -> Result<(), WebhookError> {
    webhook::verify_signature(BODY, header, secret, webhook::DEFAULT_TOLERANCE, at())
}

/// The `v1` hex of a valid header.
fn signature(secret: &str) -> String {
    let header = webhook::sign_payload(BODY, secret, at());
    header.split_once("v1=").unwrap().1.to_string()
}

#[test]
fn a_plus_sign_inside_the_hex_is_refused() {
    let hex = signature(SECRET);
    // Find a byte written `0x`: `+x` parsed as a signed radix-16 number is the same byte.
    let pair = (0..hex.len())
        .step_by(2)
        .find(|&i| hex.as_bytes()[i] == b'0')
        .expect("some byte below 0x10");
    let mut malleable = hex.clone();
    malleable.replace_range(pair..pair + 1, "+");
    let header = format!("t={AT_MS},v1={malleable}");
    assert!(
        matches!(verify(&header, SECRET), Err(WebhookError::MalformedHeader(m)) if m.contains("64 hexadecimal")),
        "{header}"
    );
    assert_eq!(verify(&format!("t={AT_MS},v1={hex}"), SECRET), Ok(()));
}

#[test]
fn hex_must_be_exactly_64_digits_of_either_case() {
    let hex = signature(SECRET);
    let upper = hex.to_ascii_uppercase();
    assert_eq!(verify(&format!("t={AT_MS},v1={upper}"), SECRET), Ok(()));
    for bad in [
        format!("{hex}0"),
        format!("{hex}00"),
        hex[..62].to_string(),
        format!(" {}-", &hex[..63]),
        format!("0x{}", &hex[2..]),
        hex.replacen(&hex[..1], "g", 1),
        String::new(),
    ] {
        assert!(
            matches!(
                verify(&format!("t={AT_MS},v1={bad}"), SECRET),
                Err(WebhookError::MalformedHeader(_))
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn an_empty_secret_is_refused_with_its_own_error() {
    for secret in ["", " ", "\t\n"] {
        let header = webhook::sign_payload(BODY, secret, at());
        assert_eq!(verify(&header, secret), Err(WebhookError::EmptySecret));
        let err = webhook::construct_event(BODY, &header, secret).unwrap_err();
        assert_eq!(err, WebhookError::EmptySecret);
        assert!(err.to_string().contains("secret is empty"));
    }
}

#[test]
fn separators_are_tolerated() {
    let hex = signature(SECRET);
    for header in [
        format!("t={AT_MS},v1={hex},"),
        format!(",t={AT_MS},,v1={hex},,"),
        format!("  t = {AT_MS} ,\tv1 = {hex}  "),
        format!("t={AT_MS},v0=ignored,v1={hex}"),
    ] {
        assert_eq!(verify(&header, SECRET), Ok(()), "{header:?}");
    }
}

#[test]
fn every_signature_header_is_read() {
    let good = webhook::sign_payload(BODY, SECRET, at());
    let stale = webhook::sign_payload(BODY, "whsec_rotated_out", at());
    let mut headers = HeaderMap::new();
    headers.append("Wooshpay-Signature", HeaderValue::from_str(&stale).unwrap());
    headers.append("Wooshpay-Signature", HeaderValue::from_str(&good).unwrap());
    assert_eq!(webhook::signature_headers(&headers), [&stale, &good]);
    assert_eq!(
        webhook::verify_signatures(
            BODY,
            webhook::signature_headers(&headers),
            SECRET,
            webhook::DEFAULT_TOLERANCE,
            at()
        ),
        Ok(())
    );
    // The single-header functions keep reading the first value.
    assert_eq!(webhook::signature_header(&headers), Some(stale.as_str()));

    // Under the other name too, and joined into one line by a proxy.
    let mut headers = HeaderMap::new();
    headers.append("Signature", HeaderValue::from_str("t=1,v1=00").unwrap());
    headers.append("Signature", HeaderValue::from_str(&good).unwrap());
    assert_eq!(webhook::signature_headers(&headers).len(), 2);
    assert_eq!(verify(&format!("{stale}, {good}"), SECRET), Ok(()));

    let mut all_bad = HeaderMap::new();
    all_bad.append("Wooshpay-Signature", HeaderValue::from_str(&stale).unwrap());
    assert_eq!(
        webhook::verify_signatures(
            BODY,
            webhook::signature_headers(&all_bad),
            SECRET,
            webhook::DEFAULT_TOLERANCE,
            at()
        ),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        webhook::verify_signatures(BODY, [], SECRET, webhook::DEFAULT_TOLERANCE, at()),
        Err(WebhookError::MissingHeader)
    );
}

#[test]
fn construct_event_from_headers_verifies_and_parses() {
    let mut headers = HeaderMap::new();
    let header = webhook::sign_payload(BODY, SECRET, SystemTime::now());
    headers.append("Signature", HeaderValue::from_static("t=1,v1=zz"));
    headers.append(
        "Wooshpay-Signature",
        HeaderValue::from_str(&header).unwrap(),
    );
    let event = webhook::construct_event_from_headers(BODY, &headers, SECRET).unwrap();
    assert_eq!(event.id, "evt_1");
    assert_eq!(
        webhook::construct_event_from_headers(BODY, &HeaderMap::new(), SECRET).unwrap_err(),
        WebhookError::MissingHeader
    );
}

proptest! {
    // CI budget; see the README's maintainer section for the long run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(1000)
    ))]

    /// Any mutation of one character of the signature's hex is refused.
    #[test]
    fn a_changed_hex_digit_never_verifies(position in 0usize..64, replacement in any::<char>()) {
        let hex = signature(SECRET);
        let original = hex.as_bytes()[position] as char;
        prop_assume!(!replacement.eq_ignore_ascii_case(&original));
        let mut mutated = hex.clone();
        mutated.replace_range(position..position + 1, &replacement.to_string());
        let header = format!("t={AT_MS},v1={mutated}");
        prop_assert!(verify(&header, SECRET).is_err());
    }

    /// Arbitrary items around a valid signature: never a panic, and a valid pair still verifies
    /// unless an item is garbled.
    #[test]
    fn arbitrary_items_never_panic(
        items in proptest::collection::vec("[ -~]{0,80}", 0..6),
        valid_at in 0usize..6,
    ) {
        let good = webhook::sign_payload(BODY, SECRET, at());
        let mut all = items.clone();
        all.insert(valid_at.min(all.len()), good);
        let header = all.join(",");
        let _ = verify(&header, SECRET);
        let _ = webhook::verify_signatures(BODY, all.iter().map(String::as_str), SECRET, Duration::ZERO, at());
    }
}
