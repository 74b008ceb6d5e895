#!/bin/sh
# bench_keys.sh -- keypress -> first redrawn frame latency of the explorer
# (median and p99), the compute median of the first-pass results, the median
# time to draw and refresh a frame, and the time
# from the last key until the refined (full) result arrives, for every shipped
# preset at 200x60 and 80x24 (dmx --bench-keys inside a detached tmux).
# Usage: bench/bench_keys.sh [BUILD_DIR]   (default build)
#   BENCH_PRESETS=glp-*      a subset (a shell pattern of preset names)
#   BENCH_SIZES="200x60"     the terminal sizes (default "200x60 80x24")
#   BENCH_RUNS=3             runs per preset and size (default 1): the lines
#                            report the run with the median p99, and
#                            "_p99_runs" every run's p99 (this VM's timings
#                            drift by tens of percent within minutes)
#   BENCH_DMX_ARGS=--no-ahead  extra explorer options
#   BENCH_PACE_MS=40         a pause after every key (default 0: each key as
#                            soon as the previous key's frame is out, the
#                            worst case; 40 is a held arrow key at 25/s)
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
PACE=${BENCH_PACE_MS:-0}
key() {   # NAME [COUNT]: COUNT presses, each followed by the pause when pacing
    if [ "$PACE" -gt 0 ]; then
        k=0
        while [ $k -lt "${2:-1}" ]; do echo "$1"; echo "sleep $PACE"; k=$((k + 1)); done
    else
        echo "$1 ${2:-1}"
    fi
}
{
    i=0
    while [ $i -lt 12 ]; do
        key Right 5; key Left 5; key L; key H; key Down
        i=$((i + 1))
    done
    key Up 12; key Tab; key Tab; key BTab; key BTab
    key Right; key Left   # the last key changes a value (back, or down from a maximum): its refinement is timed
} >"$TMPD/keys"
field() {   # LINE REGEX-BEFORE-NUMBER
    echo "$1" | sed -n "s/.*$2 \\(-\\{0,1\\}[0-9.]*\\) ms.*/\\1/p"
}
for f in presets/${BENCH_PRESETS:-*}.yaml; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .yaml)
    for size in ${BENCH_SIZES:-200x60 80x24}; do
        w=${size%x*} h=${size#*x}
        r=0 runs="" : >"$TMPD/lines"
        while [ $r -lt "${BENCH_RUNS:-1}" ]; do
            r=$((r + 1))
            rm -f "$TMPD/out" "$TMPD/done"
            $T new-session -d -s "b$name$size$r" -x "$w" -y "$h" \
                "env LANG=C.UTF-8 TERM=xterm-256color '$DMX' ${BENCH_DMX_ARGS:-} --bench-keys '$TMPD/keys' '$(pwd)/$f' 2>'$TMPD/out'; touch '$TMPD/done'"
            i=0
            while [ ! -f "$TMPD/done" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
            l=$(grep '^bench-keys:' "$TMPD/out") || continue
            p=$(field "$l" "p99")
            runs="$runs $p"
            echo "$p|$l|$(sed -n 's/^bench-keys-slowest://p' "$TMPD/out")" >>"$TMPD/lines"
        done
        n=$(wc -l <"$TMPD/lines")
        if [ "$n" -eq 0 ]; then
            echo "keys_${name}_$size: failed ($(head -c 200 "$TMPD/out"))"
            continue
        fi
        # the run whose p99 is the median of the runs
        pick=$(sort -t'|' -k1,1 -g "$TMPD/lines" | sed -n "$(( (n + 1) / 2 ))p")
        line=$(echo "$pick" | cut -d'|' -f2)
        slowest=$(echo "$pick" | cut -d'|' -f3)
        echo "keys_${name}_${size}_median: $(field "$line" "frame median") ms"
        echo "keys_${name}_${size}_p99: $(field "$line" "p99") ms"
        echo "keys_${name}_${size}_compute_median: $(field "$line" "compute median") ms"
        echo "keys_${name}_${size}_draw_median: $(field "$line" "draw median") ms"
        ref=$(field "$line" "refined")
        case $ref in -*) ref="n/a (the last key computed nothing)" ;; *) ref="$ref ms" ;; esac
        echo "keys_${name}_${size}_refined_after_last_key: $ref"
        echo "keys_${name}_${size}_computed_ahead: $(echo "$line" | sed -n 's/.*computed ahead \([0-9]*\).*/\1/p')"
        echo "keys_${name}_${size}_slowest:$slowest"
        if [ "${BENCH_RUNS:-1}" -gt 1 ]; then
            echo "keys_${name}_${size}_p99_runs:$runs ms"
        fi
    done
done
