#!/bin/sh
# The README's "A tour" section, replayed key by key in tmux: the values the
# README quotes must be on screen.  Asserts values, not layout: the numbers are
# read from the Explanation panel's text (wherever the panel is) and from the
# selected slider's line, and compared numerically (0.7 and 0.70 are equal).
# When this fails, fix README.md ("A tour") or the program, not the test.
. tests/e2e/lib.inc
need_preset glp-sec4-case2

# expl: the Explanation panel's text as one line (box located by its title)
expl() {
    screen >/dev/null
    _l=$(grep -n '┌─ Explanation' "$TMPD/screen" | head -1)
    [ -n "$_l" ] || fail "no Explanation panel on screen"
    _n=${_l%%:*}
    _t=${_l#*:}
    _pre=${_t%%┌─ Explanation*}
    _rest=${_t#"$_pre"}
    _box=${_rest%%┐*}
    _c=$(printf %s "$_pre" | LC_ALL=C.UTF-8 wc -m)
    _w=$(printf %s "$_box" | LC_ALL=C.UTF-8 wc -m)
    sed -n "$((_n + 1)),\$p" "$TMPD/screen" |
        LC_ALL=C.UTF-8 sed -e "s/^.\{$_c\}//" -e "s/^\(.\{$_w\}\).*/\1/" |
        awk '/^└/ { exit } { print }' | sed 's/^│//' | tr '\n' ' ' | tr -s ' '
}

# near A B: A and B agree to 1e-6 (both as printed numbers)
near() {
    awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6) }'
}

# quoted TEXT LABEL VALUE: TEXT has LABEL followed by VALUE (numerically)
quoted() {
    _v=$(printf '%s\n' "$1" | grep -o -- "$2 *-\{0,1\}[0-9][0-9.]*" | head -1 |
         sed "s/^$2 *//")
    [ -n "$_v" ] || fail "README quotes '$2 $3' but the explanation has no '$2 <number>': $1"
    near "$_v" "$3" || fail "README quotes '$2 $3' but the screen shows '$2 $_v'"
}

# slider LABEL VALUE: the selected slider is LABEL and shows VALUE
slider() {
    _s=$(grep "▸ $1 " "$TMPD/screen" | head -1)
    [ -n "$_s" ] || fail "the selected slider is not $1"
    _v=$(printf '%s\n' "$_s" | sed "s/.*▸ $1 *//" | grep -o '^-\{0,1\}[0-9][0-9.]*')
    near "$_v" "$2" || fail "README says $1 = $2, the slider shows '$_v'"
}

# step CASE GAMMA: wait until the explanation names CASE, check the slider
step() {
    wait_for "$1:"
    sleep 0.3
    screen >/dev/null
    slider "γ_u" "$2"
    E=$(expl)
}

start 120 36
wait_for "Case 2: inefficiently high trade"
# "Select γ_u with Down (or j) five times and press H"
keys Down Down Down Down Down
sleep 0.2
keys H
step "Case 3" 0.8
quoted "$E" "consumers get" 0.54
quoted "$E" "W° =" 0.7
quoted "$E" "W† =" 0.7
# "Four more H"
keys H H H H
step "Case 4" 0.4
quoted "$E" "W° =" 0.58
# "One more H"
keys H
step "Case 1" 0.3
quoted "$E" "consumers get" 0.4
quoted "$E" "W° =" 0.55
keys q
wait_for "EXITED 0"
echo "ok: README tour"
