/* test_glp_input.c -- bad parameters give DMX_EDATA with a message naming the
 * parameter and the rule (through dmx_params_assign and dmx_compute), and the
 * sweep fast path (ctx->want = "competitive.case") agrees with full computes. */
#include <stdint.h>
#include <stdlib.h>
#include "glp_test_util.h"
#include "glp/glp.h"

static dmx_preset *load(const char *name)
{
    char path[1024];
    dmx_err e = {0};
    dmx_preset *pr = NULL;
    snprintf(path, sizeof path, "%s/presets/%s.yaml", DMX_SRCDIR, name);
    if (dmx_preset_load(path, &pr, &e) != DMX_OK)
        fail_msg("%s", e.msg);
    return pr;
}

/* Applies the assignments (NULL-terminated); the first failure (assign or compute)
 * must be DMX_EDATA and its message must contain `needle`. */
static void expect_bad(const char *needle, ...)
{
    dmx_preset *pr = load("glp-sec4-case2");
    dmx_err e = {0};
    int rc = DMX_OK;
    va_list ap;
    va_start(ap, needle);
    const char *a;
    while (rc == DMX_OK && (a = va_arg(ap, const char *)) != NULL)
        rc = dmx_params_assign(pr->params, a, &e);
    va_end(ap);
    if (rc == DMX_OK) {
        dmx_result *r = dmx_compute(pr->params, NULL, &e);
        if (r) {
            dmx_result_free(r);
            fail_msg("expected an error mentioning '%s'", needle);
        }
        rc = e.code;
    }
    assert_int_equal(rc, DMX_EDATA);
    if (!strstr(e.msg, needle))
        fail_msg("message '%s' does not mention '%s'", e.msg, needle);
    dmx_preset_free(pr);
}

static void test_bad_input(void **state)
{
    (void)state;
    expect_bad("types must be strictly increasing", "types=2,1", NULL);
    expect_bad("types must be strictly increasing", "types=1,1", NULL);
    expect_bad("types", "types=0,1", NULL);
    expect_bad("types", "types=-1,2", NULL);
    expect_bad("mass", "mass=-0.1,0.5", NULL);
    expect_bad("outside", "outside=-1", NULL);
    expect_bad("outside", "outside=0.2,-0.3", NULL);
    expect_bad("gamma_u + gamma_pi must be > 0", "gamma_u=0", "gamma_pi=0", NULL);
    expect_bad("gamma_u", "gamma_u=-1", NULL);
    expect_bad("mass", "mass=0.3,0.4,0.3", NULL);
    expect_bad("outside", "outside=0.1,0.2,0.3", NULL);
    expect_bad("fees must be strictly increasing", "fees=2,1", NULL);
    expect_bad("fees", "fees=0,1", NULL);
    /* types and mass of different lengths after changing only the types */
    expect_bad("mass", "types=1,2,3", NULL);
}

static void test_good_edge_input(void **state)
{
    (void)state;
    /* a type with zero mass, total mass ≠ 1, one type, separate fees: all compute */
    static const char *const sets[][4] = {
        {"mass=0,0.7", NULL},
        {"mass=3,5", NULL},
        {"types=1.5", "mass=2", "outside=0.3", NULL},
        {"fees=0.5,1.5,2", NULL},
        {"gamma_u=0", "gamma_pi=1", NULL},
        {"gamma_u=0.7", "gamma_pi=0.7", NULL},
    };
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        dmx_preset *pr = load("glp-sec4-case2");
        dmx_err e = {0};
        for (int j = 0; sets[k][j]; j++)
            if (dmx_params_assign(pr->params, sets[k][j], &e) != DMX_OK)
                fail_msg("%s: %s", sets[k][j], e.msg);
        dmx_result *r = dmx_compute(pr->params, NULL, &e);
        if (!r)
            fail_msg("set %zu: %s", k, e.msg);
        assert_true(count_at(r, "competitive.equilibria") >= 1);
        if (k == 5)
            assert_true(bool_at(r, "triangle.ties"));
        dmx_result_free(r);
        dmx_preset_free(pr);
    }
}

/* The Figure 1 sweep: every cell's label equals the closed-form case at that point. */
static void test_sweep_fig1(void **state)
{
    (void)state;
    dmx_preset *pr = load("glp-sec4-case2");
    dmx_err e = {0};
    dmx_axis ax, ay;
    assert_int_equal(dmx_axis_parse(pr->params, "outside=0.01:0.99:25", &ax, &e), DMX_OK);
    assert_int_equal(dmx_axis_parse(pr->params, "gamma_u=0.05:2.95:30", &ay, &e), DMX_OK);
    dmx_sweep *sw = NULL;
    if (dmx_sweep_run(pr->params, &ax, &ay, "competitive.case", NULL, &sw, &e) != DMX_OK)
        fail_msg("%s", e.msg);
    assert_true(sw->categorical);
    assert_int_equal(sw->nfail, 0);
    int seen[5] = {0};
    for (int j = 0; j < ay.n; j++)
        for (int i = 0; i < ax.n; i++) {
            double rb = ax.lo + (ax.hi - ax.lo) * i / (ax.n - 1);
            double gu = ay.lo + (ay.hi - ay.lo) * j / (ay.n - 1);
            int c = glp2_case(rb, gu);
            double cell = sw->cell[j * ax.n + i];
            assert_false(isnan(cell));
            assert_string_equal(sw->cats[(int)cell], glp2_label(c));
            seen[c]++;
        }
    assert_true(seen[GLP2_NOTRADE] && seen[GLP2_CASE1] && seen[GLP2_CASE2] && seen[GLP2_CASE3]);
    dmx_sweep_free(sw);
    dmx_preset_free(pr);
}

