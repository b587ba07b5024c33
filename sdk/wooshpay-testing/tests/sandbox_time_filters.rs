//! Time in requests, through the SDK against the sandbox over loopback HTTP: time filters take
//! a `SystemTime` (or any `Into<Timestamp>`), the SDK sends Unix seconds, and the sandbox
//! compares instants although it stores milliseconds.

use std::time::{Duration, SystemTime};

use wooshpay::types::Timestamp;
use wooshpay_testing::Sandbox;

#[tokio::test]
async fn the_last_day_means_the_last_day() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let intent = client
        .create_payment_intent()
        .amount(700)
        .currency("USD")
        .send()
        .await
        .unwrap();
    assert!(intent.created.as_ref().unwrap().is_milliseconds());

    let last_day = client
        .list_payment_intents()
        .created_gte(SystemTime::now() - Duration::from_secs(86_400))
        .limit(100)
        .send()
        .await
        .unwrap();
    let ids: Vec<_> = last_day.data.iter().map(|i| i.id.clone()).collect();
    // The documented PaymentIntents a fresh sandbox holds are years old.
    assert_eq!(ids, std::slice::from_ref(&intent.id));
    let target = sandbox.requests().last().unwrap().target.clone();
    let sent = target
        .split("created%5Bgte%5D=")
        .nth(1)
        .or_else(|| target.split("created[gte]=").nth(1))
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(sent.len(), 10, "seconds, as the spec declares: {target}");

    let later = client
        .list_payment_intents()
        .created_gt(SystemTime::now() + Duration::from_secs(3600))
        .send()
        .await
        .unwrap();
    assert!(later.data.is_empty());
    let before = client
        .list_payment_intents()
        .created_lt(Timestamp::from_unix_millis(
            intent.created.as_ref().unwrap().unix_millis(),
        ))
        .limit(100)
        .send()
        .await
        .unwrap();
    assert!(before.data.iter().all(|i| i.id != intent.id));
    let same_second = client
        .list_payment_intents()
        .created_lte(Timestamp::from_unix_seconds(
            intent.created.as_ref().unwrap().unix_seconds(),
        ))
        .limit(100)
        .send()
        .await
        .unwrap();
    assert!(same_second.data.iter().any(|i| i.id == intent.id));
}

#[tokio::test]
async fn a_session_expiring_at_a_system_time() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = sandbox
        .client()
        .create_checkout_session()
        .success_url("https://shop.example.com/ok")
        .line_items([wooshpay::types::LineItemParams::builder()
            .price_data(
                wooshpay::types::PriceDataParams::builder()
                    .currency("USD")
                    .unit_amount(500)
                    .product_data(wooshpay::types::ProductDataParams::builder().name("Tea")),
            )
            .quantity(1)])
        .expires_at(SystemTime::now() + Duration::from_secs(2 * 3600))
        .send()
        .await
        .unwrap();
    let expires = session.expires_at.unwrap().to_system_time();
    let in_two_hours = SystemTime::now() + Duration::from_secs(2 * 3600);
    let gap = in_two_hours
        .duration_since(expires)
        .unwrap_or_else(|e| e.duration());
    assert!(gap < Duration::from_secs(5), "{gap:?}");
    sandbox.advance_time(Duration::from_secs(2 * 3600 + 5));
    let now = sandbox
        .client()
        .retrieve_checkout_session()
        .id(&session.id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        now.status.map(|s| s.to_string()).as_deref(),
        Some("expired")
    );
}
