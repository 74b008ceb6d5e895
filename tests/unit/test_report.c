/* Tests of report.c and sweep.c on the toy model: JSON validity, values read
 * back exactly, CSV paths, text without NaN or -0, sweeps. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "toy.h"
#include "json.h"
#include "utf8.h"

static char *render(dmx_format fmt, const dmx_params *p, const dmx_result *r)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    dmx_report(f, fmt, "a \"title\"", p, r);
    fclose(f);
    return buf;
}

static void test_formats(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_params *p = dmx_params_new(&toy_model);
    assert_int_equal(dmx_params_assign(p, "a=0.1", &e), DMX_OK);
    dmx_result *r = dmx_compute(p, NULL, &e);
    assert_non_null(r);
    /* 0.1 * (1+2+3)*0.5 = 0.30000000000000004 in binary: printed so it reads back */
    const dmx_node *sc = dmx_node_get(r->root, "out.score");
    assert_non_null(sc);
    char *js = render(DMX_FMT_JSON, p, r);
    assert_true(json_valid(js));
    char want[64];
    snprintf(want, sizeof want, "\"score\": %.17g", sc->num);
    assert_non_null(strstr(js, want));
    assert_non_null(strstr(js, "\"missing\": null"));
    assert_non_null(strstr(js, "\"nan\": null"));
    assert_non_null(strstr(js, "\"title\": \"a \\\"title\\\"\""));
    assert_non_null(strstr(js, "\"kind\": \"sum\""));
    assert_null(strstr(js, "nan,"));
    free(js);
    char *csv = render(DMX_FMT_CSV, p, r);
    assert_non_null(strstr(csv, "out.wv[2],3\n"));
    assert_non_null(strstr(csv, "out.sign,small\n"));
    free(csv);
    char *txt = render(DMX_FMT_TEXT, p, r);
    assert_non_null(strstr(txt, "Toy table"));
    assert_non_null(strstr(txt, "[Toy]"));
    assert_non_null(strstr(txt, "toy note"));
    assert_null(strstr(txt, "-0 "));
    assert_null(strstr(txt, ": nan"));
    assert_non_null(strstr(txt, "nan: — (undefined)"));
    free(txt);
    assert_non_null(dmx_node_get(r->root, "out.wv[1]"));
    assert_null(dmx_node_get(r->root, "out.wv[3]"));
    assert_null(dmx_node_get(r->root, "out.nope"));
    dmx_result_free(r);
    /* invalid params: NULL result, message, no partial output */
    assert_int_equal(dmx_params_assign(p, "n=100", &e), DMX_OK);
    assert_int_equal(dmx_params_assign(p, "a=9", &e), DMX_OK);
    assert_null(dmx_compute(p, NULL, &e));
    assert_int_equal(e.code, DMX_EDATA);
    dmx_params_free(p);
}

