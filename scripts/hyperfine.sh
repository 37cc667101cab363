#!/bin/sh
# Whole-process timings of convbench with hyperfine: what a user waits for,
# compiles and start-up included, which kernel times leave out.
#
#   1. cold against warm program caches: the same sweep with convbench's program
#      cache and PoCL's kernel cache emptied before every run, then kept;
#   2. with --vs OTHER: this build against another build of convbench (say the
#      main branch's) on the same sweep, warm caches, alternating runs.
#
# usage: scripts/hyperfine.sh [--config FILE.ini] [--vs OTHER_CONVBENCH] [--out PREFIX]
#                             [--runs N]
# Defaults: configs/smoke.ini, results/hyperfine-<UTC time>, 5 runs. Writes
# PREFIX-cache.{json,md} and PREFIX-builds.{json,md} (hyperfine's --export-json
# and --export-markdown). Each run checks every result and writes its CSV into a
# scratch folder; the device's peak is not measured (--no-peak) and the tuning
# database not read (--no-tune-db), so only compiling and running differ.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
config=$here/configs/smoke.ini
other=""
prefix=results/hyperfine-$(date -u +%Y%m%d-%H%M%S)
runs=5
while [ $# -gt 0 ]; do
    case $1 in
    --config) config=$2; shift 2 ;;
    --vs) other=$2; shift 2 ;;
    --out) prefix=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "scripts/hyperfine.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
command -v hyperfine > /dev/null || { echo "scripts/hyperfine.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -x "$bin" ] || { echo "scripts/hyperfine.sh: no convbench at $bin (build it, or set CONVBENCH)" >&2; exit 2; }
mkdir -p "$(dirname "$prefix")"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CACHE_HOME="$scratch/cache" POCL_CACHE_DIR="$scratch/pocl"
args="--sweep $config --no-peak --no-tune-db --csv $scratch/out.csv"

# One --prepare per command: the cold one empties both caches before each run.
hyperfine --runs "$runs" --warmup 1 \
    --prepare "rm -rf $scratch/cache $scratch/pocl $scratch/out.csv" \
    --prepare "rm -f $scratch/out.csv" \
    --command-name "cold caches" "$bin $args" \
    --command-name "warm caches" "$bin $args" \
    --export-json "$prefix-cache.json" --export-markdown "$prefix-cache.md"
echo "wrote $prefix-cache.md and .json"

if [ -n "$other" ]; then
    hyperfine --runs "$runs" --warmup 1 --prepare "rm -f $scratch/out.csv" \
        --command-name "this build" "$bin $args" \
        --command-name "other build" "$other $args" \
        --export-json "$prefix-builds.json" --export-markdown "$prefix-builds.md"
    echo "wrote $prefix-builds.md and .json"
fi
