#!/bin/sh
# In one results column (120x36) the plot above the table gets the larger share
# of the height: the BBM triangle was three rows high with half of it, its
# legend cut to "+2 more".  Checks the plot pane's height and its whole legend.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 120 36 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "BBM triangle"
wait_idle
top=$(grep -n "BBM triangle" "$TMPD/screen" | head -1 | cut -d: -f1)
bot=$(grep -n "Economies compared" "$TMPD/screen" | head -1 | cut -d: -f1)
[ -n "$top" ] && [ -n "$bot" ] || fail "no triangle or economies pane"
h=$((bot - top))
[ "$h" -ge 15 ] || fail "the triangle pane is $h rows high (want >= 15 of 25)"
sed -n "${top},${bot}p" "$TMPD/screen" | grep -q "+[0-9] more" && fail "triangle legend cut"
sed -n "${top},${bot}p" "$TMPD/screen" | grep -q "C competitive eq" ||
    fail "triangle legend lacks the competitive equilibrium"
# the plot area between the y-axis label and the x-axis: at least 8 rows
rows=$(sed -n "${top},${bot}p" "$TMPD/screen" | grep -c "│ *[│┤]")
[ "$rows" -ge 8 ] || fail "the triangle is $rows rows high"
keys q
wait_for "EXITED 0"
echo "stack layout: ok"
