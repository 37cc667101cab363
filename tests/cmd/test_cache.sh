#!/bin/sh
# Integration test of the program cache through the binary: a second run loads
# the program from the cache, and a corrupted cache file is detected, rebuilt,
# and the run still verifies.
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"
args="run -n 1 -c 5 -H 9 -W 11 -k 7 --algo direct --min-reps 1 --min-time 0"
hit_of_last_row() { tail -n 1 "$1" | awk -F, -v col="$2" '{print $col}'; }
"$bin" $args --csv "$work/a.csv" >/dev/null || { echo "first run failed"; exit 1; }
"$bin" $args --csv "$work/b.csv" >/dev/null || { echo "second run failed"; exit 1; }
idx=$(head -n 1 "$work/a.csv" | tr ',' '\n' | grep -n '^cache_hit$' | cut -d: -f1)
first=$(hit_of_last_row "$work/a.csv" "$idx")
second=$(hit_of_last_row "$work/b.csv" "$idx")
echo "cache_hit: first run $first, second run $second"
[ "$first" = 0 ] || { echo "first run should compile"; exit 1; }
[ "$second" = 1 ] || { echo "second run should load from the cache"; exit 1; }
files=$(ls "$XDG_CACHE_HOME"/convbench/programs/*.bin)
[ -n "$files" ] || { echo "no cache file written"; exit 1; }
for f in $files; do
    printf 'garbage' | dd of="$f" bs=1 seek=40 conv=notrunc 2>/dev/null
done
out=$("$bin" $args --csv "$work/c.csv" 2>&1) || { echo "run on a corrupt cache failed: $out"; exit 1; }
echo "$out" | grep -q "corrupt" || { echo "corruption was not reported: $out"; exit 1; }
third=$(hit_of_last_row "$work/c.csv" "$idx")
[ "$third" = 0 ] || { echo "a corrupt entry was loaded"; exit 1; }
echo "cache test passed"
