#!/bin/sh
# im2col's output is the same, bit for bit, whether the batch goes through in
# one piece or in chunks of one image (with the float fill, where a change of
# summation order would show). Compares the dumped outputs.
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args="run -n 4 -c 6 -H 10 -W 9 -k 5 --stride 2 --algo im2col --fill float --min-reps 1 --min-time 0"
"$bin" $args --csv "$work/a.csv" --dump "$work/whole" > "$work/a.out" 2>&1 || { cat "$work/a.out"; exit 1; }
"$bin" $args --csv "$work/b.csv" --dump "$work/chunked" --max-workspace 0.001 > "$work/b.out" 2>&1 ||
    { cat "$work/b.out"; exit 1; }
cat "$work/b.out"
grep -q "im2col in 4 chunks of 1 images" "$work/b.out" || { echo "the second run did not chunk"; exit 1; }
grep -q "chunks" "$work/a.out" && { echo "the first run chunked"; exit 1; }
out=n4-c6-10x9-k5-3x3-u2x2-p1x1-d1x1-g1-b0-float-seed1-output-im2col.npy
cmp "$work/whole/$out" "$work/chunked/$out" ||
    { echo "chunked output differs from the whole-batch output"; exit 1; }
echo "chunked and whole-batch outputs are identical"
