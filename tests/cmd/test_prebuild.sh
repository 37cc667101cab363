#!/bin/sh
# Integration test of the parallel prebuild (host/run/prebuild.c): on empty
# caches, a sweep's own builds all come from the program cache that its child
# processes filled (cache_hit 1 on every row); --no-prebuild builds them in the
# sweep itself (cache_hit 0); a kernel that fails to build is reported by the
# sweep, once per row, not by the silent children; the results are the same.
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "SKIP: one core: the prebuild starts no children"; exit 77; }
cfg=$work/two.ini
cat > "$cfg" <<INI
[global]
batch = 1
kernel = 3
pad = 1
min_reps = 1
min_time = 0

[small]
in_channels = 5
out_channels = 7
size = 9

[wider]
in_channels = 6
out_channels = 4
size = 13
INI
# hits CSV: the cache_hit column of every row, space-separated.
hits() { /usr/bin/env python3 -c "
import csv, sys
print(' '.join(r['cache_hit'] for r in csv.DictReader(open(sys.argv[1]))))" "$1"; }
fresh() { rm -rf "$work/cache" "$work/pocl"; }
export XDG_CACHE_HOME="$work/cache" POCL_CACHE_DIR="$work/pocl"

fresh
"$bin" --sweep "$cfg" --algo direct --no-peak --csv "$work/pre.csv" >"$work/pre.log" 2>&1 ||
    fail "prebuilt sweep failed: $(cat "$work/pre.log")"
grep -q "^build:  the sweep's programs, in [0-9]* processes" "$work/pre.log" || fail "no prebuild line: $(cat "$work/pre.log")"
[ "$(hits "$work/pre.csv")" = "1 1" ] || fail "the sweep compiled what the children should have: cache_hit $(hits "$work/pre.csv")"

fresh
"$bin" --sweep "$cfg" --algo direct --no-peak --no-prebuild --csv "$work/own.csv" >"$work/own.log" 2>&1 ||
    fail "--no-prebuild sweep failed"
grep -q "^build:" "$work/own.log" && fail "--no-prebuild still prebuilt"
[ "$(hits "$work/own.csv")" = "0 0" ] || fail "--no-prebuild: cache_hit $(hits "$work/own.csv")"

fresh
"$bin" --sweep "$cfg" --algo direct --no-peak --kernel-opts=-DCB_BUILD_FAIL --csv "$work/bad.csv" >"$work/bad.log" 2>&1
rc=$?
[ $rc -eq 3 ] || fail "a build failure should exit 3, got $rc"
n=$(grep -c "clBuildProgram: CL_BUILD_PROGRAM_FAILURE" "$work/bad.log")
[ "$n" -ge 2 ] && [ "$n" -le 4 ] || fail "expected the failure reported for the sweep's 2 rows only, found $n lines"
echo "prebuild test passed"
