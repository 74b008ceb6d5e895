#!/bin/sh
# `dmx eval --format json` of every shipped preset is byte-identical to the
# recorded output in tests/data/golden (wall-clock figures stripped).  Intended
# output changes re-record with tests/data/golden/update.sh.
DMX=${DMX:-build/dmx}
G=tests/data/golden
fails=0; n=0
for f in presets/*.yaml; do
  p=$(basename "$f" .yaml); n=$((n+1))
  if [ ! -f "$G/$p.json" ]; then echo "  FAIL $p: no golden (run sh $G/update.sh)"; fails=$((fails+1)); continue; fi
  "$DMX" eval "$p" --format json | sh "$G/normalize.sh" > "${TMPDIR:-/tmp}/golden.$$" 2>&1
  if ! cmp -s "${TMPDIR:-/tmp}/golden.$$" "$G/$p.json"; then
    echo "  FAIL $p differs from $G/$p.json:"; diff "$G/$p.json" "${TMPDIR:-/tmp}/golden.$$" | head -8
    fails=$((fails+1))
  fi
done
rm -f "${TMPDIR:-/tmp}/golden.$$"
echo "golden json: $((n-fails))/$n presets identical"
[ $fails = 0 ]
