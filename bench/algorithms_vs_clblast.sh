#!/bin/sh
# The im2col benchmark: ResNet-50 at batch 1 and 8 with direct, im2col and
# CLBlast's convgemm on the same device in one run, then per layer each
# algorithm's GFLOP/s, its ratio to clblast-convgemm, and the geometric means
# (all layers, and the 1x1 layers). Target on the project's 2-core CPU through
# PoCL: im2col >= 1.5x clblast-convgemm overall at batch 8, >= 2x on 1x1 layers.
#
# usage: bench/algorithms_vs_clblast.sh [CSV] [extra convbench options...]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
csv=${1:-results/algorithms-$(date -u +%Y%m%d-%H%M%S).csv}
[ $# -gt 0 ] && shift
status=0
"$bin" --sweep "$here/configs/resnet.ini" --batch 1,8 --algo direct,im2col,clblast-convgemm \
    --csv "$csv" "$@" || status=$?
python3 "$here/scripts/csv_ratios.py" "$csv" --vs clblast-convgemm
exit $status
