#!/bin/sh
# bench_keys.sh -- keypress -> first redrawn frame latency of the explorer
# (median and p99), the compute median of the first-pass results, the median
# time to draw and refresh a frame, and the time
# from the last key until the refined (full) result arrives, for every shipped
# preset at 200x60 and 80x24 (dmx --bench-keys inside a detached tmux).
# Usage: bench/bench_keys.sh [BUILD_DIR]   (default build)
#   BENCH_PRESETS=glp-*      a subset (a shell pattern of preset names)
#   BENCH_SIZES="200x60"     the terminal sizes (default "200x60 80x24")
# Prints one line per preset, size and statistic:
#   "keys_<preset>_<size>_p99: 1.234 ms", and the three slowest frames with
#   their compute and draw times.  Nothing is asserted.
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
    echo "Right"; echo "Left"   # the last key changes a value (back, or down from a maximum): its refinement is timed
} >"$TMPD/keys"
field() {   # LINE REGEX-BEFORE-NUMBER
    echo "$1" | sed -n "s/.*$2 \\(-\\{0,1\\}[0-9.]*\\) ms.*/\\1/p"
}
for f in presets/${BENCH_PRESETS:-*}.yaml; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .yaml)
    for size in ${BENCH_SIZES:-200x60 80x24}; do
        w=${size%x*} h=${size#*x}
        rm -f "$TMPD/out" "$TMPD/done"
        $T new-session -d -s "b$name$size" -x "$w" -y "$h" \
            "env LANG=C.UTF-8 TERM=xterm-256color '$DMX' --bench-keys '$TMPD/keys' '$(pwd)/$f' 2>'$TMPD/out'; touch '$TMPD/done'"
        i=0
        while [ ! -f "$TMPD/done" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
        line=$(grep '^bench-keys:' "$TMPD/out")
        if [ -z "$line" ]; then
            echo "keys_${name}_$size: failed ($(head -c 200 "$TMPD/out"))"
            continue
        fi
        echo "keys_${name}_${size}_median: $(field "$line" "frame median") ms"
        echo "keys_${name}_${size}_p99: $(field "$line" "p99") ms"
        echo "keys_${name}_${size}_compute_median: $(field "$line" "compute median") ms"
        echo "keys_${name}_${size}_draw_median: $(field "$line" "draw median") ms"
        ref=$(field "$line" "refined")
        case $ref in -*) ref="n/a (the last key computed nothing)" ;; *) ref="$ref ms" ;; esac
        echo "keys_${name}_${size}_refined_after_last_key: $ref"
        echo "keys_${name}_${size}_slowest:$(sed -n 's/^bench-keys-slowest://p' "$TMPD/out")"
    done
done
