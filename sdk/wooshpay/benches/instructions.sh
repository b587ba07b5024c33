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
# goes to a server on 127.0.0.1 inside the bench process. Takes about 4 minutes.
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

# Also simulates the caches (valgrind's --cache-sim=yes): the L1 instruction-cache misses and
# L1 data-cache read and write misses per call, which is where most of the time difference
# between SDK and baseline goes (the SDK's code and state are larger than its instruction count
# suggests).

# The client thread's (thread 1's) totals of a run: instructions, L1i misses, L1d read misses,
# L1d write misses.
count() { # variant count
    local file="$out/$1.$2"
    (cd sdk/wooshpay && WOOSHPAY_BENCH_CALLS="$1:$2" valgrind --tool=callgrind --separate-threads=yes \
        --cache-sim=yes --callgrind-out-file="$file" "$bin" --bench >"$file.log" 2>&1)
    # events: Ir Dr Dw I1mr D1mr D1mw ...
    awk '/^(summary|totals):/ { print $2, $5, $6, $7; exit }' "$file-01"
}

per_call() { # variant low high calls-per-iteration
    local low high
    read -r -a low <<<"$(count "$1" "$2")"
    read -r -a high <<<"$(count "$1" "$3")"
    local calls=$((($3 - $2) * $4)) i out=()
    for i in 0 1 2 3; do
        out+=($(((high[i] - low[i]) / calls)))
    done
    echo "${out[*]}"
}

variants=(baseline baseline+sdk_http_settings baseline_sdk_types sdk_max_retries_0 sdk)
for mode in sequential concurrent; do
    declare -A per=()
    for v in "${variants[@]}"; do
        if [ "$mode" = sequential ]; then
            per[$v]=$(per_call "$v" 200 1200 1)
        else
            per[$v]=$(per_call "${v}x64" 20 120 64)
        fi
    done
    echo "== per call, client thread, $mode (callgrind; L1 misses from its cache simulation) =="
    for v in "${variants[@]}"; do
        # shellcheck disable=SC2086
        awk -v v="$v" -v n="${per[$v]}" -v b="${per[baseline]}" 'BEGIN {
            split(n, x, " "); split(b, y, " ")
            printf "  %-28s %8d Ir (ratio %.4f, %+d)  L1i misses %+d  L1d misses %+d read, %+d write\n",
                v, x[1], x[1] / y[1], x[1] - y[1], x[2] - y[2], x[3] - y[3], x[4] - y[4]
        }'
    done
    unset per
done
