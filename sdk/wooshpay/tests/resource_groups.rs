//! One call per resource group of the API (the spec's tags) over real HTTP on loopback: the exact
//! request on the wire (method, target, headers, JSON body) and the typed decoding of the
//! response, which is the spec's documented example for that operation.

mod support;

use base64::Engine;
use serde_json::{Value, json};
use support::{Recorded, Reply, TEST_KEY, TestServer};
use wooshpay::types;

/// A server answering every request with the spec's documented example `name`.
async fn serving(name: &str) -> TestServer {
    let example = support::spec_example(name);
    assert!(example.is_object(), "the spec has no example {name}");
    TestServer::always(Reply::json(200, serde_json::to_vec(&example).unwrap())).await
}

/// The one request `server` received, after checking the headers every request carries.
fn only_request(server: &TestServer) -> Recorded {
    let mut requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    let request = requests.remove(0);
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{TEST_KEY}:"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Basic {credentials}").as_str())
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    request
}

/// Asserts a GET or DELETE: no body, and no idempotency key (only POSTs get one).
fn assert_bodiless(request: &Recorded, method: &str, target: &str) {
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        (method, target)
    );
    assert!(request.body.is_empty(), "{request:?}");
    assert_eq!(request.header("content-type"), None);
    assert_eq!(request.header("idempotency-key"), None);
}

/// Asserts a POST carrying `body` as JSON, with a fresh UUID v4 idempotency key.
fn assert_post(request: &Recorded, target: &str, body: Value) {
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", target)
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    let sent: Value = serde_json::from_slice(&request.body).expect("a JSON body");
    assert_eq!(sent, body);
    assert_idempotency_key(request);
}

fn assert_idempotency_key(request: &Recorded) {
    let key = request.header("idempotency-key").expect("idempotency-key");
    let uuid = uuid::Uuid::parse_str(key).unwrap_or_else(|e| panic!("{key:?}: {e}"));
    assert_eq!(uuid.get_version_num(), 4, "{key}");
    assert_eq!(key, uuid.hyphenated().to_string(), "canonical form");
}

#[tokio::test]
async fn checkout() {
    let server = serving("CheckoutSessionList").await;
    let list = server
        .client()
        .list_checkout_sessions()
        .customer_details_email("jenny+test@example.com")
        .limit(2)
        .send()
        .await
        .expect("checkout sessions");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/checkout/sessions?customer_details%5Bemail%5D=jenny%2Btest%40example.com&limit=2",
    );
    let data = list.data;
    assert_eq!(data[0].id, "cs_1580071142008291328");
    assert_eq!(data[0].status, Some(types::CheckoutSessionStatus::Open));
}

#[tokio::test]
async fn payment_intents() {
    let server = serving("PaymentIntentList").await;
    let list = server
        .client()
        .list_payment_intents()
        .limit(3)
        .starting_after("pi_1")
        .created_gt(1_692_000_000_000_i64)
        .send()
        .await
        .expect("payment intents");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/payment_intents?created%5Bgt%5D=1692000000000&limit=3&starting_after=pi_1",
    );
    assert_eq!(list.has_more, Some(false));
    assert_eq!(list.data[0].id, "pi_1693466278934609920");
}

#[tokio::test]
async fn charges() {
    let server = serving("Charge").await;
    let charge = server
        .client()
        .retrieve_charge()
        .id("ch_1604012361818046464")
        .send()
        .await
        .expect("charge");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/charges/ch_1604012361818046464",
    );
    assert_eq!(charge.id, "ch_1604012361818046464");
    assert_eq!(charge.amount, Some(10));
    assert_eq!(
        charge.payment_intent.as_deref(),
        Some("pi_1604012360740110336")
    );
}

#[tokio::test]
async fn payment_methods() {
    let server = serving("PaymentMethod").await;
    let method = server
        .client()
        .attach_payment_method()
        .id("pm_1604012357044928512")
        .body(types::AttachPaymentMethodRequest::builder().customer("cus_1953770230215868416"))
        .send()
        .await
        .expect("payment method");
    assert_post(
        &only_request(&server),
        "/v1/payment_methods/pm_1604012357044928512/attach",
        json!({"customer": "cus_1953770230215868416"}),
    );
    assert_eq!(method.customer.as_deref(), Some("cus_1953770230215868416"));
    assert_eq!(method.type_, Some(types::PaymentMethodType::Card));
}

