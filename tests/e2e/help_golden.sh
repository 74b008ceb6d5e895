#!/bin/sh
# The help overlay (F1, --ascii --no-color, 100x40) lists every key exactly as
# the golden tests/data/help-keys.txt (update it when the key table changes);
# any other key closes it.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 100 40 --ascii --no-color
wait_for "Parameters"
keys F1
wait_for "Dialogs: type to filter"
# the overlay is 86 columns wide, centred: columns 8..93
cut -c 8-93 "$TMPD/screen" | sed 's/ *$//' | sed -n '/^  Keys/,/Esc cancels/p' | sed 1,2d \
    >"$TMPD/help.txt"
diff -u "$SRC/tests/data/help-keys.txt" "$TMPD/help.txt" || fail "help differs from the golden"
keys x
wait_gone "Dialogs: type to filter"
keys q
wait_for "EXITED 0"
echo "help golden: ok"
