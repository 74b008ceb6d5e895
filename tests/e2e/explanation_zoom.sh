#!/bin/sh
# The explanation strip shows a "more" sign when its text is cut, can be
# focused with Tab and scrolled with Down/Up (the sign then moves to the top
# border); z zooms the focused panel over the whole screen and z or Esc
# brings the layout back.
. tests/e2e/lib.inc
need_preset glp-sec4-case1
start 120 36 glp-sec4-case1
wait_for "Explanation"
wait_idle
grep -q "↓ [0-9]* more line" "$TMPD/screen" || fail "cut explanation has no more sign"
first=$(grep -n "Case 1: inefficiently low trade" "$TMPD/screen" | head -1)
[ -n "$first" ] || fail "the explanation does not start with its title"
# Tab through the result panes to the explanation
i=0
while [ $i -lt 6 ]; do
    keys Tab
    sleep 0.1
    screen >/dev/null
    grep -q "Explanation  (Up/Down scroll)" "$TMPD/screen" && break
    i=$((i + 1))
done
grep -q "Explanation  (Up/Down scroll)" "$TMPD/screen" || fail "Tab never focuses the explanation"
keys Down
wait_for "↑ 1 more"
grep -q "▸ ω\[0\]" "$TMPD/screen" || fail "scrolling the explanation moved the parameter selection"
keys NPage
wait_gone "↓ [0-9]* more line"
keys PPage
wait_gone "↑ [0-9]* more"
wait_for "↓ [0-9]* more line"
# zoom the explanation: the whole text fits, no parameter panel
keys z
wait_gone "Parameters"
wait_for "zoom: z or Esc goes back"
grep -q "more line" "$TMPD/screen" && fail "zoomed explanation still cut"
keys z
wait_for "Parameters"
# zoom the first result pane (the preset's opening view), back with Esc
keys Tab Tab
sleep 0.2
screen >/dev/null
title=$(grep -o "\[[0-9]/[0-9]\] [^─]*" "$TMPD/screen" | head -n 1 | sed 's/ *$//')
[ -n "$title" ] || fail "no pane title"
keys z
wait_gone "Parameters"
wait_for "zoom: z or Esc goes back"     # the whole zoomed frame, not one half drawn
grep -qF -- "$title" "$TMPD/screen" || fail "zoom does not show '$title'"
grep -q "Economies" "$TMPD/screen" && fail "zoom still shows the other panes"
keys Escape
wait_for "Economies"    # Esc restored the layout: a pane is back, not only the first box
keys q
wait_for "EXITED 0"
echo "explanation and zoom: ok"
