#!/bin/sh
# A long run does not grow in memory: 60 runs of the same case (a grid over
# seeds, every algorithm, each allocating and releasing its buffers, programs
# and workspace) end within a few MiB of the memory after the first case. A
# leak of any case's device buffers or host tensors (over 1 MiB per case here,
# im2col's workspace alone) would add tens of MiB.
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" run -n 1 -c 32 --size 32 -k 32 --seed "$(seq -s, 1 60)" --min-reps 1 --min-time 0 \
    --warmup 0 --csv "$work/m.csv" > "$work/m.out" 2>&1 || { cat "$work/m.out"; exit 1; }
line=$(grep '^memory: ' "$work/m.out")
echo "$line"
first=$(echo "$line" | sed -n 's/^memory: \([0-9.]*\) MiB after the first case.*/\1/p')
end=$(echo "$line" | sed -n 's/.*, \([0-9.]*\) MiB after 60 cases.*/\1/p')
[ -n "$first" ] && [ -n "$end" ] || { echo "no memory line"; exit 1; }
awk -v a="$first" -v b="$end" 'BEGIN { exit !(b - a < 16) }' ||
    { echo "memory grew by more than 16 MiB over 59 cases"; exit 1; }
