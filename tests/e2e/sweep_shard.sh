#!/bin/sh
# dmx sweep --jobs / --shard: the shards' CSV outputs concatenated in order are
# byte-identical to the whole sweep; --jobs 1, 2 and 8 give byte-identical
# output in every format; bad values exit 64 with one line naming the flag; an
# empty shard prints nothing (shard 1: the header); GNU parallel end to end.
# Usage: DMX=build/dmx sh tests/e2e/sweep_shard.sh
set -u
DMX=${DMX:-build/dmx}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/xdg" DMX_PRESETS="$T/none"
fails=0
ok() { printf '  ok   %s\n' "$1"; }
bad() { printf '  FAIL %s\n' "$1"; fails=$((fails+1)); }
same() { if cmp -s "$1" "$2"; then ok "$3"; else bad "$3"; diff "$1" "$2" | head -5; fi; }

P=glp-sec4-case2
# a 2-D categorical map (the Figure 1 case map) and a 1-D numeric sweep whose
# decimal grid would print 0.30000000000000004 with a naive formula
MAP="--x outside=0.05:0.95:23 --y gamma_u=0:2:17 --field competitive.case"
LINE="--x gamma_u=0.1:1.9:19 --field triangle.platform_point[0]"

for name in MAP LINE; do
  eval "args=\$$name"
  # shellcheck disable=SC2086
  "$DMX" sweep $P $args --jobs 1 > "$T/$name.whole" 2>/dev/null || bad "$name whole sweep exits 0"
  lines=$(wc -l < "$T/$name.whole")
  [ "$lines" -gt 10 ] && ok "$name whole sweep has $lines lines" || bad "$name whole sweep has $lines lines"
  for N in 1 2 3 7 64; do
    : > "$T/$name.cat"
    i=1
    while [ $i -le $N ]; do
      # shellcheck disable=SC2086
      "$DMX" sweep $P $args --shard $i/$N --jobs 2 >> "$T/$name.cat" 2>/dev/null || bad "$name shard $i/$N exits 0"
      i=$((i+1))
    done
    same "$T/$name.whole" "$T/$name.cat" "$name: cat of $N shards = whole CSV"
  done
  for fmt in csv json text; do
    for j in 1 2 8; do
      # shellcheck disable=SC2086
      "$DMX" sweep $P $args --format $fmt --jobs $j > "$T/$name.$fmt.$j" 2>&1
    done
    same "$T/$name.$fmt.1" "$T/$name.$fmt.2" "$name $fmt: --jobs 1 = --jobs 2"
    same "$T/$name.$fmt.1" "$T/$name.$fmt.8" "$name $fmt: --jobs 1 = --jobs 8"
  done
done
# the default (online cores) gives the same bytes too
# shellcheck disable=SC2086
"$DMX" sweep $P $MAP > "$T/MAP.default" 2>/dev/null 2>/dev/null
same "$T/MAP.whole" "$T/MAP.default" "default --jobs = --jobs 1"
# one coordinate formula: no binary noise in the printed grid, last point exactly HI
cut -d, -f1 "$T/LINE.whole" > "$T/LINE.x"
if grep -q '0000000\|9999999' "$T/LINE.x"; then bad "grid values print without noise"; grep '0000000\|9999999' "$T/LINE.x" | head -3
else ok "grid values print without noise"; fi
grep -q '^0\.3,' "$T/LINE.whole" && ok "0.3 prints as 0.3" || bad "0.3 prints as 0.3"
tail -1 "$T/LINE.whole" | grep -q '^1\.9,' && ok "last point is HI" || bad "last point is HI"

# empty shards: 2 points in 4 shards -> shards 1 and 3 are empty
: > "$T/tiny.cat"
for i in 1 2 3 4; do
  "$DMX" sweep $P --x gamma_u=0.5:1:2 --field competitive.case --shard $i/4 > "$T/tiny.$i" 2>"$T/tiny.err"
  rc=$?; [ $rc = 0 ] && ok "tiny shard $i/4 exits 0" || bad "tiny shard $i/4 exits $rc"
  cat "$T/tiny.$i" >> "$T/tiny.cat"
done
[ "$(cat "$T/tiny.1")" = "gamma_u,competitive.case" ] && ok "empty shard 1 prints the header only" || bad "empty shard 1 prints the header only"
[ ! -s "$T/tiny.3" ] && ok "empty shard 3 prints nothing" || bad "empty shard 3 prints nothing"
"$DMX" sweep $P --x gamma_u=0.5:1:2 --field competitive.case > "$T/tiny.whole"
same "$T/tiny.whole" "$T/tiny.cat" "tiny: cat of 4 shards (2 empty) = whole"

# bad input: exit 64, exactly one line on stderr naming the flag, nothing on stdout
badflag() {
  flag=$1; shift
  "$DMX" sweep $P --x gamma_u=0.1:0.5:5 --field competitive.case "$@" > "$T/bo" 2> "$T/be"; rc=$?
  n=$(wc -l < "$T/be")
  if [ $rc = 64 ] && [ "$n" = 1 ] && grep -q -- "$flag" "$T/be" && [ ! -s "$T/bo" ]; then ok "$* -> 64, one line naming $flag"
  else bad "$*: exit $rc, $n stderr line(s)"; head -3 "$T/be"; fi
}
badflag --jobs --jobs 0
badflag --jobs --jobs -1
badflag --jobs --jobs -3
badflag --jobs --jobs abc
badflag --jobs --jobs 2.5
badflag --jobs --jobs=
badflag --shard --shard 3/2
badflag --shard --shard 0/0
badflag --shard --shard a/b
badflag --shard --shard 0/3
badflag --shard --shard 2
badflag --shard --shard 1/2/3
badflag --shard --shard -1/2
badflag --shard --shard 1/2 --format json
badflag --shard --shard 1/2 --format text

# GNU parallel, as the README shows it
if command -v parallel >/dev/null 2>&1 && parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  # shellcheck disable=SC2086
  parallel --will-cite -j 2 "$DMX sweep $P $MAP --jobs 1 --shard {}/4 > $T/par.{}.csv 2>/dev/null" ::: 1 2 3 4
  cat "$T/par.1.csv" "$T/par.2.csv" "$T/par.3.csv" "$T/par.4.csv" > "$T/par.csv"
  same "$T/MAP.whole" "$T/par.csv" "GNU parallel: 4 shards merged with cat = whole"
  # shellcheck disable=SC2086
  parallel --will-cite -k -j 2 "$DMX sweep $P $MAP --jobs 1 --shard {}/3 2>/dev/null" ::: 1 2 3 > "$T/park.csv"
  same "$T/MAP.whole" "$T/park.csv" "GNU parallel -k: 3 shards in order = whole"
else
  echo "  skip GNU parallel test: GNU parallel is not installed (apt-get install parallel)"
fi

echo "sweep_shard: $fails failure(s)"
[ "$fails" = 0 ]
