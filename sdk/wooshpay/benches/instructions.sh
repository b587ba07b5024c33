#!/usr/bin/env bash
# Instructions per call, SDK vs baseline, counted by callgrind: a figure that does not move
# with the machine's load or its idle states, to read next to request_overhead's timings.
#
#   bash sdk/wooshpay/benches/instructions.sh   # needs valgrind: apt-get install valgrind
#
# Builds the request_overhead bench, then runs its analysis mode
# (WOOSHPAY_BENCH_CALLS=<variant>:<count>) under `valgrind --tool=callgrind` twice per
# variant, with 200 and 1200 calls: the difference of the client thread's instruction counts
# over 1000 calls is the cost of one call, without the setup (spec parsing, TLS roots, ...).
# Then the same with 64 concurrent calls per iteration (20 and 120 iterations). All traffic
# goes to a server on 127.0.0.1 inside the bench process. Takes about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/../../.."

if ! command -v valgrind >/dev/null; then
    echo "valgrind is not installed: apt-get install valgrind" >&2
    exit 1
fi

bin=$(cargo bench -p wooshpay --bench request_overhead --no-run --message-format=json 2>/dev/null |
    grep -o '"executable":"[^"]*request_overhead[^"]*"' | tail -1 | cut -d'"' -f4)
[ -x "$bin" ] || { echo "could not build the request_overhead bench" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The client thread's (thread 1's) instruction total of a run.
count() { # variant count
    local file="$out/$1.$2"
    (cd sdk/wooshpay && WOOSHPAY_BENCH_CALLS="$1:$2" valgrind --tool=callgrind --separate-threads=yes \
        --callgrind-out-file="$file" "$bin" --bench >"$file.log" 2>&1)
    awk '/^(summary|totals):/ { print $2; exit }' "$file-01"
}

per_call() { # variant low high calls-per-iteration
    local low high
    low=$(count "$1" "$2")
    high=$(count "$1" "$3")
    echo $(((high - low) / (($3 - $2) * $4)))
}

variants=(baseline baseline+sdk_http_settings sdk_max_retries_0 sdk)
for mode in sequential concurrent; do
    declare -A ir=()
    for v in "${variants[@]}"; do
        if [ "$mode" = sequential ]; then
            ir[$v]=$(per_call "$v" 200 1200 1)
        else
            ir[$v]=$(per_call "${v}x64" 20 120 64)
        fi
    done
    echo "== instructions per call, client thread, $mode (callgrind) =="
    for v in "${variants[@]}"; do
        awk -v v="$v" -v n="${ir[$v]}" -v b="${ir[baseline]}" \
            'BEGIN { printf "  %-28s %8d Ir  ratio to baseline %.4f  (%+d Ir)\n", v, n, n / b, n - b }'
    done
    unset ir
done
