#!/bin/sh
# `e` exports: the whole evaluation (parameters panel focused) equals
# `dmx eval`; a plot exports as a text canvas plus SVG; a table as text.
# Files land in the current directory and are named in the status line.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 200 60
wait_for "Parameters"
wait_for "undo 0"
keys e
wait_for "exported dmx-glp-sec4-case2.txt"
"$DMX" eval glp-sec4-case2 >"$TMPD/eval.txt" 2>/dev/null
cmp -s "$TMPD/eval.txt" "$TMPD/dmx-glp-sec4-case2.txt" || fail "whole export differs from dmx eval"
keys e                               # never overwrites: a numbered name
wait_for "exported dmx-glp-sec4-case2-2.txt"
keys Tab                             # first panel: a plot (the preset's opening view)
keys e
wait_for "exported dmx-glp-sec4-case2-[a-z0-9_]*.txt and dmx-glp-sec4-case2-[a-z0-9_]*.svg"
id=$(tail -n 2 "$TMPD/screen" | sed -n 's/.*exported dmx-glp-sec4-case2-\([a-z0-9_]*\)\.txt and.*/\1/p')
[ -n "$id" ] || fail "no plot export named"
head -n 1 "$TMPD/dmx-glp-sec4-case2-$id.txt" | grep -q "[A-Za-z]" || fail "plot text has no title"
grep -q "┤" "$TMPD/dmx-glp-sec4-case2-$id.txt" || fail "plot text has no axis"
grep -q "<svg" "$TMPD/dmx-glp-sec4-case2-$id.svg" || fail "no SVG document"
keys Tab                             # second panel: the economies table
keys e
wait_for "exported dmx-glp-sec4-case2-economies.txt"
grep -q "monopsony" "$TMPD/dmx-glp-sec4-case2-economies.txt" || fail "table export lacks its columns"
keys q
wait_for "EXITED 0"
echo "export: ok"
