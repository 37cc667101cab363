"""Ratios of implicit-gemm to direct per ResNet-50 layer and layer class
from one sweep's CSV (bench/gemm_tiles.sh): GFLOP/s of implicit-gemm over
direct's, where tuned says whose parameters came from the tuning database."""
import csv
import math
import sys
from collections import defaultdict


def layer_class(row):
    r, s = row["r"], row["s"]
    stride = row["stride_h"]
    return f"{r}x{s} stride {stride}"


def main(path):
    rows = [r for r in csv.DictReader(open(path, encoding="utf-8")) if r["status"] in ("PASS", "UNVERIFIED")]
    by = defaultdict(dict)
    info = {}
    for r in rows:
        by[r["layer"]][r["algorithm"]] = r
        info[r["layer"]] = r
    classes = defaultdict(list)
    print(f"| layer | class | direct GFLOP/s | implicit-gemm GFLOP/s | ratio | implicit-gemm params (from) |")
    print("|---|---|---:|---:|---:|---|")
    for layer, algos in by.items():
        if "direct" not in algos or "implicit-gemm" not in algos:
            continue
        d, g = algos["direct"], algos["implicit-gemm"]
        ratio = float(g["gflops"]) / float(d["gflops"])
        cls = layer_class(d)
        classes[cls].append(ratio)
        print(f"| {layer} | {cls} | {float(d['gflops']):.1f} | {float(g['gflops']):.1f} | {ratio:.2f} "
              f"| {g['params']} ({g['params_from']}) |")
    print()
    print("| layer class | layers | geomean implicit-gemm / direct |")
    print("|---|---:|---:|")
    ones = []
    for cls, v in sorted(classes.items()):
        gm = math.exp(sum(math.log(x) for x in v) / len(v))
        print(f"| {cls} | {len(v)} | {gm:.2f} |")
        if cls.startswith("1x1"):
            ones += v
    if ones:
        gm = math.exp(sum(math.log(x) for x in ones) / len(ones))
        print(f"\n1x1 layers, all: geomean {gm:.2f} over {len(ones)} layers (target >= 0.70)")


if __name__ == "__main__":
    main(sys.argv[1])
