#!/bin/sh
# The batch commands as a user runs them: exit codes, formats, errors.
# Usage: DMX=build/dmx sh tests/e2e/cli.sh
. tests/e2e/cli.inc

expect 0 "--help" -- "$DMX" --help; has out "usage: dmx"
expect 0 "sweep --help" -- "$DMX" sweep --help; has out "--jobs N"
expect 0 "eval -h" -- "$DMX" eval -h; has out "eval PRESET"
expect 0 "--version" -- "$DMX" --version; has out "^dmx [0-9]"
expect 64 "unknown option" -- "$DMX" eval --frobnicate
expect 64 "eval without preset" -- "$DMX" eval
expect 66 "missing preset" -- "$DMX" eval no-such-preset; has err "no preset named 'no-such-preset'"
expect 0 "presets" -- "$DMX" presets; has out "glp-sec4-case2"
expect 0 "models" -- "$DMX" models; has out "^glp"
expect 0 "models glp" -- "$DMX" models glp; has out "gamma_u"

# eval in every format, with --set
expect 0 "eval text" -- "$DMX" eval glp-sec4-case2; has out "Case"
expect 0 "eval json" -- "$DMX" eval glp-sec4-case2 --format json
for f in '"model": "glp"' '"triangle"' '"pi_star"' '"w_star"' '"expropriation"' '"first_best"' \
         '"constrained_efficient"' '"monopsony"' '"data_union"' '"lindahl"' '"prices_unique"' \
         '"competitive"' '"equilibria"' '"zeta"' '"verified"' '"exact"'; do has out "$f"; done
if grep -qi 'nan\|inf[^o]' "$T/out"; then bad "json has nan/inf"; else ok "json has no nan/inf"; fi
expect 0 "eval csv" -- "$DMX" eval glp-sec4-case2 --format csv; has out "^path,value"
expect 0 "--set" -- "$DMX" eval glp-sec4-case2 --set gamma_u=0.2 --set 'mass[0]=0.25' --format json
has out '"gamma_u": 0.2'
expect 64 "--set unknown key" -- "$DMX" eval glp-sec4-case2 --set gamma_uu=1; has err "did you mean 'gamma_u'"; empty out
expect 65 "--set out of range" -- "$DMX" eval glp-sec4-case2 --set gamma_u=-1; has err "gamma_u = -1 is out of range"; empty out
expect 64 "--set not a number" -- "$DMX" eval glp-sec4-case2 --set gamma_u=abc; has err "not a number"
expect 65 "non-increasing types" -- "$DMX" eval glp-sec4-case2 --set types=2,1; has err "types"; empty out
expect 65 "gamma_u = gamma_pi = 0" -- "$DMX" eval glp-sec4-case2 --set gamma_u=0 --set gamma_pi=0; empty out
expect 65 "wrong vector length" -- "$DMX" eval glp-sec4-case2 --set mass=1,2,3; has err "mass"; empty out
expect 64 "bad format" -- "$DMX" eval glp-sec4-case2 --format xml

# check: malformed presets give file:line:col
printf 'model: glp\nparams:\n  gamma_u: -2\n' > "$T/neg.yaml"
expect 65 "check out of range" -- "$DMX" check "$T/neg.yaml"; has err "neg.yaml:3:12: gamma_u = -2 is out of range"
printf 'model: glp\nparams:\n  gama_u: 1\n' > "$T/typo.yaml"
expect 65 "check typo" -- "$DMX" check "$T/typo.yaml"; has err "typo.yaml:3:3: unknown key 'gama_u'.*did you mean 'gamma_u'"
printf 'model: glp\nparams: [1, 2\n' > "$T/syntax.yaml"
expect 65 "check syntax" -- "$DMX" check "$T/syntax.yaml"; has err "syntax.yaml:[0-9]*:[0-9]*: YAML syntax error"
expect 66 "check missing file" -- "$DMX" check "$T/nope.yaml"
expect 0 "check shipped presets" -- sh -c "\"$DMX\" check presets/*.yaml"

# sweep: the Figure 1 case map
expect 0 "sweep 2-D" -- "$DMX" sweep glp-sec4-case2 --x outside=0.05:0.95:19 --y gamma_u=0:2:21 --field competitive.case --format text
has out "Case 1"; has out "Case 2"; has out "Case 3"
expect 0 "sweep csv" -- "$DMX" sweep glp-sec4-case2 --x gamma_u=0.1:1.9:5 --field competitive.case
has out "^gamma_u,competitive.case"
expect 64 "sweep bad axis" -- "$DMX" sweep glp-sec4-case2 --x gamma_u=0:1 --field competitive.case
expect 64 "sweep unknown field" -- "$DMX" sweep glp-sec4-case2 --x gamma_u=0:1:3 --field nothing.here

