#!/bin/sh
# Tick labels are plain numbers with the step's decimals: bbg-quality-prop10's
# Prop 10 plot labelled its y axis "1e+03" ("%.3g"); it reads "1000" now, and
# the x ticks stay "0", "0.5", "1".
. tests/e2e/lib.inc
need_preset bbg-quality-prop10
start 80 24 "$SRC/presets/bbg-quality-prop10.yaml"
wait_for "Prop 10: aggregate vs individual"
wait_idle
grep -q "1000┤" "$TMPD/screen" || fail "no 1000 tick"
grep -Eq "[0-9]e[+-][0-9]+┤" "$TMPD/screen" && fail "a tick label in e-notation"
grep -Eq "^.*│ +0 +0\.5 +1 " "$TMPD/screen" || fail "x ticks are not 0, 0.5, 1"
keys q
wait_for "EXITED 0"
echo "tick labels: ok"
