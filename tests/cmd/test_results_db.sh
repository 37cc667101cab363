#!/bin/sh
# --db, history, compare against a database, and export, end to end on one
# tiny case: rows land in the database with their run; history prints the
# series; compare takes the database's last runs as its baseline; export
# writes Bencher Metric Format JSON of the documented shape. Bad databases
# (not SQLite, a newer schema, locked by another writer) are refused with
# exit 2, a message naming the file, and the file unchanged.
# usage: test_results_db.sh CONVBENCH WORKDIR
set -u
bin=$1 dir=$2
rm -rf "$dir"
mkdir -p "$dir"
fail() { echo "test_results_db: $*"; exit 1; }
run() { "$bin" run -n 1 -c 8 -H 10 -W 10 -k 8 --algo direct,im2col --min-reps 2 --min-time 0 --no-peak "$@"; }

for i in 1 2 3; do
    run --csv "$dir/r$i.csv" --db "$dir/h.db" > "$dir/run$i.log" 2>&1 || { cat "$dir/run$i.log"; fail "run $i exited $?"; }
done
python3 - "$dir/h.db" <<'PY' || fail "database contents"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = db.execute("select count(*), count(distinct device) from runs").fetchone()
assert runs == (3, 1), runs
rows = db.execute("select run, algorithm, status, min_ms from results order by run").fetchall()
assert len(rows) == 6 and all(r[2] == "PASS" and r[3] > 0 for r in rows), rows
assert [r[0] for r in rows] == [1, 1, 2, 2, 3, 3], rows
assert db.execute("pragma user_version").fetchone()[0] == 1
PY

"$bin" history --db "$dir/h.db" --algo direct > "$dir/history.log" 2>&1 || { cat "$dir/history.log"; fail "history exited $?"; }
grep -q "| direct  (3 runs)" "$dir/history.log" || { cat "$dir/history.log"; fail "history: no 3-run series of direct"; }
grep -q "im2col" "$dir/history.log" && fail "history: --algo direct printed im2col"

"$bin" compare "$dir/h.db" "$dir/r3.csv" --runs 2 > "$dir/compare.log" 2>&1
rc=$?
[ $rc -le 1 ] || { cat "$dir/compare.log"; fail "compare with a database exited $rc"; }
grep -q "0 only in NEW" "$dir/compare.log" || { cat "$dir/compare.log"; fail "compare: rows of NEW unmatched"; }

"$bin" export "$dir/r1.csv" "$dir/h.db" > "$dir/bmf.json" 2> "$dir/export.log" || { cat "$dir/export.log"; fail "export exited $?"; }
python3 - "$dir/bmf.json" <<'PY' || fail "export: not Bencher Metric Format"
import json, sys
doc = json.load(open(sys.argv[1]))
assert isinstance(doc, dict) and len(doc) == 2, doc.keys()
for name, measures in doc.items():
    assert isinstance(name, str) and " @ " in name and ("direct" in name or "im2col" in name), name
    assert set(measures) == {"latency", "throughput"}, measures
    for m in measures.values():
        assert set(m) == {"value", "lower_value", "upper_value"}, m
        assert all(isinstance(v, (int, float)) for v in m.values()), m
        assert 0 < m["lower_value"] <= m["value"] <= m["upper_value"], m
    lat, thr = measures["latency"]["value"], measures["throughput"]["value"]
    assert 1e3 < lat < 1e9, lat  # nanoseconds of a tiny convolution
PY

# Bad databases: exit 2, named, unchanged.
refused() { # FILE PATTERN ARGS...
    f=$1 pat=$2
    shift 2
    sum=$(md5sum < "$f")
    "$@" > "$dir/bad.log" 2>&1
    rc=$?
    [ $rc -eq 2 ] || { cat "$dir/bad.log"; fail "$f: exit $rc, expected 2"; }
    grep -q "$f: $pat" "$dir/bad.log" || { cat "$dir/bad.log"; fail "$f: no '$pat' naming the file"; }
    [ "$(md5sum < "$f")" = "$sum" ] || fail "$f was changed"
}
echo "not a database" > "$dir/text.db"
refused "$dir/text.db" "not an SQLite database" run --csv "$dir/x1.csv" --db "$dir/text.db"
refused "$dir/text.db" "not an SQLite database" "$bin" history --db "$dir/text.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('pragma user_version=2'); c.execute('create table t(a)'); c.commit()" "$dir/newer.db"
refused "$dir/newer.db" "written by a newer convbench" run --csv "$dir/x2.csv" --db "$dir/newer.db"
cp "$dir/h.db" "$dir/locked.db"
python3 -c "
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('begin exclusive'); open(sys.argv[2], 'w').close(); time.sleep(12)
" "$dir/locked.db" "$dir/locked.ready" &
holder=$!
while [ ! -e "$dir/locked.ready" ]; do sleep 0.1; done
refused "$dir/locked.db" "locked by another writer" run --csv "$dir/x3.csv" --db "$dir/locked.db"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
echo "test_results_db: ok"
