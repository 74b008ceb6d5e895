#!/bin/sh
# Runs every benchmark program (build/bench/*) and the explorer key benchmark.
# Usage: bench/run.sh BUILD_DIR.  Numbers go to stdout; nothing is asserted.
B=${1:-build}
for b in "$B"/bench/*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" || echo "(benchmark $(basename "$b") failed)"
done
for s in bench/*.sh; do
  [ -f "$s" ] && [ "$s" != bench/run.sh ] || continue
  echo "== $s"
  DMX="$B/dmx" sh "$s" "$B" || echo "($s failed)"
done
