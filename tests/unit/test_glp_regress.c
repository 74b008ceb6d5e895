/* test_glp_regress.c -- the optimized glp paths against their unoptimized
 * references on seeded random instances:
 *  - glp_competitive_search (memo of P_q solutions, repeated fixed-q LPs skipped)
 *    vs glp_competitive_search_ref (everything recomputed): the same equilibria
 *    (count, q and p per equilibrium within 1e-9, verifier verdict, source);
 *  - glp_fb_mu_range (one LP re-solved warm with objective ±μ_i; a range
 *    certified by n + 1 LPs to be a point is reported as μ*) vs
 *    glp_fb_mu_range_ref (2n fresh LPs): the same dual ranges within 1e-9, or
 *    for a certified point a reference range below the uniqueness tolerance
 *    that holds it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "glp_test_util.h"
#include "glp/glp.h"
#include "glp_ref.h"

static double rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

/* n types, fees = types; γ_u, γ_π random (either order), some q̄ = 0 and some
 * coinciding outside options so that ties and degenerate LPs occur. */
static void make_inst(uint64_t *s, int n, glp_inst *g)
{
    double w[8], q[8], r[8], x = 0;
    for (int i = 0; i < n; i++) {
        x += 0.2 + 1.5 * rnd(s);
        w[i] = x;
        q[i] = rnd(s) < 0.1 ? 0 : 0.05 + rnd(s);
        r[i] = rnd(s) < 0.2 && i > 0 ? r[i - 1] : rnd(s) * 0.9 * w[i];
    }
    double gu = 2 * rnd(s), gp = 2 * rnd(s);
    if (gu + gp == 0)
        gu = 1;
    dmx_err e = {0};
    if (glp_inst_make(g, n, w, 0, NULL, q, r, gu, gp, &e) != DMX_OK)
        fail_msg("glp_inst_make: %s", e.msg);
}

static int close9(double a, double b)
{
    if (isinf(a) || isinf(b))
        return a == b;
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return fabs(a - b) <= 1e-9 * (1 + fabs(a));
}

static void test_search_matches_reference(void **state)
{
    (void)state;
    uint64_t s = 20261124;
    int total_eq = 0, ninst = 0;
    for (int t = 0; t < 60; t++) {
        int n = 3 + t % 3;
        glp_inst g;
        make_inst(&s, n, &g);
        dmx_err e = {0};
        glp_ce ce;
        assert_int_equal(glp_constrained_eff(&g, 0, &ce, &e), DMX_OK);
        glp_eqset a, b;
        double ra = 0, rb = 0;
        assert_int_equal(glp_competitive_search(&g, ce.q, NULL, 0, &a, &ra, &e), DMX_OK);
        assert_int_equal(glp_competitive_search_ref(&g, ce.q, NULL, &b, &rb, &e), DMX_OK);
        if (a.neq != b.neq)
            fail_msg("instance %d (n=%d): %d equilibria optimized, %d reference", t, n, a.neq,
                     b.neq);
        for (int k = 0; k < a.neq; k++) {
            assert_int_equal(a.eq[k].verified, b.eq[k].verified);
            assert_true(a.eq[k].verified);  /* the search reports verified ones only */
            assert_string_equal(a.eq[k].source, b.eq[k].source);
            for (int i = 0; i < n; i++)
                if (!close9(a.eq[k].q[i], b.eq[k].q[i]) || !close9(a.eq[k].p[i], b.eq[k].p[i]))
                    fail_msg("instance %d eq %d type %d: q %.17g vs %.17g, p %.17g vs %.17g", t,
                             k, i, a.eq[k].q[i], b.eq[k].q[i], a.eq[k].p[i], b.eq[k].p[i]);
        }
        assert_true(close9(ra, rb));
        total_eq += a.neq;
        ninst++;
        glp_eqset_free(&a);
        glp_eqset_free(&b);
        glp_ce_free(&ce);
        glp_inst_free(&g);
    }
    assert_int_equal(ninst, 60);
    assert_true(total_eq >= 60);  /* every instance has at least one equilibrium here */
}

static void test_search_matches_reference_large(void **state)
{
    /* n = 7, 8: the prefix/suffix candidates of the search (n > 6) */
    (void)state;
    uint64_t s = 77;
    for (int t = 0; t < 4; t++) {
        int n = 7 + t % 2;
        glp_inst g;
        make_inst(&s, n, &g);
        dmx_err e = {0};
        glp_ce ce;
        assert_int_equal(glp_constrained_eff(&g, 0, &ce, &e), DMX_OK);
        glp_eqset a, b;
        double ra = 0, rb = 0;
        assert_int_equal(glp_competitive_search(&g, ce.q, NULL, 0, &a, &ra, &e), DMX_OK);
        assert_int_equal(glp_competitive_search_ref(&g, ce.q, NULL, &b, &rb, &e), DMX_OK);
        assert_int_equal(a.neq, b.neq);
        for (int k = 0; k < a.neq; k++)
            for (int i = 0; i < n; i++) {
                assert_true(close9(a.eq[k].q[i], b.eq[k].q[i]));
                assert_true(close9(a.eq[k].p[i], b.eq[k].p[i]));
            }
        glp_eqset_free(&a);
        glp_eqset_free(&b);
        glp_ce_free(&ce);
        glp_inst_free(&g);
    }
}

