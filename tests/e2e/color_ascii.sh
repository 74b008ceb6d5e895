#!/bin/sh
# NO_COLOR / --no-color give no colour escapes (bold/reverse only); colours
# are used otherwise; a non-UTF-8 locale or --ascii gives pure ASCII output.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
ESC=$(printf '\033')
# colour SGR parameters: 30-38, 40-48, 90-97, 100-107 (39/49 = default are fine)
has_colour() {
    grep -o "$ESC\[[0-9;]*m" "$1" | tr -d "$ESC[m" | tr ';' '\n' |
        grep -Eq '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'
}
capture_e() {
    $T capture-pane -e -p -t s >"$TMPD/screen.e"
}

start 120 40
wait_for "Parameters"
capture_e
has_colour "$TMPD/screen.e" || fail "no colours in the default look (the check below would be void)"
# a change highlights the table cells that moved (yellow background) briefly
select_param "γ_u"
keys H
sleep 0.2
capture_e
grep -q "$ESC\[[0-9;]*48;5;220" "$TMPD/screen.e" || fail "changed values are not highlighted"
sleep 2
capture_e
grep -q "$ESC\[[0-9;]*48;5;220" "$TMPD/screen.e" && fail "the highlight does not fade"
keys q
wait_for "EXITED 0"

ENVV="NO_COLOR=1" start 120 40
wait_for "Parameters"
keys Right
sleep 0.3
capture_e
has_colour "$TMPD/screen.e" && fail "NO_COLOR output has colour escapes"
keys q
wait_for "EXITED 0"

start 120 40 --no-color
wait_for "Parameters"
capture_e
has_colour "$TMPD/screen.e" && fail "--no-color output has colour escapes"
keys q
wait_for "EXITED 0"

HI=$(printf '[\200-\377]')
ENVV="LANG=C LC_ALL=C" start 120 40
wait_for "Parameters"
screen >/dev/null
LC_ALL=C grep -q "$HI" "$TMPD/screen" && fail "non-UTF-8 locale: non-ASCII bytes on screen"
grep -q "g_u" "$TMPD/screen" || fail "ASCII mode does not transliterate γ_u"
keys q
wait_for "EXITED 0"

start 120 40 --ascii
wait_for "Parameters"
screen >/dev/null
LC_ALL=C grep -q "$HI" "$TMPD/screen" && fail "--ascii: non-ASCII bytes on screen"
keys q
wait_for "EXITED 0"
echo "colour/ascii: ok"
