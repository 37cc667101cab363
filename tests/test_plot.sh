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
echo "test_plot: ok"