#[tokio::test]
async fn refunds() {
    let server = serving("Refund").await;
    let refund = server
        .client()
        .create_refund()
        .body_map(|b| {
            b.payment_intent("pi_3KQu4U2eZvKYlo2C0avUn9aJ".to_string())
                .amount(types::IntegerOrString::Int64(100))
                .reason(types::RefundReason::RequestedByCustomer)
        })
        .send()
        .await
        .expect("refund");
    assert_post(
        &only_request(&server),
        "/v1/refunds",
        json!({
            "payment_intent": "pi_3KQu4U2eZvKYlo2C0avUn9aJ",
            "amount": 100,
            "reason": "requested_by_customer",
        }),
    );
    assert_eq!(refund.id, "re_1604012362027761664");
    assert_eq!(refund.amount, Some(100));
    assert_eq!(refund.reason, None);
}

#[tokio::test]
async fn setup_intents() {
    let server = serving("SetupIntent").await;
    let intent = server
        .client()
        .cancel_setup_intent()
        .id("seti_1838873795297804288")
        .body_map(|b| b.cancellation_reason("abandoned".to_string()))
        .send()
        .await
        .expect("setup intent");
    assert_post(
        &only_request(&server),
        "/v1/setup_intents/seti_1838873795297804288/cancel",
        json!({"cancellation_reason": "abandoned"}),
    );
    assert_eq!(intent.id, "seti_1838873795297804288");
    assert_eq!(
        intent.status,
        Some(types::SetupIntentStatus::RequiresAction)
    );
}

#[tokio::test]
async fn payment_links() {
    let server = serving("PaymentLink").await;
    let line = types::LineItemParams::builder()
        .price("price_1795818288165421056")
        .quantity(2);
    let link = server
        .client()
        .create_payment_link()
        .line_items([line])
        .send()
        .await
        .expect("payment link");
    assert_post(
        &only_request(&server),
        "/v1/payment_links",
        json!({"line_items": [{"price": "price_1795818288165421056", "quantity": 2}]}),
    );
    assert_eq!(link.id, "plink_1605447218795446272");
    assert_eq!(
        link.url.as_deref(),
        Some("https://checkouttest.wooshpay.com/link/plink_1605447218795446272")
    );
}

#[tokio::test]
async fn customers() {
    let server = serving("Customer").await;
    let metadata = json!({"order": "6735"}).as_object().unwrap().clone();
    let customer = server
        .client()
        .create_customer()
        .body_map(|b| {
            b.email("test_prod@example.com".to_string())
                .name("test_prod".to_string())
                .metadata(types::Metadata(metadata))
        })
        .send()
        .await
        .expect("customer");
    assert_post(
        &only_request(&server),
        "/v1/customers",
        json!({"email": "test_prod@example.com", "name": "test_prod", "metadata": {"order": "6735"}}),
    );
    assert_eq!(customer.id, "cus_1953770230215868416");
    assert_eq!(customer.email.as_deref(), Some("test_prod@example.com"));
}

#[tokio::test]
async fn products() {
    let server = serving("Product").await;
    let product = server
        .client()
        .update_product()
        .id("prod_1554351292598452224")
        .body_map(|b| b.name("example product".to_string()).active(false))
        .send()
        .await
        .expect("product");
    assert_post(
        &only_request(&server),
        "/v1/products/prod_1554351292598452224",
        json!({"name": "example product", "active": false}),
    );
    assert_eq!(product.id, "prod_1554351292598452224");
    assert_eq!(product.name.as_deref(), Some("example product"));
}

