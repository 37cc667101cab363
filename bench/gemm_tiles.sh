#!/bin/sh
# implicit-gemm (the GPU-shaped tiled GEMM) against direct on this CPU, per
# OpenCL implementation: issue 16's target is tuned implicit-gemm at >= 70%
# of tuned direct's GFLOP/s on ResNet-50's 1x1 layers at batch 8 (geometric
# mean). For each device: `convbench tune` of both algorithms on the 1x1
# layers into a database of its own (BUDGET seconds per device), then one
# sweep of every ResNet-50 layer with both algorithms and that database, the
# two measured back to back per layer; ratios per layer class from that one
# run. The 3x3 and 7x7 layers run with their defaults (untuned), as labelled.
#
# usage: bench/gemm_tiles.sh OUTDIR [DEVICE...]   (--device selectors; default:
#        "Portable Computing Language" "Intel(R) OpenCL")
# environment: CONVBENCH (default build/convbench), BUDGET (default 900), BATCH (default 8)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
out=${1:?usage: bench/gemm_tiles.sh OUTDIR [DEVICE...]}
shift
[ $# -gt 0 ] || set -- "Portable Computing Language" "Intel(R) OpenCL"
mkdir -p "$out"
budget=${BUDGET:-900}
batch=${BATCH:-8}
ones='1x1|shortcut'
for dev in "$@"; do
    tag=$(printf '%s' "$dev" | tr -c 'a-zA-Z0-9' '_')
    echo "== $dev: tuning direct and implicit-gemm on the 1x1 layers (budget ${budget}s)"
    "$bin" tune --sweep "$here/configs/resnet.ini" --layer "$ones" --batch "$batch" -d "$dev" \
        --algo direct,implicit-gemm --budget "$budget" --tune-db "$out/tuning-$tag.db" \
        > "$out/tune-$tag.log" 2>&1 || echo "tune on $dev exited $? (see $out/tune-$tag.log)"
    grep '^=>' "$out/tune-$tag.log" || true
    echo "== $dev: ResNet-50 sweep, batch $batch, both algorithms"
    rm -f "$out/resnet50-$tag.csv"
    "$bin" --sweep "$here/configs/resnet.ini" --batch "$batch" -d "$dev" --algo direct,implicit-gemm \
        --tune-db "$out/tuning-$tag.db" --verify sample --csv "$out/resnet50-$tag.csv" \
        > "$out/sweep-$tag.log" 2>&1 || echo "sweep on $dev exited $? (see $out/sweep-$tag.log)"
    /usr/bin/python3 "$here/bench/gemm_tiles.py" "$out/resnet50-$tag.csv" | tee "$out/ratios-$tag.md"
done
