#!/bin/sh
# Resizing: 200x60 down to 20x6 ("terminal too small", still quits on q),
# back up, and a storm of 200 resizes without a crash or stale geometry.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 200 60
wait_for "Parameters"
$T resize-window -t s -x 20 -y 6
wait_for "too small"
$T resize-window -t s -x 200 -y 60
wait_for "Parameters"
wait_gone "too small"
# the frame fills the new size: the function-key bar is on the last line
screen >/dev/null
tail -n 1 "$TMPD/screen" | grep -q "F1Help" || fail "function-key bar is not on the last line"
i=0
while [ $i -lt 200 ]; do
    w=$(( 20 + (i * 37) % 190 ))
    h=$(( 6 + (i * 13) % 60 ))
    $T resize-window -t s -x $w -y $h || fail "resize $w x $h"
    [ $((i % 50)) -eq 0 ] && keys Right
    i=$((i + 1))
done
$T resize-window -t s -x 100 -y 30
wait_for "Parameters"
# the last resize may still be queued behind the storm on a busy machine: the
# key bar must reach the bottom row within the usual wait, not at once
_i=0
while :; do
    screen >/dev/null
    tail -n 1 "$TMPD/screen" | grep -q "F1Help" && break
    _i=$((_i + 1))
    [ $_i -gt $((100 * SLOW)) ] && fail "after the storm: stale geometry"
    sleep 0.1
done
[ "$(wc -L <"$TMPD/screen")" -le 100 ] || fail "after the storm: lines wider than the window"
grep -q "EXITED" "$TMPD/screen" && fail "dmx exited during the storm"
# narrow layout (< 100 columns) stacks the panels
$T resize-window -t s -x 80 -y 30
wait_for "Parameters"
# too small still quits on q
$T resize-window -t s -x 30 -y 8
wait_for "too small"
keys q
wait_for "EXITED 0"
echo "resize: ok"
