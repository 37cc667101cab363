#!/bin/sh
# convbench compare and report on hand-made CSVs (tests/data/compare/make.py):
# identical files, a 2x slower algorithm, a faster one, overlapping noisy
# spreads, a whole machine slower (raw and normalised), rows on one side only,
# another schema version, and a two-device report.
# usage: test_compare.sh CONVBENCH DATA_SCRIPT WORKDIR
set -u
bin=$1
dir=$3
rm -rf "$dir"
python3 "$2" "$dir" || exit 1
fail() { echo "test_compare: $*" >&2; exit 1; }
# expect CODE REGEX ARGS...: runs convbench ARGS, checks the exit code and output.
expect() {
    code=$1
    re=$2
    shift 2
    out=$("$bin" "$@" 2>&1)
    rc=$?
    [ "$rc" -eq "$code" ] || { echo "$out"; fail "convbench $* exited $rc, expected $code"; }
    printf '%s\n' "$out" | grep -Eq -- "$re" || { echo "$out"; fail "convbench $*: no match for '$re'"; }
}
d=$dir
expect 0 "^0 regressions, 0 improvements, 9 same" compare "$d/base.csv" "$d/same.csv"
expect 1 "^3 regressions, 0 improvements, 6 same" compare "$d/base.csv" "$d/slower.csv"
expect 1 "^l1x1 +n8 c128 14x14 k128 1x1 +direct +1 +2 +2.000 .* REGRESSION" \
    compare "$d/base.csv" "$d/slower.csv"
expect 1 "^  direct +2.000 over 3 cases" compare "$d/base.csv" "$d/slower.csv"
expect 0 "^0 regressions" compare "$d/base.csv" "$d/slower.csv" --threshold 150%
expect 0 "^0 regressions, 3 improvements, 6 same" compare "$d/base.csv" "$d/faster.csv"
expect 0 "^0 regressions, 0 improvements, 3 same, 6 not significant" \
    compare "$d/noisy_base.csv" "$d/noisy_new.csv"
expect 1 "^9 regressions" compare "$d/base.csv" "$d/slow_machine.csv"
expect 0 "^0 regressions, 0 improvements, 6 same" \
    compare "$d/base.csv" "$d/slow_machine.csv" --normalize-by ref
expect 2 "no rows of that algorithm" compare "$d/base.csv" "$d/same.csv" --normalize-by nope
expect 0 "3 only in BASE, 3 only in NEW" compare "$d/base.csv" "$d/missing.csv"
expect 0 "^extra .* only in NEW" compare "$d/base.csv" "$d/missing.csv"
# Older schemas compare with the new one: their problems are fp32 NCHW forward
# (the gate's committed baseline and results/ stay comparable); a newer one is
# refused with both versions named.
expect 0 "has schema 7 and .*schema3.csv schema 3" compare "$d/base.csv" "$d/schema3.csv"
expect 0 "^0 regressions, 0 improvements, 9 same, 0 not significant, 0 unmeasured, 0 only" \
    compare "$d/schema5.csv" "$d/base.csv"
expect 2 "schema8.csv:2: schema '8'; this convbench reads schemas 1 to 7" \
    compare "$d/base.csv" "$d/schema8.csv"
# The descriptor is part of a row's key: fp16 and NHWC rows never match their
# fp32 NCHW twins, in compare or report.
expect 0 "^0 regressions, 0 improvements, 9 same, 0 not significant, 0 unmeasured, 0 only in BASE, 18 only in NEW" \
    compare "$d/base.csv" "$d/descriptors.csv"
expect 0 "^l3x3 +n8 c64 14x14 k64 3x3 p1 fp16 +direct .* only in NEW" compare "$d/base.csv" "$d/descriptors.csv"
expect 0 "^0 regressions, 0 improvements, 27 same" compare "$d/descriptors.csv" "$d/descriptors.csv"
expect 0 "\| l3x3 \| n8 c64 14x14 k64 3x3 p1 nhwc \| 2 \| 66.7 \(direct\) \|" report "$d/descriptors.csv"
expect 0 "\| l3x3 \| n8 c64 14x14 k64 3x3 p1 fp16 \| 2 \| 166.7 \(direct\) \|" report "$d/descriptors.csv"
expect 0 "bad_dtype.csv:2: dtype = 'bf16' is not one of fp32, fp16; row not compared" \
    compare "$d/base.csv" "$d/bad_dtype.csv"
expect 0 "bad_dtype.csv:2: dtype = 'bf16' is not one of fp32, fp16; row left out" \
    report "$d/bad_dtype.csv"
expect 2 "cannot read" compare "$d/base.csv" "$d/does-not-exist.csv"
expect 2 "expected two CSV files" compare "$d/base.csv"
expect 1 "^\| l3x3 \| n8 c64 14x14 k64 3x3 p1 \| direct \| 1 \| 2 \| 2.000 \|" \
    compare "$d/base.csv" "$d/slower.csv" --format markdown
expect 1 "^device,layer,shape,algorithm,base ms,new ms,new/base,p,verdict" \
    compare "$d/base.csv" "$d/slower.csv" --format csv

