#!/bin/sh
# The training directions side by side: on this machine, in one run,
# convbench's `best` per ResNet-50 layer at batch 8 in forward, backward data
# and backward weights (one sweep), then PyTorch's CPU convolution in each
# direction on the same shapes and cores (bench/vs_pytorch_train.py, right
# after). Writes the sweep's CSV, PyTorch's times and the Markdown tables
# under PREFIX.
#
# usage: bench/vs_pytorch_train.sh [PREFIX] [extra convbench options...]
# CONFIG=configs/vgg16.ini (default configs/resnet.ini), BATCH=8 (default).
# Needs Debian's python3-torch (for this script only; convbench never uses it).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
prefix=${1:-results/vs-pytorch-train-$(date -u +%Y%m%d-%H%M%S)}
[ $# -gt 0 ] && shift
py=/usr/bin/python3 # Debian's python, where python3-torch installs
"$py" -c 'import torch' 2>/dev/null || {
    echo "bench/vs_pytorch_train.sh: needs PyTorch: apt-get install python3-torch" >&2
    exit 2
}
status=0
"$bin" --sweep "${CONFIG:-$here/configs/resnet.ini}" --batch "${BATCH:-8}" -F 0 --algo best \
    --verify sample --csv "$prefix-convbench.csv" "$@" || status=$?
"$py" "$here/bench/vs_pytorch_train.py" "$prefix-convbench.csv" --out "$prefix-pytorch.csv" |
    tee "$prefix.md"
exit $status