static void test_sweep(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_params *p = dmx_params_new(&toy_model);
    dmx_axis x, y;
    assert_int_equal(dmx_axis_parse(p, "a=0.5:2:4", &x, &e), DMX_OK);
    assert_int_equal(dmx_axis_parse(p, "v=0:1:3", &y, &e), DMX_OK);
    assert_int_equal(y.slot.row, -1);
    dmx_sweep *s = NULL;
    assert_int_equal(dmx_sweep_run(p, &x, &y, "out.score", NULL, &s, &e), DMX_OK);
    assert_false(s->categorical);
    /* score = a * v * (1+2+3) */
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < 4; i++)
            assert_near(s->cell[j * 4 + i], (0.5 + 0.5 * i) * (0.5 * j) * 6, 1e-12);
    dmx_sweep_free(s);
    assert_int_equal(dmx_sweep_run(p, &x, &y, "out.sign", NULL, &s, &e), DMX_OK);
    assert_true(s->categorical);
    assert_int_equal(s->ncats, 2);
    assert_string_equal(s->cats[0], "big"); /* sorted */
    assert_near(s->cell[0], 1, 0);         /* a=0.5, v=0: small */
    assert_near(s->cell[2 * 4 + 3], 0, 0); /* a=2, v=1: big */
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    dmx_report_sweep(f, DMX_FMT_JSON, s);
    fclose(f);
    assert_true(json_valid(buf));
    free(buf);
    /* CSV rows (written in blocks): a label with a comma or a quote is quoted */
    free(s->cats[0]);
    s->cats[0] = strdup("big, \"really\"");
    f = open_memstream(&buf, &n);
    dmx_report_sweep(f, DMX_FMT_CSV, s);
    fclose(f);
    assert_non_null(strstr(buf, "a,v,out.sign\n0.5,0,small\n"));
    assert_non_null(strstr(buf, "\n2,1,\"big, \"\"really\"\"\"\n"));
    free(buf);
    dmx_sweep_free(s);
    /* a field that never exists is a usage error; out-of-range points are NaN */
    assert_int_equal(dmx_sweep_run(p, &x, NULL, "out.nothing", NULL, &s, &e), DMX_EUSAGE);
    assert_int_equal(dmx_axis_parse(p, "a=-1:1:3", &x, &e), DMX_OK);
    assert_int_equal(dmx_sweep_run(p, &x, NULL, "out.score", NULL, &s, &e), DMX_OK);
    assert_int_equal(s->nfail, 2);
    assert_true(isnan(s->cell[0]));
    assert_non_null(strstr(s->first_fail, "out of range"));
    dmx_sweep_free(s);
    assert_int_equal(dmx_axis_parse(p, "a=0:1", &x, &e), DMX_EUSAGE);
    assert_int_equal(dmx_axis_parse(p, "zz=0:1:3", &x, &e), DMX_EUSAGE);
    /* cancellation */
    atomic_int cancel = 1;
    dmx_ctx ctx = {.cancel = &cancel};
    assert_int_equal(dmx_axis_parse(p, "a=0.5:1:3", &x, &e), DMX_OK);
    assert_int_equal(dmx_sweep_run(p, &x, NULL, "out.score", &ctx, &s, &e), DMX_ECANCELED);
    dmx_params_free(p);
}

/* A toy with a fast map path for out.score / out.sign over (a, v): the values
 * must equal the point-by-point ones bit for bit. */
static int toy_map_calls;
static int toy_map(const dmx_params *base, const dmx_axis *x, const dmx_axis *y,
                   const char *field, const dmx_ctx *ctx, double *cell,
                   const char *const **cats, int *ncats, dmx_err *e)
{
    static const char *const signs[] = {"small", "big"};
    (void)ctx;
    (void)e;
    int sign = !strcmp(field, "out.sign");
    if ((!sign && strcmp(field, "out.score")) || strcmp(x->slot.name, "a") || !y ||
        strcmp(y->slot.name, "v") || strcmp(dmx_p_choice(base, "kind"), "sum"))
        return DMX_SWEEP_NOMAP;
    toy_map_calls++;
    const dmx_pval *w = dmx_p(base, "w");
    for (int j = 0; j < y->n; j++)
        for (int i = 0; i < x->n; i++) {
            double a = dmx_axis_at(x, i), v = dmx_axis_at(y, j), s = 0;
            for (int k = 0; k < w->rows; k++)
                s += w->v[k] * v;
            double *c = &cell[j * x->n + i];
            *c = a * dmx_p_num(base, "n") > 200 ? NAN : sign ? (a * s > 1) : a * s;
        }
    *cats = sign ? signs : NULL;
    *ncats = sign ? 2 : 0;
    return DMX_OK;
}

