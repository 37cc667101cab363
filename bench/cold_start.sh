#!/bin/sh
# A new user's first sweep against the same sweep warm: the README's main
# command (configs/resnet.ini, every algorithm, batch 1 and 8, verified) on
# empty caches (a fresh XDG_CACHE_HOME and POCL_CACHE_DIR: every program
# compiled, every reference computed), then twice more on the caches that run
# filled; and, as the A/B of the parallel prebuild, the cold run again with
# --no-prebuild on emptied caches. Wall-clock seconds, and the sum of the
# CSV's compile_ms (time the sweep itself spent building programs).
#
# usage: bench/cold_start.sh [OUT.md] [convbench options...]   (default: the README's command)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
out=${1:-$here/results/verify-cost-cpu/cold-start-resnet50.md}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- --sweep "$here/configs/resnet.ini"
work=$(mktemp -d /tmp/convbench-cold-start.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
export XDG_CACHE_HOME="$work/cache" POCL_CACHE_DIR="$work/pocl"
fresh() { rm -rf "$work/cache" "$work/pocl"; }

# run NAME ARGS...: wall seconds and seconds building programs.
run() {
    name=$1
    shift
    t0=$(date +%s.%N)
    "$bin" "$@" --csv "$work/$name.csv" >"$work/log" 2>&1 ||
        { tail -n 20 "$work/log" >&2; echo "bench/cold_start.sh: run failed" >&2; exit 1; }
    t1=$(date +%s.%N)
    compile=$(/usr/bin/python3 -c "
import csv, sys
print('%.1f' % (sum(float(r['compile_ms'] or 0) for r in csv.DictReader(open(sys.argv[1]))) / 1e3))" "$work/$name.csv")
    echo "$t0 $t1 $compile" | awk '{printf "%.1f %s", $2 - $1, $3}'
}
echo "bench/cold_start.sh: cold run with --no-prebuild..." >&2
fresh
serial=$(run serial "$@" --no-prebuild)
echo "bench/cold_start.sh: cold run..." >&2
fresh
cold=$(run cold "$@")
echo "bench/cold_start.sh: warm runs..." >&2
warm1=$(run warm1 "$@")
warm2=$(run warm2 "$@")
{
    echo "# Cold start: \`convbench $*\`"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(git -C "$here" describe --always --dirty 2>/dev/null), $(uname -n), $(nproc) cores."
    echo
    echo "| run | wall s | building programs s (sum of compile_ms) |"
    echo "|---|---:|---:|"
    echo "| cold, --no-prebuild: empty caches, built as cases come | ${serial% *} | ${serial#* } |"
    echo "| cold: empty caches, built first in parallel | ${cold% *} | ${cold#* } |"
    echo "| warm 1 | ${warm1% *} | ${warm1#* } |"
    echo "| warm 2 | ${warm2% *} | ${warm2#* } |"
    echo
    echo "cold / faster warm: $(echo "${cold% *} ${warm1% *} ${warm2% *}" | awk '{w = $2 < $3 ? $2 : $3; printf "%.2f", $1 / w}') (target <= 1.5); with --no-prebuild $(echo "${serial% *} ${warm1% *} ${warm2% *}" | awk '{w = $2 < $3 ? $2 : $3; printf "%.2f", $1 / w}')"
} | tee "$out"
