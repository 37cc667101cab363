#!/bin/sh
# Where run-to-run variance comes from: the same cases measured in N short
# processes, and N times over in one long process (the case repeated through a
# list of --warmup values, which changes nothing measured). Per algorithm, the
# spread (max/min) of each case's fastest run between processes and within the
# one process: if between is much wider than within, something differs per
# process (buffer placement, thread layout); if both are wide, the machine's
# speed varies over time, which only alternating A/B runs cancel.
#
# usage: bench/variance.sh [N] [convbench options...]
#   default: 10 processes, smoke.ini's conv3x3 at batch 4 (the case the gate
#   saw move 1.8x), every algorithm, the gate's timing settings
#   e.g. bench/variance.sh 20 --layer 'conv1x1' --algo direct,im2col
# environment: CONVBENCH, VAR_CONFIG (another config, e.g. configs/resnet.ini)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${CONVBENCH:-$here/build/convbench}
n=${1:-10}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- --layer '^conv3x3$'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cases="--sweep ${VAR_CONFIG:-$here/configs/smoke.ini} --batch 4 --min-time 100 --min-reps 10 --no-tune-db --no-peak"
# The idle check: CPU time stolen by the hypervisor (/proc/stat's steal) and
# busy on all CPUs, per process, to see whether a slow process had company.
cpu() { awk '/^cpu /{print $2+$3+$4+$7+$8, $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
i=0
while [ $i -lt "$n" ]; do
    before=$(cpu)
    "$bin" $cases "$@" --csv "$work/process$i.csv" > /dev/null
    echo "$before $(cpu)" > "$work/cpu$i"
    i=$((i + 1))
done
"$bin" $cases "$@" --warmup "$(seq -s, 1 "$n")" --csv "$work/one.csv" > /dev/null
python3 - "$work" "$n" <<'PY'
import csv, glob, sys
from collections import defaultdict

work, n = sys.argv[1], int(sys.argv[2])
def fastest(paths):
    out = defaultdict(list)  # (layer, n, algorithm) -> min_ms per measurement
    for p in paths:
        for r in csv.DictReader(open(p)):
            if r["status"] == "PASS" and r["min_ms"]:
                out[(r["layer"], r["n"], r["algorithm"])].append(float(r["min_ms"]))
    return out
between = fastest(sorted(glob.glob(work + "/process*.csv")))
within = fastest([work + "/one.csv"])
steal = []
for i in range(n):
    b_busy, b_steal, b_all, a_busy, a_steal, a_all = map(float, open(f"{work}/cpu{i}").read().split())
    steal.append(100 * (a_steal - b_steal) / max(a_all - b_all, 1))
print(f"CPU time stolen by the hypervisor during each process: {min(steal):.1f}% to {max(steal):.1f}%")
print(f"fastest run of each case (min_ms), {n} processes against {n} repeats in one process")
print("| layer | batch | algorithm | between processes | spread | within one process | spread |")
print("|---|---:|---|---|---:|---|---:|")
for key in sorted(between):
    b, w = between[key], within.get(key, [])
    if not w:
        continue
    print(f"| {key[0]} | {key[1]} | {key[2]} | {min(b):.3f}..{max(b):.3f} ms | {max(b)/min(b):.2f}x "
          f"| {min(w):.3f}..{max(w):.3f} ms | {max(w)/min(w):.2f}x |")
PY
