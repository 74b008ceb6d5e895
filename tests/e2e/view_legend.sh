#!/bin/sh
# Plot legends are never cut: at 120x36 and 200x60, for the BBM triangle
# (glp-sec4-case2), the information-gain map of bbg-fig2-gain and Figure 3 of
# ammo-example2, every word of every legend label shows whole inside the
# plot's panel -- or the panel shows a numbered key whose "+N more" counts
# exactly the labels not listed.  The labels come from the plot's SVG export
# (engine/report.c), not from the renderer under test.  Also: axis titles on
# lines of their own, and the export lists what the panel could not.
. tests/e2e/lib.inc
need_preset glp-sec4-case2
need_preset bbg-fig2-gain
need_preset ammo-example2
command -v perl >/dev/null 2>&1 || skip "perl not available"

# panel TITLE: the text inside the box whose top border carries TITLE
panel() {
    perl -CSDA -e '
        use utf8;
        my @t = ($ARGV[0] =~ /\X/g);
        my @g = map { chomp; [ /\X/g ] } <STDIN>;
        for my $i (0 .. $#g) {
            my @c = @{$g[$i]};
            K: for my $k (0 .. $#c - $#t) {
                for my $j (0 .. $#t) { next K if $c[$k + $j] ne $t[$j] }
                my ($l, $r) = ($k, $k);
                $l-- while $l > 0 && $c[$l] ne "┌";
                $r++ while $r < $#c && $c[$r] ne "┐";
                next K if $c[$l] ne "┌" || $c[$r] ne "┐";    # not a panel title
                for my $y ($i + 1 .. $#g) {
                    my @d = @{$g[$y]};
                    last if ($d[$l] // "") eq "└";
                    print join("", @d[$l + 1 .. $r - 1]), "\n";
                }
                exit 0;
            }
        }
        exit 1;' "$1" <"$TMPD/screen"
}

# legend labels of the exported SVG (items and categories), one a line
svg_labels() {
    perl -CSD -ne '
        # legend texts: no text-anchor (axis ticks have one), not a lone
        # marker glyph, at the legend column (categories 14 further right)
        # a text is either <text x=".." ...>s</text> or, when wrapped,
        # <text ...><tspan x="..">line</tspan>...</text> (lines joined)
        while (/<text([^>]*)>(.*?)<\/text>/g) {
            my ($a, $in) = ($1, $2);
            my ($x, $s);
            if ($in =~ /<tspan/) {
                ($x) = $in =~ /<tspan x="([0-9.]+)"/;
                $s = join " ", $in =~ /<tspan[^>]*>([^<]*)<\/tspan>/g;
            } else {
                ($x) = $a =~ /x="([0-9.]+)"/;
                $s = $in;
            }
            next unless defined $x;
            push @t, [$x, $s] unless $a =~ /text-anchor/ || length($s) < 2;
        }
        END {
            my $m = 0; $m < $_->[0] and $m = $_->[0] for @t;
            for (@t) {
                next if $_->[0] < $m - 14;
                my $s = $_->[1];
                $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g; $s =~ s/&quot;/"/g; $s =~ s/&amp;/&/g;
                $s =~ s/^(\S) \1: /$1 /;      # "E E: name" -> "E name"
                print "$s\n";
            }
        }' "$1"
}

# check_whole PANELFILE LABELFILE: every label whole, or "+N more" = missing ones
check_whole() {
    perl -CSD -e '
        open my $p, "<:encoding(UTF-8)", $ARGV[0] or die;
        my $text = join " ", <$p>;
        my %w; $w{$_} = 1 for map { s/^[(),:;\[\]]+|[(),:;\[\]]+$//gr } split /\s+/, $text;
        open my $l, "<:encoding(UTF-8)", $ARGV[1] or die;
        my ($n, $missing, @bad) = (0, 0);
        while (my $lab = <$l>) {
            chomp $lab; next unless length $lab; $n++;
            my @miss = grep { length($_) >= 3 && !$w{$_} }
                       map { s/^[(),:;\[\]]+|[(),:;\[\]]+$//gr } split /\s+/, $lab;
            if (@miss) { $missing++; push @bad, "$lab [missing: @miss]" }
        }
        my ($more) = $text =~ /\+(\d+) more/;
        $more //= 0;
        exit 0 if $n > 0 && $missing == $more;
        print "labels $n, not whole $missing, +N more says $more\n", map { "  $_\n" } @bad;
        exit 1;' "$1" "$2"
}

# one_view PRESET W H TITLE: opens PRESET at W x H, focuses the first panel,
# shows the view whose title has TITLE, exports it and checks its legend
one_view() {
    _p=$1 _w=$2 _h=$3 _title=$4
    start "$_w" "$_h" "$_p"
    wait_for "Parameters"
    wait_for "\\[[0-9]+/[0-9]+\\] "
    keys Tab
    # step through the focused panel's views (]) until its export is the
    # view titled TITLE
    _i=0
    while :; do
        rm -f "$TMPD"/dmx-*.svg "$TMPD"/dmx-*.txt
        keys e
        wait_for "exported dmx-$_p-"
        sleep 0.1
        _svg=$(ls "$TMPD"/dmx-"$_p"-*.svg 2>/dev/null | head -1)
        [ -n "$_svg" ] && grep -qF -- "$_title" "$_svg" && break
        _i=$((_i + 1))
        [ $_i -gt 12 ] && fail "$_p: no view titled $_title in the first panel"
        keys "]"
        sleep 0.2
    done
    _txt=${_svg%.svg}.txt
    svg_labels "$_svg" >"$TMPD/labels"
    [ -s "$TMPD/labels" ] || fail "$_p: no legend labels in $_svg"
    screen >/dev/null
    panel "$_title" >"$TMPD/panel" || fail "$_p ${_w}x$_h: no panel titled $_title"
    check_whole "$TMPD/panel" "$TMPD/labels" >"$TMPD/why" ||
        fail "$_p ${_w}x$_h: legend cut: $(cat "$TMPD/why")"
    # axis titles: the y title alone on the panel's first line
    _yl=$(head -1 "$TMPD/panel" | sed 's/^ *//; s/ *$//')
    [ -n "$_yl" ] || fail "$_p ${_w}x$_h: no y axis title line"
    grep -q "┤" "$TMPD/panel" || fail "$_p ${_w}x$_h: no y axis"
    # the export has no width: every label whole there too
    check_whole "$_txt" "$TMPD/labels" >"$TMPD/why" ||
        fail "$_p export: legend cut: $(cat "$TMPD/why")"
    grep -q "+[0-9]* more" "$_txt" && fail "$_p export: a numbered key left labels out"
    keys q
    wait_for "EXITED 0"
}

for size in "120 36" "200 60"; do
    set -- $size
    one_view glp-sec4-case2 "$1" "$2" "BBM triangle"
    # the x title is on its own line (not beside the y title)
    grep -q "merchant profit s_π  *→" "$TMPD/screen" && fail "axis titles share a line"
    one_view bbg-fig2-gain "$1" "$2" "gain G(α, β)"
    one_view ammo-example2 "$1" "$2" "Figure 3: sign"
done
echo "view legend: ok"
