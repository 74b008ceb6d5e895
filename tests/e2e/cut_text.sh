#!/bin/sh
# The title bar and the status line end with an ellipsis at a word boundary when
# they are cut (80 columns: "GLPK simplex + equilibr" used to stop mid-word with
# no sign that more follows).
. tests/e2e/lib.inc
need_preset glp-eight
start 80 24 "$SRC/presets/glp-eight.yaml"
wait_for "Parameters"
wait_idle
title=$(sed -n 1p "$TMPD/screen" | sed 's/ *$//')
status=$(sed -n 23p "$TMPD/screen")
case $title in *…) ;; *) fail "cut title bar without an ellipsis: '$title'" ;; esac
echo "$status" | grep -q "… .*undo" || fail "cut status line without an ellipsis: '$status'"
echo "$status" | grep -q "equilibr[^i]" && fail "status line cut mid-word: '$status'"
keys q
wait_for "EXITED 0"
echo "cut text: ok"