# batch rough edges (issue 9 item 13)
expect 66 "preset typo" -- "$DMX" eval glp-sec4-cse2; has err "did you mean 'glp-sec4-case2'"; empty out
expect 64 "command typo" -- "$DMX" evl glp-sec4-case2; has err "unknown command 'evl'"; has err "did you mean 'eval'"
expect 64 "unknown command" -- "$DMX" frobnicate glp-sec4-case2; has err "unknown command 'frobnicate'"
expect 0 "check a preset by name" -- "$DMX" check glp-sec4-case2; has out "glp-sec4-case2: ok (model glp"
expect 66 "check a preset name typo" -- "$DMX" check glp-sec4-cse2; has err "did you mean 'glp-sec4-case2'"
expect 64 "models foo" -- "$DMX" models foo; has err "unknown model 'foo'"; has err "^glp "; has err "^ammo "; has err "^bbg "
expect 64 "models typo" -- "$DMX" models glq; has err "did you mean 'glp'"
expect 0 "--help formats" -- "$DMX" --help
has out "eval PRESET .*default format: text"; has out "(default format: csv)"; has out "eval default text, sweep default csv"
expect 64 "field typo" -- "$DMX" sweep glp-sec4-case2 --x gamma_u=0.1:1:3 --field competitive.cas
has err "no field 'competitive.cas'"; has err "did you mean 'competitive.case'"; empty out
expect 0 "grid without binary noise" -- "$DMX" sweep glp-sec4-case2 --x gamma_u=0.1:0.5:5 --field competitive.case
has out "^0.3,"; if grep -q "0000000" "$T/out"; then bad "grid noise"; else ok "no grid noise"; fi
expect 0 "sweep json grid" -- "$DMX" sweep glp-sec4-case2 --x gamma_u=0.1:0.5:5 --field competitive.case --format json
has out "^  \[0.3, "
expect 0 "eval csv" -- "$DMX" eval glp-sec4-case2 --format csv
n=$(grep -c '^model,' "$T/out"); [ "$n" = 1 ] && ok "model line once in eval csv" || bad "model line $n times in eval csv"
expect 0 "eval csv (ammo)" -- "$DMX" eval ammo-example2 --format csv
n=$(grep -c '^model,ammo$' "$T/out"); [ "$n" = 1 ] && ok "model line once in ammo csv" || bad "model line $n times in ammo csv"
expect 0 "sweep legend" -- "$DMX" sweep glp-sec4-case2 --x outside=0.05:0.95:19 --y gamma_u=0.2:2:10 --field competitive.case --format text
has out "^  A = Case 1"; has out "^  D = Case 4"
if grep -q '^  [0-9] = ' "$T/out"; then bad "legend glyphs are digits (clash with case numbers)"; else ok "legend glyphs are letters"; fi
expect 65 "sweep with no value anywhere" -- "$DMX" sweep glp-sec4-case2 --x gamma_u=0:0:2 --field competitive.case
has err "no point has a value"; empty out

# output that cannot be written is an I/O error (74) with a message, never 0 or a crash
if [ -w /dev/full ]; then
  for cmd in "eval glp-sec4-case2" "eval glp-sec4-case2 --format json" "sweep glp-sec4-case2 --x gamma_u=0.1:1:3 --field competitive.case" \
             "presets" "models glp" "check glp-sec4-case2" "--help"; do
    # shellcheck disable=SC2086
    "$DMX" $cmd > /dev/full 2> "$T/err"; rc=$?
    if [ $rc = 74 ] && grep -q "cannot write output" "$T/err"; then ok "dmx $cmd > /dev/full: 74"; else bad "dmx $cmd > /dev/full: exit $rc"; fi
  done
else
  echo "  skip /dev/full checks: no writable /dev/full"
fi
"$DMX" eval glp-sec4-case2 >&- 2> "$T/err"; rc=$?
if [ $rc = 74 ] && grep -q "cannot write output" "$T/err"; then ok "eval with stdout closed: 74"; else bad "eval with stdout closed: exit $rc"; fi
"$DMX" models >&- 2> "$T/err"; rc=$?
[ $rc = 74 ] && ok "models with stdout closed: 74" || bad "models with stdout closed: exit $rc"

echo "cli: $fails failure(s)"
[ "$fails" = 0 ]
