#!/bin/sh
# Regression: a corrupt *default* tuning database (the one under the cache
# folder, never named by the user) was blamed on --tune-db and did not mention
# --no-tune-db. usage: test_tune_default_db.sh CONVBENCH
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A cache folder of its own, for a default database of its own; the suite's
# peak and PoCL's compiled kernels (when ctest gives a cache) save a minute.
shared=${XDG_CACHE_HOME:-}
export XDG_CACHE_HOME=$work/cache
mkdir -p "$XDG_CACHE_HOME/convbench"
if [ -n "$shared" ] && [ -d "$shared/convbench/peak" ]; then
    cp -r "$shared/convbench/peak" "$XDG_CACHE_HOME/convbench/"
    export POCL_CACHE_DIR="$shared/pocl"
fi
shape="-n 1 -c 4 -H 6 -W 6 -k 4 --algo direct --min-reps 1 --min-time 0"
"$bin" tune $shape --budget 60 --csv "$work/t.csv" > "$work/tune.log" 2>&1 || { cat "$work/tune.log"; exit 1; }
db=$(ls "$work"/cache/convbench/tuning/* | grep -v '\.lock$' | head -n 1)
[ -f "$db" ] || { echo "FAIL: tune wrote no default database"; exit 1; }
echo "direct this-line-is-corrupt" >> "$db"
"$bin" run $shape --no-peak --csv "$work/r.csv" > "$work/run.log" 2>&1
rc=$?
cat "$work/run.log"
[ $rc -eq 2 ] || { echo "FAIL: exit $rc, expected 2"; exit 1; }
grep -q -- "--tune-db:" "$work/run.log" && { echo "FAIL: blames --tune-db, which was not given"; exit 1; }
grep -q "this device's tuning database: $db:[0-9]*: expected" "$work/run.log" &&
    grep -q -- "--no-tune-db" "$work/run.log" || { echo "FAIL: message lacks the file or --no-tune-db"; exit 1; }
"$bin" run $shape --no-peak --no-tune-db --csv "$work/r.csv" > "$work/run2.log" 2>&1 || { cat "$work/run2.log"; echo "FAIL: --no-tune-db did not get past it"; exit 1; }
echo "ok"