static void test_sweep_map_hook(void **st)
{
    (void)st;
    dmx_model fast = toy_model;
    fast.map = toy_map;
    dmx_err e = {0};
    dmx_params *p = dmx_params_new(&toy_model), *q = dmx_params_new(&fast);
    const char *fields[] = {"out.score", "out.sign"};
    for (int f = 0; f < 2; f++)
        for (int shard = 1; shard <= 3; shard++) {
            dmx_axis x, y;
            assert_int_equal(dmx_axis_parse(p, "a=0.1:2.9:29", &x, &e), DMX_OK);
            assert_int_equal(dmx_axis_parse(p, "v=-1:1:21", &y, &e), DMX_OK);
            dmx_sweep *slow = NULL, *quick = NULL;
            dmx_ctx c2 = {.jobs = 2};
            assert_int_equal(dmx_sweep_run_shard(p, &x, &y, fields[f], &c2, shard, 3, &slow, &e),
                             DMX_OK);
            int before = toy_map_calls;
            assert_int_equal(dmx_sweep_run_shard(q, &x, &y, fields[f], NULL, shard, 3, &quick,
                                                 &e), DMX_OK);
            assert_int_equal(toy_map_calls, before + 1);  /* the hook was used */
            assert_int_equal(slow->k0, quick->k0);
            assert_int_equal(slow->k1, quick->k1);
            assert_int_equal(slow->categorical, quick->categorical);
            assert_int_equal(slow->ncats, quick->ncats);
            for (size_t k = 0; k < slow->k1 - slow->k0; k++)
                assert_memory_equal(&slow->cell[k], &quick->cell[k], sizeof(double));
            for (int c = 0; c < slow->ncats; c++)
                assert_string_equal(slow->cats[c], quick->cats[c]);
            dmx_sweep_free(slow);
            dmx_sweep_free(quick);
        }
    /* not covered (1-D): the generic path */
    dmx_axis x;
    dmx_sweep *s = NULL;
    int before = toy_map_calls;
    assert_int_equal(dmx_axis_parse(q, "a=0.5:1:3", &x, &e), DMX_OK);
    assert_int_equal(dmx_sweep_run(q, &x, NULL, "out.score", NULL, &s, &e), DMX_OK);
    assert_int_equal(toy_map_calls, before);
    assert_near(s->cell[2], 3, 0);
    dmx_sweep_free(s);
    dmx_params_free(p);
    dmx_params_free(q);
}

/* Shards partition the grid; coordinates come from one formula without noise. */
static void test_axis_and_shards(void **st)
{
    (void)st;
    dmx_axis a = {.lo = 0.1, .hi = 0.5, .n = 5};
    assert_true(dmx_axis_at(&a, 2) == 0.3);      /* naive: 0.30000000000000004 */
    assert_true(dmx_axis_at(&a, 4) == 0.5);
    a = (dmx_axis){.lo = -0.3, .hi = 0.3, .n = 3};
    assert_true(dmx_axis_at(&a, 1) == 0 && !signbit(dmx_axis_at(&a, 1)));
    a = (dmx_axis){.lo = 1, .hi = 1 + 1e-10, .n = 4000};   /* steps near 15 digits: kept */
    for (int i = 1; i < a.n; i++)
        assert_true(dmx_axis_at(&a, i) > dmx_axis_at(&a, i - 1));
    assert_true(dmx_axis_at(&a, 1) > 1);
    a = (dmx_axis){.lo = 1e-20, .hi = 3e-20, .n = 3};
    assert_true(dmx_axis_at(&a, 1) == 2e-20);
    for (size_t P = 0; P < 40; P++)
        for (int N = 1; N < 12; N++) {
            size_t prev = 0;
            for (int i = 1; i <= N; i++) {
                size_t k0, k1;
                dmx_shard_range(P, i, N, &k0, &k1);
                assert_true(k0 == prev && k1 >= k0 && k1 - k0 <= P / N + 1);
                prev = k1;
            }
            assert_true(prev == P);
        }
    /* the fast exact formatter prints what dmx_fmt_exact prints */
    unsigned long long r = 88172645463325252ULL;
    for (int i = 0; i < 200000; i++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        double v;
        if (i % 5 == 0) {
            memcpy(&v, &r, sizeof v);          /* any bit pattern */
            if (!isfinite(v))
                continue;
        } else if (i % 5 == 3) {
            /* m / 2^k: exact decimals of up to 40 digits, many ending in 5 where
             * a rounding to p digits is a tie (the fast path's one special case) */
            v = ldexp((double)(r % (1ULL << 40)), -(int)(r % 60)) * (i % 2 ? -1 : 1);
        } else if (i % 5 == 4) {
            v = (double)(long long)(r % 2000000000000ULL) - 1e12;   /* integers */
        } else {
            v = (double)(r % 100000) / (i % 5 == 1 ? 1000.0 : 7.0);
        }
        char b1[40], b2[40];
        assert_string_equal(dmx_fmt_exact(b1, sizeof b1, v), dmx_fmt_exact_fast(b2, sizeof b2, v));
    }
}

/* Reads attribute `name`'s number from an element; 0 when absent. */
static int svg_attr(const char *el, const char *name, double *v)
{
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *at = strstr(el, key);
    if (!at)
        return 0;
    *v = strtod(at + strlen(key), NULL);
    return 1;
}

