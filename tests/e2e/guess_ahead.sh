#!/bin/sh
# Computing ahead: after a slider is selected the worker computes its next
# step up and down while the explorer is idle, after a step the next step in
# the same direction and the step back, and the next key is answered with that
# result.  (1) A scripted run with pauses between keys reports how many keys
# were answered so ("computed ahead N"): the first step, the repeated step and
# the step back are, a ten-step jump is not.  (2) Interactively, the tables after a step answered
# ahead, after a reversal, and after a ten-step jump equal `dmx eval` at those
# values, so a result computed ahead is the result itself.
. tests/e2e/lib.inc
P=glp-eight
need_preset $P
{
    echo "Down 3"            # the fourth slider
    echo "sleep 400"
    echo "Right"; echo "sleep 400"
    echo "Right"; echo "sleep 400"
    echo "Left"; echo "sleep 400"
    echo "L"; echo "sleep 400"
} >"$TMPD/keys"
start 120 36 --bench-keys "$TMPD/keys" "$SRC/presets/$P.yaml"
wait_for "EXITED 0"
line=$(grep '^bench-keys:' "$TMPD/stderr") || fail "no bench-keys line"
n=$(echo "$line" | sed -n 's/.*computed ahead \([0-9]*\).*/\1/p')
[ -n "$n" ] || fail "no 'computed ahead' count in: $line"
[ "$n" -eq 3 ] || fail "expected both steps and the step back computed ahead, got $n: $line"
# --no-ahead: nothing is computed ahead
start 120 36 --no-ahead --bench-keys "$TMPD/keys" "$SRC/presets/$P.yaml"
wait_for "EXITED 0"
line=$(grep '^bench-keys:' "$TMPD/stderr") || fail "no bench-keys line (--no-ahead)"
echo "$line" | grep -q "computed ahead 0;" || fail "--no-ahead still computed ahead: $line"

start 200 60 $P
wait_for "Parameters"
wait_for "undo 0"
select_param "γ_u"
grep -q "▸ γ_u  *0.7 " "$TMPD/screen" || fail "$P: γ_u does not start at 0.7"
keys Right
wait_for "▸ γ_u  *0.71 "
wait_idle
sleep 0.5                    # time for the guess (0.72) to finish
keys Right
wait_for "▸ γ_u  *0.72 "
wait_idle
compare_eval $P gamma_u=0.72
keys Left
wait_for "▸ γ_u  *0.71 "
wait_idle
compare_eval $P gamma_u=0.71
keys L
wait_for "▸ γ_u  *0.81 "
wait_idle
compare_eval $P gamma_u=0.81
keys q
wait_for "EXITED 0"
echo "guess ahead: ok"
