#!/bin/sh
# --dump writes input, weights, bias, the output and the reference as .npy files
# whose sizes match their shapes (header + elements). The format itself is unit
# tested in test_npy.c.
set -u
bin=$1
dir=$2
rm -rf "$dir" "$dir.csv"
"$bin" run -n 2 -c 3 -H 5 -W 6 -k 4 --kernel 3 --bias --algo direct --name lay --dump "$dir" \
    --min-reps 1 --min-time 0 --csv "$dir.csv" >/dev/null || { echo "run failed"; exit 1; }
check() { # file elements bytes-per-element
    [ -f "$dir/$1" ] || { echo "missing $dir/$1"; exit 1; }
    size=$(stat -c %s "$dir/$1")
    hdr=$((size - $2 * $3))
    [ $((hdr % 64)) -eq 0 ] && [ "$hdr" -gt 0 ] || { echo "$1: size $size does not fit $2 elements"; exit 1; }
    echo "$1 ok ($size bytes)"
}
check lay-input.npy $((2 * 3 * 5 * 6)) 4
check lay-weights.npy $((4 * 3 * 3 * 3)) 4
check lay-bias.npy 4 4
check lay-output-direct.npy $((2 * 4 * 5 * 6)) 4
check lay-reference.npy $((2 * 4 * 5 * 6)) 8
