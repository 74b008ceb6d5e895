#!/bin/sh
# Presets open on their `view:`: a copy of glp-sec4-case2 naming the Lindahl
# prices table opens with it on screen; opening glp-sec4-case2 from the picker
# shows that preset's own view again (nothing kept from before).  Then every shipped
# preset with a `view:` opens with that view's title on screen (the title is
# read back from the explorer's own export of the view, so the test follows
# the models' titles).
. tests/e2e/lib.inc
need_preset glp-sec4-case2
sed -e '/^view:/d' -e 's/^title: .*/title: "view test"\nview: lindahl/' "$SRC/presets/glp-sec4-case2.yaml" \
    >"$TMPD/viewtest.yaml"
start 120 36 "$TMPD/viewtest.yaml"
wait_for "Parameters"
wait_idle
grep -q "Lindahl prices p(a, ω)" "$TMPD/screen" || fail "view: lindahl not shown on opening"
keys p
wait_for "Presets  \("
keys -l "glpsec4case2"
keys Enter
wait_for "glp-sec4-case2: "
wait_idle
grep -q "Lindahl prices p(a, ω)" "$TMPD/screen" && fail "the picker kept the previous view"
keys q
wait_for "EXITED 0"

# every shipped preset that names its view
n=0
for f in "${VIEW_PRESETS:-$SRC/presets}"/*.yaml; do
    v=$(sed -n 's/^view: *"\{0,1\}\([A-Za-z0-9_.-]*\)"\{0,1\} *$/\1/p' "$f")
    [ -n "$v" ] || continue
    p=$(basename "$f" .yaml)
    start 200 60 "$f"
    wait_for "Parameters"
    wait_idle
    cp "$TMPD/screen" "$TMPD/opening"
    grep -q "refining" "$TMPD/opening" && fail "$p: still refining on an idle screen"
    # tables show whole columns only (a cut "1st b" once hid the last economy)
    if [ "$p" = glp-eight ]; then
        grep -q "1st b" "$TMPD/opening" && ! grep -q "1st best" "$TMPD/opening" &&
            fail "$p: the Economies table shows a column cut at the pane's edge"
        grep -q "cols 1-[0-9]* of [0-9]* →" "$TMPD/opening" ||
            fail "$p: no hint that more columns follow"
    fi
    # export each result pane in turn until the named view is found
    found=""
    k=0
    while [ $k -lt 5 ] && [ -z "$found" ]; do
        keys Tab
        keys e
        sleep 0.3
        [ -f "$TMPD/dmx-$p-$v.txt" ] && found="$TMPD/dmx-$p-$v.txt"
        k=$((k + 1))
    done
    [ -n "$found" ] || fail "$p: view '$v' is in no pane"
    title=$(head -n 1 "$found" | cut -c 1-40)
    LC_ALL=C grep -qF -- "$title" "$TMPD/opening" || fail "$p: title '$title' of view '$v' not on the opening screen"
    keys q
    wait_for "EXITED 0"
    n=$((n + 1))
done
echo "preset views: ok ($n shipped presets name their view)"
