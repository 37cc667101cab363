#!/bin/sh
# Builds convbench and its tests with AddressSanitizer and UndefinedBehaviorSanitizer
# (CONVBENCH_SANITIZE) in build-asan/ and runs the whole test suite there: any
# memory error or undefined behaviour fails a test.
# Leaks: the unit tests run with LeakSanitizer on. The tests that drive an
# OpenCL device run with it off: LeakSanitizer stops all threads with ptrace at
# exit, and with PoCL's worker threads alive that sometimes crashes its tracer
# (a fatal LeakSanitizer error, not a leak); the test run_memory_does_not_grow
# covers leaks across cases there instead, in the main suite: it is left out
# here because ASan's quarantine holds freed memory (resident memory grows by
# about 20 MiB over its 60 cases with nothing leaked). Process-lifetime
# allocations of the OpenCL stack and CLBlast are suppressed (tests/lsan.supp),
# rusticl's and Intel's runtime's among them: the ICD loader loads every
# installed implementation in every process that lists devices. The tests
# labelled extra-runtime (Oclgrind, every device, --device all's children)
# stay out: Oclgrind and ASan each must be loaded first, and those tests check
# the other runtimes, not convbench's memory, which the main suite covers.
# So does device_run_end_to_end: a script driving the same commands the main
# suite runs, several minutes under ASan; run_winograd_shapes (508 s under
# ASan) and run_winograd_6x3_shapes (235 s): 104 cases through the same host
# code, which runs here on the tiny, padding-only, fault-injected and
# shape-class cases of every tile size; and run_backward_shape_classes (152
# cases): the backward host code runs here on run_backward_float_fill's and
# the fault-injected cases, every direction, stride and algorithm; and
# import_torchvision_flops_match_pytorch: PyTorch exporting two models, while
# the import code it drives runs here in import_golden_bad_input_sweep_round_trips.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$here" -B "$here/build-asan" -DCMAKE_BUILD_TYPE=Debug -DCONVBENCH_SANITIZE=ON >/dev/null
cmake --build "$here/build-asan" -j"$(nproc)"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$here/tests/lsan.supp:print_suppressions=0
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1 \
    ctest --test-dir "$here/build-asan" --output-on-failure -j2 -R '^unit_'
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1 \
    ctest --test-dir "$here/build-asan" --output-on-failure -j2 -LE extra-runtime \
    -E '^unit_|^run_memory_does_not_grow$|^gate_catches_2x_slower_kernel$|^device_run_end_to_end$|^run_winograd_shapes$|^run_winograd_6x3_shapes$|^run_backward_shape_classes$|^import_torchvision_flops_match_pytorch$'
