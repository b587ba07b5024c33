//! Webhook signature verification and typed events.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderValue};
use wooshpay::webhook::{self, EventObject, EventType, WebhookError};

const SECRET: &str = "whsec_test_secret";
const BODY: &[u8] = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","object":"payment_intent","amount":1000,"currency":"USD"}}}"#;
/// HMAC-SHA256(SECRET, "1668688178000." + BODY), computed independently.
const KNOWN_SIGNATURE: &str = "61a25bc7a9f5a6892db588b139ec6b14400dd357153e359f826e6e9f32d12081";
const SIGNED_AT_MS: u64 = 1_668_688_178_000;

fn signed_at() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(SIGNED_AT_MS)
}

fn verify(header: &str, body: &[u8], secret: &str, now: SystemTime) -> Result<(), WebhookError> {
    webhook::verify_signature(body, header, secret, webhook::DEFAULT_TOLERANCE, now)
}

#[test]
fn a_documented_signature_verifies() {
    let header = format!("t={SIGNED_AT_MS},v1={KNOWN_SIGNATURE}");
    assert_eq!(verify(&header, BODY, SECRET, signed_at()), Ok(()));
    assert_eq!(
        webhook::sign_payload(BODY, SECRET, signed_at()),
        header,
        "the test helper signs the same way"
    );
}