/* want = "competitive.case" gives the label of the full computation, also for
 * instances outside the closed forms (three types, γ_u ≥ γ_π) and for r̄ ≥ 1. */
static void test_want_fast_path(void **state)
{
    (void)state;
    static const char *const sets[][4] = {
        {"outside=0.3", "gamma_u=0.5", NULL},
        {"outside=0.45", "gamma_u=0.45", NULL},
        {"outside=0.8", "gamma_u=0.2", NULL},
        {"outside=1.2", "gamma_u=2", NULL},
        {"gamma_pi=1.5", NULL},
        {"types=1,2,3", "mass=0.2,0.3,0.5", "gamma_pi=0.3", NULL},
    };
    dmx_ctx ctx = {0};
    ctx.want = "competitive.case";
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        dmx_preset *pr = load("glp-sec4-case2");
        dmx_err e = {0};
        for (int j = 0; sets[k][j]; j++)
            if (dmx_params_assign(pr->params, sets[k][j], &e) != DMX_OK)
                fail_msg("%s: %s", sets[k][j], e.msg);
        dmx_result *full = dmx_compute(pr->params, NULL, &e);
        dmx_result *fast = dmx_compute(pr->params, &ctx, &e);
        assert_non_null(full);
        assert_non_null(fast);
        assert_string_equal(str_at(full, "competitive.case"), str_at(fast, "competitive.case"));
        dmx_result_free(full);
        dmx_result_free(fast);
        dmx_preset_free(pr);
    }
}

/* Issue 12: the budget and the scaling rules refuse up front with the limit and
 * the reason; max_types raises the budget explicitly; no value the ranges admit
 * reaches an assertion or a GLPK abort. */
static void test_budget_and_scale(void **state)
{
    (void)state;
    char types[512], mass[512], buf[64];
    types[0] = mass[0] = 0;
    for (int i = 0; i < 13; i++) {
        snprintf(buf, sizeof buf, "%s%d", i ? "," : "", i + 1);
        strcat(types, buf);
        snprintf(buf, sizeof buf, "%s0.1", i ? "," : "");
        strcat(mass, buf);
    }
    char ta[600], ma[600];
    snprintf(ta, sizeof ta, "types=%s", types);
    snprintf(ma, sizeof ma, "mass=%s", mass);
    expect_bad("more than max_types = 12", ta, ma, NULL);
    expect_bad("fees lists 13 fees", "fees=1,2,3,4,5,6,7,8,9,10,11,12,13", NULL);
    expect_bad("out of range", "gamma_u=1e308", NULL);
    expect_bad("out of range", "gamma_pi=1e15", NULL);
    expect_bad("out of range", "types=1,1e308", NULL);
    expect_bad("out of range", "types=1,1e300", NULL);
    expect_bad("out of range", "mass[0]=1.7e308", NULL);
    expect_bad("out of range", "max_types=101", NULL);
    expect_bad("mass[0] = 1e-09 is positive but below", "mass=1e-9,1", NULL);
    expect_bad("outside[0]", "outside=1e-9,0.4", NULL);
    expect_bad("gamma_pi = 1e-09 is positive", "gamma_u=1", "gamma_pi=1e-9", NULL);
    /* the explicit budget: 13 types compute with max_types = 13 */
    dmx_preset *pr = load("glp-sec4-case2");
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(pr->params, ta, &e), DMX_OK);
    assert_int_equal(dmx_params_assign(pr->params, ma, &e), DMX_OK);
    assert_int_equal(dmx_params_assign(pr->params, "max_types=13", &e), DMX_OK);
    dmx_result *r = dmx_compute(pr->params, NULL, &e);
    if (!r)
        fail_msg("13 types with max_types = 13: %s", e.msg);
    assert_true(num_at(r, "competitive.count") >= 1);
    dmx_result_free(r);
    /* a cancelled compute stops with DMX_ECANCELED (the flag is read inside the LPs) */
    atomic_int stop = 1;
    dmx_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.cancel = &stop;
    r = dmx_compute(pr->params, &ctx, &e);
    assert_null(r);
    assert_int_equal(e.code, DMX_ECANCELED);
    dmx_preset_free(pr);
    /* non-finite LP arguments are an error of the next solve, never an abort */
    dmx_lp *lp = dmx_lp_new(1, 2);
    assert_non_null(lp);
    dmx_lp_set_obj(lp, 0, INFINITY);
    dmx_lp_set_col_bounds(lp, 1, DMX_LP_DB, 0, NAN);
    assert_int_equal(dmx_lp_solve(lp, &e), DMX_EINTERNAL);
    assert_non_null(strstr(e.msg, "invalid LP"));
    dmx_lp_free(lp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_and_scale),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_good_edge_input),
        cmocka_unit_test(test_sweep_fig1),
        cmocka_unit_test(test_want_fast_path),
    };
    return cmocka_run_group_tests_name("glp_input", tests, NULL, NULL);
}
