#!/bin/sh
# scripts/plot.py draws every chart, as non-empty PNG and SVG, from the
# hand-made CSVs of two devices with peak columns; convbench report --format
# html embeds the SVGs.
# usage: test_plot.sh PYTHON PLOT_SCRIPT MAKE_DATA CONVBENCH WORKDIR
set -u
py=$1
dir=$5
rm -rf "$dir"
"$py" "$3" "$dir" || exit 1
fail() { echo "test_plot: $*" >&2; exit 1; }
"$py" "$2" "$dir/base.csv" "$dir/dev_b.csv" --out "$dir/plots" || fail "plot.py exited $?"
for chart in algorithms-P-Dev-A-b8 algorithms-P-Dev-B-b8 devices-b8 roofline-P-Dev-A-b8 roofline-P-Dev-B-b8; do
    for ext in png svg; do
        [ -s "$dir/plots/$chart.$ext" ] || fail "$chart.$ext missing or empty"
    done
done
head -c 8 "$dir/plots/devices-b8.png" | od -c | grep -q 'P   N   G' || fail "devices-b8.png is not a PNG"
grep -q '<svg' "$dir/plots/devices-b8.svg" || fail "devices-b8.svg is not an SVG"
"$4" report "$dir/base.csv" "$dir/dev_b.csv" --format html --plots "$dir/plots" > "$dir/r.html" ||
    fail "report exited $?"
n=$(grep -c '<svg' "$dir/r.html")
[ "$n" -eq 5 ] || fail "the HTML report embeds $n charts, expected 5"
# Two implementations that call the CPU alike are two devices, never one.
"$py" "$2" "$dir/same_name.csv" --out "$dir/same" || fail "plot.py exited $?"
for chart in algorithms-Portable-Computing-Language-AMD-EPYC-b8 algorithms-Intel-R-OpenCL-AMD-EPYC-b8; do
    [ -s "$dir/same/$chart.png" ] || fail "$chart.png missing: $(ls "$dir/same")"
done
# Regression: a layer named in Latin-1 ("[r\xe9seau]" in an INI saved so) made
# plot.py and csv_summary.py die with UnicodeDecodeError; and a row cut short
# by a full disk must be skipped with a warning, as convbench itself does.
"$4" run -n 1 -c 2 -H 4 -W 4 -k 2 --name "$(printf 'r\351seau')" --algo direct,im2col --no-peak \
    --min-reps 1 --min-time 0 --csv "$dir/latin1.csv" > "$dir/latin1.out" 2>&1 ||
    { cat "$dir/latin1.out"; fail "convbench run for the Latin-1 CSV exited $?"; }
sed -n 2p "$dir/latin1.csv" | head -c 40 >> "$dir/latin1.csv" # a row cut short, then
sed -n 2p "$dir/latin1.csv" >> "$dir/latin1.csv"           # a complete one glued to it
# Regression: a row too short for any clock (timer=none: verified, no time),
# which CI's load once made of this tiny shape, crashed csv_summary.py on its
# empty median_ms. One is made here, so the case is tested on every run.
"$py" - "$dir/latin1.csv" <<'EOF' || fail "could not add the unmeasured row"
import csv, sys
with open(sys.argv[1], newline="", encoding="latin-1") as f:
    rows = list(csv.reader(f))
row = dict(zip(rows[0], rows[2]), timer="none", median_ms="", gflops="", layer="untimed")
with open(sys.argv[1], "a", newline="", encoding="latin-1") as f:
    csv.writer(f, lineterminator="\n").writerow([row[c] for c in rows[0]])
EOF
here=$(dirname "$2")
for script in plot.py csv_summary.py csv_ratios.py; do
    args="$dir/latin1.csv"
    [ "$script" = plot.py ] && args="$args --out $dir/latin1"
    [ "$script" = csv_ratios.py ] && args="$args --vs im2col"
    # shellcheck disable=SC2086
    rc=0
    "$py" "$here/$script" $args > "$dir/$script.out" 2> "$dir/$script.err" || rc=$?
    [ "$rc" -eq 0 ] || { cat "$dir/$script.err"; fail "$script on a Latin-1 layer name exited $rc"; }
    grep -q "latin1.csv:2: bytes that are not UTF-8" "$dir/$script.err" || fail "$script: no encoding warning"
    grep -q "latin1.csv:4: [0-9]* fields, but the header has" "$dir/$script.err" ||
        { cat "$dir/$script.err"; fail "$script: the cut row was not skipped with a warning"; }
done
grep -q "^| r.*seau | 1 2 4x4" "$dir/csv_summary.py.out" || fail "csv_summary.py lost the layer"
grep -q "^| untimed | 1 2 4x4 .* | PASS | - | - |" "$dir/csv_summary.py.out" ||
    { cat "$dir/csv_summary.py.out"; fail "csv_summary.py: the unmeasured row is not shown without a time"; }
echo "test_plot: ok"
