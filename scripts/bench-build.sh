#!/usr/bin/env bash
# Build cost of the `wooshpay` crate: the time and peak memory of a clean release build of the
# crate itself (its dependencies already built), and the size of the generated code.
#
#   scripts/bench-build.sh                  # default features (what users compile)
#   FEATURES=mock scripts/bench-build.sh    # with the testing support (what tests compile)
#
# It builds in a target directory of its own, target/bench-build (override with
# BENCH_BUILD_TARGET_DIR), so it never cleans or locks the target/ other builds use. The
# first run also builds the dependencies there (several minutes on 2 cores; reported, not
# part of the figure); later runs reuse them.
#
# Peak memory is the "Maximum resident set size" of GNU time (`/usr/bin/time -v`): the
# largest of cargo and the processes it ran, i.e. rustc compiling the crate. Without GNU time
# (`apt-get install time`) only the duration is reported, from bash's `time`.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${BENCH_BUILD_TARGET_DIR:-target/bench-build}
features=${FEATURES:-}
feature_args=()
[ -n "$features" ] && feature_args=(--features "$features")
export CARGO_TARGET_DIR="$target_dir"

echo "== machine =="
echo "  $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "  memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "  load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)  (other builds skew the figures)"
echo "  $(rustc --version), $(cargo --version)"
echo "  target dir: $target_dir (separate from target/), features: ${features:-default}"
echo

echo "== dependencies (untimed unless the target dir was empty) =="
start=$(date +%s%N)
cargo build --release -p wooshpay "${feature_args[@]}" --quiet
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
printf "  dependencies and crate ready after %d.%01d s\n\n" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))

echo "== clean release build of the wooshpay crate =="
cargo clean --release -p wooshpay --quiet
time_log=$(mktemp)
trap 'rm -f "$time_log"' EXIT
if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$time_log" cargo build --release -p wooshpay "${feature_args[@]}" --quiet
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$time_log")
    rss_kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$time_log")
    user=$(awk -F': ' '/User time/ { print $2 }' "$time_log")
    sys=$(awk -F': ' '/System time/ { print $2 }' "$time_log")
    echo "  command: CARGO_TARGET_DIR=$target_dir /usr/bin/time -v cargo build --release -p wooshpay ${feature_args[*]}"
    echo "  wall time: $wall (m:ss), CPU: user ${user} s + system ${sys} s"
    awk -v k="$rss_kib" 'BEGIN { printf "  peak memory (max RSS, rustc): %.0f MiB (%d KiB)\n", k / 1024, k }'
else
    echo "  /usr/bin/time (GNU time) is missing: apt-get install time  (peak memory not measured)"
    TIMEFORMAT='  wall time: %R s, CPU: user %U s + system %S s'
    time cargo build --release -p wooshpay "${feature_args[@]}" --quiet
fi
echo

echo "== generated code (sdk/src/generated) =="
printf "  %-48s %9s %11s\n" file lines bytes
find sdk/src/generated -type f -name '*.rs' | sort | while read -r file; do
    printf "  %-48s %9d %11d\n" "${file#sdk/src/generated/}" "$(wc -l <"$file")" "$(wc -c <"$file")"
done
files=$(find sdk/src/generated -type f -name '*.rs' | wc -l)
lines=$(find sdk/src/generated -type f -name '*.rs' -print0 | xargs -0 cat | wc -l)
bytes=$(find sdk/src/generated -type f -name '*.rs' -print0 | xargs -0 cat | wc -c)
printf "  %-48s %9d %11d\n" "total ($files files)" "$lines" "$bytes"
# Modules of generated/mod.rs behind `#[cfg(feature = "mock")]` are not in a default build.
mock_only=$(awk '/#\[cfg\(feature = "mock"\)\]/ { gated = 1; next }
    gated && /mod [a-z_]+;/ { sub(/.*mod /, ""); sub(/;.*/, ""); print } { gated = 0 }' \
    sdk/src/generated/mod.rs)
if [ -n "$mock_only" ]; then
    default_files=$(find sdk/src/generated -type f -name '*.rs' | sort)
    for module in $mock_only; do
        default_files=$(grep -v -e "^sdk/src/generated/$module.rs$" -e "^sdk/src/generated/$module/" <<<"$default_files")
    done
    # shellcheck disable=SC2086 # the paths have no spaces
    printf "  %-48s %9d %11d\n" "of which in a default build (without: $(echo $mock_only))" \
        "$(cat $default_files | wc -l)" "$(cat $default_files | wc -c)"
fi
hand=$(find sdk/src -name '*.rs' -not -path 'sdk/src/generated/*' -print0 | xargs -0 cat | wc -l)
echo "  (hand-written sdk/src outside generated/: $hand lines)"
