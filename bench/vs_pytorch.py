#!/usr/bin/env python3
"""Times PyTorch's CPU conv2d (oneDNN) on every layer of a convbench CSV, in
this process, and prints per layer: convbench's `best` (and the algorithm that
won), CLBlast's convolution on the same OpenCL device, PyTorch, and the ratios,
with geometric means and whole-network totals (sum of count x median).

Then, per layer class (7x7 s2, 3x3 s1, 3x3 s2, 1x1 s1, 1x1 s2, depthwise,
other), the geometric mean of PyTorch / best; for 1x1 stride-1 layers, OpenBLAS
SGEMM (numpy, same threads) on the same M x N x K (M = K out, N = batch x P x Q,
K = C in), as GFLOP/s against best's; for depthwise layers, the share of the
device's measured bandwidth (they are memory-bound), and the targets.

usage: bench/vs_pytorch.py CONVBENCH.csv [--threads N] [--min-ms MS] [--out TORCH.csv]
PyTorch (Debian's python3-torch) is needed by this script only. Its timing
follows convbench's: warm-up, then at least 5 runs and MS ms, the median.
--threads defaults to every core, as convbench's OpenCL CPU device uses them."""
import argparse
import csv
import math
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import csvrows  # noqa: E402  scripts/csvrows.py: the scripts' one CSV reader


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def layer_class(r):
    rs, st = f"{r['r']}x{r['s']}", int(r["stride_h"])
    if int(r["groups"]) > 1 and int(r["groups"]) == int(r["c"]):
        return "depthwise"
    if rs in ("7x7", "3x3", "1x1") and st in (1, 2):
        return f"{rs} s{st}"
    return "other"


def timed(f, min_ms):
    for _ in range(2):
        f()
    samples = []
    while len(samples) < 5 or sum(samples) < min_ms:
        t0 = time.perf_counter()
        f()
        samples.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(samples)


def moved_bytes(r):
    """Input, weights and output, each read or written once."""
    v = {x: int(r[x]) for x in ("n", "c", "h", "w", "k", "r", "s", "p", "q", "groups")}
    elems = (v["n"] * v["c"] * v["h"] * v["w"] + v["k"] * v["c"] // v["groups"] * v["r"] * v["s"]
             + v["n"] * v["k"] * v["p"] * v["q"])
    return elems * (2 if r.get("dtype") == "fp16" else 4)


def sgemm_gflops(np, r, min_ms):
    """OpenBLAS SGEMM on the GEMM of a 1x1 stride-1 layer."""
    m, kk = int(r["k"]), int(r["c"])
    nn = int(r["n"]) * int(r["p"]) * int(r["q"])
    a = np.random.rand(m, kk).astype(np.float32)
    b = np.random.rand(kk, nn).astype(np.float32)
    t = timed(lambda: a @ b, min_ms)
    return 2.0 * m * nn * kk / (t * 1e6)


