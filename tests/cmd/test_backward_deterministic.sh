#!/bin/sh
# Backward weights are the same bits run after run: direct's split reduction
# (10 parts of the N*P rows here, added in a fixed order by a second pass) and
# im2col's image-by-image GEMMs, on random floats, where a different order of
# additions would show in the last bits. Two runs, each dumping dW; the files
# must be identical, and differ from a third run with another seed (or the
# comparison proves nothing).
# usage: test_backward_deterministic.sh CONVBENCH
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
run() {
    "$bin" run -n 2 -c 4 -H 20 -W 20 -k 4 -F 4 --algo direct,im2col --fill float --seed "$2" \
        --min-reps 3 --min-time 0 --no-peak --dump "$dir/$1" --csv "$dir/$1.csv" > "$dir/$1.log" 2>&1 ||
        { echo "run $1 failed:"; tail -5 "$dir/$1.log"; exit 1; }
    grep -q "rows in 10 parts, added in order" "$dir/$1.csv" || { echo "direct did not split its rows in 10 parts"; exit 1; }
}
run a 5
run b 5
run c 6
for algo in direct im2col; do
    fa=$(ls "$dir"/a/*weights-grad-$algo.npy) && fb=$(ls "$dir"/b/*weights-grad-$algo.npy) &&
        fc=$(ls "$dir"/c/*weights-grad-$algo.npy) || { echo "no dW dump of $algo"; exit 1; }
    cmp -s "$fa" "$fb" || { echo "$algo: dW differs between two identical runs"; exit 1; }
    cmp -s "$fa" "$fc" && { echo "$algo: dW the same for another seed: the dump is not dW"; exit 1; }
done
echo "backward weights bit-identical across runs: direct, im2col"
