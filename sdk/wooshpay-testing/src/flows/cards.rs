//! The test cards: what confirming a payment with each number does, as WooshPay's test mode
//! decides by card number. WooshPay's docs publish no list of test cards, so the numbers are
//! Stripe's, whose API WooshPay's follows; any other number that passes the Luhn check succeeds,
//! and one that does not is refused as `incorrect_number`.
//!
//! | card number        | outcome                                                              |
//! |--------------------|----------------------------------------------------------------------|
//! | `4111111111111111` | succeeds ([`CARD_SUCCEEDS`])                                          |
//! | `4242424242424242` | succeeds                                                              |
//! | `4000002500003155` | asks for 3-D Secure ([`CARD_THREE_D_SECURE`]): passed succeeds, failed declines (`payment_intent_authentication_failure`) |
//! | `4000000000000002` | declined: `card_declined` / `generic_decline` ([`CARD_DECLINED`])      |
//! | `4000000000009995` | declined: `card_declined` / `insufficient_funds`                      |
//! | `4000000000009987` | declined: `card_declined` / `lost_card`                               |
//! | `4000000000009979` | declined: `card_declined` / `stolen_card`                             |
//! | `4000000000000069` | declined: `expired_card`                                              |
//! | `4000000000000127` | declined: `incorrect_cvc`                                             |
//! | `4000000000000119` | declined: `processing_error`                                          |
//!
//! Every decline is a 402 `card_error` carrying the PaymentIntent, which returns to
//! `requires_payment_method` with the error in `last_payment_error`.

use crate::answer::{Outgoing, error};

/// The test card that succeeds.
pub const CARD_SUCCEEDS: &str = "4111111111111111";
/// The test card that is declined (`generic_decline`).
pub const CARD_DECLINED: &str = "4000000000000002";
/// The test card that asks for 3-D Secure.
pub const CARD_THREE_D_SECURE: &str = "4000002500003155";

/// What a card does when a payment is confirmed with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Succeeds,
    /// Declined with this error `code` and `decline_code`.
    Declined {
        code: &'static str,
        decline_code: &'static str,
    },
    Challenge,
}

const fn declined(code: &'static str, decline_code: &'static str) -> Outcome {
    Outcome::Declined { code, decline_code }
}

/// Every test card with a fixed outcome.
pub(crate) const TEST_CARDS: &[(&str, Outcome)] = &[
    (CARD_SUCCEEDS, Outcome::Succeeds),
    ("4242424242424242", Outcome::Succeeds),
    (CARD_THREE_D_SECURE, Outcome::Challenge),
    (CARD_DECLINED, declined("card_declined", "generic_decline")),
    (
        "4000000000009995",
        declined("card_declined", "insufficient_funds"),
    ),
    ("4000000000009987", declined("card_declined", "lost_card")),
    ("4000000000009979", declined("card_declined", "stolen_card")),
    ("4000000000000069", declined("expired_card", "expired_card")),
    (
        "4000000000000127",
        declined("incorrect_cvc", "incorrect_cvc"),
    ),
    (
        "4000000000000119",
        declined("processing_error", "processing_error"),
    ),
];

/// The declines of a failed 3-D Secure challenge.
pub(crate) const AUTHENTICATION_FAILED: Outcome = declined(
    "payment_intent_authentication_failure",
    "authentication_required",
);

/// The outcome of `number` (spaces and dashes allowed), or the 402 for a number that is not one.
pub(crate) fn outcome(number: &str) -> Result<Outcome, Outgoing> {
    let digits = digits(number);
    if let Some((_, outcome)) = TEST_CARDS.iter().find(|(n, _)| *n == digits) {
        return Ok(*outcome);
    }
    if luhn(&digits) {
        Ok(Outcome::Succeeds)
    } else {
        Err(error(
            402,
            "card_error",
            "incorrect_number",
            message("incorrect_number"),
            Some("payment_method_data.card.number"),
        ))
    }
}

/// The outcome of a saved card, known by its last four digits.
pub(crate) fn outcome_of_last4(last4: &str) -> Outcome {
    TEST_CARDS
        .iter()
        .find(|(n, _)| n.ends_with(last4))
        .map_or(Outcome::Succeeds, |(_, outcome)| *outcome)
}

/// The number without the spaces and dashes people type.
pub(crate) fn digits(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// What the shopper reads for an error or decline code (`None` for a code the sandbox never
/// gives, so a page never shows text it did not write).
pub(crate) fn known_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "generic_decline" | "card_declined" => "Your card was declined.",
        "insufficient_funds" => "Your card has insufficient funds.",
        "lost_card" => "Your card was declined: it is reported lost.",
        "stolen_card" => "Your card was declined: it is reported stolen.",
        "expired_card" => "Your card has expired.",
        "incorrect_cvc" => "Your card's security code is incorrect.",
        "processing_error" => "An error occurred while processing your card. Try again.",
        "incorrect_number" => "Your card number is incorrect.",
        "invalid_expiry" => "Your card's expiration date is incomplete or in the past.",
        "invalid_cvc" => "Your card's security code is incomplete.",
        "authentication_required" | "authentication_failed" => {
            "3-D Secure authentication failed, so the payment was not made. Try again or use another card."
        }
        _ => return None,
    })
}

/// [`known_message`], with a generic sentence for any other code.
pub(crate) fn message(code: &str) -> &'static str {
    known_message(code).unwrap_or("Your card was declined.")
}

/// Whether `digits` is a plausible card number (12 to 19 digits passing the Luhn check).
pub(crate) fn luhn(digits: &str) -> bool {
    if !(12..=19).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| match (i % 2 == 1, d * 2) {
            (true, doubled) if doubled > 9 => doubled - 9,
            (true, doubled) => doubled,
            (false, _) => d,
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_cards_pass_the_luhn_check_and_have_messages() {
        for (number, outcome) in TEST_CARDS {
            assert!(luhn(number), "{number}");
            if let Outcome::Declined { decline_code, .. } = outcome {
                assert!(known_message(decline_code).is_some(), "{decline_code}");
            }
        }
        assert!(!luhn("4111111111111112"));
        assert!(!luhn("not a card"));
        assert_eq!(outcome("4000 0000 0000 0002").ok(), Some(TEST_CARDS[3].1));
        assert_eq!(outcome_of_last4("9995"), TEST_CARDS[4].1);
    }
}
