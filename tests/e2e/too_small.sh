#!/bin/sh
# Too small a terminal: the message is the longest wording that fits whole
# (at 10x4 it was cut to "terminal t" / "resize, or"), and q still quits.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 10 4 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "^ *too small *$"
grep -q "^ *q quits *$" "$TMPD/screen" || fail "10x4: no whole quit hint"
grep -Eq "terminal t|resize, or *$" "$TMPD/screen" && fail "10x4: a cut message"
keys q
wait_for "EXITED 0"
start 30 10 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "too small, needs 60x16"
grep -q "resize, or q to quit" "$TMPD/screen" || fail "30x10: no resize hint"
keys q
wait_for "EXITED 0"
echo "too small: ok"
