#!/bin/sh
# Pinned (F6), a plot draws the pinned markers in lower case; its legend now
# says so ("pinned (lower case)") instead of leaving d, s, m unexplained once
# the status message is gone.  Unpinned, no such entry.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 120 36 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "BBM triangle"
wait_idle
grep -q "pinned (lower case)" "$TMPD/screen" && fail "a pinned entry without a pin"
keys F6
wait_for "PINNED"
keys Right Right
wait_for "pinned \(lower case\)"
keys F6
wait_gone "pinned \(lower case\)"
keys q
wait_for "EXITED 0"
echo "pin legend: ok"