/* Checks an SVG: every fill-opacity in [0, 1]; every data shape (class "cell"
 * or "shape": rect corners, polygon/polyline points, circle centres) inside the
 * plot frame (class "frame").  Returns the number of data shapes. */
static int svg_check(const char *svg)
{
    double fx = 0, fy = 0, fw = 0, fh = 0, eps = 0.006;
    const char *fr = strstr(svg, "<rect class=\"frame\"");
    assert_non_null(fr);
    assert_true(svg_attr(fr, "x", &fx) && svg_attr(fr, "y", &fy) && svg_attr(fr, "width", &fw) &&
                svg_attr(fr, "height", &fh));
    for (const char *o = strstr(svg, "fill-opacity=\""); o; o = strstr(o + 1, "fill-opacity=\"")) {
        double op = strtod(o + 14, NULL);
        assert_true(op >= 0 && op <= 1);
    }
    int shapes = 0;
    for (const char *el = strchr(svg, '<'); el; el = strchr(el + 1, '<')) {
        const char *end = strchr(el, '>');
        assert_non_null(end);
        char buf[8192];
        size_t n = (size_t)(end - el) < sizeof buf - 1 ? (size_t)(end - el) : sizeof buf - 1;
        memcpy(buf, el, n);
        buf[n] = 0;
        if (!strstr(buf, "class=\"cell\"") && !strstr(buf, "class=\"shape\""))
            continue;
        shapes++;
        double x, y, w, h;
        if (!strncmp(buf, "<rect", 5)) {
            assert_true(svg_attr(buf, "x", &x) && svg_attr(buf, "y", &y) &&
                        svg_attr(buf, "width", &w) && svg_attr(buf, "height", &h));
            assert_true(x >= fx - eps && y >= fy - eps && x + w <= fx + fw + eps &&
                        y + h <= fy + fh + eps && w >= 0 && h >= 0);
        } else if (!strncmp(buf, "<circle", 7)) {
            assert_true(svg_attr(buf, "cx", &x) && svg_attr(buf, "cy", &y));
            assert_true(x >= fx - eps && x <= fx + fw + eps && y >= fy - eps && y <= fy + fh + eps);
        } else {
            const char *pts = strstr(buf, "points=\"");
            assert_non_null(pts);
            char *q = (char *)pts + 8;
            while (*q && *q != '"') {
                x = strtod(q, &q);
                assert_true(*q == ',');
                y = strtod(q + 1, &q);
                assert_true(x >= fx - eps && x <= fx + fw + eps && y >= fy - eps &&
                            y <= fy + fh + eps);
                while (*q == ' ')
                    q++;
            }
        }
    }
    return shapes;
}

static char *svg_of(const dmx_view *v)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    dmx_report_svg(f, v);
    fclose(f);
    return buf;
}

/* Issue 9 item 11: a numeric map with negative values (the negative-surplus
 * region must be visible), shapes that leave the data range, long labels. */
static void test_svg_region_map(void **st)
{
    (void)st;
    dmx_result *r = dmx_result_new();
    dmx_view *v = dmx_add_plot(r, "map", "A numeric map whose title is long enough to need two "
                               "lines in the SVG: nothing may be cut from it at all", "x", "y",
                               0, 1, 0, 1);
    double cell[6 * 5];
    for (int k = 0; k < 30; k++)
        cell[k] = -5.63 + k * 0.25;                      /* -5.63 .. 1.62 */
    cell[7] = NAN;
    dmx_plot_grid(r, v, "social surplus", 6, 5, 0, 1, 0, 1, cell, NULL, 0);
    double tri[] = {-0.5, -0.5, 1.5, 0.2, 0.3, 2.0};     /* beyond every edge */
    dmx_plot_poly(r, v, DMX_I_POLYGON, "a triangle larger than the plot", 1, tri, 3);
    double line[] = {-1, 0.5, 0.5, 0.5, 0.6, 3, 0.7, 0.5, 0.9, 0.9};
    dmx_plot_poly(r, v, DMX_I_POLYLINE, "a curve that leaves the plot and comes back", 2,
                  line, 5);
    dmx_plot_marker(r, v, "current", 3, '*', 0.5, 0.5);
    dmx_plot_marker(r, v, "off the plot", 4, 'O', 2, 2);
    char *svg = svg_of(dmx_result_view(r, "map"));
    int shapes = svg_check(svg);
    assert_true(shapes >= 29 + 1 + 2 + 1);              /* cells, polygon, 2 pieces, marker */
    assert_non_null(strstr(svg, "fill=\"#d62728\""));   /* negative cells drawn (red) */
    assert_non_null(strstr(svg, "nothing may be cut from it at all"));
    assert_non_null(strstr(svg, "a curve that leaves"));
    assert_non_null(strstr(svg, "off the plot"));       /* legend keeps it */
    assert_null(strstr(svg, "nan"));
    free(svg);
    char *txt = NULL;
    size_t tn = 0;
    FILE *tf = open_memstream(&txt, &tn);
    dmx_report_plot_legend(tf, dmx_result_view(r, "map"));
    fclose(tf);
    assert_non_null(strstr(txt, "line a curve that leaves the plot and comes back\n"));
    assert_non_null(strstr(txt, "area a triangle larger than the plot\n"));
    assert_non_null(strstr(txt, "* current at (0.5, 0.5)\n"));
    assert_non_null(strstr(txt, "O off the plot at (2, 2)\n"));
    assert_non_null(strstr(txt, "shaded: social surplus\n"));
    free(txt);
    dmx_result_free(r);
}

