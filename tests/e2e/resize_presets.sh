#!/bin/sh
# Resizing keeps the selected parameter visible, with scroll hints when the
# list does not fit, and returns to the top when everything fits again;
# n / N step to the next / previous example of the same paper (in the
# paper's order) and the picker groups presets by model with headings.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 120 36 glp-sec4-case2
wait_for "Parameters"
wait_idle
select_param "γ_u"
$T resize-window -t s -x 60 -y 16
sleep 0.3
wait_for "▸ γ_u "
grep -Eq "[↑↓] [0-9]+ more ─" "$TMPD/screen" || fail "60x16: no scroll hint on the parameter list"
$T resize-window -t s -x 120 -y 36
sleep 0.3
wait_for "▸ γ_u "
wait_for "ω\[0\] "
grep -Eq "[↑↓] [0-9]+ more ─" "$TMPD/screen" && fail "120x36: scroll hint although the list fits"
grep -q "γ_π" "$TMPD/screen" || fail "120x36: γ_π missing"
# n / N: the next and previous example of Galperti, Liu, Perego (2023)
keys n
wait_for "glp-sec4-case3"
keys N
wait_for "glp-sec4-case2: "
keys N
wait_for "glp-sec4-case1: "
keys N
wait_for "glp-prop3|glp-sec4-case|glp-eight|glp-general4"
# the picker: headings per paper, glp first
keys p
wait_for "Presets  \("
wait_for "Galperti, Liu, Perego \(2023\): "       # the glp heading
awk '/Galperti, Liu, Perego \(2023\): /{g=NR} /glp-sec4-case1 /{c=NR} END {exit !(g && c && g < c)}' \
    "$TMPD/screen" || fail "picker: the glp heading is not above the glp presets"
keys -l "bbgfig2"
wait_for "bbg-fig2-gain"
keys Enter
wait_for "bbg-fig2-gain: "
keys n
wait_gone "bbg-fig2-gain: "
screen >/dev/null
# the title bar names the open preset (first when the bar is too narrow for all)
head -1 "$TMPD/screen" | grep -Eq "(dmx|\|)  bbg-" || fail "n left the bbg paper"
keys q
wait_for "EXITED 0"
echo "resize and presets: ok"
