#!/bin/sh
# With a plot focused (zoomed too) the arrows move the parameters -- a plot
# has nothing to scroll, so they did nothing, and a zoomed figure could not be
# explored without leaving the zoom; the status line names the parameter and
# its value.  A focused table still scrolls.
. tests/e2e/lib.inc
need_preset glp-sec4-case1
start 120 36 "$SRC/presets/glp-sec4-case1.yaml"
wait_for "Figure 1: equilibrium cases"
wait_idle
keys Tab
keys z
wait_for "zoom: z or Esc goes back"
select_n=0
while [ $select_n -lt 4 ]; do keys Down; select_n=$((select_n + 1)); done
keys Right Right
wait_for "r̄ = 0.51  \(Up/Down: another parameter\)"
keys Escape
wait_gone "Up/Down: another parameter"
wait_for "r̄ +0.51 "
# the economies table (the next pane: Esc left the zoom, not the focus) scrolls
keys Tab
keys Down
wait_for "rows 2-8 of 14"
keys q
wait_for "EXITED 0"
echo "plot keys: ok"