static void test_mu_range_matches_reference(void **state)
{
    (void)state;
    uint64_t s = 4242;
    int unbounded = 0, nonunique = 0, by_basis = 0, degenerate_fixed = 0;
    for (int t = 0; t < 60; t++) {
        int n = 3 + t % 3;
        glp_inst g;
        make_inst(&s, n, &g);
        dmx_err e = {0};
        glp_fb fb;
        assert_int_equal(glp_first_best(&g, 0, &fb, &e), DMX_OK);
        double lo[8], hi[8], lo2[8], hi2[8];
        assert_int_equal(glp_fb_mu_range(&g, &fb, lo, hi, &e), DMX_OK);
        assert_int_equal(glp_fb_mu_range_ref(&g, &fb, lo2, hi2, &e), DMX_OK);
        /* a range certified to be a point is reported as μ*: by the first best's
         * basis (fb.mu_fixed, no LP) or by the range LPs (|S| + 1 of them): the
         * reference's range must then be below the uniqueness tolerance and hold
         * μ* (up to it); otherwise both ranges agree within 1e-9 */
        for (int i = 0; i < n; i++) {
            int point = lo[i] == fb.mu[i] && hi[i] == fb.mu[i];
            double tol = GLP_TOL_AGREE * (1 + fabs(hi2[i]));
            int inside = lo2[i] - tol <= lo[i] && lo[i] <= hi2[i] + tol;
            if (fb.mu_fixed[i] && !point)
                fail_msg("instance %d type %d: fixed by the basis but not reported as μ*", t, i);
            if (point && !(hi2[i] - lo2[i] <= tol && inside))
                fail_msg("instance %d type %d: certified point %.17g vs reference range "
                         "[%.17g, %.17g]", t, i, lo[i], lo2[i], hi2[i]);
            if (!point && (!close9(lo[i], lo2[i]) || !close9(hi[i], hi2[i])))
                fail_msg("instance %d type %d: [%.17g, %.17g] vs reference [%.17g, %.17g]", t,
                         i, lo[i], hi[i], lo2[i], hi2[i]);
            unbounded += isinf(hi[i]);
            nonunique += hi[i] > lo[i] + 1e-9;
            by_basis += fb.mu_fixed[i];
            degenerate_fixed += fb.mu_fixed[i] && !fb.mu_unique;
        }
        glp_fb_free(&fb);
        glp_inst_free(&g);
    }
    /* the sample must exercise non-unique and unbounded ranges, not only points */
    assert_true(nonunique > 0);
    assert_true(unbounded > 0);
    /* ... and μ(ω) fixed by the basis, also where other μ need range LPs */
    assert_true(by_basis > 0);
    assert_true(degenerate_fixed > 0);
}

/* The competitive analysis memoized in dmx_ctx.cache: a second compute of the
 * same instance hits the cache and prints the same JSON, byte for byte; moving a
 * parameter misses. */
static char *json_of(const dmx_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    dmx_report_json_node(f, r->root, 0);
    fclose(f);
    return buf;
}

static void test_cache_identical(void **state)
{
    (void)state;
    dmx_cache *c = dmx_cache_new(0);
    dmx_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.cache = c;
    dmx_preset *pr = NULL;
    dmx_result *r0 = glp_eval("glp-eight", &pr, NULL);
    dmx_err e = {0};
    long hits, misses;
    char *j0 = json_of(r0);
    for (int pass = 0; pass < 2; pass++) {
        dmx_result *r = dmx_compute(pr->params, &ctx, &e);
        assert_non_null(r);
        char *j = json_of(r);
        assert_string_equal(j0, j);
        free(j);
        dmx_result_free(r);
    }
    dmx_cache_stats(c, &hits, &misses, NULL);
    assert_true(hits >= 1);
    assert_int_equal(dmx_params_assign(pr->params, "gamma_u=0.71", &e), DMX_OK);
    long h0 = hits;
    dmx_result *r = dmx_compute(pr->params, &ctx, &e);
    assert_non_null(r);
    dmx_cache_stats(c, &hits, &misses, NULL);
    assert_int_equal(hits, h0);
    dmx_result_free(r);
    free(j0);
    dmx_result_free(r0);
    dmx_preset_free(pr);
    dmx_cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache_identical),
        cmocka_unit_test(test_search_matches_reference),
        cmocka_unit_test(test_search_matches_reference_large),
        cmocka_unit_test(test_mu_range_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
