#!/bin/sh
# A sweep of configs/smoke.ini passes verification for every case and writes one
# CSV row per case (7 layers x 2 batch sizes, one algorithm each) after a header.
set -u
bin=$1
config=$2
algos=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" --sweep "$config" --csv "$work/s.csv" > "$work/out" 2>&1
rc=$?
cat "$work/out"
[ $rc -eq 0 ] || { echo "exit code $rc"; exit 1; }
cases=14
expect=$((cases * algos))
grep -Eq "^summary: [0-9]+ PASS, 0 UNVERIFIED, 0 FAIL, [0-9]+ SKIPPED, 0 ERROR" "$work/out" ||
    { echo "not every case verified"; exit 1; }
lines=$(wc -l < "$work/s.csv")
echo "$lines CSV lines for $expect runs"
[ "$lines" -eq $((expect + 1)) ] || { echo "expected $((expect + 1)) lines"; exit 1; }
