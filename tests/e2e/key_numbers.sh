#!/bin/sh
# Key numbers drawn at lines (a plot whose legend is a numbered key) never sit
# against other text: at 80x24 glp-prop3's triangle showed q°'s "2" and q†'s
# "3" side by side, read as "23".
. tests/e2e/lib.inc
need_preset glp-prop3
start 80 24 "$SRC/presets/glp-prop3.yaml"
wait_for "BBM triangle"
wait_idle
grep -q "1 q̄ triangle" "$TMPD/screen" || fail "no numbered key at 80x24"
# inside the plot (between the y axis and the pane's edge) no two digits touch
perl -CSD -Mutf8 -ne 'my @p = split /││/; next unless @p > 1;
    next unless $p[1] =~ /^[^│┤]*[│┤](.*)/; my $in = $1;
    if ($in =~ /(?<![0-9.])[0-9][0-9](?![0-9.])/) { print; $bad = 1 }
    END { exit($bad ? 1 : 0) }' "$TMPD/screen" || fail "two key numbers touch"
keys q
wait_for "EXITED 0"
echo "key numbers: ok"
