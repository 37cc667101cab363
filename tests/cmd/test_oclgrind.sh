#!/bin/sh
# Every kernel family of every algorithm under Oclgrind's simulator with its
# data-race detector: tests/data/oclgrind.ini's tiny awkward shapes, each
# algorithm with its defaults and then each tunable value in turn (the others
# at their defaults), not every combination (the tiled GEMM: a sample, see
# below); then in NHWC. Each run also executes the
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
for algo in direct im2col clblast-convgemm; do
    check "$algo" --algo "$algo"
    params=$("$bin" tune --list | awk -v a="$algo:" '
        /^[^ ]/ { on = ($1 == a) }
        on && /^  / { n = split($2, v, "|"); for (i = 1; i <= n; i++) print $1 "=" v[i] }')
    for p in $params; do
        check "$algo-$p" --algo "$algo" --params "$p"
    done
done
# The tiled GEMM's tunables constrain each other (tiles divide by work-items
# times vector widths), so one at a time from the defaults is mostly refused:
# instead a sample of valid tiles that together hold every value of every
# tunable, with the edges: 1024 work-items (Oclgrind's limit), local memory
# filled to its last byte (2 x 32 x 128 floats = 32 KiB), and each of
# SA/SB on and off. SG=1 needs subgroups, which Oclgrind lacks: its kernel is
# the SG=0 one with broadcasts for loads, checked on Intel's runtime
# (test_gemm_tiles.sh). Oclgrind is a GPU to convbench: the defaults are the
# GPU's (both tiles in local memory; Winograd tiled).
tiles="MWG=16,NWG=16,KWG=8,MDIMC=4,NDIMC=4,VWM=4,VWN=4,SA=1,SB=1,KWI=8
MWG=32,NWG=128,KWG=32,MDIMC=32,NDIMC=32,VWM=1,VWN=4,SA=1,SB=1,KWI=1
MWG=128,NWG=128,KWG=32,MDIMC=16,NDIMC=16,VWM=8,VWN=8,SA=1,SB=1,KWI=4
MWG=64,NWG=32,KWG=16,MDIMC=8,NDIMC=8,VWM=2,VWN=1,SA=0,SB=1,KWI=2
MWG=64,NWG=64,KWG=8,MDIMC=16,NDIMC=8,VWM=4,VWN=8,SA=1,SB=0,KWI=8
MWG=64,NWG=16,KWG=16,MDIMC=8,NDIMC=8,VWM=8,VWN=2,SA=0,SB=0,KWI=2"
check implicit-gemm --algo implicit-gemm
for p in $tiles; do
    check "implicit-gemm-$p" --algo implicit-gemm --params "$p"
done
for algo in winograd-2x3 winograd-4x3; do
    check "$algo" --algo "$algo"
    for p in TILED=0 TILED=0,KT=4 TILED=0,KT=16 TILED=0,TV=4 TILED=0,TV=16 \
        "TILED=1,$(echo "$tiles" | sed -n 4p)" "TILED=1,$(echo "$tiles" | sed -n 5p)"; do
        check "$algo-$p" --algo "$algo" --params "$p"
    done
done
# NHWC, each of convbench's algorithms at its defaults: the channels-last
# reads and writes. (Oclgrind has no cl_khr_fp16: fp16 kernels are checked on
# Intel's runtime by test_descriptors.sh, not here.)
for algo in direct im2col implicit-gemm winograd-2x3 winograd-4x3 winograd-6x3; do
    check "$algo-nhwc" --algo "$algo" --layout nhwc
done
# F(6x6,3x3): the same kernels as the other tile sizes with ALPHA = 8; its
# defaults (register-tiled GEMM here) and the tiled GEMM.
check winograd-6x3 --algo winograd-6x3
check winograd-6x3-TILED=1 --algo winograd-6x3 --params "TILED=1,$(echo "$tiles" | sed -n 4p)"
# Backward data and weights: direct's gather (the strided layers), its
# rotation of the weights and forward kernel on the transposed problem (the
# unstrided one), its split reduction and ordered sum; im2col's col2im and
# GEMMs; Winograd's backward data (rotation, then its forward kernels).
check backward -F 6 --algo direct,im2col,winograd-2x3
check backward-nhwc -F 2 --algo direct,winograd-2x3 --layout nhwc
[ $fail -eq 0 ] || exit 1
echo "test_oclgrind: ok: $runs sweeps of $(grep -c '^\[' "$src/tests/data/oclgrind.ini") layers, every one clean under oclgrind --data-races"
