#!/bin/sh
# The regression gate's false-alarm rate and detection power, measured rather
# than assumed. One long alternating series, as the gate alternates (layer by
# layer): every round runs each of the gate's layers once with the plain
# binary (A), once more with it (AA: the A/A pair), and once with each kernel
# slowdown (XPCT: -DCB_EXTRA_WORK=PCT, PCT% more of every kernel family's main
# loop, same answers; kernels/real.cl), back to back, in an order rotated from
# layer to layer so no variant always runs first. Then
# bench/abstat.py draws the gate's number of rounds from the series again and
# again and applies the gate's own decision rule (with its confirmation run),
# counting how often A/A fails (false alarms) and how often each slowdown of
# each algorithm is caught. The PCT=100 variant measures what share of each
# algorithm's time its own kernels are (CLBlast's GEMM inside im2col is not
# slowed): its B/A ratio is 1 + that share.
#
# usage: bench/sensitivity.sh [ROUNDS] [DIR]
#   ROUNDS  default 40; DIR keeps the CSVs (default a temporary folder) so
#   bench/abstat.py sensitivity DIR can be rerun on them
# environment: CONVBENCH, SENS_PCTS (default "5 10 20 100")
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
rounds=${1:-40}
dir=${2:-$(mktemp -d)}
mkdir -p "$dir"
. "$here/bench/ab_lib.sh"
variants="A AA"
specs="A|$bin| AA|$bin|"
for p in ${SENS_PCTS:-5 10 20 100}; do
    variants="$variants X$p"
    specs="$specs X$p|$bin|--kernel-opts=-DCB_EXTRA_WORK=$p"
done
r=1
while [ "$r" -le "$rounds" ]; do
    echo "bench/sensitivity.sh: round $r of $rounds" >&2
    # shellcheck disable=SC2086 # one word per variant
    ab_round "$dir" "$r" $specs
    r=$((r + 1))
done
# shellcheck disable=SC2086 # one word per variant
python3 "$here/bench/abstat.py" sensitivity "$dir" $variants
