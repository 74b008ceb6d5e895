#!/bin/sh
# --theme dark|light|contrast and DMX_THEME (the flag wins; an unknown name
# exits 64 listing the themes); q and SIGTERM end the explorer within a second
# while the hardest computation runs (the terminal is restored first; the
# compute thread is never waited on for more than 100 ms); the overwrite
# question is shown whole at 80x24 (dialogs wrap and grow).
. tests/e2e/lib.inc
need_preset glp-sec4-case2
for th in dark light contrast; do
    start 80 24 --theme "$th"
    wait_for "Parameters"
    keys q
    wait_for "EXITED 0"
done
start 80 24 --theme sepia
wait_for "EXITED 64"
grep -q "unknown theme 'sepia'.*dark, light, contrast" "$TMPD/stderr" || fail "--theme sepia: no list of themes"
ENVV="DMX_THEME=sepia" start 80 24
wait_for "EXITED 64"
grep -q "DMX_THEME: unknown theme 'sepia'" "$TMPD/stderr" || fail "DMX_THEME=sepia: no message"
ENVV="DMX_THEME=sepia" start 80 24 --theme light     # the flag wins
wait_for "Parameters"
keys q
wait_for "EXITED 0"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# gone PID: waits until the process has exited; prints the milliseconds taken
gone() {
    _t0=$(now_ms)
    _i=0
    while kill -0 "$1" 2>/dev/null && [ $_i -lt 400 ]; do sleep 0.005; _i=$((_i + 1)); done
    kill -0 "$1" 2>/dev/null && fail "process $1 still running after 2 s"
    echo $(( $(now_ms) - _t0 ))
}
# a long solve: ammo-general's exact search over 2^27 sharing profiles, the default
# exact limit (about 5 s on two cores, with the literal mediator); q or SIGTERM
# arrive while it runs
need_preset ammo-general
vals=$(awk 'BEGIN { for (i = 0; i < 27; i++) printf "%s%.1f", i ? ", " : "", 0.3 + 0.1 * i }')
sed -e "0,/^  n: /s/^  n: .*/  n: 27/" -e "0,/^  values: /s/^  values: .*/  values: [$vals]/" -e '/^view:/d' \
    "$SRC/presets/ammo-general.yaml" >"$TMPD/hard.yaml"
awk -v add="  max_exact: 27" '{ print } /^params:/ { print add }' "$TMPD/hard.yaml" >"$TMPD/hard2.yaml"
# ThreadSanitizer sleeps a second at exit while a thread still runs: not ours to time
QENV=""
[ -n "${DMX_TSAN:-}" ] && QENV="TSAN_OPTIONS=$(echo "${TSAN_OPTIONS:-}" | tr ' ' ':'):atexit_sleep_ms=0"
hard_compute() {
    ENVV="$QENV" start 120 36 "$TMPD/hard2.yaml"
    wait_for "computing"
    sleep 0.5
    screen >/dev/null
    state="the engine already answered"
    tail -n 2 "$TMPD/screen" | grep -q "computing" && state="computing"
}
hard_compute
pid=$(cat "$TMPD/pid")
keys q
ms=$(gone "$pid")
[ "$ms" -le 1000 ] || fail "q took $ms ms to end the process"
echo "  q ($state): process gone after $ms ms"
hard_compute
pid=$(cat "$TMPD/pid")
kill -TERM "$pid"
ms=$(gone "$pid")
[ "$ms" -le 1000 ] || fail "SIGTERM took $ms ms to end the process"
echo "  SIGTERM ($state): process gone after $ms ms"

# the overwrite question, whole, at 80x24
start 80 24
wait_for "Parameters"
keys s
wait_for "Save as user preset"
keys Enter
wait_for "saved .*glp-sec4-case2-mine.yaml"
keys s
wait_for "Save as user preset"
keys Enter
wait_for "\(y/n\)"
i=0
until grep -q "/glp-sec4-case2-mine.yaml exists\." "$TMPD/screen" &&
      grep -q "Overwrite?  (y/n)" "$TMPD/screen"; do
    i=$((i + 1))
    [ $i -lt 40 ] || fail "the overwrite question is cut"
    sleep 0.05
    screen >/dev/null
done
keys n
wait_for "not saved"
keys q
wait_for "EXITED 0"
echo "themes and quitting: ok"
