#!/usr/bin/env bash
# Build cost of an application using the SDK, against the same application using async-stripe
# (1.0.0-rc.10, with only the Checkout Session and rustls/ring): a clean release build of each
# scratch app, dependencies included, timed side by side by farm-bench (A and B alternately, so
# that drift of the machine hits both alike). Prints the medians of CPU time, wall time and
# peak memory, and the ratios wooshpay / async-stripe.
#
#   scripts/bench-build.sh            # 3 pairs of builds (about 15 minutes on 2 cores)
#   RUNS=5 scripts/bench-build.sh
#
# The apps live in target/bench-build (override with BENCH_BUILD_DIR), each with a target
# directory of its own, so this never cleans or locks the target/ other builds use. Their
# dependencies are fetched first (untimed); the builds themselves run offline.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_BUILD_DIR:-$root/target/bench-build}
runs=${RUNS:-3}
mkdir -p "$dir/wooshpay-app/src" "$dir/stripe-app/src"

cat >"$dir/wooshpay-app/Cargo.toml" <<TOML
[package]
name = "wooshpay-app"
version = "0.1.0"
edition = "2024"

[dependencies]
wooshpay = { path = "$root/sdk/wooshpay" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
TOML
cat >"$dir/wooshpay-app/src/main.rs" <<'RS'
#[tokio::main]
async fn main() -> Result<(), wooshpay::Error> {
    let client = wooshpay::Client::from_env()?;
    let session = client.retrieve_checkout_session().id("cs_1").send().await?;
    println!("{:?}", session.status);
    Ok(())
}
RS
cp "$root/Cargo.lock" "$dir/wooshpay-app/Cargo.lock"

cat >"$dir/stripe-app/Cargo.toml" <<'TOML'
[package]
name = "stripe-app"
version = "0.1.0"
edition = "2024"

[dependencies]
async-stripe = { version = "=1.0.0-rc.10", default-features = false, features = ["rustls-tls-webpki-roots", "rustls-ring"] }
async-stripe-checkout = { version = "=1.0.0-rc.10", features = ["checkout_session", "deserialize"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
TOML
cat >"$dir/stripe-app/src/main.rs" <<'RS'
use stripe_checkout::checkout_session::RetrieveCheckoutSession;

#[tokio::main]
async fn main() -> Result<(), stripe::StripeError> {
    let client = stripe::Client::new(std::env::var("STRIPE_SECRET_KEY").unwrap_or_default());
    let session = RetrieveCheckoutSession::new("cs_1").send(&client).await?;
    println!("{:?}", session.status);
    Ok(())
}
RS

echo "== machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(rustc --version)"
for app in wooshpay-app stripe-app; do
    (cd "$dir/$app" && cargo fetch --quiet)
done
build() {
    echo "sh -c 'cd $dir/$1 && cargo clean --quiet && cargo build --release --offline --quiet'"
}
echo "== A: $(build wooshpay-app)"
echo "== B: $(build stripe-app)"
farm-bench -n "$runs" --warmup 0 --timeout 3600 --vs "$(build stripe-app)" -- \
    sh -c "cd $dir/wooshpay-app && cargo clean --quiet && cargo build --release --offline --quiet"
