//! The HTML of the hosted pages: one layout (viewport, a small inline stylesheet, readable from
//! a phone to a desktop, no JavaScript) and the pages drawn in it. Every value from a request
//! goes through [`escape_html`].

use serde_json::Value;

use crate::currency::format_amount;
use crate::fields::text;
use crate::flows::cards::{Outcome, TEST_CARDS};
use crate::html::escape_html;

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;background:#f4f5f7;color:#1f2430}\
main{max-width:30rem;margin:0 auto;padding:1.25rem}\
.panel{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:1.25rem;margin-bottom:1rem}\
.badge{display:inline-block;font-size:.75rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase;background:#fff3cd;color:#7a5b00;border-radius:4px;padding:.1rem .45rem}\
h1{font-size:1.35rem;margin:.5rem 0 1rem}\
table{width:100%;border-collapse:collapse}\
td{padding:.4rem 0;border-bottom:1px solid #eceef2;vertical-align:top}\
td.amount,th.amount{text-align:right;white-space:nowrap}\
.qty{color:#667085;font-size:.9rem}\
tfoot th{padding-top:.75rem;text-align:left}\
label{display:block;font-size:.9rem;font-weight:600;margin:.75rem 0 .25rem}\
input{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #c9ced8;border-radius:8px}\
input:focus{outline:2px solid #3559e0;border-color:#3559e0}\
.row{display:flex;gap:.75rem}.row>div{flex:1}\
button{font:inherit;cursor:pointer}\
.pay{width:100%;margin-top:1.25rem;padding:.8rem;border:0;border-radius:8px;background:#3559e0;color:#fff;font-weight:600}\
.pay:hover{background:#2846b8}\
.link{background:none;border:0;color:#3559e0;padding:.5rem 0;text-decoration:underline}\
.alert{background:#fdecec;color:#8a1c1c;border-radius:8px;padding:.75rem}\
.muted{color:#667085;font-size:.9rem}\
details code{font-size:.85rem}\
a{color:#3559e0}";

/// A whole page: `title` in the tab and as its heading, `body` below.
pub(crate) fn page(title: &str, body: &str) -> String {
    let title = escape_html(title);
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · WooshPay sandbox</title><style>{STYLE}</style></head>\
         <body><main><div class=\"panel\"><span class=\"badge\">Test mode</span>\
         <h1>{title}</h1>{body}</div>\
         <p class=\"muted\">WooshPay sandbox: no real money moves.</p></main></body></html>"
    )
}

/// A page with one sentence and, when there is somewhere to go, a link.
pub(crate) fn sentence(title: &str, sentence: &str, link: Option<(&str, &str)>) -> String {
    let link = link
        .filter(|(href, _)| !href.is_empty())
        .map(|(href, label)| {
            format!(
                "<p><a href=\"{}\">{}</a></p>",
                escape_html(href),
                escape_html(label)
            )
        })
        .unwrap_or_default();
    page(title, &format!("<p>{}</p>{link}", escape_html(sentence)))
}

/// What the page calls the session's action, by mode.
fn wording(mode: &str, total: &str) -> (&'static str, String) {
    match mode {
        "setup" => ("Save your card", "Save card".into()),
        "subscription" => ("Subscribe", format!("Subscribe · {total}")),
        _ => ("Checkout", format!("Pay {total}")),
    }
}

/// The form of an open session, with `notice` (an error's message) above the card fields.
pub(crate) fn checkout(session: &Value, notice: Option<&str>) -> String {
    let id = escape_html(text(session, "id"));
    let mode = text(session, "mode");
    let currency = text(session, "currency");
    let money = |amount: Option<i64>| escape_html(&format_amount(amount.unwrap_or(0), currency));
    let total = money(session.get("amount_total").and_then(Value::as_i64));
    let (title, button) = wording(mode, &total);
    let mut rows = String::new();
    for item in session
        .pointer("/line_items/data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let quantity = crate::fields::integer(item.get("quantity")).unwrap_or(1);
        let amount = crate::fields::integer(item.get("amount_total"));
        // A recurring price says how often it is charged.
        let every = item
            .pointer("/price/recurring/interval")
            .and_then(Value::as_str)
            .map(|interval| format!(" / {}", escape_html(interval)))
            .unwrap_or_default();
        rows.push_str(&format!(
            "<tr><td>{}<br><span class=\"qty\">Qty {quantity}</span></td>\
             <td class=\"amount\">{}{every}</td></tr>",
            escape_html(
                item.get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("Item")
            ),
            money(amount),
        ));
    }
    let summary = if mode == "setup" {
        "<p>Your card will be saved for later payments. You will not be charged now.</p>".into()
    } else {
        let label = if mode == "subscription" {
            "Total due today"
        } else {
            "Total"
        };
        format!(
            "<table><tbody>{rows}</tbody><tfoot><tr><th>{label}</th>\
             <th class=\"amount\" id=\"total\">{total}</th></tr></tfoot></table>"
        )
    };
    let notice = notice
        .map(|n| format!("<p role=\"alert\" class=\"alert\">{}</p>", escape_html(n)))
        .unwrap_or_default();
    let email = escape_html(
        session
            .get("customer_email")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    );
    let form = format!(
        "<form method=\"post\" action=\"/checkout/{id}\">\
         <label for=\"email\">Email</label>\
         <input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" value=\"{email}\">\
         <label for=\"number\">Card number</label>\
         <input id=\"number\" name=\"number\" inputmode=\"numeric\" autocomplete=\"cc-number\" \
         placeholder=\"4111 1111 1111 1111\" required>\
         <div class=\"row\"><div><label for=\"exp\">Expiry</label>\
         <input id=\"exp\" name=\"exp\" autocomplete=\"cc-exp\" placeholder=\"MM / YY\" required></div>\
         <div><label for=\"cvc\">CVC</label>\
         <input id=\"cvc\" name=\"cvc\" inputmode=\"numeric\" autocomplete=\"cc-csc\" placeholder=\"123\" required></div></div>\
         <label for=\"name\">Name on card</label>\
         <input id=\"name\" name=\"name\" autocomplete=\"cc-name\">\
         <button class=\"pay\" name=\"action\" value=\"pay\">{button}</button></form>\
         <form method=\"post\" action=\"/checkout/{id}\">\
         <button class=\"link\" name=\"action\" value=\"cancel\">Cancel and return</button></form>"
    );
    page(title, &format!("{summary}{notice}{form}{}", test_cards()))
}

/// The list of test cards, folded under the form.
fn test_cards() -> String {
    let mut items = String::new();
    for (number, outcome) in TEST_CARDS {
        let what = match outcome {
            Outcome::Succeeds => "succeeds".to_string(),
            Outcome::Challenge => "asks for 3-D Secure".to_string(),
            Outcome::Declined { decline_code, .. } => format!("declined ({decline_code})"),
        };
        items.push_str(&format!("<li><code>{number}</code>: {what}</li>"));
    }
    format!(
        "<details><summary class=\"muted\">Test cards</summary><ul>{items}</ul>\
         <p class=\"muted\">Any future expiry and any 3-digit CVC.</p></details>"
    )
}

/// The 3-D Secure challenge of a payment of `amount`, or (no amount) of saving a card.
pub(crate) fn challenge(intent_id: &str, amount: Option<&str>) -> String {
    let id = escape_html(intent_id);
    let what = match amount {
        Some(amount) => format!("the payment of <strong>{}</strong>", escape_html(amount)),
        None => "saving your card".into(),
    };
    page(
        "Confirm with your bank",
        &format!(
            "<p>Your bank asks you to confirm {what}.</p>\
             <form method=\"post\" action=\"/3ds/{id}\">\
             <button class=\"pay\" name=\"action\" value=\"pass\">Complete authentication</button>\
             <button class=\"link\" name=\"action\" value=\"fail\">Fail authentication</button></form>"
        ),
    )
}
