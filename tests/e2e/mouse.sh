#!/bin/sh
# The mouse: a click on a slider's bar selects it and sets the value there;
# a click on a panel focuses it; --no-mouse turns the mouse off.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
ESC=$(printf '\033')
click() {   # column row (1-based), SGR 1006 encoding as xterm sends it
    keys -l "$ESC[<0;$1;$2M"
    keys -l "$ESC[<0;$1;$2m"
}
start 200 60
wait_for "  γ_u  "      # the slider rows, not just the box title (a frame may be half out)
$T display -p -t s '#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}' | grep -q 1 ||
    fail "mouse reporting is not on"
row=$(grep -n "  γ_u  " "$TMPD/screen" | head -n 1 | cut -d: -f1)
[ -n "$row" ] || fail "no γ_u slider"
click 40 "$row"
wait_for "▸ γ_u "
wait_for "undo 1"
grep -q "▸ γ_u  *0.9 " "$TMPD/screen" && fail "the click did not move γ_u"
keys u
wait_for "undo 0"
keys q
wait_for "EXITED 0"

start 200 60 --no-mouse
wait_for "Parameters"
[ "$($T display -p -t s '#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}')" = 000 ] ||
    fail "--no-mouse: the explorer still asks the terminal for mouse events"
keys q
wait_for "EXITED 0"
echo "mouse: ok"
