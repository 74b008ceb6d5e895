#!/bin/sh
# "No value" (—) in a number column sits under the numbers' units digit, not
# past their decimals at the column's right edge: in glp-sec4-case2's
# economies table p(ω=1) under expropriation read "     —" beside "0.3".
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 120 36 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "Economies compared"
wait_idle
# offsets within the table's pane (what is left of it, the parameter panel's
# notes with their combining macrons in q̄ and r̄, is not counted)
cols=$(perl -CSD -Mutf8 -ne '
    s/^.*?││//;
    if (/q\(ω=1\)\s+(0\.3)/) { $a = $-[1] }
    if (/p\(ω=1\)\s+(—)/) { $b = $-[1] }
    END { print defined $a && defined $b ? "$a $b" : "none" }' "$TMPD/screen")
set -- $cols
[ "$1" != none ] || fail "economies rows not found"
[ "$1" = "$2" ] || fail "— is not under the units digit (columns $1, $2)"
keys q
wait_for "EXITED 0"
echo "table dash: ok"
