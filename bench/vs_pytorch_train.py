#!/usr/bin/env python3
"""Times PyTorch's CPU convolution (oneDNN) in each direction on every layer of
a convbench CSV with forward, backward-data and backward-weights rows, in this
process, and prints per direction and layer convbench's `best` (and the
algorithm that won) against PyTorch, with network totals, then the training
step: forward + backward data (all layers but the first) + backward weights.

PyTorch's backward passes are aten::convolution_backward with one gradient
asked for at a time (what torch.nn.grad.conv2d_input / conv2d_weight call), on
the same shapes, no bias gradient (convbench computes none).

usage: bench/vs_pytorch_train.py CONVBENCH.csv [--threads N] [--min-ms MS] [--out TORCH.csv]
Timing as bench/vs_pytorch.py: warm-up, then at least 5 runs and MS ms, the median."""
import csv
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "scripts"))
sys.path.insert(0, here)
import csvrows  # noqa: E402  scripts/csvrows.py: the scripts' one CSV reader
from vs_pytorch import geomean, import_torch, layer_class, parse_args, timed  # noqa: E402

DIRS = ("fwd", "bwd-data", "bwd-weights")


def time_torch(torch, r, direction, min_ms):
    n, c, h, w, k = (int(r[x]) for x in ("n", "c", "h", "w", "k"))
    p, q, g = int(r["p"]), int(r["q"]), int(r["groups"])
    x = torch.randn(n, c, h, w)
    wt = torch.randn(k, c // g, int(r["r"]), int(r["s"]))
    dy = torch.randn(n, k, p, q)
    stride = [int(r["stride_h"]), int(r["stride_w"])]
    pad = [int(r["pad_h"]), int(r["pad_w"])]
    dil = [int(r["dil_h"]), int(r["dil_w"])]
    if direction == "fwd":
        def f():
            return torch.nn.functional.conv2d(x, wt, None, stride, pad, dil, g)
    else:
        mask = [direction == "bwd-data", direction == "bwd-weights", False]

        def f():
            return torch.ops.aten.convolution_backward(dy, x, wt, None, stride, pad, dil, False,
                                                       [0, 0], g, mask)
    with torch.no_grad():
        return timed(f, min_ms)


def main():
    args = parse_args(__doc__)
    torch = import_torch("bench/vs_pytorch_train.py", args.threads)
    rows = csvrows.read([args.csv], "vs_pytorch_train")
    best = {(r["layer"], r["n"], r["direction"]): r for r in rows
            if r["algorithm"] == "best" and r["status"] == "PASS" and csvrows.timed(r)}
    if not best:
        sys.exit(f"{args.csv}: no PASS rows of algorithm 'best'")
    layers = []
    for r in rows:  # the network's order, as the sweep ran it
        if r["layer"] not in layers:
            layers.append(r["layer"])
    first = layers[0]
    print(f"device (convbench): {rows[0]['device']}; PyTorch {torch.__version__} on "
          f"{torch.get_num_threads()} threads (oneDNN: {torch.backends.mkldnn.is_available()})\n")
    out = csv.writer(open(args.out, "w", newline="")) if args.out else None
    if out:
        out.writerow(["layer", "n", "direction", "torch_median_ms", "threads", "torch_version"])
    for batch in sorted({int(k[1]) for k in best}):
        step = {"best": 0.0, "torch": 0.0}
        complete = True
        for d in DIRS:
            keys = [(lay, str(batch), d) for lay in layers if (lay, str(batch), d) in best]
            missing = [lay for lay in layers if (lay, str(batch), d) not in best]
            if not keys:
                complete = False
                continue
            print(f"### batch {batch}, {d}\n")
            print("| layer | shape | count | convbench best ms | won by | PyTorch ms "
                  "| PyTorch / best |")
            print("|---|---|---:|---:|---|---:|---:|")
            tot = {"best": 0.0, "torch": 0.0}
            ratios, classes = [], {}
            for key in keys:
                r = best[key]
                t = time_torch(torch, r, d, args.min_ms)
                if out:
                    out.writerow([r["layer"], batch, d, f"{t:.4f}", args.threads,
                                  torch.__version__])
                b, cnt = float(r["median_ms"]), int(r["count"])
                tot["best"] += cnt * b
                tot["torch"] += cnt * t
                if not (d == "bwd-data" and r["layer"] == first):
                    step["best"] += cnt * b
                    step["torch"] += cnt * t
                ratios.append(t / b)
                classes.setdefault(layer_class(r), []).append(t / b)
                shape = (f"{r['c']}->{r['k']} {r['h']}x{r['w']} {r['r']}x{r['s']}"
                         f" s{r['stride_h']}")
                print(f"| {r['layer']} | {shape} | {cnt} | {b:.3f} | {r['chosen']} | {t:.3f} "
                      f"| {t / b:.2f} |")
                sys.stdout.flush()
            note = f" (missing: {', '.join(missing)})" if missing else ""
            complete &= not missing
            print(f"\nbatch {batch}, {d}: network time (sum of count x median): convbench best "
                  f"{tot['best']:.1f} ms, PyTorch {tot['torch']:.1f} ms; best / PyTorch = "
                  f"{tot['best'] / tot['torch']:.2f}; geometric mean over {len(keys)} layers "
                  f"PyTorch / best {geomean(ratios):.2f}{note}\n")
            print("| layer class | layers | geomean PyTorch / best |")
            print("|---|---:|---:|")
            for cls in sorted(classes):
                print(f"| {cls} | {len(classes[cls])} | {geomean(classes[cls]):.2f} |")
            print()
        print(f"batch {batch}: training step (fwd + bwd-data but the first layer's + "
              f"bwd-weights): convbench best {step['best']:.1f} ms, PyTorch "
              f"{step['torch']:.1f} ms; best / PyTorch = {step['best'] / step['torch']:.2f}"
              f"{'' if complete else ' (incomplete: a direction or layer is missing)'}\n")


if __name__ == "__main__":
    main()
