#!/bin/sh
# ] and [ in a result pane do not stop on the explanation's text view while
# the explanation strip shows it (the pane repeated the strip's badge and
# text word for word, e.g. ammo-decorr at 80x24 after ] from the last view).
# Zoomed, where the strip is hidden, the text view is still reachable.
. tests/e2e/lib.inc
need_preset ammo-decorr
start 80 24 "$SRC/presets/ammo-decorr.yaml"
wait_for "Parameters"
wait_idle
keys Tab
n=0
while [ $n -lt 8 ]; do
    keys ]
    sleep 0.15
    screen >/dev/null
    grep -q "Explanation" "$TMPD/screen" || fail "no explanation strip at 80x24"
    [ "$(grep -c "Efficient data market" "$TMPD/screen")" -le 1 ] ||
        fail "a pane repeats the explanation strip (after $n ])"
    n=$((n + 1))
done
keys z
wait_for "zoom: z or Esc goes back"
n=0 seen=0
while [ $n -lt 8 ]; do
    keys ]
    sleep 0.15
    screen >/dev/null
    grep -q "Efficient data market" "$TMPD/screen" && seen=1
    n=$((n + 1))
done
[ $seen = 1 ] || fail "zoomed, ] never reaches the explanation's text view"
keys q
wait_for "EXITED 0"
echo "cycle skips text: ok"
