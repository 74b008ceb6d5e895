#!/bin/sh
# glp with fees that are not types (issue 12): 12 types with masses over four
# orders of magnitude and an outside option per type, 6 to 12 fees, both orders of
# γ_u and γ_π.  These passed `dmx check` but took up to a minute or died with
# exit 70 inside GLPK's branch-and-cut; now W° comes from the triangle reduction
# on effective values (docs/models/glp.md) and each computes well inside the
# explorer's budget.  More fees than max_types are refused up front by `check`
# with the position, and a preset that raises max_types computes.
# Usage: DMX=build/dmx sh tests/e2e/glp_budget.sh
. tests/e2e/cli.inc
EXPECT_TIMEOUT=20

TYPES='[0.5, 0.9, 1.3, 1.7, 2.1, 2.5, 2.9, 3.3, 3.7, 4.1, 4.5, 4.9]'
MASS='[0.001, 0.215443, 0.00464159, 1, 0.0215443, 4.64159, 0.1, 0.00215443, 0.464159, 0.01, 2.15443, 0.0464159]'
OUTSIDE='[0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1, 1.15, 1.3, 1.45, 1.6, 1.75]'
inst() {  # FILE FEES GAMMA_U GAMMA_PI [EXTRA LINE]
  printf 'model: glp\nparams:\n  types: %s\n  fees: %s\n  mass: %s\n  outside: %s\n  gamma_u: %s\n  gamma_pi: %s\n%s' \
    "$TYPES" "$2" "$MASS" "$OUTSIDE" "$3" "$4" "${5:-}" > "$T/$1"
}
F12='[0.45, 0.85, 1.25, 1.65, 2.05, 2.45, 2.85, 3.25, 3.65, 4.05, 4.45, 4.85]'
F6='[0.45, 1.33, 2.21, 3.09, 3.97, 4.85]'
F8='[0.45, 1.08, 1.71, 2.34, 2.96, 3.59, 4.22, 4.85]'
F10='[0.45, 0.939, 1.43, 1.92, 2.41, 2.89, 3.38, 3.87, 4.36, 4.85]'

for fe in F12 F6 F8 F10; do
  eval "fees=\$$fe"
  for g in "0.9 0.3" "0.3 0.9"; do
    set -- $g
    f="$fe-$1-$2.yaml"
    inst "$f" "$fees" "$1" "$2"
    expect 0 "check $f" -- "$DMX" check "$T/$f"
    expect 0 "eval $f" -- "$DMX" eval "$T/$f" --format json
    has out '"constrained_efficient"'
    if [ "$1" = 0.9 ]; then has out '"method": "triangle reduction'
    else has out '"method": "closed form: full disclosure at the effective values'; fi
    has out "effective values"
    if grep -qi 'nan\|inf[^o]' "$T/out"; then bad "$f: json has nan/inf"; else ok "$f: no nan/inf"; fi
  done
done

# the fee budget: 13 fees are refused by check (exit 65, file:line:col, the limit
# and how to raise it); max_types: 13 in the preset raises it
F13='[0.45, 0.85, 1.25, 1.65, 2.05, 2.45, 2.85, 3.25, 3.65, 4.05, 4.45, 4.85, 5.2]'
inst f13.yaml "$F13" 0.3 0.9
expect 65 "check: 13 fees" -- "$DMX" check "$T/f13.yaml"
has err "f13.yaml:4:3: fees lists 13 fees, more than max_types = 12"
has err "max_types"
expect 65 "eval: 13 fees" -- "$DMX" eval "$T/f13.yaml"; empty out
inst f13b.yaml "$F13" 0.3 0.9 '  max_types: 13
'
expect 0 "check: 13 fees with max_types 13" -- "$DMX" check "$T/f13b.yaml"
expect 0 "eval: 13 fees with max_types 13" -- "$DMX" eval "$T/f13b.yaml" --format json
has out '"constrained_efficient"'
# ... and so does --set max_types=13 on the command line, as the refusal suggests: the
# --set values are applied before the file is validated
expect 0 "eval: 13 fees with --set max_types=13" -- "$DMX" eval "$T/f13.yaml" \
    --set max_types=13 --format json
has out '"constrained_efficient"'
expect 0 "sweep: 13 fees with --set max_types=13" -- "$DMX" sweep "$T/f13.yaml" \
    --set max_types=13 --x gamma_u=0.2:0.4:2 --field constrained_efficient.W
expect 65 "eval: --set max_types=12 still refuses 13 fees" -- "$DMX" eval "$T/f13.yaml" \
    --set max_types=12
has err "f13.yaml:4:3: fees lists 13 fees, more than max_types = 12"

# an LP that cycled on a degenerate vertex for 400,000 pivots (3 s, then exit 65):
# the first attempt is now cut at 20 iterations per row and column and retried scaled
cat >"$T/stall.yaml" <<'EOF'
model: glp
params:
  types: [0.050906880117465206, 0.25960908579035946, 20.185859016055378, 76.378407022549311, 462.57121641523059, 483.13999819518341]
  fees: [0.011741429524345835, 0.02282697084599182, 0.032431138901161595, 0.054511807233562949, 0.056831721727878835, 0.23940249398168459, 0.26168419719706809, 2.4906479166511155, 12.436919492714575, 149.60593198735546]
  mass: [2.4792320143283453e-06, 5.101741627327757e-05, 2.6909980181922294e-06, 0, 1.3140308159636246e-05, 0.049142610602279188]
  outside: [0.040474942628368892, 0.20506182177440599, 18.634286948162622, 60.223410752313981, 203.78521055044084, 281.56598531806253]
  gamma_u: 12.896244893822145
  gamma_pi: 0.0067596376460951225
EOF
expect 0 "eval: a degenerate LP that used to stall computes" -- "$DMX" eval "$T/stall.yaml" \
    --format json
has out '"competitive"'

echo "glp_budget: $fails failure(s)"
[ "$fails" = 0 ]
