#!/bin/sh
# Data type and layout: ResNet-50 at batch 1 in NCHW and NHWC on PoCL (fp32;
# PoCL has no cl_khr_fp16) and in fp32 and fp16 x NCHW and NHWC on Intel's CPU
# runtime, each device in one run, convbench's four algorithms with their
# defaults (no tuning database). Then, per device and layer, the fastest
# verified algorithm of each (data type, layout) and the ratios NHWC/NCHW and
# fp16/fp32 of those times, with their geometric means per layer class
# (bench/layouts.py). fp16 accumulates in fp32 (the default), so im2col, whose
# HGEMM accumulates in half, is SKIPPED in fp16.
# On a CPU without native half arithmetic the fp16 times are emulation: they
# say nothing about GPUs.
#
# usage: bench/layouts.sh [CSV-PREFIX] [extra convbench options...]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
prefix=${1:-results/layouts-$(date -u +%Y%m%d-%H%M%S)}
[ $# -gt 0 ] && shift
algos=direct,im2col,winograd-2x3,winograd-4x3
common="--batch 1 --algo $algos --min-time 50 --no-tune-db"
status=0
# shellcheck disable=SC2086
"$bin" --sweep "$here/configs/resnet.ini" $common --dtype fp32,fp16 --layout nchw,nhwc \
    --device intel --csv "$prefix-intel.csv" "$@" || status=$?
# shellcheck disable=SC2086
"$bin" --sweep "$here/configs/resnet.ini" $common --layout nchw,nhwc \
    --csv "$prefix-pocl.csv" "$@" || status=$?
python3 "$here/bench/layouts.py" "$prefix-intel.csv" "$prefix-pocl.csv"
exit $status
