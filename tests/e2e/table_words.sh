#!/bin/sh
# A table column of words (no number in it) is left-aligned under its header,
# as the label column is: ammo-competition-grid's "rule" column had
# "pessimistic" flush left and "max-sum" pushed right.  Number columns keep
# their decimal alignment.
. tests/e2e/lib.inc
need_preset ammo-competition-grid
start 120 36 "$SRC/presets/ammo-competition-grid.yaml"
wait_for "Two platforms: price equilibria \(grid\)"
wait_idle
cols=$(perl -CSD -Mutf8 -ne '
    $h = index($_, "rule") if !defined $h && /#\s+rule\s/;
    $p = index($_, "pessimistic") if !defined $p && /│ 1\s+pessimistic/;
    $m = index($_, "max-sum") if !defined $m && /│ 5\s+max-sum/;
    END { print defined $h && defined $p && defined $m ? "$h $p $m" : "none" }' "$TMPD/screen")
set -- $cols
[ "$1" != none ] || fail "rule column not found"
[ "$1" = "$2" ] && [ "$2" = "$3" ] || fail "rule column not left-aligned (header, rows 1, 5 at $cols)"
keys q
wait_for "EXITED 0"
echo "table words: ok"
