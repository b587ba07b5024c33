//! The hosted checkout page driven as a browser drives it, over loopback HTTP: GET the page,
//! post its forms, follow each 303 by hand, no cookies, no JavaScript. One test loads it in a
//! real headless browser when one is installed.

use serde_json::Value;
use wooshpay::prelude::*;
use wooshpay::types::{CheckoutSessionMode, LineItemParams, PriceDataParams, ProductDataParams};
use wooshpay_testing::Sandbox;

/// A browser without cookies that does not follow redirects by itself.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

struct Page {
    status: u16,
    location: Option<String>,
    cache_control: Option<String>,
    html: String,
}

async fn get(url: &str) -> Page {
    read(browser().get(url).send().await.unwrap()).await
}

async fn post(url: &str, form: &str) -> Page {
    read(
        browser()
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.to_string())
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn read(response: reqwest::Response) -> Page {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (location, cache_control) = (header("location"), header("cache-control"));
    Page {
        status: response.status().as_u16(),
        location,
        cache_control,
        html: response.text().await.unwrap(),
    }
}

/// `location` made absolute against the sandbox, as a browser resolves it.
fn absolute(sandbox: &Sandbox, location: &str) -> String {
    if location.starts_with('/') {
        format!("{}{location}", sandbox.base_url())
    } else {
        location.to_string()
    }
}

fn card_form(number: &str) -> String {
    format!("action=pay&number={number}&exp=12+%2F+34&cvc=123&name=Ada+Lovelace")
}

async fn session(
    client: &Client,
    currency: &str,
    items: &[(&str, i64, i64)],
    cancel_url: Option<&str>,
) -> wooshpay::types::CheckoutSession {
    let mut request = client
        .create_checkout_session()
        .mode(CheckoutSessionMode::Payment)
        .line_items(items.iter().map(|(name, amount, quantity)| {
            LineItemParams::builder()
                .price_data(
                    PriceDataParams::builder()
                        .currency(currency)
                        .unit_amount(*amount)
                        .product_data(ProductDataParams::builder().name(*name)),
                )
                .quantity(*quantity)
        }))
        .success_url("https://shop.example.com/thanks?session={CHECKOUT_SESSION_ID}");
    if let Some(url) = cancel_url {
        request = request.cancel_url(url);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_page_shows_items_in_the_currencys_units_and_card_fields() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let yen = session(
        &client,
        "JPY",
        &[("Matcha <b>& \"whisk\"</b>", 1500, 2)],
        None,
    )
    .await;
    let page = get(yen.url.as_deref().unwrap()).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.cache_control.as_deref(), Some("no-store"));
    let html = &page.html;
    assert!(html.contains("<meta name=\"viewport\""), "{html}");
    assert!(html.contains("<style>"));
    assert!(
        html.contains("3,000 JPY") && !html.contains("30.00"),
        "{html}"
    );
    assert!(
        html.contains("Matcha &lt;b&gt;&amp; &quot;whisk&quot;&lt;/b&gt;"),
        "{html}"
    );
    for field in [
        "name=\"number\"",
        "name=\"exp\"",
        "name=\"cvc\"",
        "Pay 3,000 JPY",
    ] {
        assert!(html.contains(field), "{field} missing");
    }
    assert!(!html.contains("<script"), "no JavaScript");

    let dollars = session(
        &client,
        "USD",
        &[("Grinder", 99_900, 2), ("Beans", 1800, 1)],
        None,
    )
    .await;
    let html = get(dollars.url.as_deref().unwrap()).await.html;
    assert!(
        html.contains("1,998.00 USD") && html.contains("2,016.00 USD"),
        "{html}"
    );
}

#[tokio::test]
async fn every_test_card_gives_its_outcome_through_the_form() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let declines = [
        ("4000000000000002", "Your card was declined."),
        ("4000000000009995", "insufficient funds"),
        ("4000000000009987", "reported lost"),
        ("4000000000009979", "reported stolen"),
        ("4000000000000069", "Your card has expired."),
        ("4000000000000127", "security code is incorrect"),
        ("4000000000000119", "error occurred while processing"),
        ("4111111111111112", "Your card number is incorrect."),
    ];
    let s = session(&client, "USD", &[("Tea", 500, 1)], None).await;
    let url = s.url.clone().unwrap();
    for (number, message) in declines {
        let answer = post(&url, &card_form(number)).await;
        assert_eq!(answer.status, 303, "{number}");
        assert_eq!(answer.cache_control.as_deref(), Some("no-store"));
        let shown = absolute(&sandbox, answer.location.as_deref().unwrap());
        assert!(
            shown.starts_with(&url) && shown.contains("?error="),
            "{shown}"
        );
        let failures = sandbox.events().len();
        // The page after the redirect says what happened; reloading it posts nothing.
        for _ in 0..2 {
            let page = get(&shown).await;
            assert_eq!(page.status, 200);
            assert!(page.html.contains(message), "{number}: {}", page.html);
            assert!(page.html.contains("role=\"alert\""));
        }
        assert_eq!(sandbox.events().len(), failures, "a reload posted again");
    }
    let open = client
        .retrieve_checkout_session()
        .id(&s.id)
        .send()
        .await
        .unwrap();
    assert_eq!(open.status.map(|s| s.to_string()).as_deref(), Some("open"));

    // A bad expiry or CVC never reaches the payment.
    for (form, message) in [
        (
            "action=pay&number=4111111111111111&exp=13%2F34&cvc=123",
            "expiration date",
        ),
        (
            "action=pay&number=4111111111111111&exp=12%2F34&cvc=1",
            "security code is incomplete",
        ),
    ] {
        let answer = post(&url, form).await;
        let page = get(&absolute(&sandbox, answer.location.as_deref().unwrap())).await;
        assert!(page.html.contains(message), "{}", page.html);
    }

    // A message is never taken from the URL.
    let forged = get(&format!("{url}?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E")).await;
    assert!(!forged.html.contains("alert(1)") && !forged.html.contains("role=\"alert\""));

    for number in ["4111111111111111", "4242424242424242"] {
        let s = session(&client, "USD", &[("Tea", 500, 1)], None).await;
        let answer = post(s.url.as_deref().unwrap(), &card_form(number)).await;
        assert_eq!(
            answer.location.as_deref(),
            Some(format!("https://shop.example.com/thanks?session={}", s.id).as_str()),
            "{number}"
        );
        let paid = client
            .retrieve_checkout_session()
            .id(&s.id)
            .send()
            .await
            .unwrap();
        let details = paid.customer_details.unwrap();
        assert_eq!(details.name.as_deref(), Some("Ada Lovelace"));
    }
}

