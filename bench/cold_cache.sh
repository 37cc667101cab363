#!/bin/sh
# How far cold-cache times are from hot ones: each layer of a config timed hot
# and then cold (--cold-cache 0,1: the two cases of a layer run back to back,
# so the machine's drift falls on both), and per layer and algorithm the ratio
# cold/hot of the fastest run, with each side's median as a check.
#
# usage: bench/cold_cache.sh [CONFIG] [convbench options...]
#   default: configs/resnet.ini at batch 1, direct, im2col and winograd-4x3
# environment: CONVBENCH
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
config=${1:-$here/configs/resnet.ini}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- --batch 1 --algo direct,im2col,winograd-4x3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" --sweep "$config" "$@" --cold-cache 0,1 --min-time 100 --no-tune-db --csv "$work/cc.csv" >&2
python3 - "$work/cc.csv" <<'PY'
import csv, math, sys
from collections import defaultdict
rows = defaultdict(dict)
for r in csv.DictReader(open(sys.argv[1])):
    if r["status"] == "PASS":
        rows[(r["layer"], r["n"], r["algorithm"])][r["cache"]] = (float(r["min_ms"]), float(r["median_ms"]))
print("| layer | batch | algorithm | hot min ms | cold min ms | cold/hot (min) | cold/hot (median) |")
print("|---|---:|---|---:|---:|---:|---:|")
ratios = defaultdict(list)
for (layer, n, algo), d in rows.items():
    if "hot" in d and "cold" in d:
        rmin, rmed = d["cold"][0] / d["hot"][0], d["cold"][1] / d["hot"][1]
        ratios[algo].append(rmin)
        print(f"| {layer} | {n} | {algo} | {d['hot'][0]:.3f} | {d['cold'][0]:.3f} | {rmin:.2f} | {rmed:.2f} |")
print()
print("| algorithm | layers | geometric mean cold/hot (min) | range |")
print("|---|---:|---:|---|")
for algo, v in sorted(ratios.items()):
    g = math.exp(sum(map(math.log, v)) / len(v))
    print(f"| {algo} | {len(v)} | {g:.2f} | {min(v):.2f}..{max(v):.2f} |")
PY
