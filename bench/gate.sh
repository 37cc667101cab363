#!/bin/sh
# The performance regression gate CI runs: an A/B run of the gate's cases
# (bench/ab_lib.sh: the smoke sweep at batch 4) between a base revision's
# binary (A) and this tree's (B), alternating by process, layer by layer, for
# GATE_ROUNDS rounds, so the machine's drift falls on both alike; every row both binaries
# verify is compared, none needs a normaliser. bench/abstat.py judges each
# algorithm: a regression when the geometric mean of its B/A ratios is above
# 1 + GATE_THRESHOLD and its 95% bootstrap interval lies above 1. A regression
# must show twice: the rounds are run again, and only if the same algorithm
# regresses in those too does the gate fail. bench/sensitivity.sh measured how often this rule fails
# identical binaries and how often it catches a slower kernel (README,
# "Regression gate").
#
# The base is GATE_BASE, else the commit that last changed the committed
# baseline CSV (the commit that refreshed it). When the base cannot be built
# (no git history, a revision that no longer builds here), the gate falls back
# to comparing with that CSV, normalised by CLBlast's convolution, which has
# no depthwise or bias cases: it says so, and those rows go unmeasured.
#
# usage: bench/gate.sh [convbench options...]   judge this tree (exit 0 pass,
#                                               1 regression, 2 error)
#        bench/gate.sh --refresh [options...]   measure a new baseline CSV, on
#                                               purpose (commit it)
# Extra convbench options (say --kernel-opts=...) go to this tree's binary
# only, never to the base's.
# environment: CONVBENCH, GATE_BASE, GATE_ROUNDS (default 12),
#   GATE_THRESHOLD (default 5%), GATE_BASELINE, GATE_PROCESSES (the fallback's
#   and --refresh's processes, default 3), GATE_CONFIG and GATE_OPTS (the
#   cases: bench/ab_lib.sh)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/ab_lib.sh"
bin=${CONVBENCH:-$here/build/convbench}
baseline=${GATE_BASELINE:-$here/bench/baselines/smoke-pocl-cpu.csv}
threshold=${GATE_THRESHOLD:-5%}
rounds=${GATE_ROUNDS:-12}
processes=${GATE_PROCESSES:-3}
refresh=0
if [ "${1:-}" = "--refresh" ]; then
    refresh=1
    shift
fi
# measure CSV ARGS...: the gate's cases in $processes processes, appended to CSV.
measure() {
    out=$1
    shift
    rm -f "$out"
    i=0
    while [ $i -lt "$processes" ]; do
        # shellcheck disable=SC2086 # the gate's options are a word list
        "$bin" --sweep "$GATE_CONFIG" $GATE_OPTS --csv "$out" "$@" > /dev/null
        i=$((i + 1))
    done
}
if [ $refresh -eq 1 ]; then
    measure "$baseline" "$@"
    echo "bench/gate.sh: new baseline in $baseline ($processes processes); commit it with the change that moved it"
    exit 0
fi

work=$(mktemp -d /tmp/convbench-gate.XXXXXX)
trap 'rm -rf "$work"' EXIT
base=${GATE_BASE:-$(git -C "$here" log -1 --format=%H -- "$baseline" 2>/dev/null || true)}
if [ -n "$base" ] && ab_build "$base"; then
    echo "bench/gate.sh: A/B against $ab_short, $rounds rounds alternating, threshold $threshold"
    for attempt in 1 2; do
        mkdir -p "$work/$attempt"
        ab_rounds "$work/$attempt" 1 "$rounds" "$ab_bin" "$bin" "$*"
        rc=0
        AB_CONFIRM=${confirm:-} python3 "$here/bench/abstat.py" judge "$work/$attempt" A B \
            "$threshold" > "$work/judge$attempt.txt" || rc=$?
        cat "$work/judge$attempt.txt"
        confirm=$(sed -n 's/^regressions (.*): //p' "$work/judge$attempt.txt")
        [ $rc -eq 1 ] && [ $attempt -eq 1 ] &&
            { echo "bench/gate.sh: a regression of $confirm; measuring again to confirm it"; continue; }
        exit $rc
    done
fi

echo "bench/gate.sh: FALLBACK: no buildable base revision ('${base:-none}'); comparing with" \
    "$baseline, normalised by CLBlast's convolution: its depthwise and bias rows go unmeasured" >&2
new=$work/new.csv
for attempt in 1 2; do
    measure "$new" "$@"
    rc=0
    # --across-devices: normalised by CLBlast's time on the same machine, a CI
    # machine whose CPU PoCL names differently still compares.
    "$bin" compare "$baseline" "$new" --normalize-by clblast-convgemm --fail-on geomean \
        --statistic min --threshold 40% --across-devices || rc=$?
    [ $rc -eq 1 ] && [ $attempt -eq 1 ] &&
        { echo "bench/gate.sh: a regression; measuring again to confirm it"; continue; }
    exit $rc
done
