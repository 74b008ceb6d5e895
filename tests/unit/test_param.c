/* Tests of param.c: assignment forms, ranges, broadcasting, slots, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include "testutil.h"
#include "toy.h"

static void test_defaults_valid(void **st)
{
    (void)st;
    dmx_params *p = dmx_params_new(&toy_model);
    assert_non_null(p);
    dmx_err e = {0};
    assert_int_equal(dmx_params_validate(p, &e), DMX_OK);
    const dmx_pval *v = dmx_p(p, "v");
    assert_int_equal(v->rows, 3); /* broadcast default repeated to len(w) */
    assert_true(v->uniform);
    assert_double_equal(v->v[2], 0.5, 0);
    assert_string_equal(dmx_p_choice(p, "kind"), "sum");
    dmx_params_free(p);
}

static void test_assign_forms(void **st)
{
    (void)st;
    dmx_params *p = dmx_params_new(&toy_model);
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(p, "a=2.5", &e), DMX_OK);
    assert_double_equal(dmx_p_num(p, "a"), 2.5, 0);
    assert_int_equal(dmx_params_assign(p, "w=4,5", &e), DMX_OK);
    assert_int_equal(dmx_p(p, "w")->rows, 2);
    assert_int_equal(dmx_p(p, "v")->rows, 2); /* uniform follows the new length */
    assert_int_equal(dmx_params_assign(p, "w[1]=7", &e), DMX_OK);
    assert_double_equal(dmx_p(p, "w")->v[1], 7, 0);
    assert_int_equal(dmx_params_assign(p, "m[0][1]=0.5", &e), DMX_OK);
    assert_double_equal(dmx_p(p, "m")->v[2], 0.5, 0); /* symmetric mirror */
    assert_int_equal(dmx_params_assign(p, "groups[1].value=3", &e), DMX_OK);
    assert_double_equal(dmx_p(p, "groups")->v[3], 3, 0);
    assert_int_equal(dmx_params_assign(p, "kind=max", &e), DMX_OK);
    assert_string_equal(dmx_p_choice(p, "kind"), "max");
    assert_int_equal(dmx_params_assign(p, "v = 1", &e), DMX_OK);
    assert_true(dmx_p(p, "v")->uniform);
    assert_int_equal(dmx_params_assign(p, "v[0]=2", &e), DMX_OK);
    assert_false(dmx_p(p, "v")->uniform); /* one element moved */
    assert_int_equal(dmx_params_validate(p, &e), DMX_OK);
    dmx_params_free(p);
}

static void expect_fail(const char *a, int code, const char *needle)
{
    dmx_params *p = dmx_params_new(&toy_model);
    dmx_params *before = dmx_params_dup(p);
    dmx_err e = {0};
    int rc = dmx_params_assign(p, a, &e);
    if (rc != code || !strstr(e.msg, needle))
        fail_msg("'%s': rc %d msg '%s' (wanted %d, '%s')", a, rc, e.msg, code, needle);
    assert_true(dmx_params_equal(p, before)); /* nothing changed */
    dmx_params_free(before);
    dmx_params_free(p);
}

static void test_assign_errors(void **st)
{
    (void)st;
    expect_fail("aa=1", DMX_EUSAGE, "did you mean 'a'");
    expect_fail("a", DMX_EUSAGE, "KEY=VALUE");
    expect_fail("a=x", DMX_EUSAGE, "not a number");
    expect_fail("a=0", DMX_EDATA, "must be in (0, 10]");
    expect_fail("a=11", DMX_EDATA, "out of range");
    expect_fail("a=nan", DMX_EUSAGE, "not a number");
    expect_fail("n=2.5", DMX_EDATA, "whole number");
    expect_fail("w=1,-2", DMX_EDATA, "w[1] = -2 is out of range");
    expect_fail("w[9]=1", DMX_EUSAGE, "index out of range");
    expect_fail("w[x]=1", DMX_EUSAGE, "bad index");
    expect_fail("m[0]=1", DMX_EUSAGE, "two indices");
    expect_fail("groups[0].colour=1", DMX_EUSAGE, "no field 'colour'");
    expect_fail("groups[0].size=0.5", DMX_EDATA, "out of range");
    expect_fail("kind=min", DMX_EDATA, "not one of: sum, max");
}

