#!/bin/sh
# The CI regression gate (bench/gate.sh) catches a kernel that got twice as
# slow: a baseline measured here, then the same sweep with the direct kernel
# built to do its reduction twice (-DCB_SLOWDOWN=2, same answers) must fail
# the gate with direct's geometric mean a REGRESSION.
# usage: test_gate.sh CONVBENCH GATE_SCRIPT WORKDIR
set -u
dir=$3
rm -rf "$dir"
mkdir -p "$dir"
# One process per measurement: baseline and new run minutes apart in one CI
# job, and a 2x slower kernel stands far out of one process's noise.
export CONVBENCH="$1" GATE_BASELINE="$dir/baseline.csv" GATE_PROCESSES=1
sh "$2" --refresh > "$dir/refresh.log" 2>&1 || { cat "$dir/refresh.log"; echo "refresh failed"; exit 1; }
sh "$2" --kernel-opts=-DCB_SLOWDOWN=2 > "$dir/gate.log" 2>&1
rc=$?
cat "$dir/gate.log"
[ $rc -eq 1 ] || { echo "test_gate: gate exited $rc on a 2x slower direct kernel, expected 1"; exit 1; }
grep -Eq '^  direct +[0-9.]+ over [0-9]+ cases  REGRESSION' "$dir/gate.log" ||
    { echo "test_gate: direct's geometric mean is not a REGRESSION"; exit 1; }
echo "test_gate: ok"
