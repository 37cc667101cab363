#!/bin/sh
# Integration test of the reference cache (host/run/refcache.c) through the
# binary: a first verified run writes an entry, a second loads it (a load
# marks it used: its mtime moves), another seed or fill is another entry (the
# exact fill's stored as floats, the float fill's as doubles), --no-ref-cache
# touches nothing, and a corrupt entry is reported, recomputed, and verifies.
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"
refs="$XDG_CACHE_HOME/convbench/references"
# 1 x 7 x 9 x 9 output: 567 values.
args="run -n 1 -c 5 -H 9 -W 9 -k 7 --algo direct --min-reps 1 --min-time 0 --no-peak"
fail() { echo "FAIL: $*"; exit 1; }
count() { ls "$refs" 2>/dev/null | grep -c '\.bin$'; }
run() { "$bin" $args --csv "$work/out.csv" "$@" >"$work/log" 2>&1 || fail "run $* failed: $(cat "$work/log")"; }

run --no-ref-cache
[ "$(count)" = 0 ] || fail "--no-ref-cache wrote $(count) entries"
run
[ "$(count)" = 1 ] || fail "a verified run should write one entry, found $(count)"
entry=$(ls "$refs"/*.bin)
# Header 32 bytes + payload head 16 + 2 x 567 floats.
size=$(stat -c %s "$entry")
[ "$size" = $((32 + 16 + 2 * 567 * 4)) ] || fail "exact-fill entry should hold floats: $size bytes"
touch -d '2001-01-01' "$entry"
run
[ "$(count)" = 1 ] || fail "a second run should reuse the entry, found $(count)"
[ "$(stat -c %Y "$entry")" -gt 978307200 ] || fail "the second run did not load the entry"
run --seed 2
[ "$(count)" = 2 ] || fail "another seed should be another entry, found $(count)"
run --fill float
[ "$(count)" = 3 ] || fail "another fill should be another entry, found $(count)"
big=$(ls -S "$refs"/*.bin | head -n 1)
[ "$(stat -c %s "$big")" = $((32 + 16 + 2 * 567 * 8)) ] || fail "float-fill entry should hold doubles"
printf 'garbage' | dd of="$entry" bs=1 seek=100 conv=notrunc 2>/dev/null
run
grep -q "corrupt" "$work/log" || fail "a corrupt entry was not reported: $(cat "$work/log")"
grep -q "summary: 1 PASS" "$work/log" || fail "the run on a corrupt entry did not verify"
echo "reference cache test passed"
