#!/bin/sh
# Two convbench processes building the same programs at once into one empty
# cache folder both succeed, and leave cache files that a third run loads
# (entries are written to a temporary file and renamed into place).
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"
args="run -n 1 -c 5 -H 9 -W 11 -k 7 --algo direct,winograd-2x3 --min-reps 1 --min-time 0"
"$bin" $args --csv "$work/a.csv" > "$work/a.out" 2>&1 &
pa=$!
"$bin" $args --csv "$work/b.csv" > "$work/b.out" 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
[ $ra -eq 0 ] && [ $rb -eq 0 ] || { cat "$work/a.out" "$work/b.out"; echo "a concurrent run failed"; exit 1; }
ls "$XDG_CACHE_HOME"/convbench/programs/*.tmp 2>/dev/null && { echo "temporary files left"; exit 1; }
"$bin" $args --csv "$work/c.csv" > "$work/c.out" 2>&1 || { cat "$work/c.out"; exit 1; }
grep -q "corrupt" "$work/c.out" && { echo "a cache entry was corrupt"; exit 1; }
idx=$(head -n 1 "$work/c.csv" | tr ',' '\n' | grep -n '^cache_hit$' | cut -d: -f1)
hits=$(tail -n +2 "$work/c.csv" | cut -d, -f"$idx" | tr '\n' ' ')
echo "cache hits of the third run: $hits"
[ "$hits" = "1 1 " ] || { echo "the third run did not load both programs from the cache"; exit 1; }
