#!/usr/bin/env python3
"""Summarises convbench CSV files as a Markdown table, one row per case, with
network totals (sum over layers of count x median time) per algorithm.

usage: scripts/csv_summary.py FILE.csv [FILE.csv ...]
Only the standard library: it runs wherever convbench's CSV lands."""
import sys
from collections import defaultdict

import csvrows  # scripts/csvrows.py, beside this file


def fnum(s, fmt):
    return fmt.format(float(s)) if s not in ("", None) else "-"


def data(r):
    """The descriptor as convbench's totals name it ("fp32 nchw"); rows of a
    schema before 6 have none and are fp32 NCHW forward."""
    d = "{} {}".format(r.get("dtype") or "fp32", r.get("layout") or "nchw")
    if (r.get("direction") or "fwd") != "fwd":
        d += " " + r["direction"]
    if (r.get("accum") or "fp32") != "fp32":
        d += " acc-" + r["accum"]
    return d


def main(paths):
    rows = csvrows.read(paths, "csv_summary")
    if not rows:
        sys.exit("csv_summary: no rows in " + " ".join(paths))
    print("| layer | shape (N C HxW K RxS stride pad) | data | count | algorithm | status | "
          "median ms | GFLOP/s | max rel err | params | FC params | FC/conv FLOPs |")
    print("|---|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|")
    # (data, batch, algo) -> ms, flops, cases, ok: networks of different data
    # types or layouts are not summed together.
    totals = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for r in rows:
        shape = "{n} {c} {h}x{w} {k} {r}x{s} {stride_h} {pad_h}".format(**r)
        ok = csvrows.timed(r)
        count = int(r["count"])
        t = totals[(data(r), int(r["n"]), r["algorithm"])]
        t[2] += 1
        if ok:
            t[0] += count * float(r["median_ms"])
            t[1] += count * float(r["conv_flops"])
            t[3] += 1
        print("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["layer"] or "-", shape, data(r), count, r["algorithm"], r["status"],
            fnum(r["median_ms"], "{:.3f}"), fnum(r["gflops"], "{:.1f}") if ok else "-",
            fnum(r["max_rel_err"], "{:.1e}"), r["conv_params"], "{:.3g}".format(float(r["fc_params"])),
            "{:.0f}x".format(float(r["fc_flops"]) / float(r["conv_flops"]))))
    print()
    print("| data | batch | algorithm | cases verified | conv time (sum count x median) | "
          "images/s | effective GFLOP/s |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for (d, batch, algo), (ms, flops, cases, ok) in totals.items():
        whole = ok == cases and ms > 0  # a total that misses cases is no network time
        rate = "{:.1f}".format(flops / (ms * 1e6)) if whole else "-"
        ips = "{:.1f}".format(batch * 1e3 / ms) if whole else "-"
        print("| {} | {} | {} | {}/{} | {:.2f} ms | {} | {} |".format(d, batch, algo, ok, cases, ms,
                                                                   ips, rate))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
