#!/bin/sh
# Re-records tests/data/golden/*.json from the current build.  Run only when an
# output change is intended, and say why in the commit message.
# Usage: sh tests/data/golden/update.sh [BUILD_DIR]
B=${1:-build}
D=$(dirname "$0")
for f in presets/*.yaml; do
  n=$(basename "$f" .yaml)
  "$B/dmx" eval "$n" --format json | sh "$D/normalize.sh" > "$D/$n.json" || echo "failed: $n" >&2
done
