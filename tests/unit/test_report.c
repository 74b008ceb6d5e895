/* Tests of report.c and sweep.c on the toy model: JSON validity, values read
 * back exactly, CSV paths, text without NaN or -0, sweeps. */
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"
#include "toy.h"
#include "json.h"

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
        cmocka_unit_test(test_svg_and_table),
    };
    return cmocka_run_group_tests_name("report+sweep", tests, NULL, NULL);
}
