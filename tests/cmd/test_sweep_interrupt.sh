#!/bin/sh
# An interrupted sweep keeps every finished case: SIGINT stops after the current
# case with exit 130, a summary of what ran and a CSV of complete rows; a second
# SIGINT aborts at once; SIGKILL (no chance to clean up) still leaves only
# complete rows, since each row is written and synced before the next case starts.
set -u
bin=$1
config=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every row of a complete CSV ends with its reproducer, "--algo <name>" (quoted
# when the reproducer has --params, whose value holds commas).
check_rows() {
    lines=$(wc -l < "$1")
    complete=$(grep -cE -- '--algo [a-z0-9-]+"?$' "$1")
    echo "$1: $lines lines, $complete complete rows"
    [ "$lines" -ge 2 ] || { echo "no finished case in the CSV"; exit 1; }
    [ "$complete" -eq $((lines - 1)) ] || { echo "a row is incomplete"; exit 1; }
    head -n 1 "$1" | grep -q '^schema,' || { echo "header missing"; exit 1; }
}

# Waits until the CSV holds at least one finished row (header + 1), up to 60 s.
wait_rows() {
    i=0
    while [ "$(cat "$1" 2>/dev/null | wc -l)" -lt 2 ] && [ $i -lt 600 ]; do
        sleep 0.1
        i=$((i + 1))
    done
}

# Slow cases (>= 400 ms of timing each) so the signal lands mid-sweep.
"$bin" --sweep "$config" --min-time 400 --max-reps 100000 --csv "$work/int.csv" > "$work/int.out" 2>&1 &
pid=$!
wait_rows "$work/int.csv"
kill -INT $pid
wait $pid
rc=$?
cat "$work/int.out"
[ $rc -eq 130 ] || { echo "exit code $rc after SIGINT, expected 130"; exit 1; }
grep -q "^interrupted: " "$work/int.out" || { echo "no 'interrupted' line"; exit 1; }
grep -q "^totals for " "$work/int.out" || { echo "no totals for what ran"; exit 1; }
check_rows "$work/int.csv"
rows=$(($(wc -l < "$work/int.csv") - 1))
table=$(grep -cE ' (PASS|SKIPPED) ' "$work/int.out")
[ "$rows" -eq "$table" ] || { echo "$table rows printed but $rows in the CSV"; exit 1; }

# A second SIGINT aborts at once, mid-case: no totals, but only complete rows.
"$bin" --sweep "$config" --min-time 400 --max-reps 100000 --csv "$work/twice.csv" > "$work/twice.out" 2>&1 &
pid=$!
wait_rows "$work/twice.csv"
kill -INT $pid
sleep 0.2
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || { echo "exit code $rc after two SIGINTs, expected 130"; exit 1; }
grep -q "again to abort now" "$work/twice.out" || { echo "no hint after the first SIGINT"; exit 1; }
grep -q "^summary: " "$work/twice.out" && { echo "the second SIGINT did not abort"; exit 1; }
check_rows "$work/twice.csv"

"$bin" --sweep "$config" --min-time 400 --max-reps 100000 --csv "$work/kill.csv" > /dev/null 2>&1 &
pid=$!
wait_rows "$work/kill.csv"
sleep 0.5
kill -KILL $pid
wait $pid 2>/dev/null
check_rows "$work/kill.csv"
echo "interrupt test passed"
