#!/bin/sh
# Every theme starts and renders (selected with DMX_THEME; an unknown name
# is refused), and stays readable on light and dark terminals: the
# F-key numbers carry their own background (they were white on the default
# background, invisible on a light terminal), nothing is drawn white or light
# grey on the default background, and `contrast` (for projectors) uses no dim
# text.  NO_COLOR still gives the attribute-only look.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
command -v perl >/dev/null 2>&1 || skip "perl not available"

capture_e() {
    $T capture-pane -p -e -t s >"$TMPD/ansi" 2>/dev/null
}

# light-on-default: a run whose SGR state has a white / light grey foreground
# (xterm 7, 15, 231, 250-255) and the default background
light_on_default() {
    perl -ne '
        my ($fg, $bg) = (-1, -1);
        while (/\e\[([0-9;]*)m|([^\e]+)/g) {
            if (defined $1) {
                my @p = split /;/, ($1 eq "" ? "0" : $1);
                while (@p) {
                    my $c = shift @p;
                    if ($c == 0) { ($fg, $bg) = (-1, -1) }
                    elsif ($c == 38 && $p[0] == 5) { shift @p; $fg = shift @p }
                    elsif ($c == 48 && $p[0] == 5) { shift @p; $bg = shift @p }
                    elsif ($c >= 30 && $c <= 37) { $fg = $c - 30 }
                    elsif ($c >= 90 && $c <= 97) { $fg = $c - 82 }
                    elsif ($c == 39) { $fg = -1 }
                    elsif ($c >= 40 && $c <= 47) { $bg = $c - 40 }
                    elsif ($c >= 100 && $c <= 107) { $bg = $c - 92 }
                    elsif ($c == 49) { $bg = -1 }
                }
            } else {
                my $txt = $2;
                next unless $txt =~ /\S/ && $bg == -1 &&
                    ($fg == 7 || $fg == 15 || $fg == 231 || ($fg >= 250 && $fg <= 255));
                print "line $.: \"$txt\" in colour $fg on the default background\n";
                exit 1;
            }
        }' "$TMPD/ansi"
}

for th in dark light contrast; do
    ENVV="DMX_THEME=$th" start 120 36 glp-sec4-case2
    wait_for "undo 0"
    wait_for "\\[[0-9]+/[0-9]+\\] "
    capture_e
    grep -q "Parameters" "$TMPD/ansi" || fail "$th: no parameters panel"
    # F1: its SGR run sets a background
    perl -ne '$ok = 1 if /\e\[(?:[0-9;]*;)?(?:48;5;\d+|4[0-7])m(?:\e\[[0-9;]*m)*F1/;
              END { exit($ok ? 0 : 1) }' \
        "$TMPD/ansi" || fail "$th: F-key number F1 has no background of its own"
    light_on_default >"$TMPD/why" || fail "$th: $(cat "$TMPD/why")"
    if [ "$th" = contrast ]; then
        grep -q "$(printf '\033')\[2m" "$TMPD/ansi" && fail "contrast: dim text on screen"
    fi
    keys q
    wait_for "EXITED 0"
    grep -v " ms " "$TMPD/ansi" >"$TMPD/ansi.$th"      # the status line has a timing
done
# the themes differ (the title colour of dark and light)
cmp -s "$TMPD/ansi.dark" "$TMPD/ansi.light" && fail "dark and light render the same"
cmp -s "$TMPD/ansi.dark" "$TMPD/ansi.contrast" && fail "dark and contrast render the same"
ENVV="DMX_THEME=nosuchtheme" start 120 36 glp-sec4-case2
wait_for "EXITED"
grep -q "EXITED 0" "$TMPD/screen" && fail "an unknown theme was accepted"

# NO_COLOR: attributes only, every theme
for th in dark contrast; do
    ENVV="NO_COLOR=1 DMX_THEME=$th" start 120 36 glp-sec4-case2
    wait_for "undo 0"
    capture_e
    grep -q "$(printf '\033')\[[0-9;]*38;5" "$TMPD/ansi" && fail "NO_COLOR ($th): colours on screen"
    keys q
    wait_for "EXITED 0"
done
echo "view themes: ok"
