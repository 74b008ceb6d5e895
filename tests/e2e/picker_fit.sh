#!/bin/sh
# The preset picker (F2) opens on the open preset (it opened on the first one,
# glp-eight: F2 then Enter left glp-sec4-case3 for glp-eight), and a title too
# long for the dialog is cut at a word with an ellipsis ("an efficient mar"
# was cut mid-word).
. tests/e2e/lib.inc
need_preset glp-sec4-case3
start 120 36 "$SRC/presets/glp-sec4-case3.yaml"
wait_for "Parameters"
wait_idle
keys F2
wait_for "Presets  \([0-9]+ of [0-9]+\)"
grep -q "full disclosure and an efficient…" "$TMPD/screen" || fail "a long title is not cut with an ellipsis"
keys Enter
wait_gone "Presets  \("
wait_idle
head -1 "$TMPD/screen" | grep -q "glp-sec4-case3" || fail "F2 Enter did not keep the open preset"
keys q
wait_for "EXITED 0"
echo "picker fit: ok"