#[tokio::test]
async fn three_d_secure_failed_says_so_and_passed_pays() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let s = session(&client, "EUR", &[("Kettle", 4500, 1)], None).await;
    let url = s.url.clone().unwrap();
    let answer = post(&url, &card_form("4000002500003155")).await;
    let challenge = absolute(&sandbox, answer.location.as_deref().unwrap());
    assert!(challenge.contains("/3ds/"), "{challenge}");
    let page = get(&challenge).await;
    assert!(page.html.contains("45.00 EUR"), "{}", page.html);
    let failed = post(&challenge, "action=fail").await;
    let back = absolute(&sandbox, failed.location.as_deref().unwrap());
    assert!(back.starts_with(&url), "{back}");
    let page = get(&back).await;
    assert!(
        page.html.contains("3-D Secure authentication failed"),
        "{}",
        page.html
    );

    let again = post(&url, &card_form("4000002500003155")).await;
    let challenge = absolute(&sandbox, again.location.as_deref().unwrap());
    let passed = post(&challenge, "action=pass").await;
    assert_eq!(
        passed.location.as_deref(),
        Some(format!("https://shop.example.com/thanks?session={}", s.id).as_str())
    );
}

#[tokio::test]
async fn paid_expired_and_canceled_sessions_show_a_sentence() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();

    let paid = session(&client, "USD", &[("Tea", 500, 1)], None).await;
    let url = paid.url.clone().unwrap();
    post(&url, &card_form("4111111111111111")).await;
    let page = get(&url).await;
    assert_eq!(page.status, 200);
    assert!(page.html.contains("payment was received"), "{}", page.html);
    assert!(page.html.contains(&format!(
        "href=\"https://shop.example.com/thanks?session={}\"",
        paid.id
    )));
    // Posting again pays nothing twice: it lands on the same sentence.
    let again = post(&url, &card_form("4111111111111111")).await;
    assert_eq!(again.status, 303);
    let intent = client
        .retrieve_payment_intent()
        .id(paid.payment_intent.as_deref().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(intent.amount_received, Some(500));

    let expired = session(
        &client,
        "USD",
        &[("Tea", 500, 1)],
        Some("https://shop.example.com/cart"),
    )
    .await;
    let url = expired.url.clone().unwrap();
    client
        .expire_checkout_session()
        .id(&expired.id)
        .send()
        .await
        .unwrap();
    let page = get(&url).await;
    assert_eq!(page.status, 410);
    assert!(
        page.html.contains("expired")
            && page.html.contains("href=\"https://shop.example.com/cart\"")
    );

    let left = session(&client, "USD", &[("Tea", 500, 1)], None).await;
    let url = left.url.clone().unwrap();
    let answer = post(&url, "action=cancel").await;
    assert_eq!(answer.status, 303);
    let location = answer.location.unwrap();
    assert!(!location.is_empty());
    let page = get(&absolute(&sandbox, &location)).await;
    assert_eq!(page.status, 200);
    assert!(page.html.contains("Nothing was charged"), "{}", page.html);

    let with_url = session(
        &client,
        "USD",
        &[("Tea", 500, 1)],
        Some("https://shop.example.com/cart"),
    )
    .await;
    let answer = post(with_url.url.as_deref().unwrap(), "action=cancel").await;
    assert_eq!(
        answer.location.as_deref(),
        Some("https://shop.example.com/cart")
    );
}

