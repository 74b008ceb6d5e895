#!/bin/sh
# On a narrow screen the help wraps a key's text under itself instead of
# cutting it mid-word at the overlay's edge (80x24: "scroll a focused table o",
# "(again or E"); the title is cut at a word with an ellipsis.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 80 24 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "Parameters"
wait_idle
keys ?
wait_for "Keys   \(model:"
grep -Eq "^│ {15,}Esc: back\)" "$TMPD/screen" ||
    fail "the zoom key's text is not wrapped under itself"
grep -q "(again or E[^s]" "$TMPD/screen" && fail "a key's text is cut mid-word"
keys x
keys q
wait_for "EXITED 0"
start 60 20 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "Parameters"
keys ?
wait_for "Keys   \(model: Competitive Markets for Personal…"
keys x
keys q
wait_for "EXITED 0"
echo "help narrow: ok"
