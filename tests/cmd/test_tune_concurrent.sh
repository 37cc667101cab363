#!/bin/sh
# Regression: two `convbench tune` processes on one tuning database each
# rewrote the copy they had read at start, so the winners of the one that
# finished first were lost. Two tuners of different shapes run at once on one
# database; both winners must be in it, and each run's CSV must have one
# header. usage: test_tune_concurrent.sh CONVBENCH
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/db.txt
fast="--algo direct --min-reps 2 --min-time 0 --budget 300 --tune-db $db --csv $work/tune.csv"
"$bin" tune -n 1 -c 4 -H 8 -W 8 -k 4 $fast > "$work/a.log" 2>&1 &
a=$!
"$bin" tune -n 1 -c 8 -H 6 -W 6 -k 4 $fast > "$work/b.log" 2>&1 &
b=$!
wait $a; ra=$?
wait $b; rb=$?
cat "$work/a.log" "$work/b.log"
[ $ra -eq 0 ] && [ $rb -eq 0 ] || { echo "FAIL: tune exited $ra and $rb"; exit 1; }
cat "$db"
for shape in n1-c4-8x8-k4 n1-c8-6x6-k4; do
    grep -q "^direct $shape-" "$db" || { echo "FAIL: the winner for $shape was lost"; exit 1; }
done
[ "$(grep -c '^schema,' "$work/tune.csv")" -eq 1 ] || { echo "FAIL: the shared CSV has several headers"; exit 1; }
echo "ok: both winners stored"
