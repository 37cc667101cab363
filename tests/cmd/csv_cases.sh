# csv_cases.sh - sourced by the tests that run convbench and count CSV rows
# (test_descriptors.sh, test_gemm_tiles.sh). Needs $bin (convbench), $dir (a
# work folder, emptied here) and $me (the test's name, for messages).
rm -rf "$dir"
mkdir -p "$dir"
# The suite's cache when ctest gives one: PoCL's compiles of CLBlast's kernels
# are most of a cold run.
export XDG_CACHE_HOME="${XDG_CACHE_HOME:-$dir/cache}"
quick="--min-reps 1 --min-time 0 --no-peak"

fail() { echo "$me: $*" >&2; exit 1; }

# run NAME EXPECTED_EXIT ARGS...: convbench ARGS into NAME.csv and NAME.log.
run() {
    name=$1
    want=$2
    shift 2
    # shellcheck disable=SC2086
    "$bin" "$@" $quick --csv "$dir/$name.csv" > "$dir/$name.log" 2>&1
    rc=$?
    [ "$rc" -eq "$want" ] || { cat "$dir/$name.log"; fail "$name: exit $rc, expected $want"; }
}
# count NAME CONDITION: rows r of NAME.csv for which the Python CONDITION holds.
count() {
    /usr/bin/python3 - "$dir/$1.csv" "$2" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
print(sum(1 for r in rows if eval(sys.argv[2], {}, {"r": r})))
EOF
}
expect_count() {
    got=$(count "$1" "$2")
    [ "$got" -eq "$3" ] || fail "$1: $got rows with $2, expected $3"
}
