#!/bin/sh
# The GPU run: what a session does first when it is lent a machine with an
# accelerator, from a copy of the work tree to results in one command, in one
# bounded pass. Steps, most valuable first, each keeping what it finished
# under OUTDIR before the next starts:
#   1. find the OpenCL implementations (registering NVIDIA's library when the
#      machine has it without an ICD file), build unless a build is carried;
#   2. `devices` (self-check, timer check) and `peak`;
#   3. ResNet-50 at batch 32 with every algorithm and `best`, untuned, with
#      sampled verification: a result even if nothing after it runs;
#   4. a bounded `tune` (implicit-gemm, Winograd's tiled GEMM, direct) of
#      representative ResNet-50 layers at batch 32;
#   5. the same sweep again with that tuning database;
#   6. every algorithm on the awkward shape classes (tests/data/
#      shape_classes.ini), fp32/fp16 x NCHW/NHWC, fully verified;
#   7. the test suite, but for the tests that need PoCL or the other CPU
#      runtimes (label extra-runtime), when a build tree is at hand;
#   8. `report` of each sweep, and a summary of what ran.
# Each step gets what is left of DEADLINE seconds (capped per step), so the
# pass ends in time and a late step never starves an earlier one.
#
# usage: bench/device-run.sh [OUTDIR]    (default results/<device>/)
# environment:
#   CONVBENCH  the binary (default: build/convbench, built here when missing)
#   CB_LIBDIR  shared libraries carried beside it (libOpenCL, libclblast, ...)
#   CB_CTEST   a build tree whose ctest runs in step 7 (default: the binary's
#              folder when it has a CTestTestfile.cmake; none: step skipped)
#   DEADLINE   seconds for the whole pass (default 540)
#   CB_DEVICE_TYPE  the device type to run on (default GPU); CPU runs the
#              pass on this machine's default device, as the test does
#   CB_QUICK   1: tiny configs (configs/smoke.ini, batch 2) and short steps,
#              for the test that runs this script end to end on a CPU
# exit: 0 when every step ran and passed, else the first failing step's code;
#       3 at once when no OpenCL device of CB_DEVICE_TYPE can be found.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
deadline=$(( $(date +%s) + ${DEADLINE:-540} ))
type=${CB_DEVICE_TYPE:-GPU}
quick=${CB_QUICK:-0}
status=0
tmp_log=$(mktemp)
log=$tmp_log

say() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$log"; }

# step NAME CAP command...: runs with min(CAP, time left) seconds, output to
# the log; a timeout or failure is recorded, never fatal.
step() {
    name=$1 cap=$2; shift 2
    left=$(( deadline - $(date +%s) ))
    [ "$left" -lt "$cap" ] && cap=$left
    if [ "$cap" -lt 10 ]; then
        say "$name: SKIPPED, no time left"; return
    fi
    say "$name (at most ${cap}s): $*"
    t0=$(date +%s)
    timeout -k 5 "$cap" "$@" >>"$log" 2>&1
    rc=$?
    say "$name: exit $rc after $(( $(date +%s) - t0 ))s"
    [ "$rc" -ne 0 ] && [ "$status" -eq 0 ] && status=$rc
}

