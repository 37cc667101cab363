#!/bin/sh
# The tiled GEMM (implicit-gemm, Winograd's TILED=1 stage) verified on every
# OpenCL implementation installed, every shape class of data/shape_classes.ini
# (implicit-gemm all 19, each Winograd the 8 that are 3x3, stride 1,
# ungrouped), one compile per case, so each sweep is kept to what the others
# do not cover:
# - a GPU-shaped tile (both tiles in local memory, 8 x 8 work-items, vectors
#   of 2: the barriers and cooperative loads) on Intel's runtime in fp16 NHWC
#   (implicit-gemm and both Winograds, every class), on rusticl
#   (implicit-gemm every class, the Winograds two awkward ones) and on PoCL
#   (the planted-fault run: PoCL compiles a kernel with barriers in about
#   4 s); implicit-gemm's CPU tile is every shape class on PoCL in run_*, and
#   in NHWC and fp16 in test_descriptors.sh;
# - Winograd's tiled stage with the CPU's tile on PoCL, on two awkward
#   classes (a Winograd program takes PoCL about 6 s to compile);
# - the subgroup variant (SG=1) of implicit-gemm on Intel's runtime, which
#   has cl_intel_subgroups;
# - a planted fault (the last filter tap dropped) FAILs in every variant;
# - parameters that break a rule of the tile are SKIPPED with the rule,
#   before any compile (a kernel built with them would fail to build).
# usage: test_gemm_tiles.sh CONVBENCH SHAPE_CLASSES_INI WORKDIR
set -u
bin=$1
ini=$2
dir=$3
me=test_gemm_tiles
. "$(dirname "$0")/csv_cases.sh"
algos=implicit-gemm,winograd-2x3,winograd-4x3
tile=MWG=32,NWG=32,KWG=16,MDIMC=8,NDIMC=8,VWM=2,VWN=2,SA=1,SB=1
gpu_tile=TILED=1,$tile
# The 19 shape classes: implicit-gemm runs them all, each Winograd the 8
# that are 3x3, stride 1, ungrouped.
per_sweep=35

devices=$(RUSTICL_ENABLE=llvmpipe "$bin" devices --no-check 2>/dev/null)
has() { printf '%s\n' "$devices" | grep -q "^$1"; }
export RUSTICL_ENABLE=llvmpipe
awkward='^(odd_channels|bias)$'
run wino_cpu_tile 0 --sweep "$ini" --layer "$awkward" --algo winograd-2x3,winograd-4x3 \
    --params TILED=1
expect_count wino_cpu_tile "r['status'] == 'PASS'" 4
for dev in "Portable Computing Language" rusticl; do
    if ! has "$dev"; then
        echo "$me: $dev is not installed: not tested here (scripts/install-devices.sh)"
        continue
    fi
    tag=$(printf '%s' "$dev" | tr -c 'a-zA-Z0-9\n' '_')
    if [ "$dev" = rusticl ]; then
        run "gpu_tile_$tag" 0 --sweep "$ini" -d "$dev" --algo implicit-gemm --params "$tile"
        expect_count "gpu_tile_$tag" "r['status'] == 'PASS'" 19
        run "gpu_tile_wino_$tag" 0 --sweep "$ini" -d "$dev" --layer "$awkward" \
            --algo winograd-2x3,winograd-4x3 --params "$gpu_tile"
        expect_count "gpu_tile_wino_$tag" "r['status'] == 'PASS'" 4
    fi
    run "fault_$tag" 1 run -d "$dev" -n 2 -c 5 -H 9 -W 8 -k 7 --algo implicit-gemm \
        --params "$tile" --kernel-opts=-DCB_FAULT_INJECT
    expect_count "fault_$tag" "r['status'] == 'FAIL'" 1
done

if has "Intel(R) OpenCL"; then
    intel="Intel(R) OpenCL"
    run intel_fp16_nhwc 0 --sweep "$ini" -d "$intel" --algo "$algos" --params "$gpu_tile" \
        --dtype fp16 --layout nhwc
    expect_count intel_fp16_nhwc "r['status'] == 'PASS'" $per_sweep
    run intel_subgroups 0 --sweep "$ini" -d "$intel" --algo implicit-gemm --params SG=1
    expect_count intel_subgroups "r['status'] == 'PASS'" 19
    expect_count intel_subgroups "'SG=1' in r['params']" 19
    run intel_faults 1 run -d "$intel" -n 2 -c 5 -H 9 -W 8 -k 7 --algo implicit-gemm \
        --params "$tile" --dtype fp16 --layout nhwc --kernel-opts=-DCB_FAULT_INJECT
    expect_count intel_faults "r['status'] == 'FAIL'" 1
    run intel_subgroups_fault 1 run -d "$intel" -n 2 -c 5 -H 9 -W 8 -k 7 --algo implicit-gemm \
        --params SG=1 --kernel-opts=-DCB_FAULT_INJECT
    expect_count intel_subgroups_fault "r['status'] == 'FAIL'" 1
else
    echo "$me: Intel's runtime is not installed: fp16 and subgroups not tested here"
fi

# A tile that does not divide by its work-items and vectors: SKIPPED with the
# rule; the planted build failure proves nothing was compiled.
run refused 0 run -n 1 -c 4 -H 6 -W 6 -k 4 --algo implicit-gemm --params MWG=16,MDIMC=4,VWM=8 \
    --kernel-opts=-DCB_BUILD_FAIL
expect_count refused "r['status'] == 'SKIPPED' and 'MWG=16 is not a multiple of MDIMC*VWM' in r['note']" 1
echo "$me: ok"
