#!/bin/sh
# The GPU run: what a session does first when it is lent a GPU machine, in one
# bounded pass, every step's output kept under OUTDIR as it finishes.
#   1. `devices` (self-check, timer check) and `peak`;
#   2. every algorithm verified on the awkward shape classes
#      (tests/data/shape_classes.ini) in fp32/fp16 x NCHW/NHWC;
#   3. a bounded `tune` of ResNet-50 at batch 8;
#   4. the ResNet-50 sweep, batch 1 and 8, fp32/fp16 x NCHW/NHWC;
#   5. ctest against the GPU when a build tree with tests is given.
# Each step gets what is left of DEADLINE seconds (capped per step), so the
# whole pass ends in time and a later step never starves an earlier one.
#
# usage: bench/device-run.sh OUTDIR
# environment:
#   CONVBENCH  the binary (default build/convbench)
#   CB_LIBDIR  shared libraries carried beside it (libOpenCL, libclblast, ...)
#   CB_CTEST   a build tree whose ctest runs last (none: step 5 is skipped)
#   DEADLINE   seconds for the whole pass (default 540)
# exit: 0 when every step ran and passed, else the first failing step's code;
#       3 at once when no OpenCL GPU can be found (nothing else is worth the
#       machine's time then).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: bench/device-run.sh OUTDIR}
mkdir -p "$out"
bin=${CONVBENCH:-$here/build/convbench}
deadline=$(( $(date +%s) + ${DEADLINE:-540} ))
log=$out/log.txt
status=0

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

# The NVIDIA driver's OpenCL library is often installed without an ICD file
# naming it (containers mount the driver's libraries only): find it and make
# one, in a folder of our own the ICD loader reads instead of
# /etc/OpenCL/vendors.
[ -n "${CB_LIBDIR:-}" ] && export LD_LIBRARY_PATH="$CB_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if ! ls /etc/OpenCL/vendors/*nvidia* >/dev/null 2>&1; then
    lib=$( (ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so/ {print $NF}';
            find /usr/local/nvidia /usr/lib /usr/lib64 /lib /opt -name 'libnvidia-opencl.so*' 2>/dev/null) | head -1)
    if [ -n "$lib" ]; then
        mkdir -p "$out/.icd"
        echo "$lib" >"$out/.icd/nvidia.icd"
        export OCL_ICD_VENDORS="$out/.icd"
        export LD_LIBRARY_PATH="$(dirname "$lib"):$LD_LIBRARY_PATH"
        say "NVIDIA OpenCL: $lib (ICD file made in $out/.icd)"
    fi
fi
{ nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv 2>&1
  uname -a; nproc; } >>"$log"

export HOME=${HOME:-/tmp}
step devices 60 "$bin" devices
if ! grep -q "type GPU" "$log"; then
    say "no OpenCL GPU found; stopping (exit 3)"; exit 3
fi

step peak 120 "$bin" peak
step shape_classes 150 "$bin" --sweep "$here/tests/data/shape_classes.ini" \
     --dtype fp32,fp16 --layout nchw,nhwc --min-reps 2 --min-time 0 --no-tune-db 1 \
     --csv "$out/shape_classes.csv"
step tune 90 "$bin" tune --sweep "$here/configs/resnet.ini" --batch 8 \
     --budget 60 --tune-db "$out/tuning.db"
step resnet50 240 "$bin" --sweep "$here/configs/resnet.ini" \
     --dtype fp32,fp16 --layout nchw,nhwc --min-time 100 --tune-db "$out/tuning.db" \
     --csv "$out/resnet50.csv"
if [ -n "${CB_CTEST:-}" ]; then
    step ctest 240 ctest --test-dir "$CB_CTEST" -j8 --timeout 120 -LE extra-runtime
    cp "$CB_CTEST/Testing/Temporary/LastTest.log" "$out/ctest.log" 2>/dev/null
fi
say "done, exit $status"
exit $status
