#!/bin/sh
# bench_mem.sh -- peak memory (maximum resident set) and wall time of `dmx eval`
# on the largest inputs each model accepts at its default budget: every list at
# the most elements validation allows, the finest grids, the largest
# populations, and a preset of nearly DMX_PRESET_MAX_BYTES (1 MiB).  Each input
# is first passed through `dmx check`; an input that check refuses is reported
# as refused (that is the budget working) and not evaluated.
# Usage: bench/bench_mem.sh [BUILD_DIR]    (needs GNU time as /usr/bin/time)
# Prints "mem_<case>: <KiB> KiB peak, <s> s wall, exit <code>".  Nothing is asserted.
B=${1:-build}
DMX=$B/dmx
[ -x "$DMX" ] || { echo "bench_mem: no $DMX (run make)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_mem: needs GNU time (/usr/bin/time)" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/dmxmem.XXXXXX")
trap '[ -n "$KEEP" ] && cp "$T"/*.yaml "$KEEP"/; rm -rf "$T"' EXIT

seq_list() {    # N FIRST STEP  ->  "a, b, c" (N numbers)
    awk -v n="$1" -v a="$2" -v d="$3" 'BEGIN { for (i = 0; i < n; i++)
        printf "%s%.6g", (i ? ", " : ""), a + d * i }'
}
mass_list() {   # N -> masses over four orders of magnitude
    awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
        printf "%s%.6g", (i ? ", " : ""), 10 ^ (-3 + 4 * ((i * 7) % n) / n) }'
}

# --- glp: max_types (12) types and fees, both sides of γ_u = γ_π ---
cat >"$T/glp-max-search.yaml" <<EOF
model: glp
params:
  types: [$(seq_list 12 0.5 0.4)]
  fees: [$(seq_list 12 0.45 0.4)]
  mass: [$(mass_list 12)]
  outside: [$(seq_list 12 0.1 0.15)]
  gamma_u: 0.9
  gamma_pi: 0.3
EOF
sed 's/gamma_u: 0.9/gamma_u: 0.3/; s/gamma_pi: 0.3/gamma_pi: 0.9/' "$T/glp-max-search.yaml" \
    >"$T/glp-max-prop3.yaml"

# --- ammo: the largest population, the largest exact component, the finest maps ---
ammo_factor() {    # N -> an ammo preset of N users from the factor generator
    printf 'model: ammo\nparams:\n  generator: factor\n  n: %d\n  factors: 50\n  rho: 0.6\n  seed: 3\n  values: [0.3, 0.9, 1.7, 2.5]\n  figure: none\n' "$1"
}
lo=1 hi=400     # the largest population the default budget accepts, by bisection on check
while [ $lo -lt $hi ]; do
    mid=$(((lo + hi + 1) / 2))
    ammo_factor $mid >"$T/probe.yaml"
    if "$DMX" check "$T/probe.yaml" >/dev/null 2>&1; then lo=$mid; else hi=$((mid - 1)); fi
done
rm -f "$T/probe.yaml"
ammo_factor $lo >"$T/ammo-factor-n$lo.yaml"
cat >"$T/ammo-exact-default.yaml" <<EOF
model: ammo
params:
  generator: factor
  n: 26
  factors: 26
  rho: 0.5
  seed: 11
  values: [0.2, 0.7, 1.3, 2.1, 0.4, 1.1]
  figure: none
EOF
cat >"$T/ammo-example2-grid1000.yaml" <<EOF
model: ammo
params:
  communities:
    - {size: 10, variance: 1, within: 0.05, value: 0.9}
    - {size: 10, variance: 1, within: 0.05, value: 2.0}
  across: 0.1
  figure: example2
  vmax: 10
  grid: 1000
EOF
cat >"$T/ammo-communities4x30.yaml" <<EOF
model: ammo
params:
  communities:
$(i=0; while [ $i -lt 4 ]; do
    echo "    - {size: 30, variance: 1.$i, within: 0.0$((i + 1)), value: 0.$((i * 2 + 3))}"; i=$((i + 1)); done)
  across: 0.001
  figure: none
EOF
cat >"$T/ammo-price-grid.yaml" <<EOF
model: ammo
params:
  cov: [[1, 0.5, 0.2, 0.1], [0.5, 1, 0.3, 0.2], [0.2, 0.3, 1, 0.4], [0.1, 0.2, 0.4, 1]]
  values: [0.6, 0.9, 0.4, 1.2]
  join_c0: 6
  join_c1: 0.1
  price_grid: 5
  figure: none
EOF
# K covariance matrices (n = 16) stacked: the most rows allowed (256)
awk 'BEGIN {
    n = 16; K = 16
    print "model: ammo"; print "params:"
    printf "  n: %d\n  values: [0.5]\n  figure: none\n  mixture_probs: [", n
    for (k = 0; k < K; k++) printf "%s%.8g", (k ? ", " : ""), 1 / K
    print "]"; print "  mixture_covs:"
    for (k = 0; k < K; k++) for (i = 0; i < n; i++) {
        printf "    - ["
        for (j = 0; j < n; j++) printf "%s%.4f", (j ? ", " : ""), (i == j ? 1 : (0.1 + 0.3 * k / K) ^ (i > j ? i - j : j - i))
        print "]"
    }
}' >"$T/ammo-mixture-k16-n16.yaml"
cat >"$T/ammo-unknown-n12.yaml" <<EOF
model: ammo
params:
  generator: factor
  n: 12
  factors: 3
  rho: 0.6
  seed: 5
  values: [0.3, 0.8, 1.6, 2.2]
  vdist: uniform
  vdist_param: 3
  figure: none
EOF

# --- bbg: the largest markets, every extension on ---
cat >"$T/bbg-max.yaml" <<EOF
model: bbg
params:
  N: 10000000
  N2: 10000000
  alpha: 0.4
  beta: 0.6
  sigma_w2: 1
  sigma_e2: 2
  gamma: 1.41
  alpha_t: 0.5
  sigma_t2: 1
EOF

# --- a preset of nearly 1 MiB (a shipped preset and a long comment) per model ---
for src in presets/glp-eight.yaml presets/ammo-general.yaml presets/bbg-theorem1.yaml; do
    m=$(basename "$src" .yaml)
    { cat "$src"; printf '# '; head -c 1000000 /dev/zero | tr '\0' 'x'; echo; } >"$T/$m-1mib.yaml"
done

for f in "$T"/*.yaml; do
    name=$(basename "$f" .yaml)
    msg=$("$DMX" check "$f" 2>&1)
    if [ $? -ne 0 ]; then
        echo "mem_$name: refused by check: $(echo "$msg" | head -1 | cut -c1-160)"
        continue
    fi
    /usr/bin/time -f '%M %e' -o "$T/time" timeout 300 "$DMX" eval "$f" >/dev/null 2>"$T/err"
    rc=$?
    set -- $(tail -1 "$T/time")
    echo "mem_$name: $1 KiB peak, $2 s wall, exit $rc$( [ $rc -ne 0 ] && echo " ($(head -1 "$T/err" | cut -c1-120))")"
done
