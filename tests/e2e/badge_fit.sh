#!/bin/sh
# The explanation's badge is cut at a word with an ellipsis when the strip is
# narrow: glp-appb1-onetype at 80x24 read "General Ω: every equilibrium found
# is efficie".
. tests/e2e/lib.inc
need_preset glp-appb1-onetype
start 80 24 "$SRC/presets/glp-appb1-onetype.yaml"
wait_for "Parameters"
wait_idle
grep -q "General Ω: every equilibrium found is…" "$TMPD/screen" || fail "the badge is not cut with an ellipsis"
grep -q "is efficie[^n]" "$TMPD/screen" && fail "the badge is cut mid-word"
keys q
wait_for "EXITED 0"
echo "badge fit: ok"
