/* test_ammo_expected.c -- expected platform payoff and social surplus under the
 * incentive-compatible mechanism with unknown valuations (Acemoglu, Makhdoumi, Malekian,
 * Ozdaglar (2022), §5.2, Theorem B-2).  One user, v ~ uniform[0, b], σ² = 1: she shares iff
 * Φ(v) = 2v <= 1, is paid I/2 (I = σ⁴/(1+σ²) = 1/2), so E[platform payoff] = I/(4b) and
 * E[SS] = I (1/2 − 1/8)/b, E[first-best SS] = I/(2b); the Monte Carlo estimates must lie
 * within 4 standard errors.  Several users: the payment-based estimate and the virtual-
 * surplus estimate (Myerson: E[p_i] = E[Φ_i A_i]) agree, and E[SS] <= E[first-best SS].
 * The estimate is the same bit for bit on one thread without a cache and on two threads
 * with one, and moving a report (which the expectation does not depend on) finds it in the
 * cache. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"
#include "ammo/ammo_views.h"
#include "report.h"
#include "result_util.h"

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

/* Φ^{-1} of the exponential family equals, bit for bit, the plain 200-step bisection of
 * [0, y] for Φ(mid) < y, over rates and targets spanning many orders of magnitude (the fast
 * version predicts most steps; a wrong prediction would change the last bits). */
static double plain_inv(double lam, double y)
{
    double lo = 0, hi = y;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (mid + expm1(lam * mid) / lam < y)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static void test_exp_virt_inv(void **state)
{
    (void)state;
    uint64_t st = 7;
    for (int k = 0; k < 20000; k++) {
        st = st * 6364136223846793005ull + 1442695040888963407ull;
        double u1 = ((double)(st >> 11) + 0.5) / 9007199254740992.0;
        st = st * 6364136223846793005ull + 1442695040888963407ull;
        double u2 = ((double)(st >> 11) + 0.5) / 9007199254740992.0;
        double lam = pow(10, -4 + 9 * u1), y = pow(10, -10 + 16 * u2);
        if (k % 3 == 0)
            y = nextafter(y, 0);
        double a = ammo_exp_virt_inv(lam, y), b = plain_inv(lam, y);
        if (memcmp(&a, &b, sizeof a) != 0)
            fail_msg("λ %.17g y %.17g: %.17g vs %.17g", lam, y, a, b);
    }
    assert_true(ammo_exp_virt_inv(2, 0) == 0);
}

static void test_threads_and_cache(void **state)
{
    (void)state;
    dmx_preset *pr = NULL;
    dmx_err e = {0};
    assert_int_equal(dmx_preset_load(DMX_SRCDIR "/presets/ammo-unknown-v.yaml", &pr, &e),
                     DMX_OK);
    dmx_cache *cache = dmx_cache_new(0);       /* for dmx_compute */
    dmx_cache *own = dmx_cache_new(0);         /* for ammo_unknown_compute alone */
    dmx_ctx ctx = {.jobs = 2, .cache = cache}, octx = {.jobs = 2, .cache = own};
    /* each step: the assignment, and whether the leak tables (Σ) and the expectation
     * (Σ and F) must be found in the cache */
    static const struct { const char *set; int leaks, mc; } steps[] = {
        {"vdist=exponential", 0, 0}, {"values[1]=0.35", 1, 1}, {"vdist_param=0.7", 1, 0},
        {"values[0]=2.9", 1, 1},     {"vdist_param=4", 1, 0},  {"vdist=power", 1, 0},
        {"vdist_k=3.5", 1, 0},       {"values[2]=0.01", 1, 1}, {"vdist=uniform", 1, 0},
        {"vdist_k=1.5", 1, 1},       {"cov[0][1]=0.2", 0, 0},  {"values[1]=0.8", 1, 1},
        {"vdist_param=3", 1, 0},     {"cov[0][1]=0.6", 1, 0},  {"vdist=exponential", 1, 1},
        /* n = 10 (no expectation beyond n = 6): the leak table is filled in parallel */
        {"generator=ar1", 0, 0},     {"values[0]=0.5", 1, 0},  {"vdist=power", 1, 0},
    };
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        assert_int_equal(dmx_params_assign(pr->params, steps[k].set, &e), DMX_OK);
        dmx_result *a = dmx_compute(pr->params, NULL, &e);
        dmx_result *b = dmx_compute(pr->params, &ctx, &e);
        if (!a || !b)
            fail_msg("%s: %s", steps[k].set, e.msg);
        char *ja = root_json(a), *jb = root_json(b);
        assert_non_null(strstr(ja, "\"allocation_increment\""));
        assert_string_equal(ja, jb);
        free(ja);
        free(jb);
        dmx_result_free(a);
        dmx_result_free(b);
        /* the memo hits of the unknown-valuation part alone */
        ammo_inst in;
        assert_int_equal(ammo_inst_build(pr->params, &in, &e), DMX_OK);
        dmx_result *r = dmx_result_new();
        long h0, h1, miss;
        size_t bytes;
        dmx_cache_stats(own, &h0, &miss, &bytes);
        dmx_cache_begin(own);
        assert_int_equal(ammo_unknown_compute(&in, pr->params, r, &octx, &e), DMX_OK);
        dmx_cache_stats(own, &h1, &miss, &bytes);
        if (h1 - h0 != steps[k].leaks + steps[k].mc)
            fail_msg("%s: %ld cache hits, expected %d", steps[k].set, h1 - h0,
                     steps[k].leaks + steps[k].mc);
        dmx_result_free(r);
        ammo_inst_free(&in);
    }
    dmx_cache_free(cache);
    dmx_cache_free(own);
    dmx_preset_free(pr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_user_closed_form),
        cmocka_unit_test(test_estimators_agree),
        cmocka_unit_test(test_threads_and_cache),
        cmocka_unit_test(test_exp_virt_inv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