#[tokio::test]
async fn prices() {
    let server = serving("Price").await;
    let recurring = types::RecurringParams::builder().interval(types::RecurringInterval::Month);
    let price = server
        .client()
        .create_price()
        .body_map(|b| {
            b.currency("USD")
                .unit_amount(types::IntegerOrString::Int64(1000))
                .product("prod_1554351292598452224".to_string())
                .recurring(recurring)
        })
        .send()
        .await
        .expect("price");
    assert_post(
        &only_request(&server),
        "/v1/prices",
        json!({
            "currency": "USD",
            "unit_amount": 1000,
            "product": "prod_1554351292598452224",
            "recurring": {"interval": "month"},
        }),
    );
    assert_eq!(price.id, "price_1795818288165421056");
    assert_eq!(price.unit_amount, Some(1000));
    assert_eq!(price.type_, Some(types::PriceType::Recurring));
}

#[tokio::test]
async fn coupons() {
    let server = serving("CouponList").await;
    let list = server
        .client()
        .list_coupons()
        .limit(10)
        .ending_before("coupon_1796010789673369601")
        .send()
        .await
        .expect("coupons");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/coupons?ending_before=coupon_1796010789673369601&limit=10",
    );
    let data = list.data;
    assert_eq!(data[0].id, "coupon_1796010789673369601");
    assert_eq!(data[0].name.as_deref(), Some("Launch discount"));
}

#[tokio::test]
async fn promotion_code() {
    // The documented example is a template: its id and code are the word "string".
    let server = serving("PromotionCode").await;
    let code = server
        .client()
        .retrieve_promotion_code()
        .id("promo_1796010789673369602")
        .send()
        .await
        .expect("promotion code");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/promotion_code/promo_1796010789673369602",
    );
    assert_eq!(code.id, "promo_1796010789673369602");
    assert_eq!(code.active, Some(true));
    assert_eq!(code.customer, None);
}

#[tokio::test]
async fn invoices() {
    let server = serving("Invoice").await;
    let invoice = server
        .client()
        .delete_invoice()
        .id("in_1796010789673369603")
        .send()
        .await
        .expect("invoice");
    assert_bodiless(
        &only_request(&server),
        "DELETE",
        "/v1/invoices/in_1796010789673369603",
    );
    assert_eq!(invoice.id, "in_1796010789673369603");
    assert_eq!(invoice.customer.as_deref(), Some("cus_1953770230215868416"));
}

#[tokio::test]
async fn invoice_items() {
    let server = serving("InvoiceItem").await;
    let item = server
        .client()
        .create_invoice_item()
        .body_map(|b| {
            b.customer("cus_1953770230215868416".to_string())
                .amount(500)
                .currency("USD".to_string())
                .description("Setup fee".to_string())
        })
        .send()
        .await
        .expect("invoice item");
    assert_post(
        &only_request(&server),
        "/v1/invoiceitems",
        json!({
            "customer": "cus_1953770230215868416",
            "amount": 500,
            "currency": "USD",
            "description": "Setup fee",
        }),
    );
    assert_eq!(item.id, "ii_1796010789673369604");
    assert_eq!(item.amount, Some(500));
}

#[tokio::test]
async fn invoice_line_item() {
    let server = serving("Invoice").await;
    let line = types::InvoiceLineItemParams::builder()
        .price("price_1795818288165421056".to_string())
        .quantity(2);
    let invoice = server
        .client()
        .add_invoice_line_items()
        .id("in_1796010789673369603")
        .lines([line])
        .send()
        .await
        .expect("invoice");
    assert_post(
        &only_request(&server),
        "/v1/invoices/in_1796010789673369603/add_lines",
        json!({"lines": [{"price": "price_1795818288165421056", "quantity": 2}]}),
    );
    assert_eq!(invoice.id, "in_1796010789673369603");
}

#[tokio::test]
async fn subscriptions() {
    let server = serving("SubscriptionList").await;
    let list = server
        .client()
        .list_subscriptions()
        .customer("cus_1953770230215868416")
        .price("price_1795818288165421056")
        .send()
        .await
        .expect("subscriptions");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/subscriptions?customer=cus_1953770230215868416&price=price_1795818288165421056",
    );
    let data = list.data;
    assert_eq!(data[0].id, "sub_1942466973891821568");
    assert_eq!(
        data[0].customer.as_ref().map(|c| c.id()),
        Some("cus_1953770230215868416")
    );
}

