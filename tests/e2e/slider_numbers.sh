#!/bin/sh
# Slider numbers read as numbers: whole values as integers, grouped from
# 10,000 ("1,000,000", was "1e+06"; range "1 .. 1,000,000, step 1000", was
# "1 .. 1e+06, step 1e+03", cut mid-word at 80 columns); the range line wraps.
# The = prompt starts from the value as shown and accepts grouped digits.
. tests/e2e/lib.inc
need_preset bbg-theorem4-limit
start 80 24 "$SRC/presets/bbg-theorem4-limit.yaml"
wait_for "Parameters"
wait_idle
grep -q "▸ N  *1,000,000 " "$TMPD/screen" || fail "N is not shown as 1,000,000"
grep -q "e+0" "$TMPD/screen" && fail "e-notation in the parameter panel"
grep -q "slider 1 \.\. 1,000,000," "$TMPD/screen" || fail "no slider range line"
grep -q "step 1000" "$TMPD/screen" || fail "the step is not 1000"
keys =
wait_for "Enter sets, Esc cancels"
keys Enter
wait_for "N = 1,000,000"
keys =
wait_for "Enter sets, Esc cancels"
keys C-u
keys -l "2,000"
keys Enter
wait_for "N = 2,000"
wait_for "▸ N  *2000 consumers"
keys q
wait_for "EXITED 0"
echo "slider numbers: ok"
