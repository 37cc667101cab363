#!/bin/sh
# Several OpenCL implementations on one machine (scripts/install-devices.sh):
# the default device is PoCL whatever order the ICD loader lists platforms in;
# a --device that names several devices is refused with the list; `devices`
# shows each one's id, features and self-check; `--device all` runs a tiny
# case on every device into one CSV, each row naming its device by platform,
# name and driver, with a reproducer that names the device by its id and the
# environment it needs (never P:D). On rusticl, whose profiling events read
# nanoseconds, every row must say timer=host and show a plausible rate.
# usage: test_devices.sh CONVBENCH WORKDIR; exit 77 (skip) with one device.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$2
py=/usr/bin/python3
rm -rf "$dir"
mkdir -p "$dir"
export XDG_CACHE_HOME="$dir/cache"
export RUSTICL_ENABLE=llvmpipe
fail() { echo "test_devices: $*" >&2; exit 1; }
"$bin" devices --no-check > "$dir/devices.txt" 2>&1 || fail "devices failed: $(cat "$dir/devices.txt")"
ndev=$(grep -c '^[^ ]' "$dir/devices.txt")
[ "$ndev" -ge 2 ] ||
    { echo "test_devices: SKIP: $ndev OpenCL device installed (scripts/install-devices.sh adds rusticl and Intel's)"; exit 77; }
cat "$dir/devices.txt"

# The default is PoCL, marked so, and what a run without --device uses.
grep -q "^Portable Computing Language/.*(default)$" "$dir/devices.txt" || fail "PoCL is not the default"
"$bin" run -n 1 -c 2 -H 4 -W 4 -k 2 --algo direct --min-reps 1 --min-time 0 --no-peak \
    --csv "$dir/default.csv" > "$dir/default.log" 2>&1 || fail "default run: $(cat "$dir/default.log")"
grep -q "^device: Portable Computing Language/" "$dir/default.log" || fail "the default run did not use PoCL"

# Two implementations that call this CPU "AMD EPYC" (or whatever it is): a
# substring both match is refused, naming both.
if grep -q "^Intel(R) OpenCL/" "$dir/devices.txt"; then
    cpu=$(sed -n 's|^Intel(R) OpenCL/\(.*\)$|\1|p' "$dir/devices.txt" | head -1)
    out=$("$bin" run -d "$cpu" -n 1 -c 2 -H 4 -W 4 -k 2 --no-peak --csv "$dir/x.csv" 2>&1)
    rc=$?
    [ $rc -eq 2 ] || fail "-d '$cpu' exited $rc, expected 2: $out"
    printf '%s\n' "$out" | grep -q "matches 2 devices" || fail "no 'matches 2 devices' in: $out"
    printf '%s\n' "$out" | grep -q "Intel(R) OpenCL/$cpu" || fail "Intel's device not listed: $out"
    [ ! -e "$dir/x.csv" ] || fail "a refused --device left a CSV"
fi

# Every device, one command: every algorithm verified on every implementation
# (one tiny shape: the cross-product stays cheap), the self-check line, rows.
# Odd sizes, yet runs of a few hundred microseconds: a run within 2x of an
# empty launch is too short for either clock (timer "none"), which a loaded
# machine made of the smallest shape once.
"$bin" run --device all -n 1 -c 12 -H 17 -W 15 -k 16 --algo all --min-reps 2 --min-time 0 --no-peak \
    --csv "$dir/all.csv" > "$dir/all.log" 2>&1
rc=$?
cat "$dir/all.log"
[ $rc -eq 0 ] || fail "--device all exited $rc"
[ "$(grep -c '^check:  ok' "$dir/all.log")" -eq "$ndev" ] || fail "not every device passed its self-check"
$py - "$dir/all.csv" "$ndev" <<'PYEOF' || exit 1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
ndev = int(sys.argv[2])
ids = {(r["platform"], r["device"], r["driver"]) for r in rows}
assert len(ids) == ndev, f"{len(ids)} devices in the CSV, expected {ndev}: {ids}"
for r in rows:
    assert r["status"] == "PASS", r
    assert r["timer"] in ("events", "host"), r
    dev = f'{r["platform"]}/{r["device"]}'
    assert f"-d '{dev}'" in r["repro"] or f"-d {dev}" in r["repro"], r["repro"]
    assert " -d 0:" not in r["repro"] and " -d 1:" not in r["repro"], r["repro"]
    if r["platform"] == "rusticl":
        assert r["repro"].startswith("RUSTICL_ENABLE=llvmpipe "), r["repro"]
        # Its events read nanoseconds: host timing, and a rate a CPU can reach.
        assert r["timer"] == "host", r
        assert float(r["gflops"]) < 1000, r
        assert float(r["host_median_ms"]) == float(r["median_ms"]), r
print("test_devices: CSV ok:", ", ".join(sorted(f"{p}/{d}" for p, d, _ in ids)))
PYEOF
# The backward directions on every device, one tiny shape: at stride 2,
# backward data through the phases (weight rotation, direct's forward kernel,
# the interleave), at stride 3 direct's gather; backward weights by the
# channel-vectorised kernel. Every case passes on every device. (im2col's
# backward is CLBlast's GEMMs and two plain kernels: CLBlast builds its
# kernels per device and process, 60 s more here for little.)
"$bin" run --device all -n 2 -c 16 -H 9 -W 9 -k 8 -F 6 --stride 2,3 --algo direct \
    --min-reps 2 --min-time 0 --no-peak \
    --csv "$dir/backward.csv" > "$dir/backward.log" 2>&1 || fail "backward on every device: $(tail -5 "$dir/backward.log")"
$py - "$dir/backward.csv" "$ndev" <<'PYEOF' || exit 1
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
passed = collections.Counter()
for r in rows:
    assert r["status"] in ("PASS", "SKIPPED"), r
    passed[r["platform"]] += r["status"] == "PASS"
assert len(passed) == int(sys.argv[2]), passed
assert set(passed.values()) == {4}, passed
print("test_devices: backward ok:", dict(passed))
PYEOF
if grep -q "^rusticl/" "$dir/devices.txt"; then
    grep -q "^timer:  rusticl/.*profiling events disagree with the host clock" "$dir/all.log" ||
        fail "rusticl's timer was not named"
fi
# A row's reproducer (rusticl's, with its environment, where installed)
# reruns it on the same device.
$py - "$dir/all.csv" "$bin" "$dir" <<'PYEOF' || exit 1
import csv, os, shlex, subprocess, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
        if r["platform"] != "Portable Computing Language"]
r = sorted(rows, key=lambda r: r["platform"] != "rusticl")[0]
words = shlex.split(r["repro"])
env = dict(os.environ)
env.pop("RUSTICL_ENABLE", None)  # the reproducer must bring what it needs
while "=" in words[0]:
    k, v = words.pop(0).split("=", 1)
    env[k] = v
assert words[0] == "convbench", words
out = subprocess.run([sys.argv[2]] + words[1:] + ["--no-peak", "--min-reps", "1", "--min-time", "0",
                     "--csv", os.path.join(sys.argv[3], "rerun.csv")],
                     env=env, capture_output=True, text=True)
assert out.returncode == 0, out.stdout + out.stderr
want = f'device: {r["platform"]}/{r["device"]} '
assert want in out.stdout, f"wanted {want!r}, got: {out.stdout[:300]}"
print("test_devices: the reproducer reran on", r["platform"])
PYEOF
echo "test_devices: ok"
