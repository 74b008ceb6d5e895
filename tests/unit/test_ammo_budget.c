/* test_ammo_budget.c -- validation of the ammo model refuses up front everything compute
 * would refuse (issue 12): section shapes, support of the reported values, figures that
 * do not fit the instance, and instances over the work budget, each naming the parameter;
 * and every value the ammo-general `n` slider offers computes (values repeat as a
 * pattern with a generator). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"
#include "ammo/ammo.h"

/* Applies sets to preset `name`; validation must fail with a message containing needle. */
static void refused(const char *name, const char *const *sets, const char *needle)
{
    dmx_preset *pr = test_preset(name);
    dmx_err e = {0};
    for (int i = 0; sets[i]; i++)
        assert_int_equal(dmx_params_assign(pr->params, sets[i], &e), DMX_OK);
    assert_int_equal(dmx_params_validate(pr->params, &e), DMX_EDATA);
    if (!strstr(e.msg, needle))
        fail_msg("'%s' not in '%s'", needle, e.msg);
    dmx_preset_free(pr);
}

static void test_validate_sections(void **state)
{
    (void)state;
    /* mixture_covs with 3 rows for 2 matrices of 2 x 2: `dmx check` used to pass it */
    dmx_preset *pr = test_preset("ammo-unknown-corr");
    dmx_err e = {0};
    const double m3[6] = {1, 0.8, 0.8, 1, 1, 0.2};
    const dmx_model *m = dmx_model_find("ammo");
    assert_int_equal(dmx_params_set_array(pr->params, dmx_params_index(m, "mixture_covs"), m3,
                                          3, 2, &e), DMX_OK);
    assert_int_equal(dmx_params_validate(pr->params, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "mixture_covs must stack 2 covariance matrices"));
    dmx_preset_free(pr);
    refused("ammo-unknown-corr", (const char *const[]){"mixture_probs=0.3,0.3", NULL},
            "mixture_probs must sum to 1");
    refused("ammo-intro", (const char *const[]){"prices=1,2,3", NULL},
            "prices has 3 entries but there are 2 users");
    refused("ammo-intro", (const char *const[]){"profile=1", NULL}, "profile has 1 entries");
    refused("ammo-intro", (const char *const[]){"prices2=1,1", NULL}, "prices2 needs prices");
    refused("ammo-unknown-v", (const char *const[]){"vdist_param=0.5", NULL},
            "outside the support");
    refused("ammo-general", (const char *const[]){"figure=price_plane", NULL},
            "price_plane needs exactly 2 users");
    refused("ammo-general", (const char *const[]){"figure=example2", NULL},
            "example2 needs at least 2 communities");
}

/* `values: []` divided by zero in the generator (found by fuzz_preset after 4.5 M runs) */
static void test_values_empty(void **state)
{
    (void)state;
    static const char y[] = "model: ammo\nparams:\n  values: [] ";
    dmx_preset *pr = NULL;
    dmx_err e = {0};
    assert_int_equal(dmx_preset_parse(y, sizeof y - 1, "v.yaml", &pr, &e), DMX_EDATA);
    assert_null(pr);
    assert_non_null(strstr(e.msg, "v.yaml:3:3: values is empty"));
}

static void test_budget(void **state)
{
    (void)state;
    /* 400 users: local search over the budget, refused with the estimate and the flag */
    refused("ammo-general", (const char *const[]){"n=400", NULL}, "--set budget=");
    refused("ammo-general", (const char *const[]){"n=400", "budget=5", NULL},
            "over the budget of 5 s");
    /* 26 users: exact search and literal mediator fit the default; not a budget of 1 s */
    refused("ammo-general", (const char *const[]){"n=26", "budget=1", NULL},
            "lower max_exact");
    dmx_preset *pr = test_preset("ammo-general");
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(pr->params, "n=400", &e), DMX_OK);
    assert_int_equal(dmx_params_assign(pr->params, "budget=1000", &e), DMX_OK);
    assert_int_equal(dmx_params_validate(pr->params, &e), DMX_OK);
    assert_int_equal(dmx_params_assign(pr->params, "n=26", &e), DMX_OK);
    assert_int_equal(dmx_params_assign(pr->params, "budget=20", &e), DMX_OK);
    assert_int_equal(dmx_params_validate(pr->params, &e), DMX_OK);
    dmx_preset_free(pr);
}

