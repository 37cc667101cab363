#!/bin/sh
# --device all runs each device in a child process, so a driver that hangs or
# crashes inside one case costs that case only. Kernels planted to hang
# (-DCB_HANG_C=4: when C is 4, one work-item never ends) or crash
# (-DCB_CRASH_C=4: a write to address 16) on the c=4 case of a two-case grid:
# that case's direct row is an ERROR saying what happened, the c=8 case still
# PASSes, and the exit code is 3. With a timeout shorter than any self-check,
# no device is usable: exit 3, each device named with its reason.
# usage: test_device_faults.sh CONVBENCH WORKDIR
set -u
bin=$1
dir=$2
rm -rf "$dir"
mkdir -p "$dir"
pocl=/etc/OpenCL/vendors/pocl.icd
[ -e "$pocl" ] || { echo "test_device_faults: no $pocl"; exit 1; }
export OCL_ICD_VENDORS=$pocl
fail() { echo "test_device_faults: $*" >&2; exit 1; }
# fault NAME OPTS REGEX: the c=4 row's note must match REGEX.
fault() {
    csv="$dir/$1.csv"
    "$bin" run --device all -n 1 -c 4,8 -H 6 -W 6 -k 4 --algo direct --min-reps 1 --min-time 0 \
        --no-peak --case-timeout 20 --csv "$csv" "--kernel-opts=$2" > "$dir/$1.log" 2>&1
    rc=$?
    cat "$dir/$1.log"
    [ $rc -eq 3 ] || fail "$1: exit $rc, expected 3"
    /usr/bin/python3 - "$csv" "$3" <<'PYEOF' || fail "$1: wrong rows"
import csv, re, sys
rows = {r["c"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert rows["4"]["status"] == "ERROR", rows["4"]
assert re.search(sys.argv[2], rows["4"]["note"]), rows["4"]["note"]
assert rows["4"]["repro"].startswith("OCL_ICD_VENDORS="), rows["4"]["repro"]
assert rows["8"]["status"] == "PASS", rows["8"]
PYEOF
}
fault hang -DCB_HANG_C=4 "no progress for 20 s \(--case-timeout\): the process was killed"
fault crash -DCB_CRASH_C=4 "the process died \((Segmentation fault|Illegal instruction|Bus error)\)"

out=$("$bin" run --device all -n 1 -c 4 -H 6 -W 6 -k 4 --algo direct --no-peak \
    --case-timeout 0.001 --csv "$dir/none.csv" 2>&1)
rc=$?
[ $rc -eq 3 ] || fail "no usable device: exit $rc, expected 3: $out"
printf '%s\n' "$out" | grep -q "no device passed its self-check" || fail "no summary: $out"
printf '%s\n' "$out" | grep -Eq "^  Portable Computing Language/.* no answer during its self-check" ||
    fail "PoCL not named with its reason: $out"
echo "test_device_faults: ok"
