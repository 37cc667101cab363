#!/usr/bin/env python3
"""Per layer and batch size, each algorithm's GFLOP/s and its ratio to a
reference measured in the same CSV (same run, same device), with the geometric
mean of the ratios over all layers and over the 1x1 layers.

usage: scripts/csv_ratios.py FILE.csv... [--vs ALGO[,ALGO...]] [--min-channels N]
  --vs A,B         the reference per layer is the faster of A and B
                   (default: clblast-convgemm)
  --min-channels N only layers with C >= N and K >= N
Only verified rows (PASS) count; a layer missing either side is left out of the
means and shown as '-'. Standard library only."""
import argparse
import math
from collections import defaultdict

import csvrows  # scripts/csvrows.py, beside this file


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--vs", default="clblast-convgemm", help="reference algorithm(s), comma-separated")
    ap.add_argument("--min-channels", type=int, default=0)
    args = ap.parse_args()
    refs = args.vs.split(",")
    rows = [r for r in csvrows.read(args.csv, "csv_ratios")
            if int(r["c"]) >= args.min_channels and int(r["k"]) >= args.min_channels]
    algos = []
    perf = {}  # (layer, batch, algo) -> GFLOP/s
    shape = {}
    for r in rows:
        if r["algorithm"] not in algos:
            algos.append(r["algorithm"])
        key = (r["layer"], int(r["n"]))
        shape[key] = "{c}->{k} {h}x{w} {r}x{s} s{stride_h}".format(**r)
        if r["status"] == "PASS" and csvrows.timed(r):
            perf[key + (r["algorithm"],)] = float(r["gflops"])
    others = [a for a in algos if a not in refs]
    ref_name = "best of " + "/".join(refs) if len(refs) > 1 else refs[0]
    for batch in sorted({k[1] for k in shape}):
        print("\n### batch {}\n".format(batch))
        head = "| layer | shape | " + " | ".join("{} GFLOP/s".format(a) for a in algos)
        head += " | " + " | ".join("{} / {}".format(a, ref_name) for a in others) + " |"
        print(head)
        print("|---|---|" + "---:|" * (len(algos) + len(others)))
        ratios = defaultdict(list)
        ratios_1x1 = defaultdict(list)
        for (layer, b) in [k for k in shape if k[1] == batch]:
            cells = []
            for a in algos:
                v = perf.get((layer, b, a))
                cells.append("{:.1f}".format(v) if v else "-")
            got = [perf[(layer, b, r)] for r in refs if (layer, b, r) in perf]
            ref = max(got) if len(got) == len(refs) else None
            for a in others:
                v = perf.get((layer, b, a))
                if v and ref:
                    ratios[a].append(v / ref)
                    if " 1x1 " in shape[(layer, b)]:
                        ratios_1x1[a].append(v / ref)
                    cells.append("{:.2f}x".format(v / ref))
                else:
                    cells.append("-")
            print("| {} | {} | {} |".format(layer, shape[(layer, b)], " | ".join(cells)))
        for a in others:
            line = "\n{} / {} at batch {}: geometric mean {:.2f}x over {} layers".format(
                a, ref_name, batch, geomean(ratios[a]), len(ratios[a]))
            if ratios_1x1[a]:
                line += "; 1x1 layers {:.2f}x over {}".format(geomean(ratios_1x1[a]),
                                                              len(ratios_1x1[a]))
            print(line)


if __name__ == "__main__":
    main()
