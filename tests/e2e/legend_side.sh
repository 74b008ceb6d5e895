#!/bin/sh
# A legend goes beside a plot rather than below it when that leaves the plot
# the longer short side (a cell is about half as wide as tall): at 120x36
# bbg-fig4-low-noise's Fig 4 map went 80 columns by 6 rows with its legend
# below (a larger area, but a strip); now the legend is beside it and the map
# spans at least 9 rows.  Only maps want to be square: bar charts and curves
# still choose by area (they want width).
. tests/e2e/lib.inc
need_preset bbg-fig4-low-noise
start 120 36 "$SRC/presets/bbg-fig4-low-noise.yaml"
wait_for "Fig 4: profitable vs efficient"
wait_idle
rows=$(awk '/│ *1┤/ { a = NR } /│ *0┤/ { b = NR } END { print (a && b) ? b - a + 1 : 0 }' "$TMPD/screen")
[ "$rows" -ge 9 ] || fail "Fig 4 spans $rows rows from 1 to 0"
# beside: the legend's first entry is on the same row as the 1 tick
grep "│ *1┤" "$TMPD/screen" | grep -q "profitable & efficient" || fail "the legend is not beside the map"
keys q
wait_for "EXITED 0"
# a bar chart keeps the larger plot (its bars side by side): at 80x24
# ammo-decorr's bars keep their legend below rather than shrink to 2 columns
need_preset ammo-decorr
start 80 24 "$SRC/presets/ammo-decorr.yaml"
wait_for "Social surplus by arrangement"
wait_idle
ax=$(grep -n "└─*┬" "$TMPD/screen" | head -1 | cut -d: -f1)
lg=$(grep -n "1 equilibrium" "$TMPD/screen" | head -1 | cut -d: -f1)
[ -n "$ax" ] && [ -n "$lg" ] || fail "80x24: bar chart axis or legend not found"
[ "$lg" -gt "$ax" ] || fail "80x24: the bar chart's legend is beside it"
keys q
wait_for "EXITED 0"
# so does a curve plot: bbg-fig5-optimal-noise's Fig 5 at 80x24
need_preset bbg-fig5-optimal-noise
start 80 24 "$SRC/presets/bbg-fig5-optimal-noise.yaml"
wait_for "Fig 5: optimal added noise"
wait_idle
ax=$(grep -n "└┬─*┬" "$TMPD/screen" | head -1 | cut -d: -f1)
lg=$(grep -n "Prop 6 threshold" "$TMPD/screen" | head -1 | cut -d: -f1)
[ -n "$ax" ] && [ -n "$lg" ] || fail "80x24: Fig 5 axis or legend not found"
[ "$lg" -gt "$ax" ] || fail "80x24: Fig 5's legend is beside it"
keys q
wait_for "EXITED 0"
echo "legend side: ok"
