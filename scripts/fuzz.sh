#!/bin/sh
# Builds the libFuzzer targets (clang, CONVBENCH_FUZZ) in build-fuzz/ and runs
# each for SECONDS (default 25) on seed corpora: the shipped configs and the
# bad-input configs of the tests for the config parser, tests/fuzz/cli_seeds/
# for the command-line parser, tests/fuzz/lists_seeds/ for list values, the
# hand-made CSVs of the compare tests and tests/fuzz/tunedb_seeds/ for the CSV
# and tuning-database readers, tests/data/import/ for the benchdnn and MIOpen
# importers. A crash fails the run and leaves its input as
# build-fuzz/crash-*: turn it into a regression test.
# usage: scripts/fuzz.sh [SECONDS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-25}
out=$here/build-fuzz
CC=clang cmake -S "$here" -B "$out" -DCMAKE_BUILD_TYPE=Debug -DCONVBENCH_FUZZ=ON >/dev/null
targets="config cli lists csv tunedb import"
cmake --build "$out" -j"$(nproc)" --target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done)
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS=suppressions=$here/tests/lsan.supp:print_suppressions=0
for t in $targets; do mkdir -p "$out/corpus_$t"; done
cp "$here"/configs/*.ini "$here"/tests/data/*.ini "$here"/tests/data/bad/*.ini "$here"/tests/data/fuzz/* "$out/corpus_config/"
cp "$here"/tests/fuzz/cli_seeds/* "$out/corpus_cli/"
cp "$here"/tests/fuzz/lists_seeds/* "$out/corpus_lists/"
python3 "$here/tests/data/compare/make.py" "$out/corpus_csv"
cp "$here"/tests/fuzz/tunedb_seeds/* "$out/corpus_tunedb/"
cp "$here"/tests/data/import/*.txt "$here"/tests/data/import/benchdnn/shapes_* "$out/corpus_import/"
cd "$out"
status=0
for t in $targets; do
    echo "fuzzing the $t reader for ${secs}s"
    if ! "tests/fuzz/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 "corpus_$t" > "fuzz_$t.log" 2>&1; then
        status=1
        echo "fuzz_$t FAILED; its input is in $out/crash-*:"
    fi
    grep -E "^#[0-9]+ +DONE|stat::number_of_executed_units|ERROR|SUMMARY" "fuzz_$t.log" | head -n 20
done
exit $status
