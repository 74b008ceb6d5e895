#!/bin/sh
# Undo/redo of slider moves; save as a user preset (atomic, asks before
# overwriting) and load it back through the preset picker and by name.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 200 60 glp-sec4-case2
wait_for "Case 2: "
select_param "γ_u"
grep -q "▸ γ_u  *0.9 " "$TMPD/screen" || fail "γ_u does not start at 0.9"
keys Right Right Right
wait_for "▸ γ_u  *0.93 "
keys u
wait_for "▸ γ_u  *0.92 "
keys u u
wait_for "▸ γ_u  *0.9 "
keys u                      # nothing left to undo
wait_for "nothing to undo"
keys C-r
wait_for "▸ γ_u  *0.91 "
keys C-r C-r
wait_for "▸ γ_u  *0.93 "
keys r                      # reset to the preset
wait_for "▸ γ_u  *0.9 "
keys u                      # the reset itself can be undone
wait_for "▸ γ_u  *0.93 "

# save as "mine" with γ_u = 0.55
set_param 0.55
wait_for "▸ γ_u  *0.55 "
keys s
wait_for "Save as user preset"
keys -l mine
keys Enter
wait_for "saved .*mine.yaml"
f="$XDG_DATA_HOME/dmx/presets/mine.yaml"
[ -f "$f" ] || fail "no $f"
grep -q "gamma_u: 0.55" "$f" || { cat "$f"; fail "saved preset lacks gamma_u: 0.55"; }
# the shipped note was written for γ_u = 0.9: the copy says so in front of it
grep -q '^notes: "Saved from glp-sec4-case2 with other values: the note below was written for that preset.s values. ' "$f" ||
    { cat "$f"; fail "the copy's note does not say it was written for other values"; }
ls "$XDG_DATA_HOME/dmx/presets" | grep -v '^mine.yaml$' | grep -q . && fail "temp files left behind"
"$DMX" check "$f" >/dev/null 2>&1 || fail "dmx check rejects the saved preset"
# saving again under the same name asks first; 'n' keeps the file
set_param 0.65
keys s
wait_for "Save as user preset"
keys -l mine
keys Enter
wait_for "exists. Overwrite"
keys n
wait_for "not saved"
grep -q "gamma_u: 0.55" "$f" || fail "declined overwrite changed the file"
keys s
wait_for "Save as user preset"
keys -l mine
keys Enter
wait_for "exists. Overwrite"
keys y
wait_for "saved .*mine.yaml"
grep -q "gamma_u: 0.65" "$f" || fail "overwrite did not write gamma_u: 0.65"

# switch to the shipped preset through the picker, then back to mine
keys p
wait_for "Presets  \("
keys -l case2
wait_for "glp-sec4-case2"
keys Enter
wait_for "\|  glp-sec4-case2"
wait_for "γ_u  *0.9 "
keys p
wait_for "Presets  \("
keys -l mine
keys Enter
wait_for "\|  mine"
wait_for "γ_u  *0.65 "
keys q
wait_for "EXITED 0"

# and by name from the command line (found in $XDG_DATA_HOME/dmx/presets)

start 120 40 mine
wait_for "γ_u  *0.65 "
keys F10
wait_for "EXITED 0"
echo "undo/save: ok"
