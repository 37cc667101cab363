#!/bin/sh
# --cold-cache: every algorithm still verifies with the scrub kernel run before
# each of its runs, and the CSV's cache column says which mode measured a row.
# usage: test_cold_cache.sh CONVBENCH CONFIG WORKDIR
set -u
bin=$1 config=$2 dir=$3
rm -rf "$dir"
mkdir -p "$dir"
for mode in hot cold; do
    flag=
    [ $mode = cold ] && flag=--cold-cache
    "$bin" --sweep "$config" --layer '^conv3x3$' --batch 1 --min-reps 2 --min-time 0 --no-peak \
        $flag --csv "$dir/$mode.csv" > "$dir/$mode.log" 2>&1 ||
        { cat "$dir/$mode.log"; echo "test_cold_cache: $mode run exited $?"; exit 1; }
    python3 - "$dir/$mode.csv" "$mode" <<'PY' || exit 1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
passed = [r for r in rows if r["status"] == "PASS"]
assert len(passed) >= 4, f"{len(passed)} rows passed"
bad = [r["algorithm"] for r in rows if r["cache"] != sys.argv[2]]
assert not bad, f"cache column is not {sys.argv[2]} for {bad}"
PY
done
echo "test_cold_cache: ok"