#[tokio::test]
async fn subscription_items() {
    let server = serving("SubscriptionItem").await;
    let item = server
        .client()
        .retrieve_subscription_item()
        .id("si_1942466974063788032")
        .send()
        .await
        .expect("subscription item");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/subscription_items/si_1942466974063788032",
    );
    assert_eq!(item.id, "si_1942466974063788032");
    assert_eq!(
        item.subscription.as_deref(),
        Some("sub_1942466973891821568")
    );
}

#[tokio::test]
async fn webhooks() {
    let server = serving("WebhookEndpoint").await;
    let endpoint = server
        .client()
        .create_webhook_endpoint()
        .body_map(|b| {
            b.url("https://example.com/my/webhook/endpoint")
                .enabled_events(vec![
                    types::EventType::from("charge.succeeded"),
                    types::EventType::ChargeCaptured,
                ])
        })
        .send()
        .await
        .expect("webhook endpoint");
    assert_post(
        &only_request(&server),
        "/v1/webhook_endpoints",
        json!({
            "url": "https://example.com/my/webhook/endpoint",
            "enabled_events": ["charge.succeeded", "charge.captured"],
        }),
    );
    assert_eq!(endpoint.id, "we_1600745739909070848");
    assert_eq!(endpoint.status, Some(types::WebhookEndpointStatus::Enabled));
}

#[tokio::test]
async fn events() {
    let server = serving("Event").await;
    let event = server
        .client()
        .retrieve_event()
        .id("evt_1593219809108033536")
        .send()
        .await
        .expect("event");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/events/evt_1593219809108033536",
    );
    assert_eq!(event.id, "evt_1593219809108033536");
    assert_eq!(event.type_, Some(types::EventType::ChargeDisputeClosed));
}

#[tokio::test]
async fn files() {
    // Only the generated retrieve; uploading is hand-written and tested elsewhere.
    let server = serving("File").await;
    let file = server
        .client()
        .retrieve_file()
        .id("file_1673896475416854528")
        .send()
        .await
        .expect("file");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/files/file_1673896475416854528",
    );
    assert_eq!(file.purpose, Some(types::FilePurpose::DisputeEvidence));
    assert_eq!(
        file.url.as_deref(),
        Some("https://files.wooshpay.com/v1/files/file_1673896475416854528/contents")
    );
}

#[tokio::test]
async fn disputes() {
    let server = serving("Dispute").await;
    let evidence = types::DisputeEvidenceParams::builder()
        .receipt("file_1673896475416854528")
        .customer_name("Jenny Rosen");
    let dispute = server
        .client()
        .update_dispute()
        .id("dp_1585839983195983872")
        .body_map(|b| b.evidence(evidence).submit(true))
        .send()
        .await
        .expect("dispute");
    assert_post(
        &only_request(&server),
        "/v1/disputes/dp_1585839983195983872",
        json!({
            "evidence": {"receipt": "file_1673896475416854528", "customer_name": "Jenny Rosen"},
            "submit": true,
        }),
    );
    assert_eq!(dispute.id, "dp_1585839983195983872");
    assert_eq!(dispute.status, Some(types::DisputeStatus::Lost));
}

/// A POST without a body (close a dispute, expire a session, detach a payment method, send an
/// invoice) should still say `Content-Length: 0`: RFC 9110 §8.6 says a user agent normally sends
/// it on a POST even when empty, and some servers and proxies answer `411 Length Required`
/// without it. reqwest/hyper leave it out for an empty body (seanmonstar/reqwest#838).
#[tokio::test]
async fn bodiless_post_says_content_length_zero() {
    let server = serving("Dispute").await;
    server
        .client()
        .close_dispute()
        .id("dp_1585839983195983872")
        .send()
        .await
        .expect("dispute");
    let request = only_request(&server);
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/v1/disputes/dp_1585839983195983872/close")
    );
    assert!(request.body.is_empty());
    assert_idempotency_key(&request);
    assert_eq!(request.header("content-length"), Some("0"));
}

