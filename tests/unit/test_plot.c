/* Tests of the plot canvas (tui/plot.c), without a terminal: plots are laid
 * out at many sizes and dumped as text (canvas_dump, what `e` exports), then
 * checked: legend labels never cut -- whole on the canvas, or counted by a
 * numbered key's "+N more" and then listed whole in the dump; axis titles on
 * lines of their own; an all-zero window gets the axis 0 .. 1; bar charts
 * are told apart by names or numbers and fill patterns; markers sharing a
 * cell are not drawn as "EC" but noted in the legend; the ramp never uses '@'
 * (the current-point glyph). */
#include "../../tui/util.c"
#include "../../tui/plot.c"
#include "../../tui/theme.c"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* ---- helpers ---- */

/* The dump of v rendered at w x h: the canvas rows, and after them the texts
 * the canvas could not hold.  Caller frees. */
static char *dump(const dmx_view *v, int w, int h, int unicode, int color, const cv_marker *ex,
                  int nex, char **more_part)
{
    canvas cv;
    plot_opts o = {unicode ? CV_BRAILLE : CV_ASCII, unicode, color, 0};
    assert_int_equal(plot_render_opts(&cv, v, w, h, &o, NULL, ex, nex), 0);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    canvas_dump(&cv, f);
    fclose(f);
    /* the canvas part is its first h lines */
    char *p = buf;
    for (int r = 0; r < cv.h && p && *p; r++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    *more_part = p ? p : buf + n;
    canvas_free(&cv);
    return buf;
}

/* 1 when every word of label (ASCII-transliterated when !unicode; a leading
 * "X: " glyph prefix skipped) is a whole whitespace-separated token of text */
static int label_whole(const char *text, const char *label, int unicode)
{
    char lab[512], tok[512];
    if (unicode)
        snprintf(lab, sizeof lab, "%s", label);
    else
        dmx_utf8_to_ascii(label, lab, sizeof lab);
    char *save = NULL;
    for (char *w = strtok_r(lab, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (strlen(w) == 2 && w[1] == ':')
            continue;
        int found = 0;
        for (const char *p = text; *p && !found;) {
            while (*p == ' ' || *p == '\n')
                p++;
            size_t k = strcspn(p, " \n");
            if (k < sizeof tok) {
                memcpy(tok, p, k);
                tok[k] = 0;
                found = !strcmp(tok, w);
            }
            p += k;
        }
        if (!found)
            return 0;
    }
    return 1;
}

static int more_count(const char *text)
{
    const char *p = strstr(text, " more");
    while (p && p > text && p[-1] >= '0' && p[-1] <= '9')
        p--;
    if (!p || p == text || p[-1] != '+')
        return 0;
    return atoi(p);
}

static dmx_result *R;

/* The BBM-triangle-like view of glp-sec4-case2: a fill, a line, markers two
 * by two in the same place, long labels. */
static const dmx_view *triangle(void)
{
    dmx_view *v = dmx_add_plot(R, "triangle", "BBM triangle", "consumer surplus s_u",
                               "merchant profit s_π", 0, 1.785, 0, 1.785);
    double tri[6] = {0, 1.4, 0, 1.7, 0.3, 1.4}, line[4] = {0, 1.7, 1.785, 1.7 - 0.9 * 1.785};
    dmx_plot_poly(R, v, DMX_I_POLYGON, "feasible (s_u, s_π) at q̄", 1, tri, 3)->filled = 1;
    dmx_plot_poly(R, v, DMX_I_POLYLINE, "platform iso-payoff line through its optimum", 2, line,
                  2);
    dmx_plot_marker(R, v, "E: expropriation (platform holds q̄)", 3, 'E', 0.3, 1.4);
    dmx_plot_marker(R, v, "M: monopsony / data union (q°)", 4, 'M', 0.73, 0.6);
    dmx_plot_marker(R, v, "L: Lindahl (q†)", 5, 'L', 0.73, 0.6);
    dmx_plot_marker(R, v, "C: competitive equilibrium 1 (high trade)", 6, 'C', 0.3, 1.4);
    return v;
}

static const char *const tri_labels[] = {
    "feasible (s_u, s_π) at q̄", "platform iso-payoff line through its optimum",
    "expropriation (platform holds q̄)", "monopsony / data union (q°)", "Lindahl (q†)",
    "competitive equilibrium 1 (high trade)", "current point"};

static int setup(void **st)
{
    (void)st;
    R = dmx_result_new();
    return R ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    dmx_result_free(R);
    return 0;
}

/* ---- tests ---- */

static void test_legend_never_cut(void **st)
{
    (void)st;
    const dmx_view *v = triangle();
    cv_marker cur = {1.0, 1.0, '@', "current point", 2};
    static const int ws[] = {30, 40, 46, 60, 84, 100, 140, 198};
    static const int hs[] = {8, 10, 12, 16, 24, 36, 58};
    int nlab = (int)(sizeof tri_labels / sizeof tri_labels[0]);
    for (int u = 0; u <= 1; u++)
        for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++)
            for (size_t j = 0; j < sizeof hs / sizeof hs[0]; j++) {
                char *more;
                char *all = dump(v, ws[i], hs[j], u, 1, &cur, 1, &more);
                char save = *more;
                *more = 0;                    /* canvas rows only */
                int cut = 0;
                for (int k = 0; k < nlab; k++)
                    cut += !label_whole(all, tri_labels[k], u);
                int n = more_count(all);
                *more = save;
                if (cut != n)
                    fail_msg("%dx%d %s: %d labels not whole, '+N more' says %d\n%s", ws[i],
                             hs[j], u ? "unicode" : "ascii", cut, n, all);
                /* the dump (export) holds every label whole */
                for (int k = 0; k < nlab; k++)
                    if (!label_whole(all, tri_labels[k], u))
                        fail_msg("%dx%d: export lacks '%s'\n%s", ws[i], hs[j], tri_labels[k],
                                 all);
                free(all);
            }
}

static void test_axis_titles_own_lines(void **st)
{
    (void)st;
    const dmx_view *v = triangle();
    char *more, *all = dump(v, 84, 20, 1, 1, NULL, 0, &more);
    /* y title: alone on the first line */
    assert_true(!strncmp(all, "merchant profit s_π\n", strlen("merchant profit s_π\n")));
    /* x title: a line of its own (blanks before it only), under the tick labels */
    const char *x = strstr(all, "consumer surplus s_u");
    assert_non_null(x);
    const char *bol = x;
    while (bol > all && bol[-1] != '\n')
        bol--;
    for (const char *p = bol; p < x; p++)
        assert_int_equal(*p, ' ');
    assert_true(x[strlen("consumer surplus s_u")] == '\n');
    assert_null(strstr(all, "s_π  →"));
    free(all);
}

static void test_shared_cells(void **st)
{
    (void)st;
    const dmx_view *v = triangle();
    char *more, *all = dump(v, 120, 30, 1, 1, NULL, 0, &more);
    assert_null(strstr(all, "EC"));
    assert_null(strstr(all, "ML"));
    assert_non_null(strstr(all, "(at E)"));
    assert_non_null(strstr(all, "(at M)"));
    free(all);
}

static void test_all_zero_axis(void **st)
{
    (void)st;
    dmx_view *v = dmx_add_plot(R, "zero", "zero", "arrangement", "social surplus", -0.5, 4.5,
                               -1e-9, 1e-9);
    for (int q = 0; q < 3; q++) {
        double xy[8] = {q - 0.35, 0, q + 0.35, 0, q + 0.35, 0, q - 0.35, 0};
        static const char *const nm[3] = {"equilibrium", "first best", "no market"};
        dmx_plot_poly(R, v, DMX_I_POLYGON, nm[q], q + 1, xy, 4)->filled = 1;
    }
    char *more, *all = dump(v, 60, 14, 1, 1, NULL, 0, &more);
    assert_null(strstr(all, "e-09"));
    assert_non_null(strstr(all, "0┤"));
    assert_non_null(strstr(all, "1┤"));
    /* the bars are named under the axis, not numbered 0 2 4 */
    assert_non_null(strstr(all, "equilibrium"));
    assert_non_null(strstr(all, "first best"));
    free(all);
}

static void test_bars_told_apart(void **st)
{
    (void)st;
    dmx_view *v = dmx_add_plot(R, "bars", "bars", "arrangement", "social surplus", -0.5, 4.5,
                               0, 1);
    static const char *const nm[5] = {"equilibrium", "first best", "de-corr. (paper)",
                                      "de-corr. (literal)", "no market"};
    for (int q = 0; q < 5; q++) {
        double h = 0.2 + 0.15 * q;
        double xy[8] = {q - 0.35, 0, q + 0.35, 0, q + 0.35, h, q - 0.35, h};
        dmx_plot_poly(R, v, DMX_I_POLYGON, nm[q], q + 1, xy, 4)->filled = 1;
    }
    /* wide: names (two rows where needed) */
    char *more, *all = dump(v, 100, 24, 1, 1, NULL, 0, &more);
    for (int q = 0; q < 5; q++)
        assert_true(label_whole(all, nm[q], 1));
    free(all);
    /* narrow: numbers under the bars and a numbered legend */
    all = dump(v, 40, 16, 1, 1, NULL, 0, &more);
    assert_non_null(strstr(all, "1 equilibrium"));
    free(all);
    /* without colour: five different fill symbols (ASCII) */
    all = dump(v, 100, 24, 0, 0, NULL, 0, &more);
    int seen = 0;
    for (const char *c = ".='" ":~"; *c; c++)
        seen += strchr(all, *c) != NULL;
    assert_true(seen >= 4);
    free(all);
}

static void test_ramp_not_current_glyph(void **st)
{
    (void)st;
    dmx_view *v = dmx_add_plot(R, "map", "map", "x", "y", 0, 1, 0, 1);
    double cell[16];
    for (int i = 0; i < 16; i++)
        cell[i] = i;
    dmx_plot_grid(R, v, "value", 4, 4, 0, 1, 0, 1, cell, NULL, 0);
    cv_marker cur = {0.5, 0.5, '@', "current", 2};
    char *more, *all = dump(v, 60, 20, 0, 0, &cur, 1, &more);
    int at = 0;
    for (const char *p = all; *p; p++)
        at += *p == '@';
    assert_int_equal(at, 2);                  /* the marker and its legend swatch */
    free(all);
}

static void test_ordered_categories_sequential(void **st)
{
    (void)st;
    dmx_item it = {0};
    const char *lv[4] = {"G < 0.1", "G < 0.2", "G < 0.3", "G ≤ 0.4 (max)"};
    const char *qu[3] = {"SS > 0", "SS = 0", "SS < 0"};
    it.cats = (char **)lv;
    it.ncats = 4;
    assert_true(cats_ordered(&it));
    assert_int_equal(cat_bg(&it, 0), TH_NCAT);
    assert_int_equal(cat_bg(&it, 3), TH_NCAT + TH_NRAMP - 1);
    it.cats = (char **)qu;
    it.ncats = 3;
    assert_false(cats_ordered(&it));
    assert_int_equal(cat_bg(&it, 2), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legend_never_cut),
        cmocka_unit_test(test_axis_titles_own_lines),
        cmocka_unit_test(test_shared_cells),
        cmocka_unit_test(test_all_zero_axis),
        cmocka_unit_test(test_bars_told_apart),
        cmocka_unit_test(test_ramp_not_current_glyph),
        cmocka_unit_test(test_ordered_categories_sequential),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