# report: Dev B is twice as fast on every layer and in total.
expect 0 "\| l3x3 \| n8 c64 14x14 k64 3x3 p1 \| 2 \| 100.0 \(direct\) \| 200.0 \(direct\) 2.00x \|" \
    report "$d/base.csv" "$d/dev_b.csv"
expect 0 "\| P/Dev B \| fastest per layer \| 3.00 \| 2666.7 \| 2.00x \|" \
    report "$d/base.csv" "$d/dev_b.csv"
expect 0 "\| 100.0 \(direct\) 0.50x \| 200.0 \(direct\) \|" \
    report "$d/base.csv" "$d/dev_b.csv" --baseline "dev b"
expect 2 "matches none of the devices: 'P/Dev A' 'P/Dev B'" \
    report "$d/base.csv" "$d/dev_b.csv" --baseline gpu
expect 0 "<td class=n>200.0 \(direct\) 2.00x</td>" \
    report "$d/base.csv" "$d/dev_b.csv" --format html
# One device name on two hosts: a column per host, labelled with it.
sed 's/,h1,/,h2,/' "$d/base.csv" > "$d/base_h2.csv"
expect 0 "\| P/Dev A @ h1 \(baseline\): GFLOP/s \(algorithm\) \| P/Dev A @ h2: GFLOP/s \(algorithm\) \| P/Dev B:" \
    report "$d/base.csv" "$d/base_h2.csv" "$d/dev_b.csv"
# Two implementations that name the CPU alike: two columns, told apart by
# platform; a --baseline that names both is refused with the choices.
expect 0 "\| Portable Computing Language/AMD EPYC \(baseline\): GFLOP/s \(algorithm\) \| Intel\(R\) OpenCL/AMD EPYC:" \
    report "$d/same_name.csv"
expect 0 "\| 100.0 \(direct\) \| 200.0 \(direct\) 2.00x \|" report "$d/same_name.csv"
expect 2 "--baseline 'AMD EPYC' matches 2 devices; name one: 'Portable Computing Language/AMD EPYC' 'Intel\(R\) OpenCL/AMD EPYC'" \
    report "$d/same_name.csv" --baseline "AMD EPYC"
expect 0 "\| 100.0 \(direct\) 0.50x \| 200.0 \(direct\) \|" \
    report "$d/same_name.csv" --baseline "intel(r) opencl/amd epyc"
# Which clock timed each device's rows is in the report.
expect 0 "^\| Intel\(R\) OpenCL/AMD EPYC \| 0 \| 9 \| 0 \| 0 \|" report "$d/same_name.csv"
expect 0 "^\| Portable Computing Language/AMD EPYC \| 9 \| 0 \| 0 \| 0 \|" report "$d/same_name.csv"
# One device under two drivers: two columns, each with its driver.
expect 0 "Intel\(R\) OpenCL/AMD EPYC \(driver 2025.1\) \(baseline\).*Intel\(R\) OpenCL/AMD EPYC \(driver 2026.2\)" \
    report "$d/two_drivers.csv"
# compare keeps devices apart inside one file, and --across-devices needs one each.
expect 0 "^device Portable Computing Language/AMD EPYC \(driver 1.0\)" \
    compare "$d/same_name.csv" "$d/same_name.csv"
expect 0 "^0 regressions, 0 improvements, 18 same" compare "$d/same_name.csv" "$d/same_name.csv"
expect 2 "holds rows of two devices" compare "$d/same_name.csv" "$d/same_name.csv" --across-devices
expect 0 "^0 regressions, 0 improvements, 6 same" \
    compare "$d/base.csv" "$d/dev_b.csv" --across-devices --normalize-by ref
echo "test_compare: ok"

# Regressions: a gate passed on a NEW that measured nothing (exit 2 now, with
# the reason and a warning per refused row); report printed inf for a batch
# size one device lacks, and silently reported only 64 batch sizes.
expect 2 "nothing to compare: no measured row of .*header_only.csv \\(0 rows\\)" \
    compare "$d/base.csv" "$d/header_only.csv"
expect 2 "zero_times.csv:2: l3x3 direct: '0' is not a positive finite time; row not compared" \
    compare "$d/base.csv" "$d/zero_times.csv"
out=$("$bin" report "$d/base.csv" "$d/dev_b_batch1.csv" 2>&1) || fail "report of two batch sizes: exit $?"
printf '%s\n' "$out" | grep -q "inf" && { echo "$out"; fail "report printed inf for what was not measured"; }
printf '%s\n' "$out" | grep -Eq "^\| P/Dev A \| fastest per layer \| - \| - \| - \|" ||
    { echo "$out"; fail "report: no '-' row for the device without batch 1"; }
expect 0 "^## Batch 70: per layer" report "$d/many_batches.csv"
# Regression: a shape field that is not a number was read as far as it went
# ("8x" as 8) and compared as a shape the row does not hold.
expect 0 "bad_shape.csv:2: n = '8x' is not a whole number; row not compared" \
    compare "$d/base.csv" "$d/bad_shape.csv"
expect 0 "bad_shape.csv:2: n = '8x' is not a whole number; row left out" report "$d/bad_shape.csv"
