#!/bin/sh
# The Winograd benchmark: the 3x3 stride-1 layers of ResNet-50 and VGG-16 at
# batch 8 with direct, im2col and both Winograd tile sizes on the same device in
# one run each, then per layer each algorithm's effective GFLOP/s against the
# faster of direct and im2col, and the geometric mean over the layers with
# C, K >= 64. Target on the project's 2-core CPU through PoCL: winograd-4x3 at
# least 1.5x. Verification samples outputs (full checks of VGG-16 at batch 8
# take minutes on the CPU reference).
#
# usage: bench/winograd.sh [CSV-PREFIX] [extra convbench options...]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
prefix=${1:-results/winograd-$(date -u +%Y%m%d-%H%M%S)}
[ $# -gt 0 ] && shift
algos=direct,im2col,winograd-2x3,winograd-4x3
status=0
"$bin" --sweep "$here/configs/resnet.ini" --layer '_3x3$' --batch 8 --algo $algos \
    --verify sample --csv "$prefix-resnet50.csv" "$@" || status=$?
"$bin" --sweep "$here/configs/vgg16.ini" --batch 8 --algo $algos --verify sample \
    --csv "$prefix-vgg16.csv" "$@" || status=$?
python3 "$here/scripts/csv_ratios.py" "$prefix-resnet50.csv" "$prefix-vgg16.csv" \
    --vs direct,im2col --min-channels 64
exit $status
