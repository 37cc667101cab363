#!/bin/sh
# What full verification costs a sweep, as the issue that made the reference
# fast defines it: the same sweep with --verify=full and --verify=none,
#   cold: each on empty caches (no reference cache, no program cache, no PoCL
#         kernel cache: a fresh XDG_CACHE_HOME and POCL_CACHE_DIR each), and
#   warm: programs and references cached, ROUNDS alternating pairs (medians),
# plus, for the record, full with the reference cache off and programs warm
# (the reference computed every time). Wall-clock seconds of the whole process.
#
# usage: bench/verify_cost.sh [OUT.md] [convbench sweep options...]
#   default: configs/resnet.ini --batch 8 --algo direct. ROUNDS=3.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
out=${1:-$here/results/verify-cost-cpu/resnet50-b8-direct.md}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- --sweep "$here/configs/resnet.ini" --batch 8 --algo direct
rounds=${ROUNDS:-3}
work=$(mktemp -d /tmp/convbench-verify-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"

# seconds MODE [extra options]: one run's wall clock, under the current caches.
seconds() {
    mode=$1
    shift
    t0=$(date +%s.%N)
    "$bin" "$@" --verify "$mode" --no-peak --csv "$work/run.csv" >"$work/log" 2>&1 ||
        { cat "$work/log" >&2; echo "bench/verify_cost.sh: run failed" >&2; exit 1; }
    t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}'
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

cold() {
    rm -rf "$work/cache" "$work/pocl"
    XDG_CACHE_HOME="$work/cache" POCL_CACHE_DIR="$work/pocl" seconds "$@"
}
echo "bench/verify_cost.sh: cold runs (compiling every program)..." >&2
cold_none=$(cold none "$@")
cold_full=$(cold full "$@")
export XDG_CACHE_HOME="$work/cache" POCL_CACHE_DIR="$work/pocl"
warm_none="" warm_full="" nocache_full=""
i=0
while [ $i -lt "$rounds" ]; do
    echo "bench/verify_cost.sh: warm round $((i + 1)) of $rounds..." >&2
    warm_none="$warm_none $(seconds none "$@")"
    warm_full="$warm_full $(seconds full "$@")"
    nocache_full="$nocache_full $(seconds full "$@" --no-ref-cache)"
    i=$((i + 1))
done
wn=$(echo "$warm_none" | median)
wf=$(echo "$warm_full" | median)
nf=$(echo "$nocache_full" | median)
{
    echo "# Full verification against none: \`convbench $*\`"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(git -C "$here" describe --always --dirty 2>/dev/null), $(uname -n); wall-clock seconds of the whole process."
    echo
    echo "| caches | --verify=none s | --verify=full s | full / none | target |"
    echo "|---|---:|---:|---:|---|"
    echo "| cold: empty program, PoCL and reference caches | $cold_none | $cold_full | $(echo "$cold_full $cold_none" | awk '{printf "%.2f", $1 / $2}') | <= 1.5 |"
    echo "| warm: programs and references cached (median of $rounds pairs) | $wn | $wf | $(echo "$wf $wn" | awk '{printf "%.2f", $1 / $2}') | <= 1.1 |"
    echo "| programs warm, --no-ref-cache (reference computed) | $wn | $nf | $(echo "$nf $wn" | awk '{printf "%.2f", $1 / $2}') | - |"
    echo
    echo "Warm runs, in order: none:$warm_none; full:$warm_full; full --no-ref-cache:$nocache_full."
} | tee "$out"
