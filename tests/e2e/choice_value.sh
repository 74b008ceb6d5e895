#!/bin/sh
# A choice parameter's name is never cut mid-word without an ellipsis: at 80x24
# the slider list of ammo-example1 showed "Σ from equicorrelate" (the value
# column kept six columns for the bar where four suffice).  The whole name now
# fits; a name wider than the value column takes the bar's columns; one that
# cannot fit even there ends in "…".
. tests/e2e/lib.inc
need_preset ammo-example1
start 80 24 "$SRC/presets/ammo-example1.yaml"
wait_for "Parameters"
wait_idle
grep -q "Σ from equicorrelated " "$TMPD/screen" || fail "the generator's name is cut at 80x24"
keys q
wait_for "EXITED 0"
# narrower than the side-by-side layout: the value column is the panel's width
# minus the label and the bar; whatever is cut ends in an ellipsis
start 60 24 "$SRC/presets/ammo-example1.yaml"
wait_for "Parameters"
wait_idle
grep -q "Σ from" "$TMPD/screen" || fail "no generator row at 60x24"
grep "Σ from" "$TMPD/screen" | grep -Eq "equicorrelated|…" || fail "the generator's name is cut without an ellipsis at 60x24"
keys q
wait_for "EXITED 0"
# a choice name wider than the value column takes the bar's columns too
# (ammo-example2 at 80x24 showed "figure exa…")
need_preset ammo-example2
start 80 24 "$SRC/presets/ammo-example2.yaml"
wait_for "Parameters"
wait_idle
grep -Eq "figure +example2 " "$TMPD/screen" || fail "80x24: the figure choice is cut"
keys q
wait_for "EXITED 0"
echo "choice value: ok"
