//! The hosted checkout page at a session's `url` and the 3-D Secure challenge page: HTML forms
//! without JavaScript, so they work in any browser and from a test with any HTTP client.
//!
//! Every form post is answered with a redirect (303) to a page, so a reload never posts again;
//! an outcome to show (a decline, a refused card, a failed 3-D Secure) travels as an error
//! code in that page's query (`?error=generic_decline`) and the page prints the sandbox's own
//! message for it, never text from the URL. Pages are never cached (`Cache-Control: no-store`),
//! as they show a payment's state. A paid session shows a sentence and a link to its
//! `success_url`; an expired one answers 410 with a link to its `cancel_url`; Cancel on a
//! session without a `cancel_url` leads to a page of the sandbox's own.

mod form;
mod views;

use serde_json::Value;

use super::currency::format_amount;
use super::flows::checkout_session::{self, Choice, Next};
use super::flows::{cards, payment_intent, setup_intent};
use super::state::Store;
use crate::answer::Outgoing;
use crate::fields::text;

/// The answer for a page path (`/checkout/{id}`, `/checkout/{id}/canceled`, `/3ds/{intent}`,
/// `/favicon.ico`), or `None` for others.
pub(crate) fn handle(
    store: &mut Store,
    method: &str,
    path: &str,
    query: &str,
    body: &[u8],
) -> Option<Outgoing> {
    if path == "/favicon.ico" {
        let mut none = Outgoing::html(404, String::new());
        none.content_type = "text/plain; charset=utf-8";
        return Some(none);
    }
    let mut segments = path.trim_start_matches('/').split('/');
    let (kind, id, rest) = (segments.next()?, segments.next()?, segments.next());
    if id.is_empty() || segments.next().is_some() {
        return None;
    }
    let error = form::value(query.as_bytes(), "error");
    Some(match (kind, rest, method) {
        ("checkout", None, "GET") => checkout_page(store, id, error.as_deref()),
        ("checkout", None, "POST") => checkout_post(store, id, body),
        ("checkout", Some("canceled"), "GET") => canceled_page(store, id),
        ("3ds", None, "GET") => challenge_page(store, id),
        ("3ds", None, "POST") => {
            let passed = form::value(body, "action").as_deref() == Some("pass");
            match finish_challenge(store, id, passed) {
                Ok(url) => redirect(&url),
                Err(e) => page(400, views::sentence("Authentication", &e.message(), None)),
            }
        }
        _ => return None,
    })
}

/// Ends the challenge, completing the session the payment belongs to when it passed, and returns
/// where the customer goes next: the `success_url`, the checkout page saying authentication
/// failed, or (a payment without a session) its `return_url`, else the challenge page, which
/// then tells how it ended.
pub(crate) fn finish_challenge(
    store: &mut Store,
    intent_id: &str,
    passed: bool,
) -> Result<String, Outgoing> {
    let session = payment_intent::session_of(store, intent_id);
    let result = if intent_id.starts_with("seti_") {
        setup_intent::finish_challenge(store, intent_id, passed)
    } else {
        payment_intent::finish_challenge(store, intent_id, passed)
    };
    match (result, session) {
        (Ok(intent), Some(session)) => {
            let holder = holder(store, &intent);
            checkout_session::complete(store, &session, holder.0.as_deref(), holder.1.as_deref())
        }
        (Err(e), _) if e.status != 402 => Err(e),
        (Err(_), Some(session)) => Ok(format!(
            "{}/checkout/{session}?error=authentication_failed",
            store.base_url
        )),
        (_, None) => Ok(payment_intent::get(store, intent_id)
            .ok()
            .map(|i| text(&i, "return_url").to_string())
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| format!("{}/3ds/{intent_id}", store.base_url))),
    }
}

