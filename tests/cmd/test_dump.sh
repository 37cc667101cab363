#!/bin/sh
# --dump writes input, weights, bias, the output and the reference as .npy files
# whose sizes match their shapes (header + elements), named for the layer, the
# shape, the fill and the seed. The format itself is unit tested in test_npy.c.
# Regressions: every case of a sweep wrote the same names (only the last
# survived), and a regular file or an unwritable folder as DIR ran and exited 0.
set -u
bin=$1
dir=$2
rm -rf "$dir" "$dir.csv"
"$bin" run -n 2 -c 3 -H 5 -W 6 -k 4 --kernel 3 --bias --algo direct --name lay --dump "$dir" \
    --min-reps 1 --min-time 0 --csv "$dir.csv" >/dev/null || { echo "run failed"; exit 1; }
p=lay-n2-c3-5x6-k4-3x3-u1x1-p1x1-d1x1-g1-b1-exact-seed1
check() { # file elements bytes-per-element
    [ -f "$dir/$1" ] || { echo "missing $dir/$1"; exit 1; }
    size=$(stat -c %s "$dir/$1")
    hdr=$((size - $2 * $3))
    [ $((hdr % 64)) -eq 0 ] && [ "$hdr" -gt 0 ] || { echo "$1: size $size does not fit $2 elements"; exit 1; }
    echo "$1 ok ($size bytes)"
}
check $p-input.npy $((2 * 3 * 5 * 6)) 4
check $p-weights.npy $((4 * 3 * 3 * 3)) 4
check $p-bias.npy 4 4
check $p-output-direct.npy $((2 * 4 * 5 * 6)) 4
check $p-reference.npy $((2 * 4 * 5 * 6)) 8

# Several cases, each its own files.
rm -rf "$dir"
"$bin" run -n 1 -c 3,5 -H 4 -W 4 -k 2 --fill exact,float --algo direct --dump "$dir" \
    --min-reps 1 --min-time 0 --csv "$dir.csv" >/dev/null || { echo "grid run failed"; exit 1; }
n=$(ls "$dir" | grep -c -- '-output-direct.npy$')
[ "$n" -eq 4 ] || { ls "$dir"; echo "4 cases wrote $n outputs"; exit 1; }
# Not a folder one can write to: refused up front, exit 2.
touch "$dir.file"
for bad in "$dir.file" /proc/self; do
    "$bin" run -n 1 -c 3 -H 4 -W 4 -k 2 --algo direct --dump "$bad" --csv "$dir.csv" > "$dir.out" 2>&1
    rc=$?
    [ $rc -eq 2 ] && grep -q "is not a folder convbench can write to" "$dir.out" ||
        { cat "$dir.out"; echo "--dump $bad: exit $rc, expected 2 before any case"; exit 1; }
done
rm -f "$dir.file" "$dir.out"
echo "dump names and checks ok"