/* Every plot view of every shipped preset exports a valid-looking SVG. */
static void test_svg_presets(void **st)
{
    (void)st;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/presets", DMX_SRCDIR);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    int nviews = 0;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".yaml"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        dmx_preset *pr = NULL;
        dmx_err e = {0};
        assert_int_equal(dmx_preset_load(path, &pr, &e), DMX_OK);
        dmx_result *r = dmx_compute(pr->params, NULL, &e);
        assert_non_null(r);
        for (int i = 0; i < r->nviews; i++)
            if (r->views[i].kind == DMX_V_PLOT) {
                char *svg = svg_of(&r->views[i]);
                svg_check(svg);
                free(svg);
                nviews++;
            }
        dmx_result_free(r);
        dmx_preset_free(pr);
    }
    closedir(d);
    assert_true(nviews > 20);
}

/* Table columns line up by display width: a combining mark takes no column. */
static void test_table_width(void **st)
{
    (void)st;
    dmx_result *r = dmx_result_new();
    static const char *const hdr[] = {"", "value"};
    dmx_view *t = dmx_add_table(r, "t", "widths", hdr, 2);
    dmx_add_num(r, dmx_table_row(r, t, "q\xcc\x84 (q-bar)"), NULL, 1.5);  /* q + U+0304 */
    dmx_add_num(r, dmx_table_row(r, t, "qq (plain)"), NULL, 2.5);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    dmx_report_table_text(f, dmx_result_view(r, "t"));
    fclose(f);
    char *l1 = strstr(buf, "q\xcc\x84"), *l2 = strstr(buf, "qq (plain)");
    assert_non_null(l1);
    assert_non_null(l2);
    char *e1 = strchr(l1, '\n'), *e2 = strchr(l2, '\n');
    *e1 = *e2 = 0;
    assert_int_equal(dmx_utf8_width(l1), dmx_utf8_width(l2));   /* 1.5 and 2.5 aligned */
    free(buf);
    dmx_result_free(r);
}

static void test_svg_and_table(void **st)
{
    (void)st;
    dmx_err e = {0};
    dmx_params *p = dmx_params_new(&toy_model);
    dmx_result *r = dmx_compute(p, NULL, &e);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    dmx_report_svg(f, dmx_result_view(r, "plot"));
    fclose(f);
    assert_non_null(strstr(buf, "<svg"));
    assert_non_null(strstr(buf, "<polygon"));
    assert_non_null(strstr(buf, "</svg>"));
    free(buf);
    f = open_memstream(&buf, &n);
    dmx_report_table_text(f, dmx_result_view(r, "t"));
    fclose(f);
    assert_non_null(strstr(buf, "score      3"));
    free(buf);
    dmx_result_free(r);
    dmx_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats), cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_svg_and_table), cmocka_unit_test(test_sweep_map_hook),
        cmocka_unit_test(test_axis_and_shards), cmocka_unit_test(test_svg_region_map),
        cmocka_unit_test(test_svg_presets), cmocka_unit_test(test_table_width),
    };
    return cmocka_run_group_tests_name("report+sweep", tests, NULL, NULL);
}