/// The cardholder's name and email, from the payment's card.
fn holder(store: &Store, intent: &Value) -> (Option<String>, Option<String>) {
    let method = store.get(
        crate::collections::PAYMENT_METHODS,
        text(intent, "payment_method"),
    );
    let field = |name: &str| {
        method
            .and_then(|m| m.pointer(&format!("/billing_details/{name}")))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    (field("name"), field("email"))
}

fn checkout_page(store: &Store, id: &str, error: Option<&str>) -> Outgoing {
    let Ok(session) = checkout_session::get(store, id) else {
        return not_found("No such checkout.");
    };
    match text(&session, "status") {
        "open" => page(
            200,
            views::checkout(&session, error.and_then(cards::known_message)),
        ),
        "complete" => {
            let sentence = match text(&session, "mode") {
                "setup" => "Your card is saved. Thank you.",
                "subscription" => "Your subscription is active. Thank you.",
                _ => "Your payment was received. Thank you.",
            };
            let url = text(&session, "success_url").replace("{CHECKOUT_SESSION_ID}", id);
            page(
                200,
                views::sentence("Done", sentence, Some((&url, "Return to the shop"))),
            )
        }
        _ => page(
            410,
            views::sentence(
                "Checkout expired",
                "This checkout has expired. Nothing was charged.",
                Some((text(&session, "cancel_url"), "Return to the shop")),
            ),
        ),
    }
}

fn checkout_post(store: &mut Store, id: &str, body: &[u8]) -> Outgoing {
    let here = format!("/checkout/{id}");
    let open = checkout_session::get(store, id).map(|s| text(&s, "status") == "open");
    match open {
        Err(_) => return not_found("No such checkout."),
        Ok(false) => return redirect(&here),
        Ok(true) => {}
    }
    let choice = match form::value(body, "action").as_deref() {
        Some("cancel") => Choice::Cancel,
        Some("pay") => match form::card(body) {
            Ok(card) => Choice::Card(card),
            Err(code) => return redirect(&format!("{here}?error={code}")),
        },
        _ => return redirect(&here),
    };
    match checkout_session::choose(store, id, choice) {
        Ok(Next::Redirect(url)) => redirect(&url),
        Ok(Next::Declined { code, .. }) => {
            let code: String = code
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            redirect(&format!("{here}?error={code}"))
        }
        Err(_) => redirect(&here),
    }
}

fn canceled_page(store: &Store, id: &str) -> Outgoing {
    let Ok(session) = checkout_session::get(store, id) else {
        return not_found("No such checkout.");
    };
    let back = format!("/checkout/{id}");
    let link = (text(&session, "status") == "open").then_some((back.as_str(), "Back to checkout"));
    page(
        200,
        views::sentence(
            "Checkout canceled",
            "You left the checkout. Nothing was charged.",
            link,
        ),
    )
}

fn challenge_page(store: &Store, intent_id: &str) -> Outgoing {
    let intent = match intent_id.starts_with("seti_") {
        true => setup_intent::get(store, intent_id),
        false => payment_intent::get(store, intent_id),
    };
    let Ok(intent) = intent else {
        return not_found("No payment awaits authentication here.");
    };
    // A SetupIntent has no amount: the bank confirms the card being saved.
    let amount = intent
        .get("amount")
        .and_then(Value::as_i64)
        .map(|amount| format_amount(amount, text(&intent, "currency")));
    match text(&intent, "status") {
        "requires_action" => page(200, views::challenge(intent_id, amount.as_deref())),
        "succeeded" | "requires_capture" | "processing" => page(
            200,
            views::sentence(
                "Authenticated",
                "Authentication complete: the payment went through.",
                None,
            ),
        ),
        "requires_payment_method" => page(
            200,
            views::sentence(
                "Authentication failed",
                cards::message("authentication_failed"),
                None,
            ),
        ),
        _ => not_found("No payment awaits authentication here."),
    }
}

fn not_found(sentence: &str) -> Outgoing {
    page(404, views::sentence("Not found", sentence, None))
}

/// A page that is never cached.
fn page(status: u16, html: String) -> Outgoing {
    let mut outgoing = Outgoing::html(status, html);
    outgoing.headers.push(("cache-control", "no-store".into()));
    outgoing
}

/// A 303 to `url`, never cached.
fn redirect(url: &str) -> Outgoing {
    let mut outgoing = Outgoing::see_other(url);
    outgoing.headers.push(("cache-control", "no-store".into()));
    outgoing
}
