#!/bin/sh
# Runs every unique convolution of ResNet-50 v1.5 (torchvision, 224x224) once
# through `convbench run`, appending to one CSV, and prints a Markdown summary.
# The layer table is ../shared/ANCHORS.md's; counts are occurrences in the network.
#
# usage: bench/resnet50_layers.sh [CSV] [extra convbench run options...]
#   e.g. bench/resnet50_layers.sh results/resnet50-b1.csv --batch 1 --algo direct
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
csv=${1:-results/resnet50-$(date -u +%Y%m%d-%H%M%S).csv}
[ $# -gt 0 ] && shift
status=0
# name          C     K     H    R  stride pad count
while read -r name c k h r u p count; do
    case $name in ''|\#*) continue ;; esac
    echo "== $name" >&2
    "$bin" run --name "$name" --count "$count" -c "$c" -k "$k" --size "$h" --kernel "$r" \
        --stride "$u" --pad "$p" --csv "$csv" "$@" >&2 || status=$?
done <<'LAYERS'
conv1             3    64  224  7  2  3  1
res2a_1x1_reduce  64   64  56   1  1  0  1
res2_3x3          64   64  56   3  1  1  3
res2_1x1_expand   64   256 56   1  1  0  4
res2_1x1_reduce   256  64  56   1  1  0  2
res3a_1x1_reduce  256  128 56   1  1  0  1
res3a_3x3_s2      128  128 56   3  2  1  1
res3_1x1_expand   128  512 28   1  1  0  4
res3a_shortcut    256  512 56   1  2  0  1
res3_1x1_reduce   512  128 28   1  1  0  3
res3_3x3          128  128 28   3  1  1  3
res4a_1x1_reduce  512  256 28   1  1  0  1
res4a_3x3_s2      256  256 28   3  2  1  1
res4_1x1_expand   256  1024 14  1  1  0  6
res4a_shortcut    512  1024 28  1  2  0  1
res4_1x1_reduce   1024 256 14   1  1  0  5
res4_3x3          256  256 14   3  1  1  5
res5a_1x1_reduce  1024 512 14   1  1  0  1
res5a_3x3_s2      512  512 14   3  2  1  1
res5_1x1_expand   512  2048 7   1  1  0  3
res5a_shortcut    1024 2048 14  1  2  0  1
res5_1x1_reduce   2048 512 7    1  1  0  2
res5_3x3          512  512 7    3  1  1  2
LAYERS
python3 "$here/scripts/csv_summary.py" "$csv"
exit $status
