#!/bin/sh
# Slider rows at 120x36 never show a cut word: an element's label too long for
# its column keeps its end (index and field tell the rows apart), and a value
# too wide drops its unit ("10 user" was "10 users" cut).
. tests/e2e/lib.inc
need_preset ammo-example2
start 120 36 "$SRC/presets/ammo-example2.yaml"
wait_for "Parameters"
wait_idle
for f in m_g s_g c_g v_g; do
    grep -q "…munities\[0\]\.$f " "$TMPD/screen" || fail "no row for communities[0].$f"
done
grep -q "10 user[^s]" "$TMPD/screen" && fail "a value cut mid-word"
keys q
wait_for "EXITED 0"
echo "slider labels: ok"
