#!/bin/sh
# The status line gives one compute time: the model's own clock at the end of
# its method ("..., 1 component, 0.000142 s" after "| 0.23 ms |") is left out.
. tests/e2e/lib.inc
need_preset ammo-competition
start 120 36 "$SRC/presets/ammo-competition.yaml"
wait_for "Parameters"
wait_idle
st=$(sed -n 35p "$TMPD/screen")
echo "$st" | grep -Eq "\| [0-9.]+ ms \| exact, include/exclude tree" || fail "no time or method: '$st'"
echo "$st" | grep -Eq "[0-9] s( |$)" && fail "a second timing in the status line: '$st'"
keys q
wait_for "EXITED 0"
echo "status time: ok"
