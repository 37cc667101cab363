# Shared by bench/ab.sh, bench/gate.sh and bench/sensitivity.sh (sourced, with
# $here the repository root): the gate's cases, building a revision, and
# alternating rounds.

# The cases the gate times: every layer of GATE_CONFIG (the smoke sweep) at
# batch 4, each case timed for at least 50 ms and 5 runs (its fastest run is
# compared), tuning database and peak left out.
GATE_CONFIG=${GATE_CONFIG:-$here/configs/smoke.ini}
GATE_OPTS=${GATE_OPTS:-"--batch 4 --min-time 50 --min-reps 5 --no-tune-db --no-peak"}

# The layers of an INI config, one per line.
ab_layers() {
    sed -n 's/^\[\([A-Za-z0-9_.-]*\)\][[:space:]]*$/\1/p' "$1" | grep -v '^global$'
}

# ab_build REV: builds REV's convbench in build-ab/SHORT (a worktree in
# build-ab/src-SHORT, kept for the next time) and sets ab_bin and ab_short.
# Returns 2 when REV is not a revision or does not build, with the build log's
# last lines on standard error.
ab_build() {
    build_sha=$(git -C "$here" rev-parse --verify --quiet "$1^{commit}") ||
        { echo "$0: '$1' is not a revision of $here" >&2; return 2; }
    ab_short=$(git -C "$here" rev-parse --short "$build_sha")
    build_src=$here/build-ab/src-$ab_short
    build_dir=$here/build-ab/$ab_short
    build_log=$here/build-ab/$ab_short.log
    ab_bin=$build_dir/convbench
    [ -x "$ab_bin" ] && return 0
    mkdir -p "$here/build-ab"
    [ -d "$build_src" ] || git -C "$here" worktree add --detach "$build_src" "$build_sha" \
        > "$build_log" 2>&1 ||
        { echo "$0: git worktree add for $ab_short failed:" >&2; tail -n 15 "$build_log" >&2; return 2; }
    echo "$0: building $ab_short in $build_dir (log: $build_log)" >&2
    if ! { cmake -S "$build_src" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release &&
           cmake --build "$build_dir" -j"$(nproc)" --target convbench; } >> "$build_log" 2>&1; then
        echo "$0: revision $ab_short does not build; the log's last lines:" >&2
        tail -n 15 "$build_log" >&2
        return 2
    fi
}

# ab_run NAME DIR ROUND BIN OPTS ARGS...: one process, its rows appended to
# DIR/NAME-ROUND.csv; a failure is reported and its rows are whatever it wrote
# (the statistics use verified rows only).
# (sh has no local variables: each function's are prefixed with its name.)
ab_run() {
    run_name=$1 run_dir=$2 run_round=$3 run_bin=$4 run_opts=$5
    shift 5
    # shellcheck disable=SC2086 # run_opts is a list of options
    "$run_bin" "$@" $run_opts --csv "$run_dir/$run_name-$run_round.csv" \
        >> "$run_dir/$run_name-$run_round.log" 2>&1 ||
        echo "$0: $run_name exited $? in round $run_round (its log:" \
            "$run_dir/$run_name-$run_round.log)" >&2
}

# ab_round DIR ROUND SPEC...: one round of the gate's cases: for each layer
# of GATE_CONFIG, every SPEC ("NAME|BINARY|OPTIONS") back to back into
# DIR/NAME-ROUND.csv, the order rotated from layer to layer and round to
# round (with two, A B then B A), so no variant always runs first. A layer at
# a time puts a pair a second apart rather than a whole sweep: on this machine
# that cut the spread of a round's paired ratio from 0.10 to 0.04 (direct, log
# scale) and from 0.10 to 0.05 (CLBlast), for 1.4x the time.
ab_round() {
    round_dir=$1 round_r=$2
    shift 2
    round_j=$round_r
    for round_layer in $(ab_layers "$GATE_CONFIG"); do
        round_i=0
        while [ $round_i -lt $# ]; do
            eval "round_spec=\${$(( (round_i + round_j) % $# + 1 ))}"
            round_rest=${round_spec#*|}
            # shellcheck disable=SC2086 # GATE_OPTS is a list of options
            ab_run "${round_spec%%|*}" "$round_dir" "$round_r" "${round_rest%%|*}" \
                "${round_rest#*|}" --sweep "$GATE_CONFIG" --layer "^$round_layer\$" $GATE_OPTS
            round_i=$((round_i + 1))
        done
        round_j=$((round_j + 1))
    done
}

# ab_rounds DIR FIRST LAST A_BIN B_BIN B_OPTS [ARGS...]: rounds FIRST..LAST
# into DIR/A-ROUND.csv and DIR/B-ROUND.csv; B_OPTS (one word list) go to B
# only. With ARGS, each round is one process of A and one of B with them;
# without, the gate's cases layer by layer (ab_round).
ab_rounds() {
    rounds_dir=$1 rounds_r=$2 rounds_last=$3 rounds_a=$4 rounds_b=$5 rounds_bopts=$6
    shift 6
    while [ "$rounds_r" -le "$rounds_last" ]; do
        echo "$0: round $rounds_r of $rounds_last" >&2
        if [ $# -gt 0 ]; then
            ab_run A "$rounds_dir" "$rounds_r" "$rounds_a" "" "$@"
            ab_run B "$rounds_dir" "$rounds_r" "$rounds_b" "$rounds_bopts" "$@"
        else
            ab_round "$rounds_dir" "$rounds_r" "A|$rounds_a|" "B|$rounds_b|$rounds_bopts"
        fi
        rounds_r=$((rounds_r + 1))
    done
}
