//! Currencies as ISO 4217 defines them: which three-letter codes exist, and how many minor
//! units each has (JPY and KRW none, USD two, KWD three), for checking requests and showing
//! amounts. WooshPay's amounts are integers in the currency's smallest unit, as Stripe's are.

/// Active ISO 4217 codes with two minor digits.
const TWO: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
    "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD",
    "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW",
    "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
    "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK",
    "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR",
    "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "USN", "UYU",
    "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
];
/// Active ISO 4217 codes without minor units.
const ZERO: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
/// Active ISO 4217 codes with three minor digits.
const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
/// Active ISO 4217 codes with four minor digits.
const FOUR: &[&str] = &["CLF", "UYW"];

/// The number of minor digits of `code` (any case), or `None` when ISO 4217 has no such code.
pub(crate) fn exponent(code: &str) -> Option<u32> {
    let code = code.to_ascii_uppercase();
    let has = |list: &[&str]| list.contains(&code.as_str());
    if has(TWO) {
        Some(2)
    } else if has(ZERO) {
        Some(0)
    } else if has(THREE) {
        Some(3)
    } else if has(FOUR) {
        Some(4)
    } else {
        None
    }
}

/// `amount` (in the smallest unit) as people read it, digits grouped by thousands:
/// `3,000 JPY`, `1,350.00 USD`.
pub(crate) fn format_amount(amount: i64, currency: &str) -> String {
    let code = currency.to_ascii_uppercase();
    let exponent = exponent(&code).unwrap_or(2);
    let digits = amount.unsigned_abs().to_string();
    let width = usize::try_from(exponent).unwrap_or(2);
    let padded = format!("{digits:0>w$}", w = width + 1);
    let (whole, fraction) = padded.split_at(padded.len() - width);
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped} {code}")
    } else {
        format!("{sign}{grouped}.{fraction} {code}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_follow_the_currencys_minor_units() {
        assert_eq!(format_amount(3000, "JPY"), "3,000 JPY");
        assert_eq!(format_amount(1_234_567, "krw"), "1,234,567 KRW");
        assert_eq!(format_amount(13500, "USD"), "135.00 USD");
        assert_eq!(format_amount(123_456_789, "EUR"), "1,234,567.89 EUR");
        assert_eq!(format_amount(5, "USD"), "0.05 USD");
        assert_eq!(format_amount(1500, "KWD"), "1.500 KWD");
        assert_eq!(format_amount(0, "USD"), "0.00 USD");
        assert_eq!(format_amount(-250, "USD"), "-2.50 USD");
    }

    #[test]
    fn only_iso_codes_exist() {
        assert_eq!(exponent("usd"), Some(2));
        assert_eq!(exponent("JPY"), Some(0));
        assert_eq!(exponent("XYZ"), None);
        assert_eq!(exponent("US"), None);
    }
}
