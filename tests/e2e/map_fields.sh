#!/bin/sh
# F4's field picker offers results, not the model's name or the inputs echoed
# back: it opened on "model" (a map of one colour, "glp") and listed every
# instance.* input.  A categorical field (competitive.case) over (r̄, γ_u)
# still maps, and its title names it.  The axis picker's key column is aligned.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 120 36 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "Parameters"
wait_idle
keys F4
wait_for "Map: result field"
grep -Eq "│? *(model|title) *│?$|instance\.|params\.|solver\.|notes\[" "$TMPD/screen" &&
    fail "the picker offers the model's name, inputs, notes or solver fields"
grep -q "triangle\." "$TMPD/screen" || fail "no result fields in the picker"
keys -l competitive.case
sleep 0.2
keys Enter
wait_for "Map: x axis parameter"
# the key column lines up after labels of any script (ω[0] and γ_π take more
# bytes than columns, in different numbers): where "types[0]" and "gamma_pi"
# start (characters, which are columns for these two precomposed labels)
col() { grep -m1 -- "$1" "$TMPD/screen" | sed "s/$1.*//" | wc -m; }
c1=$(col "types\[0\]") c2=$(col "gamma_pi")
[ "$c1" -gt 1 ] && [ "$c1" = "$c2" ] ||
    fail "axis picker: parameter keys not aligned (columns $c1, $c2)"
keys Down Down Down Down Enter
wait_for "Map: y axis parameter"
keys Down Down Down Down Enter
wait_for "Map: competitive.case over \(r̄, γ_u\)" 20
wait_idle 20
keys q
wait_for "EXITED 0"
echo "map fields: ok"
