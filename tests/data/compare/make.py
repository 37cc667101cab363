#!/usr/bin/env python3
"""Writes the hand-made CSV pairs of tests/cmd/test_compare.sh into a folder:
only the columns compare and report read, a few rows each, numbers chosen so
the verdicts are known in advance.

usage: make.py OUTDIR"""
import csv
import os
import sys

COLS = ["schema", "platform", "device", "driver", "host", "layer", "count", "n", "c", "h", "w", "k", "r", "s",
        "stride_h", "stride_w", "pad_h", "pad_w", "dil_h", "dil_w", "groups", "bias",
        "algorithm", "peer", "status", "reps", "median_ms", "mean_ms", "stddev_ms", "min_ms", "gflops",
        "chosen", "peak_gflops", "peak_gbs", "intensity", "timer", "above_peak"]
DESC = ["dtype", "layout", "direction", "accum"]  # schema 6
LAYERS = [("l3x3", 64, 3, 1), ("l1x1", 128, 1, 0), ("l3x3s2", 32, 3, 1)]


def rows(device="Dev A", platform="P", driver="1.0", timer="events", scale=None, sd=0.01, reps=20, algos=("direct", "im2col", "ref"),
         layers=LAYERS, schema=7, status="PASS", batch=8, dtype="fp32", layout="nchw"):
    """One row per layer and algorithm; time 1 ms x scale[(layer, algo)]."""
    scale = scale or {}
    out = []
    for name, c, k, pad in layers:
        for a in algos:
            t = scale.get((name, a), 1.0) * (2.0 if a == "ref" else 1.0)
            out.append({"schema": schema, "platform": platform, "device": device,
                        "driver": driver, "host": "h1", "layer": name,
                        "count": 2, "n": batch, "c": c, "h": 14, "w": 14, "k": c, "r": k, "s": k,
                        "stride_h": 2 if name.endswith("s2") else 1,
                        "stride_w": 2 if name.endswith("s2") else 1, "pad_h": pad,
                        "pad_w": pad, "dil_h": 1, "dil_w": 1, "groups": 1, "bias": 0,
                        "algorithm": a, "peer": 1 if a == "ref" else 0, "status": status,
                        "reps": reps, "median_ms": t, "mean_ms": t, "stddev_ms": sd * t, "min_ms": 0.98 * t,
                        "gflops": 100.0 / t, "chosen": "", "peak_gflops": 250.0,
                        "peak_gbs": 40.0, "intensity": 2.0 * k * k + 5, "timer": timer,
                        "above_peak": 0, "dtype": dtype, "layout": layout,
                        "direction": "fwd", "accum": "fp32"})
    return out


def write(path, rs):
    """The columns of the rows' schema: before 6, no descriptor."""
    old = rs and int(rs[0]["schema"]) < 6
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLS + ([] if old else DESC), extrasaction="ignore")
        w.writeheader()
        w.writerows(rs)


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    write(f"{d}/base.csv", rows())
    write(f"{d}/same.csv", rows())
    # direct twice as slow everywhere: a regression.
    write(f"{d}/slower.csv", rows(scale={(l[0], "direct"): 2.0 for l in LAYERS}))
    # im2col 30% faster: an improvement, and nothing regressed.
    write(f"{d}/faster.csv", rows(scale={(l[0], "im2col"): 0.7 for l in LAYERS}))
    # 20% slower but the spread is 50% over 3 runs each: not significant.
    write(f"{d}/noisy_base.csv", rows(sd=0.5, reps=3))
    write(f"{d}/noisy_new.csv", rows(sd=0.5, reps=3, scale={(l[0], a): 1.2 for l in LAYERS
                                                             for a in ("direct", "im2col")}))
    # A whole machine 1.8x slower: every time, the reference's too. Raw, a
    # regression; normalised by ref, nothing changed.
    write(f"{d}/slow_machine.csv", rows(scale={(l[0], a): 1.8 for l in LAYERS
                                               for a in ("direct", "im2col", "ref")}))
    # One layer missing on each side.
    write(f"{d}/missing.csv", rows(layers=LAYERS[:2]) +
          rows(layers=[("extra", 16, 3, 1)]))
    write(f"{d}/schema3.csv", rows(schema=3))
    write(f"{d}/schema5.csv", rows(schema=5))
    write(f"{d}/schema8.csv", rows(schema=8))
    # The same shapes in fp16 (faster) and in NHWC (slower): other problems,
    # never matched with their fp32 NCHW twins.
    write(f"{d}/descriptors.csv", rows() + rows(dtype="fp16", scale={(l[0], a): 0.6 for l in LAYERS
                                                                    for a in ("direct", "im2col", "ref")})
          + rows(layout="nhwc", scale={(l[0], a): 1.5 for l in LAYERS
                                       for a in ("direct", "im2col", "ref")}))
    write(f"{d}/bad_dtype.csv", [dict(r, dtype="bf16") if i == 0 else r
                                 for i, r in enumerate(rows())])
    # One CPU under two implementations that give it the same name, and the
    # same implementation under two drivers: four devices for a reader.
    write(f"{d}/same_name.csv", rows(device="AMD EPYC", platform="Portable Computing Language") +
          rows(device="AMD EPYC", platform="Intel(R) OpenCL", timer="host",
               scale={(l[0], a): 0.5 for l in LAYERS for a in ("direct", "im2col", "ref")}))
    write(f"{d}/two_drivers.csv", rows(device="AMD EPYC", platform="Intel(R) OpenCL",
                                       driver="2025.1") +
          rows(device="AMD EPYC", platform="Intel(R) OpenCL", driver="2026.2"))
    # Another device, twice as fast on everything.
    write(f"{d}/dev_b.csv", rows(device="Dev B", scale={(l[0], a): 0.5 for l in LAYERS
                                                       for a in ("direct", "im2col", "ref")}))

    # Regressions of report: Dev B at a batch size Dev A lacks (once "0.00 |
    # inf | infx"); 70 batch sizes (once only the first 64 were reported).
    write(f"{d}/dev_b_batch1.csv", rows(device="Dev B", batch=1))
    write(f"{d}/many_batches.csv", [r for b in range(1, 71)
                                    for r in rows(batch=b, layers=LAYERS[:1], algos=("direct",))])
    # A gate that measured nothing: a header alone, and times of 0.
    write(f"{d}/header_only.csv", [])
    bad = rows()
    bad[0]["n"] = "8x"  # once read as 8 by strtoll and compared as that shape
    write(f"{d}/bad_shape.csv", bad)
    write(f"{d}/zero_times.csv", [dict(r, median_ms=0, mean_ms=0, min_ms=0) for r in rows()])


if __name__ == "__main__":
    main()
