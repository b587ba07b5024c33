//! `wooshpay webhooks`: `trigger` sends a realistic, signed event to an endpoint; `sign` and
//! `verify` compute and check signature headers of a payload on stdin.

use std::io::Read;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::ArgMatches;
use serde_json::{Value, json};

use super::Failure;
use wooshpay::webhook::{sign_payload, verify_signature};
use wooshpay_testing::operations::EVENTS;

/// Where the signing secret comes from when `--secret` is not given.
const SECRET_ENV: &str = "WOOSHPAY_WEBHOOK_SECRET";

/// Runs a `webhooks` subcommand.
pub(crate) async fn run(matches: &ArgMatches) -> Result<ExitCode, Failure> {
    match matches.subcommand() {
        Some(("trigger", m)) => trigger(m).await,
        Some(("sign", m)) => sign(m),
        Some(("verify", m)) => verify(m),
        _ => Err(Failure::Usage("`webhooks` needs a command".into())),
    }
}

fn secret(matches: &ArgMatches) -> Option<String> {
    matches
        .get_one::<String>("secret")
        .cloned()
        .or_else(|| std::env::var(SECRET_ENV).ok())
}

fn required_secret(matches: &ArgMatches) -> Result<String, Failure> {
    secret(matches)
        .ok_or_else(|| Failure::Usage(format!("no secret: pass --secret or set {SECRET_ENV}")))
}

fn read_payload() -> Result<Vec<u8>, Failure> {
    let mut payload = Vec::new();
    std::io::stdin()
        .read_to_end(&mut payload)
        .map_err(|e| Failure::Usage(format!("cannot read the payload from stdin: {e}")))?;
    Ok(payload)
}

/// An event of `kind` about the spec's example object, shaped as WooshPay sends events.
pub(crate) fn event(kind: &str, now: SystemTime) -> Result<Value, Failure> {
    let (_, example) = EVENTS
        .iter()
        .find(|(k, _)| *k == kind)
        .ok_or_else(|| Failure::Usage(format!("no example for event type `{kind}`")))?;
    let object: Value = serde_json::from_str(example)
        .map_err(|e| Failure::Usage(format!("the example of `{kind}` is not JSON: {e}")))?;
    let millis = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    // A 19-digit id like the API's, unique enough for a test event.
    let id = format!(
        "evt_{}",
        1_000_000_000_000_000_000 + fastrand::u64(..1 << 59)
    );
    Ok(json!({
        "id": id,
        "object": "event",
        "api_version": null,
        "created": millis as u64,
        "data": {"object": object},
        "livemode": false,
        "pending_webhooks": 1,
        "type": kind,
    }))
}

async fn trigger(matches: &ArgMatches) -> Result<ExitCode, Failure> {
    let kind = matches
        .get_one::<String>("event-type")
        .ok_or_else(|| Failure::Usage("no event type given".into()))?;
    let url = matches
        .get_one::<String>("forward-to")
        .ok_or_else(|| Failure::Usage("--forward-to is required".into()))?;
    let secret = match secret(matches) {
        Some(secret) => secret,
        None => {
            let fresh = format!("whsec_{}", uuid::Uuid::new_v4().simple());
            eprintln!("signing with a fresh secret (pass --secret to choose one): {fresh}");
            fresh
        }
    };
    let now = SystemTime::now();
    let event = event(kind, now)?;
    let payload = serde_json::to_vec(&event)
        .map_err(|e| Failure::Usage(format!("the event could not be encoded: {e}")))?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Failure::Transport(format!("the HTTP client could not be built: {e}")))?;
    let response = http
        .post(url)
        .header("content-type", "application/json")
        .header("wooshpay-signature", sign_payload(&payload, &secret, now))
        .body(payload)
        .send()
        .await
        .map_err(|e| Failure::Transport(format!("POST {url}: {e}")))?;
    let status = response.status();
    let id = event.get("id").and_then(Value::as_str).unwrap_or_default();
    println!("{kind} {id} → POST {url}: {status}");
    Ok(if status.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_API)
    })
}

fn sign(matches: &ArgMatches) -> Result<ExitCode, Failure> {
    let secret = required_secret(matches)?;
    let at = match matches.get_one::<u64>("timestamp") {
        Some(ms) => UNIX_EPOCH + Duration::from_millis(*ms),
        None => SystemTime::now(),
    };
    let payload = read_payload()?;
    println!("{}", sign_payload(&payload, &secret, at));
    Ok(ExitCode::SUCCESS)
}

fn verify(matches: &ArgMatches) -> Result<ExitCode, Failure> {
    let secret = required_secret(matches)?;
    let header = matches
        .get_one::<String>("header")
        .ok_or_else(|| Failure::Usage("--header is required".into()))?;
    let tolerance =
        Duration::from_secs(matches.get_one::<u64>("tolerance").copied().unwrap_or(300));
    let payload = read_payload()?;
    match verify_signature(&payload, header, &secret, tolerance, SystemTime::now()) {
        Ok(()) => {
            println!("valid");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(Failure::Negative(format!("invalid: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_type_has_an_event_the_sdk_parses_and_types() {
        assert!(!EVENTS.is_empty());
        for (kind, _) in EVENTS {
            let event = event(kind, SystemTime::now()).unwrap();
            let payload = serde_json::to_vec(&event).unwrap();
            let parsed = wooshpay::webhook::parse_event(&payload).unwrap();
            assert_eq!(parsed.event_type().to_string(), *kind);
            parsed.object().unwrap_or_else(|e| panic!("{kind}: {e}"));
        }
    }
}
