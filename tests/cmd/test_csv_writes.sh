#!/bin/sh
# What reaches the CSV when the file or the disk misbehaves. usage:
#   test_csv_writes.sh BIN CASE
# CASE is one regression, each named after the fault it guards:
#   full_disk_half_row  a write that fails (a full disk: a file size limit
#                       here, which needs no root) leaves the file at its last
#                       complete row, exit 4 naming the file; the next append
#                       is clean
#   glued_to_half_row   a CSV that ends in a cut row gets a newline before the
#                       next row, with a warning; compare and report skip the
#                       cut row with a warning naming its line
#   stdout_hang         --csv /dev/stdout, -, /dev/stderr and a FIFO are
#                       written, never read (reading them blocked for ever)
#   other_device_silent appending to a CSV that holds another device's rows
#                       is allowed (rows are keyed by device) but said
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Runs of a few hundred microseconds: a run within 2x of an empty launch is
# too short for either clock, and compare then has no time to compare.
run="run -n 1 -c 16 -H 16 -W 16 -k 16 --min-reps 2 --min-time 0 --no-peak --algo direct"

# Every row of $1 has the header's field count (Python's csv module, not ours).
rows_complete() {
    python3 - "$1" <<'PY' || exit 1
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
bad = [i + 1 for i, r in enumerate(rows) if len(r) != len(rows[0])]
print(f"{sys.argv[1]}: {len(rows) - 1} rows, {len(rows[0])} columns, malformed rows: {bad}")
sys.exit(1 if bad or rows[0][0] != "schema" else 0)
PY
}

fail() {
    echo "FAIL: $*"
    exit 1
}

case $2 in
full_disk_half_row)
    csv=$work/full.csv
    "$bin" $run --csv "$csv" > "$work/first.out" 2>&1 || { cat "$work/first.out"; fail "first run"; }
    # 8 KiB (dash counts 512-byte blocks): room for a few rows of 700 bytes.
    sh -c 'trap "" XFSZ; ulimit -f 16; exec "$@"' sh "$bin" $run -i 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 \
        --csv "$csv" > "$work/full.out" 2>&1
    rc=$?
    cat "$work/full.out"
    [ $rc -eq 4 ] || fail "exit code $rc when the file could not grow, expected 4 (write error)"
    grep -q "writing $csv failed: File too large; the file ends at its last complete row" \
        "$work/full.out" || fail "no write error naming the file"
    [ "$(tail -c 1 "$csv" | od -An -c | tr -d ' ')" = '\n' ] || fail "the file does not end with a newline"
    rows_complete "$csv"
    "$bin" $run --csv "$csv" > "$work/again.out" 2>&1 || { cat "$work/again.out"; fail "append after the failure"; }
    rows_complete "$csv"
    ;;
glued_to_half_row)
    csv=$work/cut.csv
    "$bin" $run -i 1,2 --csv "$csv" > "$work/first.out" 2>&1 || { cat "$work/first.out"; fail "first run"; }
    size=$(wc -c < "$csv")
    truncate -s $((size - 300)) "$csv" # the last row cut short, as a full disk left it
    "$bin" $run -i 3 --csv "$csv" > "$work/next.out" 2>&1 || { cat "$work/next.out"; fail "append"; }
    cat "$work/next.out"
    grep -q "warning: $csv did not end with a newline" "$work/next.out" || fail "no warning about the cut row"
    [ "$(grep -c '^[0-9][0-9]*,' "$csv")" -eq 3 ] || fail "expected three rows, one of them cut"
    for cmd in "compare $csv $csv" "report $csv"; do
        "$bin" $cmd > "$work/cmd.out" 2> "$work/cmd.err"
        rc=$?
        cat "$work/cmd.err"
        [ $rc -eq 0 ] || fail "convbench $cmd: exit $rc, expected 0 with the cut row skipped"
        grep -q "warning: $csv:3: [0-9]* fields, but the header has [0-9]* columns; row skipped" \
            "$work/cmd.err" || fail "convbench $cmd: no warning naming line 3"
    done
    ;;
stdout_hang)
    for target in /dev/stdout -; do
        timeout 60 "$bin" $run --csv "$target" > "$work/out.csv" 2> "$work/err.txt"
        rc=$?
        [ $rc -eq 0 ] || { cat "$work/err.txt"; fail "--csv $target: exit $rc (124: it hung)"; }
        rows_complete "$work/out.csv"
        [ "$(wc -l < "$work/out.csv")" -eq 2 ] || fail "--csv $target: standard output is not just the CSV"
        grep -q "summary: 1 PASS" "$work/err.txt" || fail "--csv $target: the table did not go to stderr"
    done
    timeout 60 "$bin" $run --csv /dev/stderr > "$work/out.txt" 2> "$work/err.csv" ||
        fail "--csv /dev/stderr: exit $? (124: it hung)"
    grep -q '^schema,' "$work/err.csv" || fail "--csv /dev/stderr: no header on stderr"
    mkfifo "$work/fifo"
    cat "$work/fifo" > "$work/fifo.csv" &
    timeout 60 "$bin" $run --csv "$work/fifo" > "$work/fifo.out" 2>&1 ||
        { cat "$work/fifo.out"; fail "--csv FIFO: exit $? (124: it hung)"; }
    wait
    rows_complete "$work/fifo.csv"
    ;;
other_device_silent)
    csv=$work/two.csv
    "$bin" $run --csv "$csv" > "$work/first.out" 2>&1 || { cat "$work/first.out"; fail "first run"; }
    sed -i '2s/,[^,]*,[^,]*,[^,]*,,1,1,16,16,16,16,/,Other Platform,Other GPU,9.9,,1,1,16,16,16,16,/' "$csv"
    grep -q "Other GPU" "$csv" || fail "could not make the other device's row"
    "$bin" $run --csv "$csv" > "$work/next.out" 2>&1 || { cat "$work/next.out"; fail "append"; }
    grep -q "note:   $csv already holds 1 rows of another device (Other Platform/Other GPU, driver 9.9, line 2)" \
        "$work/next.out" || { cat "$work/next.out"; fail "no note about the other device"; }
    ;;
*)
    fail "unknown case '$2'"
    ;;
esac
echo "ok: $2"
