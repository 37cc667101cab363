#!/bin/sh
# usage: expect.sh [--fresh FILE] CODE REGEX COMMAND [ARGS...]
# Runs COMMAND and passes when it exits with CODE and, if REGEX is not empty,
# its combined output matches REGEX (grep -E). Prints the output either way.
# --fresh FILE removes FILE first (a CSV the command appends to).
if [ "$1" = "--fresh" ]; then
    rm -f "$2"
    shift 2
fi
code=$1
regex=$2
shift 2
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne "$code" ]; then
    echo "expect.sh: exit code $rc, expected $code" >&2
    exit 1
fi
if [ -n "$regex" ] && ! printf '%s\n' "$out" | grep -Eq -- "$regex"; then
    echo "expect.sh: output does not match /$regex/" >&2
    exit 1
fi
exit 0
