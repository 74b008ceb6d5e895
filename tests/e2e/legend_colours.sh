#!/bin/sh
# Two lines of one plot never share a colour in the dark theme: style 6 was
# xterm 31 (#0087af), next to style 1's 33 (#0087ff), so ammo-tax's
# "SS(a^E(τ))" curve and its "τ_shut" line (and glp's q̄ and q* triangles)
# looked the same blue.  Style 6 is teal (30) now.
. tests/e2e/lib.inc
need_preset ammo-tax
command -v perl >/dev/null 2>&1 || skip "perl not available"
start 120 36 "$SRC/presets/ammo-tax.yaml"
wait_for "Uniform tax: social surplus vs τ"
wait_idle
$T capture-pane -p -e -t s >"$TMPD/ansi" 2>/dev/null
# the foreground colour of the swatch (the cell before " label") of each entry
cols=$(perl -CSD -Mutf8 -ne '
    my $fg = -1; my @cells;
    while (/\e\[([0-9;]*)m|(\X)/g) {
        if (defined $1) {
            my @p = split /;/, ($1 eq "" ? "0" : $1);
            while (@p) {
                my $c = shift @p;
                if ($c == 0 || $c == 39) { $fg = -1 }
                elsif ($c == 38 && $p[0] == 5) { shift @p; $fg = shift @p }
                elsif ($c >= 30 && $c <= 37) { $fg = $c - 30 }
            }
        } else { push @cells, [$2, $fg] }
    }
    my $s = join "", map { $_->[0] } @cells;
    for my $lab ("SS(a^E(τ))", "τ_shut") {
        my $i = index $s, "━ $lab";
        print "$lab=$cells[$i][1] " if $i >= 0;
    }' "$TMPD/ansi")
echo "$cols" | grep -q "SS(a^E(τ))=" || fail "no SS legend entry: $cols"
echo "$cols" | grep -q "τ_shut=" || fail "no τ_shut legend entry: $cols"
a=$(echo "$cols" | sed 's/.*SS(a^E(τ))=\([^ ]*\).*/\1/')
b=$(echo "$cols" | sed 's/.*τ_shut=\([^ ]*\).*/\1/')
[ "$a" != "$b" ] || fail "SS and τ_shut share colour $a"
[ "$b" = 30 ] || fail "τ_shut is colour $b, not teal 30"
keys q
wait_for "EXITED 0"
echo "legend colours: ok"
