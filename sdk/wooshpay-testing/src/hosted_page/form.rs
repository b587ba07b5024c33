//! The hosted page's form posts (`application/x-www-form-urlencoded`), and the card a shopper
//! typed, checked for form before any payment is tried: what a real checkout page refuses
//! before it calls the API.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::flows::cards;
use crate::flows::checkout_session::Card;

/// The value of field `name` in a form body (the last one wins, as browsers send one).
pub(crate) fn value(form: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(form).ok()?;
    crate::state::list::parse_query(text)
        .into_iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

/// The card in the form, or the error code of the first field that is not one (its message is
/// [`cards::known_message`]).
pub(crate) fn card(form: &[u8]) -> Result<Card, &'static str> {
    let field = |name: &str| value(form, name).map(|v| v.trim().to_string());
    let number = cards::digits(&field("number").unwrap_or_default());
    if !cards::luhn(&number) {
        return Err("incorrect_number");
    }
    let (exp_month, exp_year) =
        expiry(&field("exp").unwrap_or_default()).ok_or("invalid_expiry")?;
    let cvc = field("cvc").unwrap_or_default();
    if !(3..=4).contains(&cvc.len()) || !cvc.chars().all(|c| c.is_ascii_digit()) {
        return Err("invalid_cvc");
    }
    let optional = |name: &str| field(name).filter(|v| !v.is_empty());
    Ok(Card {
        number,
        exp_month,
        exp_year,
        cvc,
        name: optional("name"),
        email: optional("email"),
    })
}

/// `MM / YY` (or `MM/YYYY`) as month and year, if it is a month not yet past.
fn expiry(text: &str) -> Option<(i64, i64)> {
    let (month, year) = text.split_once('/')?;
    let month: i64 = month.trim().parse().ok()?;
    let year = year.trim();
    let year: i64 = match year.len() {
        2 => 2000 + year.parse::<i64>().ok()?,
        4 => year.parse().ok()?,
        _ => return None,
    };
    let (now_year, now_month) = this_month();
    let current = year > now_year || (year == now_year && month >= now_month);
    ((1..=12).contains(&month) && current).then_some((month, year))
}

/// The current year and month (UTC).
fn this_month() -> (i64, i64) {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let days = seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_card_is_checked_field_by_field() {
        let ok = card(b"number=4111+1111+1111+1111&exp=12+%2F+40&cvc=123&name=Ada&email=").unwrap();
        assert_eq!(
            (ok.number.as_str(), ok.exp_month, ok.exp_year),
            ("4111111111111111", 12, 2040)
        );
        assert_eq!((ok.name.as_deref(), ok.email), (Some("Ada"), None));
        assert_eq!(
            card(b"number=4111111111111112&exp=12/40&cvc=123"),
            Err("incorrect_number")
        );
        assert_eq!(
            card(b"number=4111111111111111&exp=13/40&cvc=123"),
            Err("invalid_expiry")
        );
        assert_eq!(
            card(b"number=4111111111111111&exp=01/20&cvc=123"),
            Err("invalid_expiry")
        );
        assert_eq!(
            card(b"number=4111111111111111&exp=12/2040&cvc=12"),
            Err("invalid_cvc")
        );
        assert_eq!(card(b""), Err("incorrect_number"));
    }

    #[test]
    fn this_month_is_plausible() {
        let (year, month) = this_month();
        assert!(year >= 2024 && (1..=12).contains(&month));
    }
}
