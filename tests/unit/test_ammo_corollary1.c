/* test_ammo_corollary1.c -- Corollary 1 of Acemoglu, Makhdoumi, Malekian, Ozdaglar (2022),
 * §3.5 (proof in Appendix A), checked on the engine's leaks and prices.
 *
 * The statement: for any user i and any profile a_−i of the others, the equilibrium price
 * that induces a_i = 1 (Theorem 2),
 *     p_i = v_i (σ_i² − I0)² / (σ_i² + 1 − I0),   I0 = I_i(a_i = 0, a_−i),
 * is increasing in σ_i² and decreasing in the data externality I0, and the leak
 * I_i(a_i = 1, a_−i) = I0 + (σ_i² − I0)² / (σ_i² + 1 − I0) (eq. 5) is increasing in both.
 *
 * The conditions, as the corollary states them: the two monotonicities are partial ones,
 * in σ_i² at a fixed data externality I0 and in I0 at a fixed σ_i².  By Theorem 2,
 * I0 = d_iᵀ (I + D_i)⁻¹ d_i with d_i = (Σ_ij : j ≠ i shares) and D_i the others' block, so
 * I0 does not involve Σ_ii: raising Σ_ii alone, every covariance Σ_ij (j ≠ i) and the
 * rest of Σ unchanged, is exactly "σ_i² up, I0 fixed" (and keeps Σ positive semidefinite).
 * Shrinking user i's covariances Σ_ij (j ≠ i) by a factor t ∈ [0, 1] at fixed Σ_ii keeps
 * Σ PSD (it is D_t Σ D_t + (1 − t²) σ_i² e_i e_iᵀ) and gives I0(t) = t² I0(1): the
 * externality alone moves.  The price is strictly monotone when v_i > 0 (σ_i² − I0 > 0
 * always, the data being noisy); for v_i = 0 it is 0.
 *
 * A third move the corollary does not hold fixed, tested as a consequence: raising σ_i²
 * at fixed correlation coefficients ρ_ij scales d_i by σ_i, so I0 = q σ_i² with q fixed
 * (q < 1), the price is v_i u²/(u + 1) with u = (1 − q) σ_i², and it still increases,
 * although the externality grows too.
 *
 * The engine's prices (ammo_prices on the I0, I1 of one factorisation, through link (5))
 * are compared with prices from two separate leak evaluations (a_i = 1 and a_i = 0), and
 * the full model path (dmx_compute, profile_eval) with the closed form on the slides'
 * three-user Σ. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"
#include "ammo/ammo.h"

static uint64_t rs = 0x9e3779b97f4a7c15ull;
static double urand(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (double)(rs >> 11) / 9007199254740992.0;
}

/* Random PSD Σ = F Fᵀ (rank r) + diag(ridge) with unequal variances. */
static void random_cov(int n, int rank, double *S)
{
    double F[8 * 8], ridge[8];
    for (int i = 0; i < n * rank; i++)
        F[i] = urand() * 2 - 1;
    for (int i = 0; i < n; i++)
        ridge[i] = 0.02 + 1.5 * urand();
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double a = 0;
            for (int k = 0; k < rank; k++)
                a += F[i * rank + k] * F[j * rank + k];
            S[i * n + j] = 1.5 * a + (i == j ? ridge[i] : 0);
        }
}

/* What the corollary is about for user i, a_i = 1 (the others as in a):
 * the engine's price p (ammo_prices), the price from two separate leak evaluations pd,
 * the leak with her data I1 and without I0 (from the profile with a_i = 0, whose
 * factorisation does not involve Σ_ii). */
typedef struct c1vals {
    double p, pd, I1, I0;
} c1vals;

static c1vals corollary_vals(int n, const double *S, const double *v, const unsigned char *a0,
                             int i)
{
    unsigned char a[8];
    double I[8], I0[8], I1[8], p[8], J[8];
    dmx_err e = {0};
    memcpy(a, a0, (size_t)n);
    a[i] = 1;
    assert_int_equal(ammo_leaks(n, S, a, I, I0, I1, &e), DMX_OK);
    ammo_prices(n, v, a, I0, I1, p);
    c1vals r = {.p = p[i], .I1 = I[i]};
    a[i] = 0;
    assert_int_equal(ammo_leaks(n, S, a, J, NULL, NULL, &e), DMX_OK);
    r.I0 = J[i];
    r.pd = v[i] * (I[i] - J[i]);            /* Theorem 2: v_i (I_i(T ∪ i) − I_i(T \ i)) */
    assert_near(J[i], I0[i], 1e-12 * (1 + S[i * n + i]));
    assert_near(r.p, r.pd, 1e-11 * (1 + r.p));
    return r;
}

