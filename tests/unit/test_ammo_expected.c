/* test_ammo_expected.c -- expected platform payoff and social surplus under the
 * incentive-compatible mechanism with unknown valuations (Acemoglu, Makhdoumi, Malekian,
 * Ozdaglar (2022), §5.2, Theorem B-2).  One user, v ~ uniform[0, b], σ² = 1: she shares iff
 * Φ(v) = 2v <= 1, is paid I/2 (I = σ⁴/(1+σ²) = 1/2), so E[platform payoff] = I/(4b) and
 * E[SS] = I (1/2 − 1/8)/b, E[first-best SS] = I/(2b); the Monte Carlo estimates must lie
 * within 4 standard errors.  Several users: the payment-based estimate and the virtual-
 * surplus estimate (Myerson: E[p_i] = E[Φ_i A_i]) agree, and E[SS] <= E[first-best SS]. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"

static dmx_result *run_yaml(const char *body)
{
    char path[] = "/tmp/dmx_exXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "model: ammo\ntitle: t\nparams:\n%s", body);
    fclose(f);
    dmx_preset *pr = NULL;
    dmx_err e = {0};
    if (dmx_preset_load(path, &pr, &e) != DMX_OK)
        fail_msg("%s", e.msg);
    remove(path);
    dmx_result *r = dmx_compute(pr->params, NULL, &e);
    if (!r)
        fail_msg("%s", e.msg);
    dmx_preset_free(pr);
    return r;
}

static double num(const dmx_result *r, const char *path)
{
    const dmx_node *n = dmx_node_get(r->root, path);
    if (!n)
        fail_msg("missing %s", path);
    return n->num;
}

static void test_one_user_closed_form(void **state)
{
    (void)state;
    for (double b = 1; b <= 4; b += 1.5) {
        char body[256];
        snprintf(body, sizeof body, "  cov: [[1]]\n  values: [0.3]\n  vdist: uniform\n"
                                    "  vdist_param: %g\n  figure: none\n", b);
        dmx_result *r = run_yaml(body);
        const double I = 0.5;
        double se0 = num(r, "unknown.expected.standard_errors[0]");
        double se1 = num(r, "unknown.expected.standard_errors[1]");
        assert_true(fabs(num(r, "unknown.expected.platform_payoff") - I / (4 * b)) <= 4 * se0);
        assert_true(fabs(num(r, "unknown.expected.social_surplus") - I * 0.375 / b) <= 4 * se1);
        double fb = num(r, "unknown.expected.first_best_social_surplus");
        assert_true(fabs(fb - I * 0.5 / b) <= 0.05 * I);
        dmx_result_free(r);
    }
}

static void test_estimators_agree(void **state)
{
    (void)state;
    static const char *const presets[] = {"ammo-unknown-v", NULL};
    for (int k = 0; presets[k]; k++) {
        char path[512];
        snprintf(path, sizeof path, DMX_SRCDIR "/presets/%s.yaml", presets[k]);
        dmx_preset *pr = NULL;
        dmx_err e = {0};
        assert_int_equal(dmx_preset_load(path, &pr, &e), DMX_OK);
        static const char *const fams[] = {"vdist=uniform", "vdist=power", "vdist=exponential"};
        for (int f = 0; f < 3; f++) {
            assert_int_equal(dmx_params_assign(pr->params, fams[f], &e), DMX_OK);
            if (f == 2)
                assert_int_equal(dmx_params_assign(pr->params, "vdist_param=1", &e), DMX_OK);
            dmx_result *r = dmx_compute(pr->params, NULL, &e);
            if (!r)
                fail_msg("%s: %s", fams[f], e.msg);
            double a = num(r, "unknown.expected.platform_payoff");
            double b = num(r, "unknown.expected.platform_payoff_virtual");
            double s0 = num(r, "unknown.expected.standard_errors[0]");
            double s2 = num(r, "unknown.expected.standard_errors[2]");
            if (!(fabs(a - b) <= 4 * sqrt(s0 * s0 + s2 * s2)))
                fail_msg("%s: %g vs %g", fams[f], a, b);
            assert_true(num(r, "unknown.expected.social_surplus") <=
                        num(r, "unknown.expected.first_best_social_surplus") + 1e-12);
            dmx_result_free(r);
        }
        dmx_preset_free(pr);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_user_closed_form),
        cmocka_unit_test(test_estimators_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
