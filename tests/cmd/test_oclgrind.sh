#!/bin/sh
# Every kernel family of every algorithm under Oclgrind's simulator with its
# data-race detector: tests/data/oclgrind.ini's tiny awkward shapes, each
# algorithm with its defaults and then each tunable value in turn (the others
# at their defaults), not every combination; then in NHWC. Each run also executes the
# self-check's kernels (kernels/selfcheck.cl, peak.cl's FMA loop).
# Oclgrind exits 0 even after it reports an invalid access, so the log is
# read: any invalid access, data race or work-group divergence fails the test,
# as does a case that does not PASS. A planted out-of-bounds write
# (-DCB_CRASH_C) must be reported first, or the log reader proves nothing.
# --uninitialized stays off: it aborts on LLVM's freeze instruction here.
# usage: test_oclgrind.sh CONVBENCH SOURCE_DIR WORKDIR; exit 77 (skip) without oclgrind.
set -u
bin=$1
src=$2
dir=$3
command -v oclgrind >/dev/null 2>&1 ||
    { echo "test_oclgrind: SKIP: oclgrind is not installed (scripts/install-devices.sh)"; exit 77; }
rm -rf "$dir"
mkdir -p "$dir"
export XDG_CACHE_HOME="$dir/cache"
fail=0
runs=0
# check NAME ARGS...: one convbench sweep under Oclgrind, its log read.
check() {
    name=$1
    shift
    log="$dir/$name.log"
    oclgrind --data-races "$bin" --sweep "$src/tests/data/oclgrind.ini" --no-peak --no-tune-db \
        --no-cache --csv "$dir/$name.csv" "$@" > "$log" 2>&1
    rc=$?
    runs=$((runs + 1))
    bad=$(grep -cE "^Invalid (read|write)|data race|divergence detected|^Oclgrind - " "$log")
    if [ "$bad" -ne 0 ] || [ "$rc" -ne 0 ] || ! grep -qE "summary: [1-9][0-9]* PASS, 0 UNVERIFIED, 0 FAIL, [0-9]+ SKIPPED, 0 ERROR" "$log"; then
        echo "test_oclgrind: $name: exit $rc, $bad reports; log $log:"
        grep -E "^Invalid|data race|divergence|^Oclgrind|summary:|Kernel:|At line" "$log" | head -20
        fail=1
    fi
}

# The planted bug: a write to address 16 must be reported.
oclgrind --data-races "$bin" run -n 1 -c 3 -H 5 -W 7 -k 5 --algo direct --min-reps 1 \
    --min-time 0 --warmup 0 --no-peak --no-tune-db --no-cache --csv "$dir/planted.csv" \
    --kernel-opts=-DCB_CRASH_C=3 > "$dir/planted.log" 2>&1
grep -q "^Invalid write of size 4 at global memory address 0x10" "$dir/planted.log" ||
    { echo "test_oclgrind: the planted out-of-bounds write was not reported:"; tail -5 "$dir/planted.log"; exit 1; }

# Each algorithm at its defaults, then each value of each tunable in turn.
for algo in direct im2col winograd-2x3 winograd-4x3 clblast-convgemm; do
    check "$algo" --algo "$algo"
    params=$("$bin" tune --list | awk -v a="$algo:" '
        /^[^ ]/ { on = ($1 == a) }
        on && /^  / { n = split($2, v, "|"); for (i = 1; i <= n; i++) print $1 "=" v[i] }')
    for p in $params; do
        check "$algo-$p" --algo "$algo" --params "$p"
    done
done
# NHWC, each of convbench's algorithms at its defaults: the channels-last
# reads and writes. (Oclgrind has no cl_khr_fp16: fp16 kernels are checked on
# Intel's runtime by test_descriptors.sh, not here.)
for algo in direct im2col winograd-2x3 winograd-4x3; do
    check "$algo-nhwc" --algo "$algo" --layout nhwc
done
[ $fail -eq 0 ] || exit 1
echo "test_oclgrind: ok: $runs sweeps of $(grep -c '^\[' "$src/tests/data/oclgrind.ini") layers, every one clean under oclgrind --data-races"
