#!/bin/sh
# The default screen (sliders, BBM triangle, economies table, case badge), and
# moving γ_u across r̄ and 2r̄ walks Case 1 -> Case 3 -> Case 2 with the same
# numbers as `dmx eval`.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
start 200 60
wait_for "Case 2: inefficiently high trade"
wait_idle
for s in "Parameters" "γ_u" "r̄" "BBM triangle" "Economies" \
         "F1Help" "optimal"; do
    grep -q -- "$s" "$TMPD/screen" || fail "default screen lacks '$s'"
done

check_numbers() {   # gamma_u value, case label
    wait_for "$2"
    wait_idle           # a whole frame of the newest result (never a half-drawn one)
    grep -q "$2" "$TMPD/screen" || fail "the idle screen is not '$2'"
    compare_eval glp-sec4-case2 gamma_u="$1"
    grep -q "$2" "$TMPD/eval.txt" || fail "eval at gamma_u=$1 is not '$2'"
}

select_param "γ_u"
set_param 0.3
check_numbers 0.3 "Case 1: "
grep -q "▸ γ_u  *0.3 " "$TMPD/screen" || fail "slider does not show γ_u = 0.3"
keys L L                    # +20 steps of 0.01: 0.5, between r̄ and 2r̄
wait_for "▸ γ_u  *0.5 "
check_numbers 0.5 "Case 3: "
keys L L L L                # 0.9 > 2r̄
wait_for "▸ γ_u  *0.9 "
check_numbers 0.9 "Case 2: "
keys H H H H H              # back to 0.4 = r̄: the knife edge
wait_for "Case 4"
keys q
wait_for "EXITED 0"
echo "glp cases: ok"
