#!/bin/sh
# Every number the ranges admit computes or is refused (issue 12): each numeric
# parameter and each element of every shipped preset is set through --set to
# +-1e308, 1.7e308, 1e-308, 4.9e-324, 0, -0, +-1e15, and `dmx eval` must exit 0
# or 65 within 5 s -- never 70 (internal error), never a signal or a hang.
# Parameters are found generically from `dmx eval P --format json` ("params").
# Not in `make test` (4,400 evals take minutes): .ci/run runs it; also
# DMX_EXTREME=1 tests/run.sh,
# or   DMX=build/dmx sh tests/e2e/extreme_values.sh [PRESET...]
# EXTREME_JOBS (default 2) runs that many evals at once; EXTREME_VALUES
# overrides the value list.
set -u
DMX=${DMX:-build/dmx}
JOBS=${EXTREME_JOBS:-2}
VALUES=${EXTREME_VALUES:-"1e308 -1e308 1.7e308 1e-308 4.9e-324 0 -0 1e15 -1e15"}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/xdg" DMX_PRESETS="$T/none"
if [ $# -gt 0 ]; then presets="$*"
else presets=$(for f in "$(dirname "$0")"/../../presets/*.yaml; do basename "$f" .yaml; done); fi
[ -n "$presets" ] || { echo "extreme values: no presets found"; exit 1; }

# slots PRESET: one settable element name per line (gamma_u, mass[1],
# cov[0][1], communities[1].value), from the JSON "params" object.
slots() {
  "$DMX" eval "$1" --format json 2>/dev/null | awk '
    /^  "params": \{/ { on = 1; next }
    on && /^  \}/ { exit }
    on {
      line = $0; sub(/^ *"/, "", line); key = line; sub(/".*/, "", key)
      val = line; sub(/^[^:]*: /, "", val); sub(/,$/, "", val)
      if (val ~ /^-?[0-9]/) { print key; next }
      if (val ~ /^\[\[/) {            # matrix: rows of numbers
        r = 0; s = val; gsub(/^\[\[|\]\]$/, "", s); n = split(s, rows, /\], \[/)
        for (r = 1; r <= n; r++) { m = split(rows[r], c, /, /); for (j = 1; j <= m; j++) printf "%s[%d][%d]\n", key, r - 1, j - 1 }
        next
      }
      if (val ~ /^\[\{/) {            # records
        s = val; gsub(/^\[\{|\}\]$/, "", s); n = split(s, recs, /\}, \{/)
        for (r = 1; r <= n; r++) {
          m = split(recs[r], f, /, /)
          for (j = 1; j <= m; j++) { fk = f[j]; sub(/^"/, "", fk); fv = fk; sub(/".*/, "", fk); sub(/^[^:]*: /, "", fv)
            if (fv ~ /^-?[0-9]/) printf "%s[%d].%s\n", key, r - 1, fk }
        }
        next
      }
      if (val ~ /^\[/) {              # list of numbers
        s = val; gsub(/^\[|\]$/, "", s); if (s == "") next
        n = split(s, c, /, /); for (j = 1; j <= n; j++) printf "%s[%d]\n", key, j - 1
      }
    }'
}

: >"$T/cases"
for p in $presets; do
  slots "$p" >"$T/slots" || true
  [ -s "$T/slots" ] || { echo "extreme values: no numeric parameters found in $p"; echo "$p - - noparams" >>"$T/cases"; continue; }
  while read -r k; do
    for v in $VALUES; do echo "$p $k $v"; done
  done <"$T/slots" >>"$T/cases"
done
total=$(grep -vc ' noparams$' "$T/cases")
echo "extreme values: $total evals over $(echo $presets | wc -w) presets, $JOBS at a time"

# one case per line -> "rc preset key value firstline-of-stderr"
cat >"$T/one.sh" <<'EOS'
p=$1; k=$2; v=$3
[ "$v" = noparams ] && { echo "nop $p - -"; exit 0; }
timeout -s KILL 5 "$DMX" eval "$p" --set "$k=$v" --format json >/dev/null 2>"$ERR.$$"
rc=$?
if [ "$rc" != 0 ] && [ "$rc" != 65 ]; then
  msg=$(head -c 160 "$ERR.$$" | head -1)
  echo "$rc $p $k $v $msg"
fi
rm -f "$ERR.$$"
EOS
export DMX ERR="$T/err"
xargs -P "$JOBS" -L 1 sh "$T/one.sh" <"$T/cases" >"$T/fails"

if [ ! -s "$T/fails" ]; then echo "extreme values: ok ($total evals, each exit 0 or 65 within 5 s)"; exit 0; fi
echo "extreme values: $(wc -l <"$T/fails") of $total evals failed (exit: 70 internal error, 137 killed after 5 s, 134 abort, 139 segfault):"
sort -k2,2 -k3,3 -k1,1n "$T/fails" | awk '{ rc = $1; why = rc == 137 ? "timeout" : rc == 70 ? "internal" : rc == 134 ? "abort" : rc == 139 ? "segv" : rc > 128 ? "signal" : rc == "nop" ? "no params" : "exit"; printf "  FAIL %-24s %-22s %-9s exit %-3s (%s)", $2, $3, $4, rc, why; $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); if ($0 != "") printf "  %s", $0; printf "\n" }'
exit 1
