#!/bin/sh
# Runs the bad-input table (tests/cmd/bad_inputs.txt): each row's command must exit
# with its code and print a message matching its regex. Reports every row that
# does not, and fails if any does not.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
DATA=$here/../data/bad
CONFIGS=$here/../../configs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
pass=0
fail=0
# Fields are separated by " | " (a regex may hold a bare '|').
while IFS= read -r row; do
    case $row in ''|\#*) continue ;; esac
    code=${row%% | *}
    rest=${row#* | }
    regex=${rest% | *}
    args=${rest##* | }
    args=$(eval "echo \"$args\"")
    # shellcheck disable=SC2086
    out=$("$bin" $args 2>&1)
    rc=$?
    if [ "$rc" -eq "$code" ] && printf '%s\n' "$out" | grep -Eq -- "$regex"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL: convbench %s\n  exit %s (want %s)\n  want /%s/\n  got: %s\n' "$args" "$rc" \
            "$code" "$regex" "$out"
    fi
done < "$here/bad_inputs.txt"
echo "bad inputs: $pass refused as expected, $fail not"
[ "$fail" -eq 0 ]
