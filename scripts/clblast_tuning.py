#!/usr/bin/env python3
"""Turns the JSON files that CLBlast's tuners write (clblast_tuner_xgemm and
friends, from Debian's clblast-utils) into the tuning file convbench reads with
--clblast-tuning: one line per kernel, "KERNEL NAME=VALUE ...", taking the
fastest single-precision result of each kernel.

usage: scripts/clblast_tuning.py clblast_xgemm_*_32.json ... > tuning.txt
       convbench --sweep configs/resnet.ini --clblast-tuning tuning.txt"""
import json
import sys


def main(paths):
    if not paths:
        sys.exit(__doc__)
    best = {}  # kernel -> (time, parameters, file)
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        for r in data.get("results", []):
            params = dict(r["parameters"])
            if params.pop("PRECISION", 32) != 32:
                continue
            if r["kernel"] not in best or r["time"] < best[r["kernel"]][0]:
                best[r["kernel"]] = (r["time"], params, path)
    if not best:
        sys.exit("clblast_tuning: no single-precision results in " + " ".join(paths))
    print("# CLBlast tuning for convbench --clblast-tuning, made by scripts/clblast_tuning.py")
    for kernel, (time, params, path) in sorted(best.items()):
        print("# {}: {:.3f} ms in {}".format(kernel, time, path))
        print(kernel, " ".join("{}={}".format(k, v) for k, v in sorted(params.items())))


if __name__ == "__main__":
    main(sys.argv[1:])
