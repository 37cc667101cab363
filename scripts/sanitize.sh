#!/bin/sh
# Builds convbench and its tests with AddressSanitizer and UndefinedBehaviorSanitizer
# (CONVBENCH_SANITIZE) in build-asan/ and runs the whole test suite there. Any
# memory error, undefined behaviour or leak of convbench's own fails a test.
# Leaks that the OpenCL stack and CLBlast keep until exit are suppressed
# (tests/lsan.supp).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$here" -B "$here/build-asan" -DCMAKE_BUILD_TYPE=Debug -DCONVBENCH_SANITIZE=ON >/dev/null
cmake --build "$here/build-asan" -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$here/tests/lsan.supp:print_suppressions=0
ctest --test-dir "$here/build-asan" --output-on-failure -j2