#[test]
fn tampering_and_wrong_secrets_are_refused() {
    let header = webhook::sign_payload(BODY, SECRET, signed_at());
    let mut tampered = BODY.to_vec();
    tampered[60] ^= 1;
    assert_eq!(
        verify(&header, &tampered, SECRET, signed_at()),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        verify(&header, BODY, "whsec_other", signed_at()),
        Err(WebhookError::SignatureMismatch)
    );
    let flipped = header.replace("v1=6", "v1=7");
    assert_eq!(
        verify(&flipped, BODY, SECRET, signed_at()),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn timestamps_outside_the_tolerance_are_refused() {
    let header = webhook::sign_payload(BODY, SECRET, signed_at());
    let later = signed_at() + Duration::from_secs(301);
    let earlier = signed_at() - Duration::from_secs(301);
    assert!(
        matches!(verify(&header, BODY, SECRET, later), Err(WebhookError::TimestampTooOld { age, .. }) if age == Duration::from_secs(301))
    );
    assert!(matches!(
        verify(&header, BODY, SECRET, earlier),
        Err(WebhookError::TimestampInFuture { .. })
    ));
    assert_eq!(
        verify(
            &header,
            BODY,
            SECRET,
            signed_at() + Duration::from_secs(299)
        ),
        Ok(())
    );
    let no_check = webhook::verify_signature(
        BODY,
        &header,
        SECRET,
        Duration::ZERO,
        later + Duration::from_secs(86_400),
    );
    assert_eq!(no_check, Ok(()), "a zero tolerance skips the check");
    let wide = webhook::verify_signature(
        BODY,
        &header,
        SECRET,
        Duration::from_secs(3 * 86_400),
        later,
    );
    assert_eq!(wide, Ok(()), "a wider tolerance accepts late redeliveries");
}

#[test]
fn seconds_timestamps_are_read_too() {
    let seconds = SIGNED_AT_MS / 1000;
    let header = format!("t={seconds},v1={}", hmac_hex(&format!("{seconds}."), BODY));
    assert_eq!(verify(&header, BODY, SECRET, signed_at()), Ok(()));
    assert!(matches!(
        verify(
            &header,
            BODY,
            SECRET,
            signed_at() + Duration::from_secs(600)
        ),
        Err(WebhookError::TimestampTooOld { .. })
    ));
}

/// HMAC-SHA256 with the test secret over `prefix` + `body`, as lowercase hex.
fn hmac_hex(prefix: &str, body: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(prefix.as_bytes());
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn any_matching_v1_is_enough() {
    let good = webhook::sign_payload(BODY, SECRET, signed_at());
    let (t, v1) = good.split_once(",v1=").unwrap();
    let rotated = format!("{t},v1={},v1={v1},v0=deadbeef", "0".repeat(64));
    assert_eq!(verify(&rotated, BODY, SECRET, signed_at()), Ok(()));
    let none_match = format!("{t},v1={},v1=zz", "0".repeat(64));
    assert_eq!(
        verify(&none_match, BODY, SECRET, signed_at()),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn missing_and_garbled_headers_are_distinct_errors() {
    assert_eq!(
        verify("", BODY, SECRET, signed_at()),
        Err(WebhookError::MissingHeader)
    );
    assert_eq!(
        verify(&format!("t={SIGNED_AT_MS}"), BODY, SECRET, signed_at()),
        Err(WebhookError::NoSignature)
    );
    for garbled in [
        "garbage",
        "v1=abc",
        "t=soon,v1=abc",
        "t=1,t=2,v1=abc",
        "t=1;v1=abc",
    ] {
        assert!(
            matches!(
                verify(garbled, BODY, SECRET, signed_at()),
                Err(WebhookError::MalformedHeader(_))
            ),
            "{garbled}"
        );
    }
}

#[test]
fn the_signature_header_is_found_under_either_name() {
    let mut headers = HeaderMap::new();
    assert_eq!(webhook::signature_header(&headers), None);
    headers.insert("Signature", HeaderValue::from_static("t=1,v1=b"));
    assert_eq!(webhook::signature_header(&headers), Some("t=1,v1=b"));
    headers.insert("Wooshpay-Signature", HeaderValue::from_static("t=1,v1=a"));
    assert_eq!(
        webhook::signature_header(&headers),
        Some("t=1,v1=a"),
        "Wooshpay-Signature comes first"
    );
}

#[test]
fn a_verified_event_parses_into_its_typed_object() {
    let header = webhook::sign_payload(BODY, SECRET, SystemTime::now());
    let event = webhook::construct_event(BODY, &header, SECRET).unwrap();
    assert_eq!(event.event_type(), EventType::PaymentIntentSucceeded);
    let EventObject::PaymentIntent(intent) = event.object().unwrap() else {
        panic!()
    };
    assert_eq!((intent.id.as_str(), intent.amount), ("pi_1", Some(1000)));

    let body = br#"{"id":"evt_2","object":"event","type":"checkout.session.expired","data":{"object":{"id":"cs_1","object":"checkout.session","status":"expired"}}}"#;
    let event = webhook::construct_event(
        body,
        &webhook::sign_payload(body, SECRET, SystemTime::now()),
        SECRET,
    )
    .unwrap();
    assert!(matches!(event.object().unwrap(), EventObject::CheckoutSession(s) if s.id == "cs_1"));

    let dispute = serde_json::to_vec(
        &serde_json::json!({"id": "evt_3", "object": "event", "type": "charge.dispute.closed",
        "data": {"object": {"id": "dp_1", "object": "dispute", "status": "lost"}}}),
    )
    .unwrap();
    let event = webhook::parse_event(&dispute).unwrap();
    assert!(matches!(event.object().unwrap(), EventObject::Dispute(d) if d.id == "dp_1"));
}

#[test]
fn an_unknown_event_type_keeps_its_raw_object() {
    let body = br#"{"id":"evt_9","object":"event","type":"loyalty.points_awarded","data":{"object":{"points":12}}}"#;
    let event = webhook::construct_event(
        body,
        &webhook::sign_payload(body, SECRET, SystemTime::now()),
        SECRET,
    )
    .unwrap();
    assert_eq!(
        event.event_type(),
        EventType::Unknown("loyalty.points_awarded".into())
    );
    assert_eq!(
        event.object().unwrap(),
        EventObject::Other(serde_json::json!({"points": 12}))
    );
    assert_eq!(
        event.data.unwrap().object,
        Some(serde_json::json!({"points": 12})),
        "raw JSON stays available"
    );
}

#[test]
fn a_verified_payload_that_is_not_an_event_is_an_error_with_a_path() {
    let body = br#"{"id":"evt_1","object":"event","created":"yesterday"}"#;
    let err = webhook::construct_event(
        body,
        &webhook::sign_payload(body, SECRET, SystemTime::now()),
        SECRET,
    )
    .unwrap_err();
    assert!(
        matches!(&err, WebhookError::InvalidPayload { path, .. } if path == "created"),
        "{err}"
    );
    let body = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","id":7}}}"#;
    let event = webhook::parse_event(body).unwrap();
    assert!(
        matches!(event.object(), Err(WebhookError::InvalidPayload { path, .. }) if path == "data.object.id")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_headers_and_bodies_never_panic(header in ".{0,200}", body in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = webhook::verify_signature(&body, &header, SECRET, webhook::DEFAULT_TOLERANCE, SystemTime::now());
        let _ = webhook::construct_event(&body, &header, SECRET);
    }

    #[test]
    fn header_shaped_garbage_never_panics(t in any::<i64>(), sigs in proptest::collection::vec("[0-9a-fA-Fz]{0,70}", 0..4), body in ".{0,100}") {
        let header = std::iter::once(format!("t={t}")).chain(sigs.iter().map(|s| format!("v1={s}"))).collect::<Vec<_>>().join(",");
        let result = webhook::verify_signature(body.as_bytes(), &header, SECRET, Duration::from_secs(1), SystemTime::now());
        prop_assert!(result.is_err());
    }

    #[test]
    fn correctly_signed_arbitrary_bodies_verify_and_never_panic_when_parsed(body in proptest::collection::vec(any::<u8>(), 0..400)) {
        let header = webhook::sign_payload(&body, SECRET, SystemTime::now());
        prop_assert_eq!(webhook::verify_signature(&body, &header, SECRET, webhook::DEFAULT_TOLERANCE, SystemTime::now()), Ok(()));
        if let Ok(event) = webhook::construct_event(&body, &header, SECRET) {
            let _ = event.object();
        }
    }
}
