#!/bin/sh
# The side-by-side comparison: on this machine, in one run, convbench's `best`
# per ResNet-50 layer at batch 1 and 8 against CLBlast's convolution on the same
# OpenCL device (both from one convbench sweep) and PyTorch's CPU conv2d
# (bench/vs_pytorch.py, right after, same cores). Writes the sweep's CSV, the
# PyTorch times and the Markdown table under PREFIX.
#
# usage: bench/vs_pytorch.sh [PREFIX] [extra convbench options...]
# CONFIG=configs/vgg16.ini (default configs/resnet.ini), BATCH=1,8 (default).
# Needs Debian's python3-torch (for this script only; convbench never uses it).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
prefix=${1:-results/vs-pytorch-$(date -u +%Y%m%d-%H%M%S)}
[ $# -gt 0 ] && shift
py=/usr/bin/python3 # Debian's python, where python3-torch installs
"$py" -c 'import torch' 2>/dev/null || {
    echo "bench/vs_pytorch.sh: needs PyTorch: apt-get install python3-torch" >&2
    exit 2
}
status=0
"$bin" --sweep "${CONFIG:-$here/configs/resnet.ini}" --batch "${BATCH:-1,8}" --algo best,clblast-convgemm \
    --verify sample --csv "$prefix-convbench.csv" "$@" || status=$?
"$py" "$here/bench/vs_pytorch.py" "$prefix-convbench.csv" --out "$prefix-pytorch.csv" |
    tee "$prefix.md"
exit $status
