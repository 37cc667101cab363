#!/usr/bin/env python3
"""abstat.py - the statistics of A/B runs, shared by bench/ab.sh (the report),
bench/gate.sh (the decision) and bench/sensitivity.sh (how good the decision is).

A series is a folder of CSVs named NAME-ROUND.csv, one per process: rounds
alternate the binaries in time, so a round's pair of processes saw the same
machine. For each algorithm and round, d = the mean over its cases of
ln(B/A) of the chosen statistic (min_ms: a shared machine's noise only adds
time). The estimate is exp(mean of d over rounds), with a 95% percentile
bootstrap interval over rounds: rounds are few and their slow episodes give
heavy tails, so no normal distribution is assumed, and pairing within a round
cancels the drift that moves a case 1.4-2.4x here within seconds.

The gate's rule (judge): an algorithm regresses when its estimate is above
1 + THRESHOLD and its whole interval is above 1: slower by a material amount,
and not by chance. bench/gate.sh measures again before failing, and only an
algorithm that regressed the first time may regress the second
(AB_CONFIRM="a, b": the first look's list), so a false alarm must strike the
same algorithm twice.

usage:
  abstat.py report DIR A B [STAT]         per case and per algorithm B/A table
  abstat.py judge DIR A B THRESHOLD [STAT]  the gate's verdict; exit 1 on a regression
  abstat.py sensitivity DIR A AA X...     false alarms and detection by resampling
Rounds are the ROUND numbers present for both names. THRESHOLD is a fraction
(0.05) or a percentage (5%).
"""
import csv
import glob
import math
import os
import random
import re
import sys
from collections import defaultdict

KEY = ("layer", "algorithm", "n", "c", "h", "w", "k", "r", "s", "stride_h", "stride_w", "pad_h",
       "pad_w", "dil_h", "dil_w", "groups", "bias", "dtype", "layout", "direction", "accum")
# Columns an older CSV schema lacks, and the value it meant (schemas 1-5 were
# float32, NCHW, forward): a base revision's binary may write an older schema.
DEFAULTS = {"dtype": "fp32", "layout": "nchw", "direction": "fwd", "accum": "fp32"}
BOOT = 1000
SEED = int(os.environ.get("AB_SEED", "1"))


def load(path, stat):
    """{case key: the statistic} for the verified rows of one CSV."""
    out = {}
    try:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if row.get("status") == "PASS" and row.get(stat):
                    out[tuple(row.get(c) or DEFAULTS.get(c, "") for c in KEY)] = float(row[stat])
    except FileNotFoundError:
        pass
    return out


def rounds_of(folder, name):
    pat = re.compile(re.escape(name) + r"-(\d+)\.csv$")
    return {int(m.group(1)) for p in glob.glob(os.path.join(folder, name + "-*.csv"))
            if (m := pat.search(os.path.basename(p)))}


def case_logs(folder, a, b, stat):
    """{case: {round: ln(B/A)}} over the rounds both names have."""
    logs = defaultdict(dict)
    for r in sorted(rounds_of(folder, a) & rounds_of(folder, b)):
        ta, tb = load(f"{folder}/{a}-{r}.csv", stat), load(f"{folder}/{b}-{r}.csv", stat)
        for case in ta.keys() & tb.keys():
            logs[case][r] = math.log(tb[case] / ta[case])
    return logs


def algo_rounds(logs):
    """{algorithm: {round: mean over its cases of ln(B/A)}}."""
    acc = defaultdict(lambda: defaultdict(list))
    for case, d in logs.items():
        for r, v in d.items():
            acc[case[1]][r].append(v)
    return {algo: {r: sum(v) / len(v) for r, v in by_r.items()} for algo, by_r in acc.items()}


def estimate(values, rng, boot=BOOT):
    """(point, low, high) of exp(mean) with a 95% percentile bootstrap."""
    n = len(values)
    means = sorted(sum(rng.choice(values) for _ in range(n)) / n for _ in range(boot))
    point = sum(values) / n
    return math.exp(point), math.exp(means[int(0.025 * (boot - 1))]), math.exp(means[int(0.975 * (boot - 1))])


def regressed(point, low, threshold):
    return point > 1 + threshold and low > 1


def fmt(point, lo, hi):
    mark = " slower" if lo > 1 else " faster" if hi < 1 else ""
    return f"{point:.3f} | {lo:.3f}..{hi:.3f}{mark}"


