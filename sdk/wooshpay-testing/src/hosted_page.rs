//! The hosted checkout page at a session's `url` and the 3-D Secure challenge page: plain HTML
//! forms, so they work without JavaScript (and from a test with any HTTP client).

use serde_json::Value;

use super::flows::checkout_session::{self, Choice, Next};
use super::flows::{payment_intent, text};
use super::html::escape_html;
use super::respond::Outgoing;
use super::state::Store;

/// The answer for a page path (`/checkout/{id}`, `/3ds/{payment_intent}`), or `None` for others.
pub(crate) fn handle(store: &mut Store, method: &str, path: &str, form: &[u8]) -> Option<Outgoing> {
    let (page, id) = path.trim_start_matches('/').split_once('/')?;
    if id.is_empty() || id.contains('/') {
        return None;
    }
    let choice = form_value(form, "choice");
    Some(match (page, method) {
        ("checkout", "GET") => checkout_page(store, id, None),
        ("checkout", "POST") => {
            let choice = match choice.as_deref() {
                Some("pay") => Choice::Pay,
                Some("decline") => Choice::Decline,
                Some("three_d_secure") => Choice::ThreeDSecure,
                Some("cancel") => Choice::Cancel,
                _ => return Some(checkout_page(store, id, Some("Choose an outcome."))),
            };
            match checkout_session::choose(store, id, choice) {
                Ok(Next::Redirect(url)) => Outgoing::see_other(&url),
                Ok(Next::Declined(message)) => checkout_page(store, id, Some(&message)),
                Err(e) => checkout_page(store, id, Some(&e.message())),
            }
        }
        ("3ds", "GET") => challenge_page(store, id),
        ("3ds", "POST") => match finish_challenge(store, id, choice.as_deref() == Some("pass")) {
            Ok(url) => Outgoing::see_other(&url),
            Err(e) => Outgoing::html(
                400,
                page_html(
                    "Authentication",
                    &format!("<p>{}</p>", escape_html(&e.message())),
                ),
            ),
        },
        _ => return None,
    })
}

/// Ends the challenge, completing the session the payment belongs to when it passed, and returns
/// where the customer goes next.
pub(crate) fn finish_challenge(
    store: &mut Store,
    intent_id: &str,
    passed: bool,
) -> Result<String, Outgoing> {
    let session = payment_intent::session_of(store, intent_id);
    let result = payment_intent::finish_challenge(store, intent_id, passed);
    let return_url = |store: &Store| {
        payment_intent::get(store, intent_id)
            .ok()
            .map(|i| text(&i, "return_url").to_string())
            .unwrap_or_default()
    };
    match (result, session) {
        (Ok(_), Some(session)) => checkout_session::complete(store, &session),
        (Err(e), _) if e.status != 402 => Err(e),
        (Err(_), Some(session)) => Ok(format!("{}/checkout/{session}", store.base_url)),
        (_, None) => Ok(return_url(store)),
    }
}

fn checkout_page(store: &Store, id: &str, notice: Option<&str>) -> Outgoing {
    let Ok(session) = checkout_session::get(store, id) else {
        return Outgoing::html(
            404,
            page_html("Not found", "<p>No such Checkout Session.</p>"),
        );
    };
    let currency = text(&session, "currency").to_string();
    let money = |amount: Option<i64>| {
        escape_html(&format!(
            "{}.{:02} {currency}",
            amount.unwrap_or(0) / 100,
            amount.unwrap_or(0) % 100
        ))
    };
    let id_html = escape_html(id);
    let mut rows = String::new();
    for item in session
        .pointer("/line_items/data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(
                item.get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("Item")
            ),
            escape_html(
                &item
                    .get("quantity")
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            money(item.get("amount_total").and_then(Value::as_i64)),
        ));
    }
    let status = text(&session, "status");
    let notice = notice
        .map(|n| format!("<p role=\"alert\"><strong>{}</strong></p>", escape_html(n)))
        .unwrap_or_default();
    let actions = if status == "open" {
        format!(
            "<form method=\"post\" action=\"/checkout/{id_html}\">\
             <button name=\"choice\" value=\"pay\">Pay (test card 4111 1111 1111 1111)</button> \
             <button name=\"choice\" value=\"decline\">Decline (4000 0000 0000 0002)</button> \
             <button name=\"choice\" value=\"three_d_secure\">3-D Secure (4000 0025 0000 3155)</button> \
             <button name=\"choice\" value=\"cancel\">Cancel</button></form>"
        )
    } else {
        format!("<p>This session is {}.</p>", escape_html(status))
    };
    let body = format!(
        "{notice}<table><tr><th>Item</th><th>Qty</th><th>Amount</th></tr>{rows}\
         <tr><th colspan=\"2\">Total</th><th id=\"total\">{}</th></tr></table>{actions}",
        money(session.get("amount_total").and_then(Value::as_i64)),
    );
    Outgoing::html(200, page_html(&format!("Checkout {id}"), &body))
}

fn challenge_page(store: &Store, intent_id: &str) -> Outgoing {
    let found = payment_intent::get(store, intent_id);
    let intent_id = escape_html(intent_id);
    match found {
        Ok(intent) if text(&intent, "status") == "requires_action" => Outgoing::html(
            200,
            page_html(
                "3-D Secure",
                &format!(
                    "<p>Authenticate the payment {intent_id}.</p>\
                     <form method=\"post\" action=\"/3ds/{intent_id}\">\
                     <button name=\"choice\" value=\"pass\">Complete authentication</button> \
                     <button name=\"choice\" value=\"fail\">Fail authentication</button></form>"
                ),
            ),
        ),
        _ => Outgoing::html(
            404,
            page_html(
                "3-D Secure",
                "<p>No payment awaits authentication here.</p>",
            ),
        ),
    }
}

fn page_html(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t} · WooshPay sandbox</title></head>\
         <body><h1>{t}</h1><p><em>WooshPay sandbox: test mode, no real money moves.</em></p>{body}</body></html>",
        t = escape_html(title)
    )
}

/// A field of an `application/x-www-form-urlencoded` body.
fn form_value(form: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(form).ok()?;
    super::state::list::parse_query(text)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}