static void test_validate_rules(void **st)
{
    (void)st;
    dmx_params *p = dmx_params_new(&toy_model);
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(p, "v=1,2", &e), DMX_OK);
    assert_int_equal(dmx_params_validate(p, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "v has 2 entries but w has 3"));
    assert_int_equal(dmx_params_assign(p, "v=1,2,3", &e), DMX_OK);
    assert_int_equal(dmx_params_assign(p, "a=10", &e), DMX_OK);
    assert_int_equal(dmx_params_assign(p, "n=30", &e), DMX_OK);
    assert_int_equal(dmx_params_validate(p, &e), DMX_EDATA); /* model's own rule */
    assert_non_null(strstr(e.msg, "a × n"));
    dmx_params_free(p);
}

static void test_slots(void **st)
{
    (void)st;
    dmx_params *p = dmx_params_new(&toy_model);
    dmx_slot s[64];
    int n = dmx_params_slots(p, s, 64);
    /* a, n, w[0..2], v (uniform), m upper triangle (3), groups 2x2, kind */
    assert_int_equal(n, 1 + 1 + 3 + 1 + 3 + 4 + 1);
    assert_string_equal(s[5].name, "v");
    assert_int_equal(s[5].row, -1);
    dmx_err e = {0};
    assert_int_equal(dmx_slot_set(p, &s[5], 2, &e), DMX_OK);
    for (int i = 0; i < 3; i++)
        assert_double_equal(dmx_p(p, "v")->v[i], 2, 0);
    assert_int_equal(dmx_slot_set(p, &s[0], -1, &e), DMX_EDATA);
    assert_double_equal(dmx_p_num(p, "a"), 1, 0);
    assert_string_equal(s[9].name, "groups[0].size");
    assert_true(s[9].flags & DMX_F_INTEGER);
    assert_true(s[n - 1].flags & DMX_F_CHOICE);
    /* slider range always contains the value */
    for (int i = 0; i < n; i++) {
        double x = dmx_slot_get(p, &s[i]);
        assert_true(s[i].smin <= x && x <= s[i].smax && s[i].step > 0);
    }
    dmx_params_free(p);
}

/* An EXPLICIT parameter is hidden from sliders and saves until it is given. */
static void test_explicit(void **st)
{
    (void)st;
    dmx_params *p = dmx_params_new(&toy_model);
    dmx_slot s[64];
    int n0 = dmx_params_slots(p, s, 64);
    for (int i = 0; i < n0; i++)
        assert_string_not_equal(s[i].name, "extra");
    assert_near(dmx_p_num(p, "extra"), 0.5, 0); /* the default still applies */
    dmx_preset pr = {.params = p};
    char *y = dmx_preset_to_yaml(&pr);
    assert_null(strstr(y, "extra"));
    free(y);
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(p, "extra=0.25", &e), DMX_OK);
    assert_int_equal(dmx_params_slots(p, s, 64), n0 + 1);
    y = dmx_preset_to_yaml(&pr);
    assert_non_null(strstr(y, "  extra: 0.25\n"));
    free(y);
    dmx_params_free(p);
}

static void test_fmt(void **st)
{
    (void)st;
    char b[32];
    assert_string_equal(dmx_fmt_num(b, sizeof b, -0.0, 4), "0");
    assert_string_equal(dmx_fmt_num(b, sizeof b, -1e-17, 4), "0");
    assert_string_equal(dmx_fmt_num(b, sizeof b, NAN, 4), "n/a");
    assert_string_equal(dmx_fmt_num(b, sizeof b, 0.123456, 3), "0.123");
    assert_int_equal(dmx_edit_distance("gamma_u", "gama_u"), 1);
}

/* A model whose code misspells a key: the getters return NaN / empty / NULL
 * (never another parameter's memory) and dmx_compute fails with
 * DMX_EINTERNAL naming the key -- in release builds too (no assert). */
static int bad_compute(const dmx_params *p, dmx_result *r, const dmx_ctx *ctx, dmx_err *e)
{
    double x = dmx_p_num(p, "alpha");   /* misspelt: the model has "a" */
    const dmx_pval *v = dmx_p(p, "wieghts");
    assert_true(isnan(x));
    assert_int_equal(v->set, 0);
    assert_int_equal(v->rows, 0);
    assert_true(isnan(v->v[0]));
    assert_null(dmx_p_choice(p, "kinds"));
    assert_int_equal(dmx_p_is_set(p, "zzz"), 0);
    dmx_add_num(r, r->root, "x", 1);
    return DMX_OK;
}

