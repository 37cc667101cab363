#!/bin/sh
# A/B: the same cases timed by a base revision's binary (A) and the working
# tree's (B), alternating by process for K rounds (A B A B ...), so the
# machine's drift over time, which moves a case's fastest run by 1.4-2.4x here
# within seconds (bench/variance.sh), falls on both sides alike.
#
# Per case: the ratio B/A of each round's times (AB_STAT, default min_ms, as the
# gate), their geometric mean, and a 95% interval by bootstrap over rounds.
# Per algorithm: the geometric mean of its cases' ratios, with the same
# bootstrap (one resample of rounds for every case, so cases measured in the
# same round stay together). Why a bootstrap: a handful of rounds, and times
# whose slow episodes give heavy tails; resampling the paired log-ratios
# assumes no normal distribution, and pairing within a round cancels the drift.
#
# usage: bench/ab.sh REV [K] [convbench options...]
#   REV  a git revision, built in build-ab/ (a worktree) next to the working tree
#   K    rounds (default 5; use 10 or more for decisions: with 4 rounds the
#        bootstrap interval is too narrow, and an unchanged CLBlast case here
#        read 0.914 with an interval of 0.836..0.990)
#   options apply to both binaries; AB_B_OPTS adds options to B only, e.g.
#   AB_B_OPTS=--kernel-opts=-DCB_SLOWDOWN=2 bench/ab.sh HEAD 5 --layer conv3x3
#   Default cases: configs/smoke.ini at batch 4 and 8 with the gate's settings.
# environment: CONVBENCH (B's binary, default build/convbench), AB_STAT,
#   AB_B_OPTS, AB_SEED (the bootstrap's seed, default 1)
# exit: 0 with the report; 2 when REV is not a revision or does not build (with
#   the build log's last lines) or B's binary is missing.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
usage="usage: bench/ab.sh REV [K] [convbench options...]"
[ $# -ge 1 ] || { echo "$usage" >&2; exit 2; }
rev=$1
shift
k=5
case ${1:-} in
[1-9]*) k=$1; shift ;;
esac
b_bin=${CONVBENCH:-$here/build/convbench}
[ -x "$b_bin" ] || { echo "bench/ab.sh: B's binary $b_bin is missing: build the working tree first" >&2; exit 2; }
sha=$(git -C "$here" rev-parse --verify --quiet "$rev^{commit}") ||
    { echo "bench/ab.sh: '$rev' is not a revision of $here" >&2; exit 2; }
short=$(git -C "$here" rev-parse --short "$sha")

# A: the revision, built once per commit and kept.
src=$here/build-ab/src-$short
bld=$here/build-ab/$short
log=$here/build-ab/$short.log
if [ ! -x "$bld/convbench" ]; then
    mkdir -p "$here/build-ab"
    [ -d "$src" ] || git -C "$here" worktree add --detach "$src" "$sha" > "$log" 2>&1
    echo "bench/ab.sh: building $short in $bld (log: $log)" >&2
    if ! { cmake -S "$src" -B "$bld" -DCMAKE_BUILD_TYPE=Release &&
           cmake --build "$bld" -j"$(nproc)" --target convbench; } >> "$log" 2>&1; then
        echo "bench/ab.sh: revision $short does not build; the log's last lines:" >&2
        tail -n 15 "$log" >&2
        exit 2
    fi
fi
a_bin=$bld/convbench

[ $# -gt 0 ] || set -- --sweep "$here/configs/smoke.ini" --batch 4,8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
timing="--min-time 100 --min-reps 10 --no-tune-db --no-peak"
r=1
while [ "$r" -le "$k" ]; do
    echo "bench/ab.sh: round $r of $k" >&2
    "$a_bin" "$@" $timing --csv "$work/A$r.csv" > "$work/A$r.log" 2>&1 ||
        echo "bench/ab.sh: A exited $? in round $r (see its rows' status)" >&2
    # shellcheck disable=SC2086 # AB_B_OPTS is a list of options
    "$b_bin" "$@" $timing ${AB_B_OPTS:-} --csv "$work/B$r.csv" > "$work/B$r.log" 2>&1 ||
        echo "bench/ab.sh: B exited $? in round $r (see its rows' status)" >&2
    r=$((r + 1))
done

python3 - "$work" "$k" "${AB_STAT:-min_ms}" "${AB_SEED:-1}" "$short" <<'PY'
import csv, math, random, sys
from collections import defaultdict

work, k, stat, seed, short = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
KEY = ("layer", "algorithm", "n", "c", "h", "w", "k", "r", "s", "stride_h", "stride_w", "pad_h",
       "pad_w", "dil_h", "dil_w", "groups", "bias", "dtype", "layout", "direction", "accum")

def times(path):
    out = {}
    try:
        rows = list(csv.DictReader(open(path, newline="")))
    except FileNotFoundError:
        return out
    for row in rows:
        if row.get("status") == "PASS" and row.get(stat):
            out[tuple(row.get(c, "") for c in KEY)] = float(row[stat])
    return out

logs = defaultdict(dict)  # case -> round -> ln(B/A)
for r in range(1, k + 1):
    a, b = times(f"{work}/A{r}.csv"), times(f"{work}/B{r}.csv")
    for case in a.keys() & b.keys():
        logs[case][r] = math.log(b[case] / a[case])
if not logs:
    sys.exit("bench/ab.sh: no case verified and was timed by both binaries")

rng = random.Random(seed)
rounds = list(range(1, k + 1))
resamples = [[rng.choice(rounds) for _ in rounds] for _ in range(2000)]

def mean_log(d, pick):
    v = [d[r] for r in pick if r in d]
    return sum(v) / len(v) if v else None

def interval(samples):
    s = sorted(x for x in samples if x is not None)
    return math.exp(s[int(0.025 * (len(s) - 1))]), math.exp(s[int(0.975 * (len(s) - 1))])

def fmt(point, lo, hi):
    mark = " slower" if lo > 1 else " faster" if hi < 1 else ""
    return f"{point:.3f} | {lo:.3f}..{hi:.3f}{mark}"

print(f"A = {short}, B = the working tree; {k} rounds A B alternating; statistic {stat}; "
      "ratio B/A, 95% bootstrap interval over rounds")
print()
print("| layer | case | algorithm | rounds | B/A | 95% interval |")
print("|---|---|---|---:|---:|---|")
for case in sorted(logs):
    d = logs[case]
    point = math.exp(mean_log(d, rounds))
    lo, hi = interval(mean_log(d, pick) for pick in resamples)
    shape = "n{2} c{3} {4}x{5} k{6} {7}x{8} s{9} p{11} g{15} {17} {18}".format(*case)
    print(f"| {case[0] or '-'} | {shape} | {case[1]} | {len(d)} | {fmt(point, lo, hi)} |")

print()
print("| algorithm | cases | geometric mean B/A | 95% interval |")
print("|---|---:|---:|---|")
by_algo = defaultdict(list)
for case, d in logs.items():
    by_algo[case[1]].append(d)
for algo in sorted(by_algo):
    cases = by_algo[algo]
    def algo_mean(pick):
        per_case = [m for m in (mean_log(d, pick) for d in cases) if m is not None]
        return sum(per_case) / len(per_case) if per_case else None
    point = math.exp(algo_mean(rounds))
    lo, hi = interval(algo_mean(pick) for pick in resamples)
    print(f"| {algo} | {len(cases)} | {fmt(point, lo, hi)} |")
PY
