#!/bin/sh
# bench_keys.sh -- keypress -> redrawn frame latency of the explorer, median
# and p99, for every shipped preset at 200x60 (dmx --bench-keys inside a
# detached tmux).  Usage: bench/bench_keys.sh [BUILD_DIR]   (default build)
# Prints one line per preset and statistic: "keys_<preset>_p99: 1.234 ms".
B=${1:-build}
DMX=$(pwd)/$B/dmx
[ -x "$DMX" ] || { echo "bench_keys: no $DMX (run make)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "bench_keys: tmux not installed" >&2; exit 1; }
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/dmxbench.XXXXXX")
T="tmux -L dmxbench$$ -f /dev/null"
trap '$T kill-server >/dev/null 2>&1; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/dmxbench$$"; rm -rf "$TMPD"' EXIT
# every slider: five steps up and down, ten-step jumps, then the next slider
{
    i=0
    while [ $i -lt 12 ]; do
        echo "Right 5"; echo "Left 5"; echo "L"; echo "H"; echo "Down"
        i=$((i + 1))
    done
    echo "Up 12"; echo "Tab"; echo "Tab"; echo "BTab"; echo "BTab"
} >"$TMPD/keys"
for f in presets/${BENCH_PRESETS:-*}.yaml; do   # BENCH_PRESETS=glp-* to run a subset
    [ -f "$f" ] || continue
    name=$(basename "$f" .yaml)
    rm -f "$TMPD/out"
    $T new-session -d -s "b$name" -x 200 -y 60 \
        "env LANG=C.UTF-8 TERM=xterm-256color '$DMX' --bench-keys '$TMPD/keys' '$(pwd)/$f' 2>'$TMPD/out'; touch '$TMPD/done.$name'"
    i=0
    while [ ! -f "$TMPD/done.$name" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
    line=$(grep '^bench-keys:' "$TMPD/out")
    if [ -z "$line" ]; then
        echo "keys_$name: failed ($(head -c 200 "$TMPD/out"))"
        continue
    fi
    med=$(echo "$line" | sed -n 's/.*frame median \([0-9.]*\) ms.*/\1/p')
    p99=$(echo "$line" | sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p')
    cmp=$(echo "$line" | sed -n 's/.*compute median \([0-9.]*\) ms.*/\1/p')
    echo "keys_${name}_median: $med ms"
    echo "keys_${name}_p99: $p99 ms"
    echo "keys_${name}_compute_median: $cmp ms"
done
