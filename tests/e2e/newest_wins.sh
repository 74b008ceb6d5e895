#!/bin/sh
# Recompute on every change with the newest request winning: a burst of 40
# keystrokes on a slower preset (about 20 ms a compute) ends on the values of
# the last keystroke, and the tables then equal `dmx eval` at those values.
. tests/e2e/lib.inc
P=glp-eight
need_preset $P
start 200 60 $P
wait_for "Parameters"
wait_for "undo 0"
select_param "γ_u"
grep -q "▸ γ_u  *0.7 " "$TMPD/screen" || fail "$P: γ_u does not start at 0.7"
keys Right Right Right Right Right Right Right Right Right Right \
     Right Right Right Right Right Right Right Right Right Right \
     Right Right Right Right Right Right Right Right Right Right \
     Right Right Right Right Right Right Right Right Right Right
wait_for "▸ γ_u  *1.1 "
wait_for "undo 40"
wait_gone "computing"
screen >/dev/null
compare_eval $P gamma_u=1.1
keys L
wait_for "▸ γ_u  *1.2 "
wait_gone "computing"
screen >/dev/null
compare_eval $P gamma_u=1.2
keys q
wait_for "EXITED 0"
echo "newest wins: ok"
