#!/bin/sh
# A tick label sits on the row (column) of the cells whose dots show its value:
# ammo-decorr's bars all start at 0, so the "0┤" tick is on their bottom row,
# right above the x axis.  The tick rows used to be spread over the plot's
# rows while the dots use the dot rows (4 per cell in braille), so "0" sat one
# row above the bars' bottom and the "no market" bar (value 0) was drawn below
# its own tick.
. tests/e2e/lib.inc
need_preset ammo-decorr
for size in "120 36" "200 60" "80 24"; do
    start $size "$SRC/presets/ammo-decorr.yaml" --theme light
    wait_for "Parameters"
    wait_for "Social surplus by arrangement"
    wait_idle
    awk '/ 0┤/ { z = NR } END { exit z ? 0 : 1 }' "$TMPD/screen" || fail "$size: no 0 tick"
    # the first 0 tick (the bar chart's) is on the bars' bottom row: braille
    # dots on it, none between it and the x axis
    LC_ALL=C awk '!z && / 0\342\224\244/ { z = NR; ok = /\342[\240-\243]/; next }
        z && !done && /\342\224\224/ { done = 1 }
        z && !done && /\342[\240-\243]/ { ok = 0 }
        END { exit ok ? 0 : 1 }' "$TMPD/screen" ||
        fail "$size: the bars' bottom (value 0) is not on the 0 tick's row"
    keys q
    wait_for "EXITED 0"
done
echo "plot ticks: ok"