#[tokio::test]
async fn payouts() {
    let server = serving("Beneficiary").await;
    let beneficiary = server
        .client()
        .delete_beneficiary()
        .id("bf_1597440940492980224")
        .send()
        .await
        .expect("beneficiary");
    assert_bodiless(
        &only_request(&server),
        "DELETE",
        "/v1/beneficiaries/bf_1597440940492980224",
    );
    assert_eq!(beneficiary.id, "bf_1597440940492980224");
    assert_eq!(beneficiary.nickname.as_deref(), Some("test2"));
}

#[tokio::test]
async fn balance() {
    let server = serving("Balance").await;
    let balance = server.client().get_balance().send().await.expect("balance");
    assert_bodiless(&only_request(&server), "GET", "/v1/balance");
    let available = balance.available.expect("available");
    assert_eq!(available.len(), 3);
    assert_eq!(available[2].amount, Some(-62));
    assert_eq!(available[2].currency.as_deref(), Some("USD"));
}

#[tokio::test]
async fn issuing_authorizations() {
    let server = serving("IssuingAuthorizationList").await;
    let list = server
        .client()
        .list_issuing_authorizations()
        .card("ic_1787730829493927936")
        .status("closed")
        .created_gte(1_715_000_000_000_i64)
        .created_lt(1_716_000_000_000_i64)
        .send()
        .await
        .expect("authorizations");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/issuing/authorizations?card=ic_1787730829493927936\
         &created%5Bgte%5D=1715000000000&created%5Blt%5D=1716000000000&status=closed",
    );
    let data = list.data;
    assert_eq!(data[0].id, "iauth_1787730829493927936");
    assert_eq!(data[0].approved, Some(true));
    let card = data[0].card.as_ref().expect("card");
    assert_eq!(card.last4.as_deref(), Some("4242"));
}

#[tokio::test]
async fn issuing_cardholders() {
    let server = serving("IssuingCardholder").await;
    let address = types::Address::builder()
        .city("seattle")
        .country("US")
        .line1("422 Ave")
        .postal_code("98109")
        .state("Washington");
    let cardholder = server
        .client()
        .create_issuing_cardholder()
        .body_map(|b| b.billing(types::IssuingCardholderBilling::builder().address(address)))
        .send()
        .await
        .expect("cardholder");
    assert_post(
        &only_request(&server),
        "/v1/issuing/cardholders",
        json!({"billing": {"address": {
            "city": "seattle",
            "country": "US",
            "line1": "422 Ave",
            "postal_code": "98109",
            "state": "Washington",
        }}}),
    );
    assert_eq!(cardholder.id, "ich_1787730829493927936");
    assert_eq!(cardholder.object, "issuing.cardholder");
}

#[tokio::test]
async fn issuing_cards() {
    let server = serving("IssuingCard").await;
    let card = server
        .client()
        .update_issuing_card()
        .id("ic_1787730829493927936")
        .body_map(|b| {
            b.status(types::IssuingCardStatus::Canceled)
                .cancellation_reason(types::IssuingCardCancellationReason::Lost)
        })
        .send()
        .await
        .expect("card");
    assert_post(
        &only_request(&server),
        "/v1/issuing/cards/ic_1787730829493927936",
        json!({"status": "canceled", "cancellation_reason": "lost"}),
    );
    assert_eq!(card.id, "ic_1787730829493927936");
    assert_eq!(card.status, Some(types::IssuingCardStatus::Active));
    assert_eq!(card.last4.as_deref(), Some("4242"));
}

#[tokio::test]
async fn issuing_transactions() {
    let server = serving("IssuingTransactionList").await;
    let list = server
        .client()
        .list_issuing_transactions()
        .cardholder("ich_1787730829493927936")
        .limit(5)
        .send()
        .await
        .expect("transactions");
    assert_bodiless(
        &only_request(&server),
        "GET",
        "/v1/issuing/transactions?cardholder=ich_1787730829493927936&limit=5",
    );
    assert!(list.data.is_empty());
    assert_eq!(list.url.as_deref(), Some("/v1/issuing/transactions"));
}
