//! `wooshpay sandbox advance-time 25h`: moves a running sandbox's clock forward (sessions past
//! `expires_at` expire, subscriptions past their period's end are billed) through its
//! `POST /v1/test_helpers/advance_time`. It talks to `--base-url` (or `$WOOSHPAY_BASE_URL`),
//! else the sandbox's default address, with `--api-key` (or `$WOOSHPAY_SECRET_KEY`), else the
//! sandbox's default key.

use std::process::ExitCode;

use clap::ArgMatches;
use wooshpay::{BASE_URL_ENV, Client, SECRET_KEY_ENV};

use crate::Failure;

/// Where `wooshpay sandbox` listens unless told otherwise.
const DEFAULT_BASE_URL: &str = "http://127.0.0.1:12111";

/// Runs `advance-time`; `root` holds the global `--api-key` and `--base-url`.
pub(crate) async fn run(root: &ArgMatches, matches: &ArgMatches) -> Result<ExitCode, Failure> {
    let text = matches
        .get_one::<String>("duration")
        .ok_or_else(|| Failure::Usage("no duration given, e.g. `25h`".into()))?;
    let seconds = parse_duration(text).ok_or_else(|| {
        Failure::Usage(format!(
            "`{text}` is not a duration: use whole numbers with d, h, m or s, e.g. 25h or 1h30m"
        ))
    })?;
    let setting = |flag: &str, env: &str| {
        matches
            .get_one::<String>(flag)
            .or_else(|| root.get_one::<String>(flag))
            .cloned()
            .or_else(|| std::env::var(env).ok())
    };
    let client = Client::builder()
        .secret_key(
            setting("api-key", SECRET_KEY_ENV)
                .unwrap_or_else(|| wooshpay_testing::DUMMY_SECRET_KEY.into()),
        )
        .base_url(setting("base-url", BASE_URL_ENV).unwrap_or_else(|| DEFAULT_BASE_URL.into()))
        .build()
        .map_err(Failure::Sdk)?;
    let answer = client
        .raw_request("POST", "/v1/test_helpers/advance_time")
        .json(serde_json::json!({ "seconds": seconds }))
        .send()
        .await
        .map_err(Failure::Sdk)?;
    println!("advanced {seconds} s; sandbox time {} ms", answer["now"]);
    Ok(ExitCode::SUCCESS)
}

/// `25h`, `1h30m`, `2d`, `90s` or a bare number of seconds, as a positive number of seconds.
pub(crate) fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<i64>() {
        return (seconds > 0).then_some(seconds);
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'd' => 86_400,
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let value: i64 = number.parse().ok()?;
        total = total.checked_add(value.checked_mul(unit)?)?;
        number.clear();
    }
    (number.is_empty() && total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("25h"), Some(90_000));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("2d"), Some(172_800));
        assert_eq!(parse_duration("45"), Some(45));
        for bad in ["", "0", "-5", "5x", "h", "10h5"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
