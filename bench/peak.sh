#!/bin/sh
# The peak benchmark: `convbench peak` against a native C FMA loop
# (bench/native_fma.c, -O3 -march=native, one OpenMP thread per core) on the
# same cores, in one run. Target: convbench's figure within 20% of the native
# one. Run it on a quiet machine: both take the best of several runs.
#
# usage: bench/peak.sh [convbench peak options...]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
native=$(mktemp /tmp/native_fma.XXXXXX)
trap 'rm -f "$native"' EXIT
${CC:-cc} -O3 -march=native -fopenmp "$here/bench/native_fma.c" -o "$native"
n=$("$native" | sed -n 's/^native_fma: \([0-9.]*\) GFLOP.*/\1/p')
c=$("$bin" peak --force "$@" | sed -n 's/^fma: *\([0-9.]*\) GFLOP.*/\1/p')
[ -n "$n" ] && [ -n "$c" ] || { echo "bench/peak.sh: a measurement failed" >&2; exit 1; }
echo "native C loop:   $n GFLOP/s"
echo "convbench peak:  $c GFLOP/s"
awk -v c="$c" -v n="$n" 'BEGIN {
    r = c / n
    printf "ratio:           %.3f (target: within 20%%, 0.80 to 1.20) %s\n", r,
           (r >= 0.8 && r <= 1.2) ? "MET" : "NOT MET"
}'
