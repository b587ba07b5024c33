#!/usr/bin/env bash
# Shows, from cargo's own output, that an application with `wooshpay` as a dependency and
# `wooshpay-testing` as a dev-dependency compiles the `wooshpay` crate once for `cargo build`
# and `cargo test` together: the test kit changes no feature of anything the SDK is built from.
#
#   scripts/one-sdk-build.sh        # a scratch app in a temporary directory; exits 1 otherwise
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app=$(mktemp -d)
trap 'rm -rf "$app"' EXIT

mkdir -p "$app/src" "$app/tests"
cat >"$app/Cargo.toml" <<TOML
[package]
name = "shop"
version = "0.1.0"
edition = "2024"

[dependencies]
wooshpay = { path = "$root/sdk/wooshpay" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[dev-dependencies]
wooshpay-testing = { path = "$root/sdk/wooshpay-testing" }

[workspace]
TOML
cat >"$app/src/lib.rs" <<'RS'
/// Charges an order and returns the PaymentIntent's id.
pub async fn charge(client: &wooshpay::Client, cents: i64) -> Result<String, wooshpay::Error> {
    Ok(client.create_payment_intent().amount(cents).currency("EUR").send().await?.id)
}
RS
cat >"$app/tests/charge.rs" <<'RS'
#[tokio::test]
async fn charges_against_the_sandbox() {
    let sandbox = wooshpay_testing::Sandbox::start().await.unwrap();
    let id = shop::charge(&sandbox.client(), 4200).await.unwrap();
    assert!(id.starts_with("pi_"));
}
RS
cp "$root/Cargo.lock" "$app/Cargo.lock"

cd "$app"
log=$(mktemp)
echo "== cargo build"
cargo build --offline 2>&1 | tee -a "$log" | grep -E '^ *(Compiling wooshpay|Finished)' || true
echo "== cargo test"
cargo test --offline 2>&1 | tee -a "$log" | grep -E '^ *(Compiling wooshpay|Finished)|test result' || true
count=$(grep -c '^ *Compiling wooshpay v' "$log" || true)
echo "the wooshpay crate was compiled $count time(s) for cargo build and cargo test together"
[ "$count" -eq 1 ]
