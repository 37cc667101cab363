#!/bin/sh
# Real architectures through PyTorch's ONNX exporter (Debian's python3-torch
# and python3-torchvision; random weights, nothing downloaded): ResNet-18 and
# MobileNet v2 with a symbolic batch, imported with --batch 2. The number of
# convolutions and their FLOP total must equal a count made from the PyTorch
# module itself (forward hooks on every nn.Conv2d).
# usage: test_import_torchvision.sh CONVBENCH SOURCE_DIR WORKDIR
set -u
bin=$1
src=$2
work=$3
py=${CONVBENCH_PYTHON:-/usr/bin/python3}
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
if ! "$py" "$src/tests/import/onnx_models.py" torchvision . 2 resnet18 mobilenet_v2 > counts.txt 2> export.log; then
    echo "FAIL: exporting the torchvision models failed (python3-torchvision missing? scripts/install-deps.sh installs it):"
    tail -5 export.log
    exit 1
fi
fails=0
while read -r name convs flops; do
    if ! "$bin" import "$name.onnx" --batch 2 --out "$name.ini" 2> "$name.err"; then
        echo "FAIL: import $name.onnx: $(cat "$name.err")"
        fails=$((fails + 1))
        continue
    fi
    head -4 "$name.ini"
    grep -q "^; $convs convolutions read;" "$name.ini" ||
        { echo "FAIL: $name: PyTorch ran $convs convolutions; the import says otherwise"; fails=$((fails + 1)); }
    grep -q "^; Work: $flops FLOP" "$name.ini" ||
        { echo "FAIL: $name: PyTorch's modules count $flops FLOP at batch 2; the import does not"; fails=$((fails + 1)); }
    grep -q "Skipped" "$name.ini" && { echo "FAIL: $name: something was skipped"; fails=$((fails + 1)); }
    echo "$name: $convs convolutions, $flops FLOP at batch 2: the same in PyTorch and in the import"
done < counts.txt
[ "$(wc -l < counts.txt)" -eq 2 ] || { echo "FAIL: expected two models: $(cat counts.txt)"; fails=$((fails + 1)); }
exit $((fails != 0))
