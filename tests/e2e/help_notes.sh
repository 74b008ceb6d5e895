#!/bin/sh
# Notes the parameter panel cuts are readable whole: the panel's bottom border
# says "notes go on: ? shows all", and the help screen lists the preset's
# source and notes, the result's notes and the model's summary (a paragraph
# break in them no longer eats the next line's first character).  Scrolling
# the help stops at its last page: one Up after many Downs moves at once.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 120 36 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "Parameters"
wait_idle
grep -q "notes go on: ? shows all" "$TMPD/screen" || fail "no hint that the notes are cut"
keys ?
wait_for "Keys   \(model:"
i=0
while [ $i -lt 80 ]; do keys Down; i=$((i + 1)); done
wait_for "The model"
grep -q "Source: Galperti, Liu, Perego (2023)" "$TMPD/screen" || fail "no preset source in help"
grep -q "At this preset's values" "$TMPD/screen" || fail "the preset's note lost its start"
grep -q "• Lindahl prices p = μ + r − u" "$TMPD/screen" || fail "no result note in help"
grep -q "Consumers sell data records" "$TMPD/screen" || fail "no model summary in help"
grep -q "more below" "$TMPD/screen" && fail "after 80 Downs the help is not at its end"
keys Up
wait_for "more below"
keys x
wait_gone "The model"
# at 200x60 everything fits: no hint
keys q
wait_for "EXITED 0"
start 200 60 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "Parameters"
wait_idle
grep -q "notes go on" "$TMPD/screen" && fail "hint shown though the notes fit at 200x60"
# the preset's own note comes first while its values hold (it is why the preset
# was opened), the live result notes after it; once a slider moves, only a hint
# after the live notes
pn=$(grep -n "At this preset's values" "$TMPD/screen" | head -n 1 | cut -d: -f1)
rn=$(grep -n "• Lindahl prices" "$TMPD/screen" | head -n 1 | cut -d: -f1)
[ -n "$pn" ] && [ -n "$rn" ] || fail "preset note or result note missing at 200x60"
[ "$pn" -lt "$rn" ] || fail "the preset's note is not above the result's notes"
keys Right
wait_for "r resets to them"
grep -q "At this preset's values" "$TMPD/screen" && fail "the stale preset note is still shown"
keys r
wait_for "At this preset's values"
keys q
wait_for "EXITED 0"
# 80x24: the panel is narrow, the hint short
start 80 24 "$SRC/presets/glp-sec4-case2.yaml"
wait_for "Parameters"
wait_idle
grep -q "more notes: ?" "$TMPD/screen" || fail "no hint that the notes are cut at 80x24"
keys q
wait_for "EXITED 0"
echo "help notes: ok"