static int bad_validate(const dmx_params *p, dmx_err *e)
{
    return dmx_p_num(p, "nn") > 0 ? DMX_OK : DMX_OK;   /* reads a key that is not there */
}

static void test_unknown_key(void **st)
{
    (void)st;
    dmx_model m = toy_model;
    m.compute = bad_compute;
    dmx_params *p = dmx_params_new(&m);
    dmx_err e = {0};
    assert_int_equal(dmx_params_validate(p, &e), DMX_OK);
    assert_null(dmx_compute(p, NULL, &e));
    assert_int_equal(e.code, DMX_EINTERNAL);
    assert_string_equal(e.msg, "model toy asked for unknown parameter 'alpha' (a bug in the "
                        "model)");
    dmx_params_free(p);
    /* in validate: reported by dmx_params_validate (so `dmx check` sees it too) */
    m.compute = toy_compute;
    m.validate = bad_validate;
    p = dmx_params_new(&m);
    assert_int_equal(dmx_params_validate(p, &e), DMX_EINTERNAL);
    assert_non_null(strstr(e.msg, "unknown parameter 'nn'"));
    dmx_params_free(p);
    /* the good model is unaffected */
    p = dmx_params_new(&toy_model);
    dmx_result *r = dmx_compute(p, NULL, &e);
    assert_non_null(r);
    assert_int_equal(dmx_params_check_keys(p, &e), DMX_OK);
    dmx_result_free(r);
    dmx_params_free(p);
}

static void test_parse_double(void **st)
{
    (void)st;
    double x;
    assert_int_equal(dmx_parse_double("1.5", &x), 0);
    assert_near(x, 1.5, 0);
    assert_int_equal(dmx_parse_double("-0", &x), 0);
    assert_true(x == 0 && !signbit(x));   /* -0 reads as 0 (saved presets round-trip) */
    assert_int_equal(dmx_parse_double("4.9e-324", &x), 0);   /* smallest subnormal */
    assert_true(x > 0);
    assert_int_equal(dmx_parse_double("1e-400", &x), 0);     /* underflows to 0 */
    assert_true(x == 0);
    assert_int_equal(dmx_parse_double("1.7e308", &x), 0);
    static const char *const bad[] = {"", "1e309", "-1e309", "inf", "nan", "1.5x", "x", " "};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        if (dmx_parse_double(bad[k], &x) != -1)
            fail_msg("'%s' accepted", bad[k]);
    /* through an assignment, both ends */
    dmx_params *p = dmx_params_new(&toy_model);
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(p, "a=1e400", &e), DMX_EUSAGE);
    /* generic guards of the parameter layer: no subnormals, and where a range is
     * unbounded (w: [0, inf), groups[].value: [0, inf)) at most DMX_PARAM_MAX_ABS */
    assert_int_equal(dmx_params_assign(p, "a=1e-310", &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "a = 1e-310 is too close to 0"));
    assert_int_equal(dmx_params_assign(p, "w=1,1e12", &e), DMX_OK);
    assert_int_equal(dmx_params_assign(p, "w=1,1.5e12", &e), DMX_EDATA);
    assert_string_equal(e.msg, "w[1] = 1.5e+12 is out of range: a parameter without a stated "
                        "bound must be within ±1e+12 (larger values overflow the computations)");
    assert_int_equal(dmx_params_assign(p, "groups[0].value=1e308", &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "groups[0].value = 1e+308 is out of range"));
    assert_int_equal(dmx_params_assign(p, "a=10", &e), DMX_OK);   /* stated bounds as before */
    assert_int_equal(dmx_params_assign(p, "a=0", &e), DMX_EDATA);
    dmx_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_valid), cmocka_unit_test(test_assign_forms),
        cmocka_unit_test(test_assign_errors),  cmocka_unit_test(test_validate_rules),
        cmocka_unit_test(test_slots),          cmocka_unit_test(test_fmt),
        cmocka_unit_test(test_explicit),       cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_parse_double),
    };
    return cmocka_run_group_tests_name("param", tests, NULL, NULL);
}
