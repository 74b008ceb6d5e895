#!/bin/sh
# Hostile preset files through the real binary: every one is refused with the
# right exit code and a position (or reason), and none hangs (each command runs
# under `timeout 10` as a hang guard; the figures in the lead's report come from
# timing these by hand).  Usage: DMX=build/dmx sh tests/e2e/hostile_yaml.sh
EXPECT_TIMEOUT=10
. tests/e2e/cli.inc
gen() { awk -v n="$2" -v u="$3" -v h="$4" -v t="$5" 'BEGIN { printf "%s", h; for (i = 0; i < n; i++) printf "%s", u; printf "%s", t }' >"$T/$1"; }

gen flow.yaml 100000 '[' '' ''
expect 65 "100,000 nested [" -- "$DMX" check "$T/flow.yaml"; has err "flow.yaml:1:18: nesting deeper than 16 levels"
gen map.yaml 100000 '{a: ' '' ''
expect 65 "100,000 nested flow mappings" -- "$DMX" eval "$T/map.yaml"; has err "map.yaml:1:69: nesting deeper"
gen block.yaml 400000 '- ' '' 'x'
expect 65 "400,000 nested block sequences" -- "$DMX" check "$T/block.yaml"; has err "block.yaml:1:35: nesting deeper"
gen keys.yaml 80000 '  k: 1\n' 'model: glp\nparams:\n' ''
expect 65 "80,000 keys" -- "$DMX" check "$T/keys.yaml"; has err "keys.yaml:25000:6: document too large"
awk 'BEGIN { printf "model: glp\ntitle: \""; for (i = 0; i < 1048000; i++) printf "a"; printf "\"\n" }' >"$T/long.yaml"
expect 0 "a 1 MiB title is fine" -- "$DMX" check "$T/long.yaml"
awk 'BEGIN { for (i = 0; i < 1048577; i++) printf " " }' >"$T/big.yaml"
expect 65 "over 1 MiB" -- "$DMX" check "$T/big.yaml"; has err "file too large"

printf 'model: glp\n#\n#\n#\n#\n#\nparams:\n  gamma_u: 0.5\377\n' >"$T/utf8.yaml"
expect 65 "invalid UTF-8 on line 8" -- "$DMX" check "$T/utf8.yaml"; has err "utf8.yaml:8:15: invalid UTF-8 (byte 0xff)"
printf 'model: glp\nparams:\n  gamma_u: \0000.5\n' >"$T/nul.yaml"
expect 65 "NUL on line 3" -- "$DMX" eval "$T/nul.yaml"; has err "nul.yaml:3:12: NUL byte"
printf 'model: glp\n---\nmodel: ammo\n' >"$T/docs.yaml"
expect 65 "a second document" -- "$DMX" check "$T/docs.yaml"; has err "docs.yaml:2:1: a second YAML document"

mkdir "$T/dir.yaml"
expect 66 "a directory" -- "$DMX" check "$T/dir.yaml"; has err "is a directory"
expect 66 "eval of a directory" -- "$DMX" eval "$T/dir.yaml"; has err "is a directory"
mkfifo "$T/fifo.yaml"
expect 66 "a FIFO with no writer" -- "$DMX" check "$T/fifo.yaml"; has err "not a regular file"
expect 66 "a character device" -- "$DMX" check /dev/null; has err "not a regular file"

[ "$fails" = 0 ] && echo "hostile yaml: ok" || { echo "hostile yaml: $fails failed"; exit 1; }