def parse_threshold(text):
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def report(folder, a, b, stat="min_ms"):
    logs = case_logs(folder, a, b, stat)
    if not logs:
        sys.exit("abstat.py: no case verified and was timed by both binaries")
    rng = random.Random(SEED)
    print("| layer | case | algorithm | rounds | B/A | 95% interval |")
    print("|---|---|---|---:|---:|---|")
    for case in sorted(logs):
        vals = list(logs[case].values())
        shape = "n{2} c{3} {4}x{5} k{6} {7}x{8} s{9} p{11} g{15} {17} {18}".format(*case)
        print(f"| {case[0] or '-'} | {shape} | {case[1]} | {len(vals)} | "
              f"{fmt(*estimate(vals, rng))} |")
    print()
    judge_table(logs, rng, None)


def judge_table(logs, rng, threshold, confirm=None):
    """Prints the per-algorithm table; returns the algorithms that regressed
    (with confirm, a set of names, only those can: the gate's second look)."""
    print("| algorithm | cases | rounds | geometric mean B/A | 95% interval |" +
          (" verdict |" if threshold is not None else ""))
    print("|---|---:|---:|---:|---|" + ("---|" if threshold is not None else ""))
    cases = defaultdict(int)
    for case in logs:
        cases[case[1]] += 1
    bad = []
    for algo, by_r in sorted(algo_rounds(logs).items()):
        point, lo, hi = estimate(list(by_r.values()), rng)
        verdict = ""
        if threshold is not None:
            slower = regressed(point, lo, threshold)
            if slower and (confirm is None or algo in confirm):
                verdict = " REGRESSION |"
                bad.append(algo)
            else:
                verdict = " ok (not slower in the first look) |" if slower else " ok |"
        print(f"| {algo} | {cases[algo]} | {len(by_r)} | {fmt(point, lo, hi)} |{verdict}")
    return bad


def judge(folder, a, b, threshold, stat="min_ms"):
    logs = case_logs(folder, a, b, stat)
    if not logs:
        print("abstat.py: no case verified and was timed by both binaries", file=sys.stderr)
        return 2
    confirm = os.environ.get("AB_CONFIRM")
    bad = judge_table(logs, random.Random(SEED), parse_threshold(threshold),
                      set(confirm.split(", ")) if confirm else None)
    print()
    print(f"regressions (estimate above {1 + parse_threshold(threshold):.2f}x and interval above 1): "
          + (", ".join(bad) if bad else "none"))
    return 1 if bad else 0


def sensitivity(folder, a, aa, variants, k, threshold, draws, stat="min_ms"):
    """Resamples the series with the gate's rule: K rounds, and when they
    regress, K other rounds must too (the gate's confirmation run)."""
    rng = random.Random(SEED)
    pairs = [aa] + variants
    series = {v: algo_rounds(case_logs(folder, a, v, stat)) for v in pairs}
    algos = sorted(series[aa])
    print(f"gate rule: estimate > {1 + threshold:.2f}x and 95% interval above 1, confirmed on "
          f"a second draw; K = {k} rounds per draw, {draws} draws, from "
          f"{max(len(r) for r in series[aa].values())} recorded rounds")
    print()
    print("| algorithm | slowdown | B/A over all rounds | caught (of draws) |")
    print("|---|---|---:|---:|")
    for algo in algos:
        for v in pairs:
            by_r = series[v].get(algo, {})
            rounds = sorted(by_r)
            if len(rounds) < 2 * k:
                print(f"| {algo} | {v} | - | too few rounds ({len(rounds)}) |")
                continue
            caught = 0
            for _ in range(draws):
                pick = rng.sample(rounds, 2 * k)
                first = [by_r[r] for r in pick[:k]]
                second = [by_r[r] for r in pick[k:]]
                p1, l1, _ = estimate(first, rng, 400)
                if regressed(p1, l1, threshold):
                    p2, l2, _ = estimate(second, rng, 400)
                    caught += regressed(p2, l2, threshold)
            whole = math.exp(sum(by_r.values()) / len(by_r))
            label = "none (A/A)" if v == aa else f"{v[1:]}% extra work"
            print(f"| {algo} | {label} | {whole:.3f} | {100 * caught / draws:.1f}% |")


def main(argv):
    if len(argv) >= 4 and argv[0] == "report":
        report(*argv[1:5])
        return 0
    if len(argv) >= 5 and argv[0] == "judge":
        return judge(*argv[1:6])
    if len(argv) >= 4 and argv[0] == "sensitivity":
        k = int(os.environ.get("GATE_ROUNDS", "12"))
        threshold = parse_threshold(os.environ.get("GATE_THRESHOLD", "5%"))
        draws = int(os.environ.get("SENS_DRAWS", "1000"))
        sensitivity(argv[1], argv[2], argv[3], argv[4:], k, threshold, draws)
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
