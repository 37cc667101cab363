#!/usr/bin/python3
"""Charts from convbench CSVs (matplotlib), as PNG and SVG, for people who
would rather look than read; `convbench report --format html --plots DIR`
embeds the SVGs.

usage: scripts/plot.py FILE.csv... [--out DIR] [--batch N]

Writes into DIR (default plots/), per batch size N:
  algorithms-<device>-bN.{png,svg}  GFLOP/s per layer, one bar per algorithm (one per device)
  devices-bN.{png,svg}              GFLOP/s per layer, one bar per device (its fastest
                                    verified algorithm), when the CSVs hold several devices
  roofline-<device>-bN.{png,svg}    each layer's fastest algorithm on the device's roofline,
                                    when the CSV has the peak columns (schema 4 on)
Only verified rows (PASS, or UNVERIFIED) are drawn; backward passes are drawn
as layers of their own ("res2_3x3 bwd-data"). Needs Debian's
python3-matplotlib."""
import argparse
import math
import os
import re
import sys

import csvrows  # scripts/csvrows.py, beside this file

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker
except ImportError:
    sys.exit("scripts/plot.py: needs matplotlib: apt-get install python3-matplotlib "
             "(and run it with /usr/bin/python3)")


def slug(s):
    return re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-")[:48] or "device"


def load(paths):
    """Verified rows; a `best` row stands for the algorithm it chose, once."""
    rows, seen = [], set()
    for p in paths:
        for r in csvrows.read([p], "plot.py"):
            if not csvrows.timed(r) or not r["gflops"]:
                continue
            if r["algorithm"] == "best":
                r["algorithm"] = r.get("chosen") or "best"
            r["dev"] = (f'{r["platform"]}/{r["device"]}' if r.get("platform") else r["device"])
            # A backward pass is a layer of its own on the charts: bars of
            # "res2_3x3 bwd-data" beside "res2_3x3".
            if r.get("direction", "fwd") != "fwd":
                r["layer"] = f'{r["layer"] or "-"} {r["direction"]}'
            key = (r["dev"], r.get("driver", ""), r["host"], r["layer"], r["n"], r["algorithm"])
            if key in seen:
                continue
            seen.add(key)
            r["gflops"] = float(r["gflops"])
            rows.append(r)
    # Like convbench report: PLATFORM/DEVICE, with the driver when one device
    # shows up under several (never two devices merged under one name).
    drivers = {}
    for r in rows:
        drivers.setdefault(r["dev"], set()).add(r.get("driver", ""))
    for r in rows:
        if len(drivers[r["dev"]]) > 1:
            r["dev"] += f' (driver {r.get("driver", "")})'
    return rows


def layers_of(rows):
    """Layer names in first-seen order."""
    seen = []
    for r in rows:
        if r["layer"] not in seen:
            seen.append(r["layer"])
    return seen


def bars(ax, layers, series, ylabel):
    """Grouped bars: series is [(label, {layer: value})]."""
    width = 0.8 / max(len(series), 1)
    for i, (label, vals) in enumerate(series):
        xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(layers))]
        ax.bar(xs, [vals.get(l, 0) for l in layers], width, label=label)
    ax.set_xticks(range(len(layers)))
    ax.set_xticklabels(layers, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8)


def save(fig, out, name):
    fig.tight_layout()
    for ext in ("png", "svg"):
        fig.savefig(os.path.join(out, f"{name}.{ext}"), dpi=110)
    plt.close(fig)
    print(f"wrote {out}/{name}.png and .svg")


def fastest(rows):
    """Per layer: the row of the fastest own (non-peer) algorithm."""
    best = {}
    for r in rows:
        if r["peer"] == "1":
            continue
        if r["layer"] not in best or r["gflops"] > best[r["layer"]]["gflops"]:
            best[r["layer"]] = r
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--out", default="plots")
    ap.add_argument("--batch", type=int, help="only this batch size")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rows = load(args.csv)
    if not rows:
        sys.exit("scripts/plot.py: no verified rows in " + ", ".join(args.csv))
    devices = list(dict.fromkeys(r["dev"] for r in rows))
    for n in sorted({int(r["n"]) for r in rows}):
        if args.batch and n != args.batch:
            continue
        at_n = [r for r in rows if int(r["n"]) == n]
        layers = layers_of(at_n)
        for dev in devices:
            mine = [r for r in at_n if r["dev"] == dev]
            if not mine:
                continue  # not run at this batch size: no empty chart
            algos = list(dict.fromkeys(r["algorithm"] for r in mine))
            series = [(a + (" (peer)" if any(r["peer"] == "1" for r in mine if r["algorithm"] == a) else ""),
                       {r["layer"]: r["gflops"] for r in mine if r["algorithm"] == a})
                      for a in algos]
            fig, ax = plt.subplots(figsize=(max(8, 0.45 * len(layers) * max(1, len(algos)) / 2), 5))
            bars(ax, layers, series, "effective GFLOP/s (higher is better)")
            ax.set_title(f"{dev}, batch {n}: GFLOP/s per layer and algorithm")
            save(fig, args.out, f"algorithms-{slug(dev)}-b{n}")
            peaks = [r for r in mine if r.get("peak_gflops") and r.get("intensity")]
            if peaks:
                roofline(args.out, dev, n, mine)
        if len(devices) > 1:
            series = []
            for dev in devices:
                best = fastest([r for r in at_n if r["dev"] == dev])
                if best:
                    series.append((dev, {l: r["gflops"] for l, r in best.items()}))
            fig, ax = plt.subplots(figsize=(max(8, 0.5 * len(layers) * len(devices) / 2), 5))
            bars(ax, layers, series, "effective GFLOP/s, fastest algorithm (higher is better)")
            ax.set_title(f"batch {n}: GFLOP/s per layer and device")
            save(fig, args.out, f"devices-b{n}")


def roofline(out, dev, n, rows):
    peak = float(rows[0]["peak_gflops"])
    bw = float(rows[0]["peak_gbs"])
    best = fastest(rows)
    xs = [float(r["intensity"]) for r in best.values()]
    lo, hi = min(xs + [peak / bw]) / 2, max(xs + [peak / bw]) * 2
    fig, ax = plt.subplots(figsize=(8, 5.5))
    grid = [lo * (hi / lo) ** (i / 200) for i in range(201)]
    ax.plot(grid, [min(peak, x * bw) for x in grid], "k-", lw=1.5,
            label=f"roofline: {peak:.0f} GFLOP/s FMA peak, {bw:.1f} GB/s")
    for algo in sorted({r["algorithm"] for r in best.values()}):
        pts = [r for r in best.values() if r["algorithm"] == algo]
        ax.scatter([float(r["intensity"]) for r in pts], [r["gflops"] for r in pts],
                   label=algo, s=30, zorder=3)
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("arithmetic intensity, FLOP per byte of compulsory traffic")
    ax.set_ylabel("effective GFLOP/s")
    ax.set_title(f"{dev}, batch {n}: each layer's fastest algorithm on the roofline\n"
                 "(above the roof: Winograd's effective rate exceeds the FMA peak)",
                 fontsize=10)
    ax.grid(which="both", alpha=0.3)
    ax.legend(fontsize=8)
    save(fig, out, f"roofline-{slug(dev)}-b{n}")


if __name__ == "__main__":
    main()
