#!/bin/sh
# When the terminal cannot be driven (TERM=dumb, unknown TERM, stdout not a
# terminal) dmx prints the `dmx eval` text and a one-line notice on stderr.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
"$DMX" eval glp-sec4-case2 --format text >"$TMPD/eval.txt" 2>/dev/null || fail "dmx eval failed"

TERM=dumb "$DMX" >"$TMPD/out.txt" 2>"$TMPD/err.txt" </dev/null || fail "exit status $? (not a tty)"
cmp -s "$TMPD/out.txt" "$TMPD/eval.txt" || fail "stdout differs from dmx eval"
[ "$(wc -l <"$TMPD/err.txt")" -eq 1 ] || fail "expected one notice line on stderr"

# a real terminal with TERM=dumb or an unknown TERM
for term in dumb no-such-terminal-xyz; do
    $T kill-session -t s >/dev/null 2>&1
    _try=0
    until $T new-session -d -s s -x 150 -y 60 \
        "cd '$TMPD' && env TERM=$term '$DMX' 2>'$TMPD/stderr' >'$TMPD/out.txt'; echo EXITED \$?; sleep 600" 2>/dev/null; do
        _try=$((_try + 1)); [ $_try -ge 20 ] && fail "cannot start tmux"; sleep 0.1
    done
    wait_for "EXITED"
    grep -q "EXITED 0" "$TMPD/screen" || fail "TERM=$term: bad exit status"
done
# inside the pane stdout is a terminal: check the text directly
$T kill-session -t s >/dev/null 2>&1
_try=0
until $T new-session -d -s s -x 150 -y 200 \
    "cd '$TMPD' && env TERM=dumb '$DMX' 2>'$TMPD/stderr'; echo EXITED \$?; sleep 600" 2>/dev/null; do
    _try=$((_try + 1)); [ $_try -ge 20 ] && fail "cannot start tmux"; sleep 0.1
done
wait_for "EXITED 0"
grep -q "TERM=dumb" "$TMPD/stderr" || fail "no notice naming TERM=dumb"
grep -q "^notes" "$TMPD/screen" || fail "the eval text is not on the terminal"
echo "fallback: ok"
