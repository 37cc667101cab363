#!/bin/sh
# An OpenCL failure inside one case (a kernel that fails to build, injected
# through the config's kernel_opts) marks that case ERROR with the call and the
# error's name; the rows before it stay intact, the sweep finishes the cases
# after it, and the exit code is 3.
set -u
bin=$1
config=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" --sweep "$config" --algo direct --csv "$work/f.csv" > "$work/out" 2>&1
rc=$?
cat "$work/out"
[ $rc -eq 3 ] || { echo "exit code $rc, expected 3"; exit 1; }
status_col=$(head -n 1 "$work/f.csv" | tr ',' '\n' | grep -n '^status$' | cut -d: -f1)
statuses=$(tail -n +2 "$work/f.csv" | cut -d, -f"$status_col" | tr '\n' ' ')
echo "statuses: $statuses"
[ "$statuses" = "PASS ERROR PASS " ] || { echo "expected PASS ERROR PASS"; exit 1; }
grep -q "clBuildProgram: CL_BUILD_PROGRAM_FAILURE" "$work/f.csv" ||
    { echo "the ERROR row does not name the call and error"; exit 1; }
echo "failure isolated to its case"
