#!/bin/sh
# Pinned (F6), a table's values stay aligned: deltas form a sub-column after
# the values instead of pushing the values of the rows that changed to the
# left (glp-sec4-case2, ω[0] two steps up: "0.3" and "0.6429 Δ+0.214" in the
# expropriation column started at different columns).  The pinned title next
# to the explanation's badge ends in "…" when cut, never mid-word.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 120 36 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "Parameters"
wait_idle
keys F6
wait_for "PINNED"
keys Right Right
wait_for "Δ\+0.214"
wait_idle
cols=$(perl -CSD -Mutf8 -ne '
    if (/q\(ω=1\.2\)\s+(\S+)/) { $a = $-[1] }
    if (/x\(a=1\.2\|ω=2\)\s+(\S+)/) { $b = $-[1] }
    END { print defined $a && defined $b ? "$a $b" : "none" }' "$TMPD/screen")
set -- $cols
[ "$1" != none ] || fail "economies rows not found"
[ "$1" = "$2" ] || fail "expropriation values not aligned under a pin (columns $1, $2)"
# whatever room the badge leaves, the pinned title is whole or ends in "…"
# after a whole word of "Case 2: inefficiently high trade"
pt=$(grep -o "pinned: [^│]*" "$TMPD/screen" | head -1 | sed 's/ *$//')
case $pt in
"pinned: Case 2: inefficiently high trade" | "pinned: Case 2: inefficiently high…" | \
"pinned: Case 2: inefficiently…" | "pinned: Case 2:…" | "pinned: Case 2…" | "pinned: Case…") ;;
*) fail "the pinned title is cut mid-word: '$pt'" ;;
esac
keys q
wait_for "EXITED 0"
echo "pin align: ok"
