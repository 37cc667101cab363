#!/usr/bin/env python3
"""Per device and ResNet-50 layer: the fastest verified algorithm's time in
each (data type, layout), the ratios NHWC/NCHW (fp32) and fp16/fp32 (NCHW),
and their geometric means per layer class. Markdown on standard output.

usage: bench/layouts.py FILE.csv [FILE.csv ...]"""
import math
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import csvrows  # noqa: E402


def layer_class(r):
    k, s = int(r["r"]), int(r["stride_h"])
    if k == 1:
        return "1x1" if s == 1 else "1x1 s2"
    if k == 3:
        return "3x3" if s == 1 else "3x3 s2"
    return f"{k}x{k} s{s}"


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def main(paths):
    rows = [r for r in csvrows.read(paths, "layouts") if r["status"] == "PASS" and csvrows.timed(r)]
    best = {}  # (device, layer, dtype, layout) -> row
    for r in rows:
        key = (f'{r["platform"]}/{r["device"]}', r["layer"], r.get("dtype", "fp32"),
               r.get("layout", "nchw"))
        if key not in best or float(r["median_ms"]) < float(best[key]["median_ms"]):
            best[key] = r
    for dev in sorted({k[0] for k in best}):
        layers = []
        for k in best:
            if k[0] == dev and k[1] not in layers:
                layers.append(k[1])
        combos = sorted({(k[2], k[3]) for k in best if k[0] == dev},
                        key=lambda c: (c[0] != "fp32", c[1] != "nchw"))
        print(f"\n### {dev}\n")
        print("| layer | class | " + " | ".join(f"{d} {l} ms (algorithm)" for d, l in combos) +
              " | NHWC/NCHW (fp32) | fp16/fp32 (NCHW) |")
        print("|---|---|" + "---:|" * (len(combos) + 2))
        ratios = {"nhwc": defaultdict(list), "fp16": defaultdict(list)}
        for layer in layers:
            get = lambda d, l: best.get((dev, layer, d, l))
            ref = get("fp32", "nchw")
            cells = []
            for d, l in combos:
                x = get(d, l)
                cells.append(f'{float(x["median_ms"]):.3f} ({x["algorithm"]})' if x else "-")
            cls = layer_class(ref or next(v for k, v in best.items() if k[:2] == (dev, layer)))
            out = []
            for name, other in (("nhwc", get("fp32", "nhwc")), ("fp16", get("fp16", "nchw"))):
                if ref and other:
                    q = float(other["median_ms"]) / float(ref["median_ms"])
                    ratios[name][cls].append(q)
                    out.append(f"{q:.2f}")
                else:
                    out.append("-")
            print(f"| {layer} | {cls} | " + " | ".join(cells) + " | " + " | ".join(out) + " |")
        print("\n| layer class | layers | NHWC/NCHW (fp32), geomean | fp16/fp32 (NCHW), geomean |")
        print("|---|---:|---:|---:|")
        for cls in sorted(set(ratios["nhwc"]) | set(ratios["fp16"])):
            n, f = ratios["nhwc"].get(cls, []), ratios["fp16"].get(cls, [])
            fmt = lambda xs: f"{geomean(xs):.2f}" if xs else "-"
            print(f"| {cls} | {max(len(n), len(f))} | {fmt(n)} | {fmt(f)} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
