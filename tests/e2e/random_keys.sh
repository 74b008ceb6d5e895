#!/bin/sh
# Thousands of random keys (seeded) through a --keys script: every action,
# dialog, map and export, with no crash (also run under ASan/UBSan by
# `make check-asan`).  The script ends by closing dialogs and quitting.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
N=${DMX_RANDOM_KEYS:-2500}
[ -n "${DMX_ASAN:-}" ] && N=1500
[ -n "${DMX_TSAN:-}" ] && N=600
awk -v n="$N" 'BEGIN {
    srand(20261124)
    split("Up Down Left Right H L PgUp PgDn Home End Tab BTab [ ] ? F1 p F2 s F3 m F4 e F5 c F6 = F7 r F8 u F9 C-r g C-l Esc Enter Space Backspace j k h l 0 1 2 5 . - x a n y", k, " ")
    nk = 0; for (i in k) nk++
    for (i = 0; i < n; i++) print k[int(rand() * nk) + 1]
    print "Esc"; print "Esc"; print "Esc"; print "n"; print "Esc"; print "q"
}' >"$TMPD/keys.txt"
run_keys() {   # PRESET
    rm -f "$TMPD/stderr"
    start 160 50 --keys "$TMPD/keys.txt" "$1"
    # resize now and then while the keys play (layout and dialogs under resize)
    i=0
    while [ $i -lt 600 ]; do
        $T capture-pane -p -t s >"$TMPD/screen" 2>/dev/null
        grep -q "EXITED" "$TMPD/screen" && break
        case $((i % 5)) in
            0) $T resize-window -t s -x 120 -y 40 ;;
            1) $T resize-window -t s -x 200 -y 60 ;;
            2) $T resize-window -t s -x 20 -y 6 ;;
            3) $T resize-window -t s -x 70 -y 18 ;;
            4) $T resize-window -t s -x 160 -y 50 ;;
        esac
        sleep 0.1
        i=$((i + 1))
    done
    wait_for "EXITED" 60
    grep -q "EXITED 0" "$TMPD/screen" || fail "$1: dmx did not exit cleanly"
    [ -s "$TMPD/stderr" ] && fail "$1: stderr is not empty"
    echo "  $1: ok"
}
run_keys glp-sec4-case2
# the other models' presets, when built in: the explorer is generic
for p in ammo-general bbg-fig3-low-noise; do
    "$DMX" eval "$p" >/dev/null 2>&1 && run_keys "$p"
done
echo "random keys ($N): ok"