def time_torch(torch, r, min_ms):
    n, c, h, w, k = (int(r[x]) for x in ("n", "c", "h", "w", "k"))
    g = int(r["groups"])
    x = torch.randn(n, c, h, w)
    wt = torch.randn(k, c // g, int(r["r"]), int(r["s"]))
    b = torch.randn(k) if r["bias"] == "1" else None
    args = dict(stride=(int(r["stride_h"]), int(r["stride_w"])),
                padding=(int(r["pad_h"]), int(r["pad_w"])),
                dilation=(int(r["dil_h"]), int(r["dil_w"])), groups=g)
    f = torch.nn.functional.conv2d
    with torch.no_grad():
        return timed(lambda: f(x, wt, b, **args), min_ms)


def parse_args(doc):
    """The command line both comparisons take (their usage lines)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--min-ms", type=float, default=200.0)
    ap.add_argument("--out", help="write PyTorch's medians here as CSV")
    return ap.parse_args()


def import_torch(script, threads):
    """PyTorch on threads threads, or exit saying how to install it."""
    try:
        import torch
    except ImportError:
        sys.exit(f"{script}: PyTorch is missing: apt-get install python3-torch "
                 "(and run this with /usr/bin/python3)")
    torch.set_num_threads(threads)
    return torch


def main():
    args = parse_args(__doc__)
    torch = import_torch("bench/vs_pytorch.py", args.threads)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
    import numpy as np  # after the thread count: OpenBLAS reads it when loaded

    rows = csvrows.read([args.csv], "vs_pytorch")
    ok = [r for r in rows if r["status"] == "PASS" and csvrows.timed(r)]
    best = {(r["layer"], r["n"]): r for r in ok if r["algorithm"] == "best"}
    clb = {(r["layer"], r["n"]): r for r in ok if r["algorithm"] == "clblast-convgemm"}
    if not best:
        sys.exit(f"{args.csv}: no PASS rows of algorithm 'best'")
    dev = rows[0]["device"]
    print(f"device (convbench, CLBlast): {dev}; PyTorch {torch.__version__} on "
          f"{torch.get_num_threads()} threads (oneDNN: {torch.backends.mkldnn.is_available()})\n")
    out = csv.writer(open(args.out, "w", newline="")) if args.out else None
    if out:
        out.writerow(["layer", "n", "torch_median_ms", "threads", "torch_version"])
    for batch in sorted({int(n) for _, n in best}):
        keys = [k for k in best if int(k[1]) == batch]
        print(f"### batch {batch}\n")
        print("| layer | shape | count | convbench best ms | won by | % peak | CLBlast ms "
              "| PyTorch ms | PyTorch / best | CLBlast / best |")
        print("|---|---|---:|---:|---|---:|---:|---:|---:|---:|")
        tot = {"best": 0.0, "clb": 0.0, "torch": 0.0}
        clb_complete = True
        vs_torch, vs_clb = [], []
        classes, sgemm, bandwidth = {}, [], []
        for key in keys:
            r = best[key]
            t = time_torch(torch, r, args.min_ms)
            if out:
                out.writerow([r["layer"], r["n"], f"{t:.4f}", args.threads, torch.__version__])
            b = float(r["median_ms"])
            cnt = int(r["count"])
            c = float(clb[key]["median_ms"]) if key in clb else None
            tot["best"] += cnt * b
            tot["torch"] += cnt * t
            if c is None:
                clb_complete = False
            else:
                tot["clb"] += cnt * c
                vs_clb.append(c / b)
            vs_torch.append(t / b)
            cls = layer_class(r)
            classes.setdefault(cls, []).append(t / b)
            if cls == "1x1 s1":
                sgemm.append((float(r["gflops"]), sgemm_gflops(np, r, args.min_ms)))
            if cls == "depthwise" and r.get("peak_gbs"):
                bandwidth.append(moved_bytes(r) / (b * 1e6) / float(r["peak_gbs"]))
            shape = (f"{r['c']}->{r['k']} {r['h']}x{r['w']} {r['r']}x{r['s']}"
                     f" s{r['stride_h']}")
            pct = r.get("pct_peak") or ""
            pct = f"{float(pct):.0f}%" if pct else "-"
            print(f"| {r['layer']} | {shape} | {cnt} | {b:.3f} | {r['chosen']} | {pct} | "
                  f"{c:.3f} | {t:.3f} | {t / b:.2f} | {c / b:.2f} |" if c is not None else
                  f"| {r['layer']} | {shape} | {cnt} | {b:.3f} | {r['chosen']} | {pct} | - | "
                  f"{t:.3f} | {t / b:.2f} | - |")
            sys.stdout.flush()
        clb_tot = f"{tot['clb']:.1f}" if clb_complete else "incomplete"
        print(f"\nbatch {batch}: geometric mean over {len(keys)} layers: PyTorch / best "
              f"{geomean(vs_torch):.2f}x, CLBlast / best {geomean(vs_clb):.2f}x")
        print(f"batch {batch}: network convolution time (sum of count x median): convbench best "
              f"{tot['best']:.1f} ms, PyTorch {tot['torch']:.1f} ms, CLBlast {clb_tot} ms; "
              f"best / PyTorch = {tot['best'] / tot['torch']:.2f} (target <= 0.8)\n")
        print("| layer class | layers | geomean PyTorch / best (target >= 0.9) |")
        print("|---|---:|---:|")
        for cls in sorted(classes):
            v = geomean(classes[cls])
            print(f"| {cls} | {len(classes[cls])} | {v:.2f}{'' if v >= 0.9 else ' (short)'} |")
        if sgemm:
            ratio = geomean([c / o for c, o in sgemm])
            print(f"\nbatch {batch}: 1x1 stride-1 layers, geometric mean GFLOP/s: best "
                  f"{geomean([c for c, _ in sgemm]):.1f}, OpenBLAS SGEMM on the same GEMMs "
                  f"{geomean([o for _, o in sgemm]):.1f}: best / SGEMM = {ratio:.2f} "
                  f"(target >= 1)")
        if bandwidth:
            print(f"\nbatch {batch}: depthwise layers, bytes moved (input + weights + output, "
                  f"each once) per second as a share of the measured bandwidth: geometric "
                  f"mean {100 * geomean(bandwidth):.0f}% "
                  f"({100 * min(bandwidth):.0f}-{100 * max(bandwidth):.0f}%)")
        print()


if __name__ == "__main__":
    main()
