#!/bin/sh
# The problem's data type and layout, verified on real devices:
# - fp32 NHWC on PoCL, every shape class of data/shape_classes.ini, every
#   algorithm of convbench's; on rusticl, one tiny shape;
# - fp16 on every shape class, on a device with cl_khr_fp16 (Intel's CPU
#   runtime here);
# - the cross-product of data type, layout and every algorithm on one tiny
#   shape: each case is verified or SKIPPED with its reason, never an error;
# - an fp16 kernel with a planted fault FAILs; fp16 on a device without
#   cl_khr_fp16 is SKIPPED, saying so.
# usage: test_descriptors.sh CONVBENCH SHAPE_CLASSES_INI WORKDIR; exit 77 (skip)
# when no device has cl_khr_fp16 (scripts/install-devices.sh adds Intel's).
set -u
bin=$1
ini=$2
dir=$3
me=test_descriptors
. "$(dirname "$0")/csv_cases.sh"

# fp32 NHWC on the default device (PoCL): every algorithm of convbench's
# verifies every shape class it runs (the Winograds take the 8 3x3 stride-1
# ungrouped ones).
run nhwc_pocl 0 --sweep "$ini" --layout nhwc --algo direct,im2col,implicit-gemm,winograd-2x3,winograd-4x3
expect_count nhwc_pocl "r['status'] == 'PASS'" 73

# The same on rusticl where it is installed, on one tiny awkward shape.
if RUSTICL_ENABLE=llvmpipe "$bin" devices --no-check 2>/dev/null | grep -q '^rusticl/'; then
    (export RUSTICL_ENABLE=llvmpipe
     run nhwc_rusticl 0 run -d rusticl -n 2 -c 3 -H 5 -W 7 -k 4 --bias --layout nhwc \
         --algo direct,im2col,winograd-2x3,winograd-4x3
     expect_count nhwc_rusticl "r['status'] == 'PASS'" 4) || exit 1
fi

fp16_dev=$("$bin" devices --no-check 2>/dev/null | awk '/^[^ ]/ { id = $0; sub(/ +\(default\)$/, "", id) }
                                                    /fp16 yes/ { print id; exit }')
if [ -z "$fp16_dev" ]; then
    echo "test_descriptors: SKIP: no device with cl_khr_fp16 (scripts/install-devices.sh installs Intel's CPU runtime, which has it)"
    exit 77
fi
echo "test_descriptors: fp16 on $fp16_dev"

# fp16 without cl_khr_fp16 (PoCL): SKIPPED, saying why.
run fp16_pocl 0 run -n 1 -c 3 -H 5 -W 6 -k 4 --dtype fp16 --algo direct
expect_count fp16_pocl "r['status'] == 'SKIPPED' and 'no cl_khr_fp16' in r['note']" 1

# Every shape class in fp16 (NCHW; NHWC is above, and crossed with fp16
# below): the algorithms that accumulate in fp32, then those whose library
# GEMM accumulates in half (their fp32-accumulation cases are SKIPPED, saying
# so, in the cross-product).
run fp16_classes 0 --sweep "$ini" --device "$fp16_dev" --dtype fp16 \
    --algo direct,implicit-gemm,winograd-2x3,winograd-4x3
expect_count fp16_classes "r['algorithm'] == 'direct' and r['status'] == 'PASS'" 19
expect_count fp16_classes "r['algorithm'] == 'implicit-gemm' and r['status'] == 'PASS'" 19
expect_count fp16_classes "r['algorithm'].startswith('winograd') and r['status'] == 'PASS'" 16
run fp16_acc16_classes 0 --sweep "$ini" --device "$fp16_dev" --dtype fp16 --accum fp16 \
    --algo im2col,clblast-convgemm
expect_count fp16_acc16_classes "r['algorithm'] == 'im2col' and r['status'] == 'PASS'" 19
expect_count fp16_acc16_classes "r['algorithm'] == 'clblast-convgemm' and r['status'] == 'PASS'" 14

# The cross-product on one tiny awkward shape: every case verified or skipped
# with a reason.
run cross 0 run -d "$fp16_dev" -n 2 -c 3 -H 5 -W 7 -k 4 --bias --dtype fp32,fp16 \
    --layout nchw,nhwc --accum fp32,fp16 --fill exact,float --algo all
expect_count cross "r['status'] not in ('PASS', 'SKIPPED')" 0
expect_count cross "r['status'] == 'SKIPPED' and not r['note']" 0
expect_count cross "r['algorithm'] == 'direct' and r['status'] == 'PASS'" 12
expect_count cross "r['algorithm'] == 'im2col' and r['status'] == 'PASS'" 8
expect_count cross "r['algorithm'] == 'winograd-4x3' and r['status'] == 'PASS'" 12
expect_count cross "r['status'] == 'SKIPPED' and 'accumulates in half' in r['note']" 4
expect_count cross "r['status'] == 'SKIPPED' and 'nhwc layout: the library has none' in r['note']" 6
expect_count cross "r['dtype'] == 'fp32' and r['accum'] == 'fp16' and 'applies to fp16 data' in r['note']" 28
expect_count cross "r['algorithm'] == 'implicit-gemm' and r['status'] == 'PASS'" 12

# A planted fault (the last input channel dropped; a sign flipped in
# Winograd's B^T) in the fp16 kernels FAILs, with either fill, accumulation
# and layout, even under F(4x4,3x3)'s and F(6x6,3x3)'s wide fp16 tolerances.
run fp16_fault 1 run -d "$fp16_dev" -n 1 -c 5 -H 9 -W 9 -k 3 --dtype fp16 --accum fp32,fp16 \
    --layout nchw,nhwc --fill exact,float --algo all --kernel-opts=-DCB_FAULT_INJECT
expect_count fp16_fault "r['status'] == 'FAIL'" 44
echo "test_descriptors: ok"
