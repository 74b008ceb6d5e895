#!/bin/sh
# The explanation's badge is never cut mid-word: a title that fits only
# without the badge's padding drops the padding (glp-eight at 80x24: the
# whole "General Ω: constrained-inefficient equilibria"); one wider still is
# cut at a word with an ellipsis (72x24).  It was cut at the strip's edge
# ("... found is efficie" before the headline was shortened).
. tests/e2e/lib.inc
need_preset glp-eight
start 80 24 "$SRC/presets/glp-eight.yaml"
wait_for "Parameters"
wait_idle
grep -q "General Ω: constrained-inefficient equilibria" "$TMPD/screen" ||
    fail "80x24: the badge is not whole"
keys q
wait_for "EXITED 0"
start 72 24 "$SRC/presets/glp-eight.yaml"
wait_for "Parameters"
wait_idle
grep -q "General Ω: constrained-inefficient… " "$TMPD/screen" ||
    fail "72x24: the badge is not cut with an ellipsis"
grep -Eq "constrained-inefficient equi[^l]|constrained-ineff[^i]" "$TMPD/screen" &&
    fail "72x24: the badge is cut mid-word"
keys q
wait_for "EXITED 0"
echo "badge fit: ok"
