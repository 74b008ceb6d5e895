#!/bin/sh
# On a short screen the explanation strip takes a quarter of the results'
# height, not a third, so the figure a preset opens on is readable: at 80x24
# bbg-fig4-low-noise's Fig 4 map was three rows high with a "+5 more" legend;
# now it has at least eight rows and its whole legend.  At 120x36 the strip
# keeps its height (a third of the results, at most 8 rows: 8 here).
. tests/e2e/lib.inc
need_preset bbg-fig4-low-noise
start 80 24 "$SRC/presets/bbg-fig4-low-noise.yaml"
wait_for "Fig 4: profitable vs efficient"
wait_idle
rows=$(awk '/│ *1┤/ { a = NR } /│ *0┤/ { b = NR } END { print (a && b) ? b - a + 1 : 0 }' "$TMPD/screen")
[ "$rows" -ge 8 ] || fail "80x24: Fig 4 spans $rows rows from 1 to 0"
grep -q "more lines: Tab here" "$TMPD/screen" || fail "80x24: the cut explanation says nothing"
grep -q "+[0-9]* more" "$TMPD/screen" && fail "80x24: Fig 4's legend is cut"
keys q
wait_for "EXITED 0"
start 120 36 "$SRC/presets/bbg-fig4-low-noise.yaml"
wait_for "Fig 4: profitable vs efficient"
wait_idle
e=$(grep -n "┌─ Explanation" "$TMPD/screen" | cut -d: -f1)
p=$(grep -n "Fig 4: profitable vs efficient" "$TMPD/screen" | cut -d: -f1)
[ $((p - e)) -eq 8 ] || fail "120x36: the explanation strip is $((p - e)) rows, not 8"
keys q
wait_for "EXITED 0"
echo "short strip: ok"
