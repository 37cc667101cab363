#!/bin/sh
# The CI regression gate (bench/gate.sh) catches a kernel that got twice as
# slow, in both of its modes:
# - A/B: HEAD built as the base, this tree's binary with every kernel family's
#   main loop doubled (-DCB_EXTRA_WORK=100, same answers) as the candidate;
#   direct must be a REGRESSION and the gate exit 1. The extra option must
#   reach the candidate only: an unslowed base is what makes it slower.
# - the fallback, when the base cannot be built: a baseline CSV measured here,
#   then the slowed sweep, normalised by CLBlast's convolution.
# One small layer and few rounds: a 2x slower kernel stands far out of the
# noise, and the gate's sensitivity to smaller ones is bench/sensitivity.sh's
# job, not a test's.
# usage: test_gate.sh CONVBENCH GATE_SCRIPT WORKDIR
set -u
dir=$3
rm -rf "$dir"
mkdir -p "$dir"
here=$(cd "$(dirname "$2")/.." && pwd)
fail() { echo "test_gate: $*"; exit 1; }
export CONVBENCH="$1" GATE_BASELINE="$dir/baseline.csv" GATE_PROCESSES=1 GATE_ROUNDS=4
# smoke.ini's conv3x3 alone.
printf '[conv3x3]\nin_channels = 64\nout_channels = 64\nsize = 28\nkernel = 3\npad = 1\n' > "$dir/gate.ini"
export GATE_CONFIG="$dir/gate.ini" GATE_OPTS="--batch 4 --min-time 30 --min-reps 5 --no-tune-db --no-peak"
slower=--kernel-opts=-DCB_EXTRA_WORK=100

if git -C "$here" rev-parse --verify --quiet HEAD > /dev/null; then
    GATE_BASE=HEAD sh "$2" "$slower" > "$dir/ab.log" 2>&1
    rc=$?
    cat "$dir/ab.log"
    [ $rc -eq 1 ] || fail "A/B: gate exited $rc on a 2x slower direct kernel, expected 1"
    grep -q "A/B against" "$dir/ab.log" || fail "A/B: the gate did not run A/B"
    grep -Eq '^\| direct \|.* REGRESSION \|$' "$dir/ab.log" || fail "A/B: direct is not a REGRESSION"
    grep -q "measuring again to confirm" "$dir/ab.log" || fail "A/B: no confirmation run"
else
    echo "test_gate: not a git checkout; the A/B mode is not tested here"
fi

sh "$2" --refresh > "$dir/refresh.log" 2>&1 || { cat "$dir/refresh.log"; fail "refresh failed"; }
GATE_BASE=no-such-revision sh "$2" "$slower" > "$dir/fallback.log" 2>&1
rc=$?
cat "$dir/fallback.log"
[ $rc -eq 1 ] || fail "fallback: gate exited $rc on a 2x slower direct kernel, expected 1"
grep -q "FALLBACK" "$dir/fallback.log" || fail "fallback: not announced"
grep -Eq '^  direct +[0-9.]+ over [0-9]+ cases  REGRESSION' "$dir/fallback.log" ||
    fail "fallback: direct's geometric mean is not a REGRESSION"
echo "test_gate: ok"
