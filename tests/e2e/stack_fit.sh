#!/bin/sh
# Stacked panes (one results column, 120x36): a short table under a plot keeps
# only the rows it needs and the plot gets the rest.  ammo-example1's user
# table has two rows; it used to keep 38% of the column (six blank rows) while
# the Figure 1 price map above it had seven rows.
. tests/e2e/lib.inc
need_preset ammo-example1
start 120 36 "$SRC/presets/ammo-example1.yaml"
wait_for "Parameters"
wait_for "Users: equilibrium and the alternatives"
wait_idle
t=$(grep -n "Users: equilibrium and the alternatives" "$TMPD/screen" | head -1 | cut -d: -f1)
f=$(grep -n "Figure 1: user equilibria" "$TMPD/screen" | head -1 | cut -d: -f1)
[ -n "$t" ] && [ -n "$f" ] || fail "panes not found"
# title, header, rows 0 and 1, bottom border
sed -n "$((t + 4))p" "$TMPD/screen" | grep -q "└" || fail "the user table's pane is taller than its rows"
sed -n "$((t + 3))p" "$TMPD/screen" | grep -Eq "│ 1 +1 " || fail "the user table's second row is not shown"
[ $((t - f)) -ge 18 ] || fail "the map pane has only $((t - f)) rows"
keys q
wait_for "EXITED 0"
# a table longer than its pane keeps the column's share (ammo-example2: 20 users)
need_preset ammo-example2
start 120 36 "$SRC/presets/ammo-example2.yaml"
wait_for "Users: equilibrium and the alternatives"
wait_idle
grep -q "rows 1-7 of 20" "$TMPD/screen" || fail "the long user table lost rows"
keys q
wait_for "EXITED 0"
echo "stack fit: ok"
