#!/bin/sh
# The performance regression gate CI runs: the smoke sweep on this machine,
# at batch 4 and 8 (more work per kernel than the tests' batch 1 and 2),
# compared with the committed baseline by `convbench compare`: each case's
# fastest run (--statistic min: a shared machine's noise only adds time), as a
# ratio to CLBlast's convolution on the same case (--normalize-by, which
# cancels how fast the machine happens to be), judged per algorithm by the
# geometric mean of those ratios (--fail-on geomean): single rows of identical
# runs move by up to 2x here, the geometric means by up to 1.2x (README,
# "Regression gate"). Each measurement, the baseline's too, is GATE_PROCESSES
# (default 3) runs of the sweep in separate processes, and a case counts its
# fastest process: on this machine a Winograd case's fastest run moved 2.3x
# between processes (1.5 to 3.5 ms), never within one, so one process is one
# sample. A regression must show twice: a failing comparison is measured again
# before the gate fails (exit 1). A direct kernel doing twice the work
# measured 1.8x and fails it.
#
# usage: bench/gate.sh              compare with the baseline (exit 0, 1 regression, 2 error)
#        bench/gate.sh --refresh    measure a new baseline, on purpose (commit it)
# Extra convbench options may follow either form (say --kernel-opts=...).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
baseline=${GATE_BASELINE:-$here/bench/baselines/smoke-pocl-cpu.csv}
threshold=${GATE_THRESHOLD:-40%}
processes=${GATE_PROCESSES:-3}
refresh=0
if [ "${1:-}" = "--refresh" ]; then
    refresh=1
    shift
fi
# Long enough per case that kernel time, not launch overhead, is compared.
run="--sweep $here/configs/smoke.ini --batch 4,8 --min-time 100 --min-reps 10 --no-tune-db --no-peak"
# measure CSV ARGS...: the sweep in $processes processes, appended to CSV.
measure() {
    out=$1
    shift
    rm -f "$out"
    i=0
    while [ $i -lt "$processes" ]; do
        "$bin" $run --csv "$out" "$@" > /dev/null
        i=$((i + 1))
    done
}
if [ $refresh -eq 1 ]; then
    measure "$baseline" "$@"
    echo "bench/gate.sh: new baseline in $baseline ($processes processes); commit it with the change that moved it"
    exit 0
fi
new=$(mktemp /tmp/convbench-gate.XXXXXX.csv)
trap 'rm -f "$new"' EXIT
for attempt in 1 2; do
    measure "$new" "$@"
    rc=0
    # --across-devices: normalised by CLBlast's time on the same machine, a CI
    # machine whose CPU PoCL names differently still compares.
    "$bin" compare "$baseline" "$new" --normalize-by clblast-convgemm --fail-on geomean \
        --statistic min --threshold "$threshold" --across-devices || rc=$?
    [ $rc -eq 1 ] && [ $attempt -eq 1 ] &&
        { echo "bench/gate.sh: a regression; measuring again to confirm it"; continue; }
    exit $rc
done
