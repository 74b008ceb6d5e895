#!/bin/sh
# Runs every unit test binary (cmocka) and every e2e script; prints one
# closing line "N passed, N failed".  Usage: tests/run.sh BUILD_DIR
# tests/e2e/extreme_values.sh (4,400 evals of extreme --set values over every
# shipped preset, minutes) runs only with DMX_EXTREME=1; .ci/run runs it.
B=${1:-build}
pass=0; fail=0; failed=""
if [ -z "$DMX_SKIP_UNIT" ]; then
  for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    if "$t"; then pass=$((pass+1)); else fail=$((fail+1)); failed="$failed $(basename "$t")"; fi
  done
fi
if [ -z "$DMX_SKIP_E2E" ]; then
  for t in tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    case "$t" in
      */extreme_values.sh) [ -n "${DMX_EXTREME:-}" ] || { echo "[ SKIP ] $t (DMX_EXTREME=1 runs it)"; continue; } ;;
    esac
    echo "[ e2e ] $t"
    if DMX="$B/dmx" sh "$t"; then pass=$((pass+1)); echo "[  OK  ] $t"
    else fail=$((fail+1)); failed="$failed $t"; echo "[FAILED] $t"; fi
  done
fi
echo
[ -n "$failed" ] && echo "failed:$failed"
echo "suites: $pass passed, $fail failed"
[ "$fail" = 0 ]
