#!/bin/sh
# A frame reaches the terminal in a few large writes, not one per cursor jump:
# ncurses flushes after every cursor motion until its screen has left the
# initial state (tui/term.c), which at 200x60 meant some 150 writes of 10-30
# bytes per frame, each waking the terminal emulator while the model computes.
# Counts the explorer's write(2) calls (/proc/PID/io syscw) over slider keys.
. tests/e2e/lib.inc
need_preset glp-eight
[ -r /proc/self/io ] || skip "no /proc/PID/io on this system"
start 200 60 "$SRC/presets/glp-eight.yaml"
wait_for "Parameters"
select_param "γ_u"
wait_idle
pid=$(cat "$TMPD/pid")
w0=$(sed -n 's/^syscw: //p' "/proc/$pid/io")
[ -n "$w0" ] || skip "cannot read /proc/$pid/io"
n=8
i=0
while [ $i -lt $n ]; do
    keys Right
    sleep 0.3
    i=$((i + 1))
done
wait_idle
sleep 2     # the change highlight fades out: its frames are counted too
w1=$(sed -n 's/^syscw: //p' "/proc/$pid/io")
per=$(( (w1 - w0) / n ))
echo "writes per key: $per ($((w1 - w0)) for $n keys)"
[ "$per" -le 40 ] || fail "$per write calls per slider key (frames are written in pieces)"
keys q
wait_for "EXITED 0"
echo "frame writes: ok"