# 1. OpenCL implementations. The NVIDIA driver's OpenCL library is often
# installed without an ICD file naming it (containers mount the driver's
# libraries only): find it and make one, in a folder of our own the ICD
# loader reads instead of /etc/OpenCL/vendors.
[ -n "${CB_LIBDIR:-}" ] && export LD_LIBRARY_PATH="$CB_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
icd_dir=$(mktemp -d)
if [ "$type" = GPU ] && ! ls /etc/OpenCL/vendors/*nvidia* >/dev/null 2>&1; then
    lib=$( (ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so/ {print $NF}';
            find /usr/local/nvidia /usr/lib /usr/lib64 /lib /opt -name 'libnvidia-opencl.so*' 2>/dev/null) | head -1)
    if [ -n "$lib" ]; then
        cp /etc/OpenCL/vendors/*.icd "$icd_dir/" 2>/dev/null
        echo "$lib" >"$icd_dir/nvidia.icd"
        export OCL_ICD_VENDORS="$icd_dir"
        export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        say "NVIDIA OpenCL: $lib (ICD file made in $icd_dir)"
    fi
fi
bin=${CONVBENCH:-$here/build/convbench}
if [ ! -x "$bin" ]; then
    say "no carried build: building $bin"
    { cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=Release &&
      cmake --build "$here/build" -j"$(nproc)"; } >>"$log" 2>&1 ||
        { say "the build failed (log: $log)"; exit 3; }
fi
export HOME=${HOME:-/tmp}
"$bin" devices --no-check >>"$log" 2>&1
dev=$("$bin" devices --no-check 2>/dev/null | awk -v t="type $type," '
    /^[^ ]/ { id = $0; sub(/ +\(default\)$/, "", id) }
    index($0, t) { print id; exit }')
if [ -z "$dev" ]; then
    say "no OpenCL device of type $type found; stopping (exit 3)"
    cat "$log"; exit 3
fi
slug=$(printf '%s' "$dev" | sed 's|^[^/]*/||' | tr -c 'a-zA-Z0-9._-' '_' | sed 's/__*/_/g; s/_$//')
out=${1:-$here/results/$slug}
mkdir -p "$out"
log=$out/log.txt
cat "$tmp_log" >>"$log"
rm -f "$tmp_log"
say "device: $dev; results in $out"
{ nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv 2>&1
  uname -a; nproc; git -C "$here" rev-parse HEAD 2>&1; } >>"$log"

# Quick (the CPU test): a tiny network, two algorithms (a CPU compiles
# CLBlast's kernels for minutes), the Oclgrind test's three tiny layers.
if [ "$quick" = 1 ]; then
    net=$here/configs/smoke.ini batch=2 cap=60 tune_budget=15 tune_layers=.
    algos=direct,implicit-gemm classes=$here/tests/data/oclgrind.ini
else
    net=$here/configs/resnet.ini batch=32 cap=150 tune_budget=120
    tune_layers='^(res2_3x3|res3_3x3|res4_3x3|res5_3x3|res2_1x1_reduce|res3_1x1_expand|res4_1x1_reduce|res5_1x1_expand)$'
    algos=all,best classes=$here/tests/data/shape_classes.ini
fi
step devices 60 "$bin" devices
step peak 90 "$bin" peak --device "$dev"
step sweep_untuned "$cap" "$bin" --sweep "$net" --device "$dev" --batch "$batch" --algo "$algos" \
     --verify sample --min-time 50 --no-tune-db --csv "$out/resnet50-untuned.csv"
step tune $((tune_budget + 30)) "$bin" tune --sweep "$net" --device "$dev" --batch "$batch" \
     --layer "$tune_layers" --algo implicit-gemm,winograd-4x3,direct --budget "$tune_budget" \
     --tune-db "$out/tuning.db"
step sweep_tuned "$cap" "$bin" --sweep "$net" --device "$dev" --batch "$batch" --algo "$algos" \
     --verify sample --min-time 50 --tune-db "$out/tuning.db" --csv "$out/resnet50-tuned.csv"
step shape_classes "$cap" "$bin" --sweep "$classes" --device "$dev" --algo "$algos" \
     --dtype fp32,fp16 --layout nchw,nhwc --min-reps 2 --min-time 0 --no-tune-db \
     --csv "$out/shape_classes.csv"
ctest_dir=${CB_CTEST:-}
[ -z "$ctest_dir" ] && [ -f "$(dirname "$bin")/CTestTestfile.cmake" ] && ctest_dir=$(dirname "$bin")
if [ -n "$ctest_dir" ] && [ "$quick" != 1 ]; then
    step ctest 240 ctest --test-dir "$ctest_dir" -j8 --timeout 120 -LE extra-runtime
    cp "$ctest_dir/Testing/Temporary/LastTest.log" "$out/ctest.log" 2>/dev/null
fi
for csv in "$out"/resnet50-untuned.csv "$out"/resnet50-tuned.csv; do
    [ -s "$csv" ] && "$bin" report "$csv" >"${csv%.csv}.md" 2>>"$log"
done
say "done, exit $status"
exit $status