/* A preset of K communities of `size` members each (and an optional budget line). */
static int comm_preset(int K, int size, const char *extra, dmx_preset **pr, dmx_err *e)
{
    char buf[2048];
    int len = snprintf(buf, sizeof buf, "model: ammo\nparams:\n  communities:\n");
    for (int g = 0; g < K; g++)
        len += snprintf(buf + len, sizeof buf - (size_t)len,
                        "    - {size: %d, variance: 1.%d, within: 0.0%d, value: 0.%d}\n", size,
                        g, g % 5 + 1, g + 1);
    len += snprintf(buf + len, sizeof buf - (size_t)len, "  across: 0.001\n  figure: none\n%s",
                    extra);
    return dmx_preset_parse(buf, (size_t)len, "comm.yaml", pr, e);
}

/* Communities: `dmx check` refuses what compute would refuse (more than 2e7 count
 * vectors) and what would not finish within the budget (it used to pass both: 8
 * communities of 50 were refused only by eval, 4 of 65 ran for 107 CPU s). */
static void test_budget_communities(void **state)
{
    (void)state;
    dmx_preset *pr = NULL;
    dmx_err e = {0};
    assert_int_equal(comm_preset(8, 50, "", &pr, &e), DMX_EDATA);
    assert_null(pr);
    assert_non_null(strstr(e.msg, "comm.yaml:3:3: "));
    assert_non_null(strstr(e.msg, "4.58e+13 count vectors"));
    assert_non_null(strstr(e.msg, "more than the 2e+07"));
    /* 41^4 = 2.83e6 vectors, about 45 CPU s by the cost model: over the default 20 s */
    assert_int_equal(comm_preset(4, 40, "", &pr, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "2.83e+06 count vectors"));
    assert_non_null(strstr(e.msg, "over the budget of 20 s"));
    assert_non_null(strstr(e.msg, "--set budget=68"));
    /* ... and accepted when the budget is raised explicitly */
    assert_int_equal(comm_preset(4, 40, "  budget: 100\n", &pr, &e), DMX_OK);
    dmx_preset_free(pr);
    /* 31^4 = 9.2e5 vectors fit the default budget */
    assert_int_equal(comm_preset(4, 30, "", &pr, &e), DMX_OK);
    dmx_preset_free(pr);
}

/* Issue 9 item 10: every n the slider offers (2..20) computes; values repeat. */
static void test_general_every_n(void **state)
{
    (void)state;
    dmx_preset *pr = test_preset("ammo-general");
    dmx_err e = {0};
    for (int n = 2; n <= 20; n++) {
        char set[32];
        snprintf(set, sizeof set, "n=%d", n);
        assert_int_equal(dmx_params_assign(pr->params, set, &e), DMX_OK);
        dmx_result *r = dmx_compute(pr->params, NULL, &e);
        if (!r)
            fail_msg("n = %d: %s", n, e.msg);
        const dmx_node *eq = dmx_node_get(r->root, "equilibrium.prices");
        assert_non_null(eq);
        assert_int_equal(eq->nkids, n);
        dmx_result_free(r);
    }
    /* user 12 of 13 gets values[0] = 0.3 again */
    ammo_inst in;
    assert_int_equal(dmx_params_assign(pr->params, "n=13", &e), DMX_OK);
    assert_int_equal(ammo_inst_build(pr->params, &in, &e), DMX_OK);
    assert_true(in.v[12] == in.v[0] && in.v[0] == 0.3);
    ammo_inst_free(&in);
    dmx_preset_free(pr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_sections),
        cmocka_unit_test(test_values_empty),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_budget_communities),
        cmocka_unit_test(test_general_every_n),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
