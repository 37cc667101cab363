#!/bin/sh
# bench/device-run.sh end to end on this machine's default device (PoCL), in
# its quick mode, so that the script a lent GPU machine runs first has run
# before: every step finishes and passes, and the sweeps' CSVs (verified
# rows), the tuning database and the reports land in the output folder.
# usage: test_device_run.sh CONVBENCH SOURCE_DIR WORKDIR
set -u
bin=$1
src=$2
dir=$3
rm -rf "$dir"
mkdir -p "$dir"
export XDG_CACHE_HOME="${XDG_CACHE_HOME:-$dir/cache}"
fail() { echo "test_device_run: $*" >&2; tail -30 "$dir/out/log.txt" 2>/dev/null; exit 1; }
CONVBENCH=$bin CB_DEVICE_TYPE=CPU CB_QUICK=1 DEADLINE=240 CB_CTEST= \
    sh "$src/bench/device-run.sh" "$dir/out" > "$dir/run.log" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "exit $rc"
for step in devices peak sweep_untuned tune sweep_tuned shape_classes; do
    grep -q "== [0-9:]* $step: exit 0 after" "$dir/out/log.txt" || fail "step $step did not pass"
done
for f in resnet50-untuned.csv resnet50-tuned.csv shape_classes.csv tuning.db \
    resnet50-untuned.md resnet50-tuned.md; do
    [ -s "$dir/out/$f" ] || fail "$f is missing or empty"
done
/usr/bin/python3 - "$dir/out" <<'EOF' || exit 1
import csv, sys
for name in ("resnet50-untuned.csv", "resnet50-tuned.csv"):
    rows = list(csv.DictReader(open(f"{sys.argv[1]}/{name}", newline="")))
    ok = [r for r in rows if r["status"] == "PASS"]
    assert ok and len(ok) == len(rows), f"{name}: {len(ok)} of {len(rows)} rows PASS"
tuned = [r for r in csv.DictReader(open(f"{sys.argv[1]}/resnet50-tuned.csv", newline=""))
         if r["params_from"] == "tuning-db"]
assert tuned, "no row of the tuned sweep used the tuning database"
EOF
echo "test_device_run: ok"
