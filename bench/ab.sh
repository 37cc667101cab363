#!/bin/sh
# A/B: the same cases timed by a base revision's binary (A) and the working
# tree's (B), alternating by process for K rounds (A B A B ...), so the
# machine's drift over time, which moves a case's fastest run by 1.4-2.4x here
# within seconds (bench/variance.sh), falls on both sides alike.
#
# Per case: the ratio B/A of each round's times (AB_STAT, default min_ms, as the
# gate), their geometric mean, and a 95% interval by bootstrap over rounds.
# Per algorithm: the geometric mean over its cases and rounds, with the same
# bootstrap (bench/abstat.py says why a bootstrap).
#
# usage: bench/ab.sh REV [K] [convbench options...]
#   REV  a git revision, built in build-ab/ (a worktree) next to the working tree
#   K    rounds (default 12, the gate's; with 4 rounds the bootstrap interval
#        is too narrow: an unchanged CLBlast case here read 0.914 with an
#        interval of 0.836..0.990)
#   options apply to both binaries; AB_B_OPTS adds options to B only, e.g.
#   AB_B_OPTS=--kernel-opts=-DCB_EXTRA_WORK=100 bench/ab.sh HEAD 12 --layer conv3x3
#   Without options: the gate's cases, A and B alternated per layer
#   (bench/ab_lib.sh).
# environment: CONVBENCH (B's binary, default build/convbench), AB_STAT,
#   AB_B_OPTS, AB_SEED (the bootstrap's seed, default 1), AB_DIR (keep the
#   CSVs there instead of a temporary folder)
# exit: 0 with the report; 2 when REV is not a revision or does not build (with
#   the build log's last lines) or B's binary is missing.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/ab_lib.sh"
[ $# -ge 1 ] || { echo "usage: bench/ab.sh REV [K] [convbench options...]" >&2; exit 2; }
rev=$1
shift
k=12
case ${1:-} in
[1-9]*) k=$1; shift ;;
esac
b_bin=${CONVBENCH:-$here/build/convbench}
[ -x "$b_bin" ] || { echo "bench/ab.sh: B's binary $b_bin is missing: build the working tree first" >&2; exit 2; }
ab_build "$rev" || exit 2

if [ -n "${AB_DIR:-}" ]; then
    work=$AB_DIR
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
ab_rounds "$work" 1 "$k" "$ab_bin" "$b_bin" "${AB_B_OPTS:-}" "$@"
echo "A = $ab_short, B = the working tree; $k rounds A B alternating; statistic ${AB_STAT:-min_ms};" \
    "ratio B/A, 95% bootstrap interval over rounds"
echo
python3 "$here/bench/abstat.py" report "$work" A B "${AB_STAT:-min_ms}"
