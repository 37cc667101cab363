#!/bin/sh
# The side-by-side comparison: on this machine, in one run, convbench's `best`
# per ResNet-50 layer at batch 1 and 8 against CLBlast's convolution on the same
# OpenCL device (both from one convbench sweep) and PyTorch's CPU conv2d
# (bench/vs_pytorch.py, right after, same cores). Writes the sweep's CSV, the
# PyTorch times and the Markdown table under PREFIX.
# TRAIN=1: the training directions instead: `best` per layer at batch 8 in
# forward, backward data and backward weights (one sweep, -F 0), then
# PyTorch's CPU convolution in each direction (bench/vs_pytorch_train.py),
# with the training step.
#
# usage: bench/vs_pytorch.sh [PREFIX] [extra convbench options...]
# CONFIG=configs/vgg16.ini (default configs/resnet.ini), BATCH=1,8 (default; 8 with TRAIN=1).
# Needs Debian's python3-torch (for this script only; convbench never uses it).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
prefix=${1:-}
[ $# -gt 0 ] && shift
if [ "${TRAIN:-0}" = 1 ]; then
    kind=vs-pytorch-train script=vs_pytorch_train.py batch=${BATCH:-8}
    set -- -F 0 --algo best "$@"
else
    kind=vs-pytorch script=vs_pytorch.py batch=${BATCH:-1,8}
    set -- --algo best,clblast-convgemm "$@"
fi
prefix=${prefix:-results/$kind-$(date -u +%Y%m%d-%H%M%S)}
py=/usr/bin/python3 # Debian's python, where python3-torch installs
"$py" -c 'import torch' 2>/dev/null || {
    echo "bench/vs_pytorch.sh: needs PyTorch: apt-get install python3-torch" >&2
    exit 2
}
status=0
"$bin" --sweep "${CONFIG:-$here/configs/resnet.ini}" --batch "$batch" \
    --verify sample --csv "$prefix-convbench.csv" "$@" || status=$?
"$py" "$here/bench/$script" "$prefix-convbench.csv" --out "$prefix-pytorch.csv" |
    tee "$prefix.md"
exit $status
