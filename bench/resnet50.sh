#!/bin/sh
# Sweeps ResNet-50 (configs/resnet.ini) into a CSV and prints it as Markdown,
# with network totals: the numbers quoted in the README and closing notes.
#
# usage: bench/resnet50.sh [CSV] [extra convbench options...]
#   e.g. bench/resnet50.sh results/mybox/resnet50.csv --batch 1 --algo direct
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
csv=${1:-results/resnet50-$(date -u +%Y%m%d-%H%M%S).csv}
[ $# -gt 0 ] && shift
status=0
"$bin" --sweep "$here/configs/resnet.ini" --csv "$csv" "$@" || status=$?
python3 "$here/scripts/csv_summary.py" "$csv"
exit $status
