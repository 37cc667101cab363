#!/usr/bin/env python3
"""Times PyTorch's CPU conv2d (oneDNN) on every layer of a convbench CSV, in
this process, and prints per layer: convbench's `best` (and the algorithm that
won), CLBlast's convolution on the same OpenCL device, PyTorch, and the ratios,
with geometric means and whole-network totals (sum of count x median).

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
        for _ in range(2):
            f(x, wt, b, **args)
        samples = []
        while len(samples) < 5 or sum(samples) < min_ms:
            t0 = time.perf_counter()
            f(x, wt, b, **args)
            samples.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--min-ms", type=float, default=200.0)
    ap.add_argument("--out", help="write PyTorch's medians here as CSV")
    args = ap.parse_args()
    try:
        import torch
    except ImportError:
        sys.exit("bench/vs_pytorch.py: PyTorch is missing: apt-get install python3-torch "
                 "(and run this with /usr/bin/python3)")
    torch.set_num_threads(args.threads)

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
              f"best / PyTorch = {tot['best'] / tot['torch']:.2f} (target <= 2)\n")


if __name__ == "__main__":
    main()