/* Σ_ii raised, everything else fixed: I0 unchanged, price and leak strictly up; and the
 * closed form of Theorem 2 at every step. */
static void test_price_increasing_in_variance(void **state)
{
    (void)state;
    int checked = 0;
    for (int rep = 0; rep < 300; rep++) {
        const int n = 2 + rep % 7, rank = 1 + rep % 3;
        double S[64], v[8];
        unsigned char a[8];
        random_cov(n, rank, S);
        for (int j = 0; j < n; j++) {
            v[j] = 0.05 + 2.5 * urand();
            a[j] = urand() < 0.6;
        }
        const int i = rep % n;
        double s0 = S[i * n + i];
        c1vals prev = corollary_vals(n, S, v, a, i);
        static const double steps[] = {1e-3, 0.01, 0.1, 0.5, 1, 3, 10};
        for (size_t k = 0; k < sizeof steps / sizeof *steps; k++) {
            S[i * n + i] = s0 + steps[k] * s0;
            c1vals cur = corollary_vals(n, S, v, a, i);
            double s = S[i * n + i], u = s - cur.I0;
            /* I0 does not involve Σ_ii (Theorem 2) */
            assert_true(cur.I0 == prev.I0);
            assert_true(u > 0);
            assert_near(cur.p, v[i] * u * u / (u + 1), 1e-11 * (1 + cur.p));
            if (!(cur.p > prev.p && cur.pd > prev.pd))
                fail_msg("rep %d user %d: σ² %.6g -> %.6g, price %.17g -> %.17g", rep, i,
                         s0 + (k ? steps[k - 1] * s0 : 0), s, prev.p, cur.p);
            if (!(cur.I1 > prev.I1))
                fail_msg("rep %d user %d: leak %.17g -> %.17g as σ² rises", rep, i, prev.I1,
                         cur.I1);
            prev = cur;
            checked++;
        }
    }
    assert_int_equal(checked, 300 * 7);
}

/* σ_i² fixed, user i's covariances scaled by t: I0 = t² I0(1) grows with t, the price
 * falls and the leak with her data rises (strictly when I0(1) > 0). */
static void test_price_decreasing_in_externality(void **state)
{
    (void)state;
    int strict = 0;
    for (int rep = 0; rep < 300; rep++) {
        const int n = 2 + rep % 7, rank = 1 + rep % 3;
        double S[64], B[64], v[8];
        unsigned char a[8];
        random_cov(n, rank, B);
        for (int j = 0; j < n; j++) {
            v[j] = 0.05 + 2.5 * urand();
            a[j] = urand() < 0.6;
        }
        const int i = rep % n;
        c1vals prev = {0};
        double I0full = 0;
        for (int k = 0; k <= 10; k++) {
            double t = k / 10.0;
            memcpy(S, B, sizeof *S * (size_t)(n * n));
            for (int j = 0; j < n; j++)
                if (j != i) {
                    S[i * n + j] *= t;
                    S[j * n + i] *= t;
                }
            c1vals cur = corollary_vals(n, S, v, a, i);
            if (k == 0)
                assert_near(cur.I0, 0, 1e-14);          /* no covariance: no externality */
            if (k == 10)
                I0full = cur.I0;
            if (k > 0) {
                assert_true(cur.I0 >= prev.I0);
                if (cur.I0 > prev.I0 + 1e-12) {
                    strict++;
                    if (!(cur.p < prev.p && cur.pd < prev.pd && cur.I1 > prev.I1))
                        fail_msg("rep %d user %d t %.1f: I0 %.17g -> %.17g, price %.17g -> "
                                 "%.17g, leak %.17g -> %.17g", rep, i, t, prev.I0, cur.I0,
                                 prev.p, cur.p, prev.I1, cur.I1);
                }
            }
            prev = cur;
        }
        /* I0(t) = t² I0(1), at t = 1/2 */
        memcpy(S, B, sizeof *S * (size_t)(n * n));
        for (int j = 0; j < n; j++)
            if (j != i) {
                S[i * n + j] *= 0.5;
                S[j * n + i] *= 0.5;
            }
        c1vals half = corollary_vals(n, S, v, a, i);
        assert_near(half.I0, 0.25 * I0full, 1e-12 * (1 + I0full));
    }
    assert_true(strict > 1000);          /* most steps move the externality */
}

