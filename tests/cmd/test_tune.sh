#!/bin/sh
# convbench tune end to end on a small shape: the tuner writes the database,
# a later run uses what is stored (a stored non-default point, so the defaults
# cannot pass for it), --no-tune-db and --params override it, a tuner whose
# every candidate computes wrong stores nothing and exits 1, and `best` picks a
# verified algorithm and names it.
# usage: test_tune.sh CONVBENCH WORKDIR
set -eu
bin=$1
dir=$2
rm -rf "$dir"
mkdir -p "$dir"
shape="-n 1 -c 8 -H 12 -W 12 -k 8"
fast="--min-reps 2 --min-time 0"
db=$dir/db.txt
fail() { echo "test_tune: $*" >&2; exit 1; }
# col FILE ALGO COLUMN: the column's value in the first row of ALGO.
col() {
    python3 - "$@" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["algorithm"] == sys.argv[2]]
print(rows[0][sys.argv[3]] if rows else "<no row>")
PY
}

# 1. Tune: both algorithms get an entry keyed by device and shape. The
# budget ends Winograd's search early (its space, with the tiled GEMM's
# tunables, is large: random points first, each a compile of seconds on
# PoCL); a search cut short still stores its best.
"$bin" tune $shape --algo direct,winograd-2x3 --tune-db "$db" --csv "$dir/tune.csv" \
    --budget 90 > "$dir/tune.log" 2>&1 || { cat "$dir/tune.log"; fail "tune exited $?"; }
grep -q '^device = ' "$db" || fail "no device line in $db"
grep -q '^direct n1-c8-12x12-k8-3x3-u1x1-p1x1-d1x1-g1-b0 KT=' "$db" || { cat "$db"; fail "no direct entry"; }
grep -q '^winograd-2x3 n1-c8-12x12-k8-' "$db" || fail "no winograd-2x3 entry"
n=$(grep -c ',candidate,' "$dir/tune.csv" || true)
[ "$n" -ge 8 ] || fail "expected every candidate in the CSV, found $n"

# 2. A run uses the stored parameters: make the entry a non-default point.
sed -i 's/^\(direct n1-c8-12x12-k8-[^ ]*\) [^ ]*/\1 KT=4,QV=4,WG=16/' "$db"
"$bin" run $shape --algo direct --tune-db "$db" --csv "$dir/run.csv" $fast > "$dir/run.log" 2>&1 ||
    { cat "$dir/run.log"; fail "tuned run exited $?"; }
[ "$(col "$dir/run.csv" direct params)" = "KT=4,QV=4,WG=16" ] || fail "run ignored the database: $(col "$dir/run.csv" direct params)"
[ "$(col "$dir/run.csv" direct params_from)" = "tuning-db" ] || fail "params_from is not tuning-db"
[ "$(col "$dir/run.csv" direct status)" = "PASS" ] || fail "tuned run did not pass"

# 3. --no-tune-db runs the defaults; --params wins over the database.
"$bin" run $shape --algo direct --tune-db "$db" --no-tune-db --csv "$dir/plain.csv" $fast > /dev/null
[ "$(col "$dir/plain.csv" direct params_from)" = "default" ] || fail "--no-tune-db used the database"
[ "$(col "$dir/plain.csv" direct params)" = "KT=8,QV=8,WG=auto" ] || fail "unexpected defaults"
"$bin" run $shape --algo direct --tune-db "$db" --params QV=16 --csv "$dir/p.csv" $fast > /dev/null
[ "$(col "$dir/p.csv" direct params)" = "KT=8,QV=16,WG=auto" ] || fail "--params not applied"
[ "$(col "$dir/p.csv" direct params_from)" = "--params" ] || fail "params_from is not --params"

# 4. Every candidate wrong (fault-injected kernel): exit 1, nothing stored.
db2=$dir/db2.txt
rc=0
"$bin" tune $shape --algo direct --tune-db "$db2" --kernel-opts=-DCB_FAULT_INJECT \
    --csv "$dir/bad.csv" > "$dir/bad.log" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { cat "$dir/bad.log"; fail "fault-injected tune exited $rc, expected 1"; }
grep -q 'no candidate verified; nothing stored' "$dir/bad.log" || fail "no 'nothing stored' message"
! grep -q '^direct ' "$db2" 2>/dev/null || fail "a wrong kernel was stored as a winner"

# 5. best: one row, verified, naming the winning algorithm.
"$bin" run $shape --algo best --no-tune-db --csv "$dir/best.csv" $fast > "$dir/best.log" 2>&1 ||
    { cat "$dir/best.log"; fail "best exited $?"; }
[ "$(col "$dir/best.csv" best status)" = "PASS" ] || fail "best did not pass"
case "$(col "$dir/best.csv" best chosen)" in
direct | im2col | implicit-gemm | winograd-2x3 | winograd-4x3 | winograd-6x3) ;;
*) fail "best chose '$(col "$dir/best.csv" best chosen)'" ;;
esac
grep -q 'fastest of: direct' "$dir/best.log" || fail "best does not list what it compared"
echo "test_tune: ok"
