#!/usr/bin/env bash
# Build cost of an application using the SDK, against the same application using async-stripe
# (1.0.0-rc.10, with only the Checkout Session and rustls/ring): a clean release build of each
# scratch app, dependencies included, timed side by side with GNU time (A and B alternately,
# so that drift of the machine hits both alike). Prints each build's figures, then the medians
# of CPU time (user + system), wall time and peak memory (the largest single process), and the
# ratios wooshpay / async-stripe: the median of the per-pair ratios.
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
command -v /usr/bin/time >/dev/null || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
results="$dir/results.tsv"
: >"$results"
# One clean release build of app $1: appends "app wall cpu peak_kib" to the results.
build() {
    local figures="$dir/$1.time"
    (cd "$dir/$1" && cargo clean --quiet &&
        /usr/bin/time -o "$figures" -f '%e %U %S %M' cargo build --release --offline --quiet)
    awk -v app="$1" '{ printf "%s %s %.2f %s\n", app, $1, $2 + $3, $4 }' "$figures" | tee -a "$results"
}
echo "== A: wooshpay-app, B: stripe-app; clean release builds, $runs pairs, alternating"
echo "== app wall_s cpu_s peak_KiB"
for ((i = 1; i <= runs; i++)); do
    build wooshpay-app
    build stripe-app
done
awk '
    function median(values, n,    i, j, t) {
        for (i = 2; i <= n; i++)
            for (j = i; j > 1 && values[j - 1] > values[j]; j--) {
                t = values[j]; values[j] = values[j - 1]; values[j - 1] = t
            }
        return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
    }
    $1 == "wooshpay-app" { n++; aw[n] = $2; ac[n] = $3; am[n] = $4 }
    $1 == "stripe-app" { m++; bw[m] = $2; bc[m] = $3; bm[m] = $4
        rw[m] = aw[m] / $2; rc[m] = ac[m] / $3; rm[m] = am[m] / $4 }
    END {
        printf "== medians of %d pairs: wooshpay app | async-stripe app | ratio (median of pair ratios)\n", m
        printf "   CPU time     %8.1f s | %8.1f s | %.2f (target <= 0.45)\n", median(ac, n), median(bc, m), median(rc, m)
        printf "   wall time    %8.1f s | %8.1f s | %.2f (target <= 0.45)\n", median(aw, n), median(bw, m), median(rw, m)
        printf "   peak memory  %6.0f MiB | %6.0f MiB | %.2f (target <= 0.40)\n", median(am, n) / 1024, median(bm, m) / 1024, median(rm, m)
    }' "$results"