/* σ_i² raised at fixed correlation coefficients: the externality I0 = q σ_i² grows too, the
 * price v_i u²/(u + 1), u = (1 − q) σ_i², still increases. */
static void test_price_increasing_at_fixed_correlation(void **state)
{
    (void)state;
    for (int rep = 0; rep < 200; rep++) {
        const int n = 2 + rep % 7, rank = 1 + rep % 3;
        double S[64], B[64], v[8];
        unsigned char a[8];
        random_cov(n, rank, B);
        for (int j = 0; j < n; j++) {
            v[j] = 0.05 + 2.5 * urand();
            a[j] = urand() < 0.6;
        }
        const int i = rep % n;
        c1vals prev = {0};
        double q = 0;
        for (int k = 0; k < 8; k++) {
            double f = 0.25 * (k + 1);          /* σ_i scaled by f: σ_i² by f² */
            memcpy(S, B, sizeof *S * (size_t)(n * n));
            for (int j = 0; j < n; j++) {
                S[i * n + j] *= f;
                S[j * n + i] *= f;
            }
            c1vals cur = corollary_vals(n, S, v, a, i);
            double s = S[i * n + i];
            if (k == 0)
                q = cur.I0 / s;
            assert_near(cur.I0, q * s, 1e-12 * (1 + s));
            if (k > 0 && !(cur.p > prev.p && cur.I1 > prev.I1))
                fail_msg("rep %d user %d: price %.17g -> %.17g at fixed correlations", rep, i,
                         prev.p, cur.p);
            prev = cur;
        }
        assert_true(q > -1e-14 && q < 1);
    }
}

/* The model path: the slides' Σ = [[1, ½, ½], [½, 1, 0], [½, 0, 1]] (preset ammo-slides3),
 * all three sharing; user 1's externality I0 = I_1(0,1,1) = 1/4 does not involve σ_1², so
 * p_1 = v_1 (σ_1² − 1/4)² / (σ_1² + 3/4) (Theorem 2) for σ_1² = 1, 1.5, 2, 4: increasing. */
static void test_model_path(void **state)
{
    (void)state;
    static const char *const s1[] = {"1", "1.5", "2", "4"};
    double prev = -1;
    for (int k = 0; k < 4; k++) {
        dmx_preset *pr = test_preset("ammo-slides3");
        dmx_err e = {0};
        char set[64];
        snprintf(set, sizeof set, "cov[0][0]=%s", s1[k]);
        const char *const sets[] = {set, "profile=1,1,1"};
        for (int j = 0; j < 2; j++)
            if (dmx_params_assign(pr->params, sets[j], &e) != DMX_OK)
                fail_msg("%s: %s", sets[j], e.msg);
        dmx_result *r = dmx_compute(pr->params, NULL, &e);
        if (!r)
            fail_msg("%s", e.msg);
        const dmx_node *p0 = dmx_node_get(r->root, "profile_eval.prices[0]");
        const dmx_node *i0 = dmx_node_get(r->root, "profile_eval.leaks_without_own[0]");
        assert_non_null(p0);
        assert_non_null(i0);
        double s = atof(s1[k]);
        assert_near(i0->num, 0.25, 1e-12);
        assert_near(p0->num, 1.5 * (s - 0.25) * (s - 0.25) / (s + 0.75), 1e-12);
        assert_true(p0->num > prev);
        prev = p0->num;
        dmx_result_free(r);
        dmx_preset_free(pr);
    }
    assert_near(prev, 1.5 * 3.75 * 3.75 / 4.75, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_price_increasing_in_variance),
        cmocka_unit_test(test_price_decreasing_in_externality),
        cmocka_unit_test(test_price_increasing_at_fixed_correlation),
        cmocka_unit_test(test_model_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