#[tokio::test]
async fn the_favicon_is_a_plain_404() {
    let sandbox = Sandbox::start().await.unwrap();
    let page = get(&format!("{}/favicon.ico", sandbox.base_url())).await;
    assert_eq!(page.status, 404);
    assert!(
        serde_json::from_str::<Value>(&page.html).is_err(),
        "not the API's JSON"
    );
}

/// The installed headless browser, if any.
fn headless_browser() -> Option<String> {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .into_iter()
    .find(|name| {
        std::process::Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
    .map(str::to_owned)
}

#[tokio::test]
async fn a_real_browser_renders_the_form() {
    let Some(browser) = headless_browser() else {
        eprintln!("skipped: no headless Chromium or Chrome installed");
        return;
    };
    let sandbox = Sandbox::start().await.unwrap();
    let s = session(&sandbox.client(), "KRW", &[("Tea", 12_000, 1)], None).await;
    let url = s.url.clone().unwrap();
    let profile = std::env::temp_dir().join(format!("wooshpay-browser-{}", std::process::id()));
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=390,844",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .output()
    })
    .await
    .unwrap()
    .expect("the browser runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(dom.contains("12,000 KRW"), "{dom}");
    assert!(
        dom.contains("name=\"number\"") && dom.contains("Pay 12,000 KRW"),
        "{dom}"
    );
}

#[tokio::test]
async fn the_wording_follows_the_mode() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = reqwest::Client::new();
    let create = |body: Value| {
        http.post(format!("{}/v1/checkout/sessions", sandbox.base_url()))
            .basic_auth(sandbox.secret_key(), Some(""))
            .json(&body)
            .send()
    };
    let setup: Value =
        create(serde_json::json!({"mode": "setup", "success_url": "https://shop.example.com/ok"}))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let html = get(setup["url"].as_str().unwrap()).await.html;
    assert!(
        html.contains("Save your card") && html.contains(">Save card<"),
        "{html}"
    );
    assert!(html.contains("will not be charged") && !html.contains("id=\"total\""));

    let subscription: Value = create(serde_json::json!({"mode": "subscription",
        "success_url": "https://shop.example.com/ok",
        "line_items": [{"quantity": 1, "price_data": {"currency": "GBP", "unit_amount": 1299,
            "recurring": {"interval": "month"}, "product_data": {"name": "Monthly box"}}}]}))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let url = subscription["url"].as_str().unwrap().to_string();
    let html = get(&url).await.html;
    assert!(
        html.contains("Total due today") && html.contains("Subscribe · 12.99 GBP"),
        "{html}"
    );
    assert!(html.contains("12.99 GBP / month"), "{html}");
    let paid = post(&url, &card_form("4111111111111111")).await;
    assert_eq!(
        paid.location.as_deref(),
        Some("https://shop.example.com/ok")
    );
    assert!(get(&url).await.html.contains("Your subscription is active"));
}
