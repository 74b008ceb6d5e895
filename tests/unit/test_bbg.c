/* Tests of the bbg model's engine (engine/bbg/): every closed form against the
 * general Gaussian evaluator with N explicit consumers, and the paper's lemmas,
 * theorems and propositions as properties. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "testutil.h"
#include "dmx.h"
#include "bbg/bbg.h"

/* xorshift64*, seeded: the random points are the same on every run */
static double urand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* relative-or-absolute closeness */
#define assert_close(a, b, tol) assert_near(a, b, (tol) * (1.0 + fabs(b)))

static double pick01(uint64_t *s)
{
    double u = urand(s);
    if (u < 0.08)
        return 0.0;
    if (u < 0.16)
        return 1.0;
    return urand(s);
}

/* Closed forms of Sections 3-4 against the evaluator (evaluator.c) on 300 random
 * points, corners α, β ∈ {0, 1} and σ_e² = 0 included. */
static void test_closed_forms_vs_evaluator(void **st)
{
    (void)st;
    uint64_t seed = 20231124;
    dmx_err e = {0};
    for (int k = 0; k < 300; k++) {
        bbg_prim p;
        double N = 1 + floor(urand(&seed) * 12);
        double se2 = urand(&seed) < 0.1 ? 0.0 : 10 * urand(&seed);
        bbg_prim_make(&p, N, pick01(&seed), pick01(&seed), 0.1 + 10 * urand(&seed), se2);
        double sxi2 = urand(&seed) < 0.2 ? 0.0 : 3 * urand(&seed);
        double v;
        assert_int_equal(bbg_full_var(&p, 0, 0, BBG_OBS_S, &v, &e), DMX_OK);
        assert_close(bbg_var_s(&p, 0), v, 1e-8);
        assert_int_equal(bbg_full_var(&p, 0, 0, BBG_OBS_SI, &v, &e), DMX_OK);
        assert_close(bbg_var_si(&p), v, 1e-8);
        assert_int_equal(bbg_full_var(&p, 0, 0, BBG_OBS_SMI, &v, &e), DMX_OK);
        assert_close(bbg_var_smi(&p, 0), v, 1e-8);
        assert_int_equal(bbg_full_var(&p, sxi2, 0, BBG_OBS_XBAR, &v, &e), DMX_OK);
        assert_close(bbg_var_xbar(&p, sxi2), v, 1e-8);
        assert_int_equal(bbg_full_var(&p, sxi2, 0, BBG_OBS_XBAR_MI, &v, &e), DMX_OK);
        assert_close(bbg_var_xbar_mi(&p, sxi2), v, 1e-8);
        bbg_agg ag;
        assert_int_equal(bbg_aggregate(&p, sxi2, &ag, &e), DMX_OK);
        assert_int_equal(bbg_full_var(&p, sxi2, 0, BBG_OBS_SI_XBAR, &v, &e), DMX_OK);
        assert_close(ag.var_c, v, 1e-8);
        /* individual noisy reports: R(X) = (N/8)(3 var E[w_i|x_-i] - var E[w_i|x]) */
        double vx, vxm;
        assert_int_equal(bbg_full_var(&p, sxi2, 0, BBG_OBS_X, &vx, &e), DMX_OK);
        assert_int_equal(bbg_full_var(&p, sxi2, 0, BBG_OBS_XMI, &vxm, &e), DMX_OK);
        assert_close(ag.R_individual, N / 8 * (3 * vxm - vx), 1e-8);
        /* appendix form of R(x̄) equals the variance form (proof of Theorem 3) */
        double a = p.th2, b = p.thi2, C = a + p.ep2 + sxi2, D = p.thi2 + p.epi2;
        if (N > 1) {
            double Rapp = 3 * (N - 1) * N * a * a / (8 * ((N - 1) * C + D)) -
                          (N * a + b) * (N * a + b) / (8 * (N * C + D));
            assert_close(bbg_agg_R(&p, sxi2), Rapp, 1e-10);
        }
        /* Prop 1 and eq. (30) identities */
        bbg_cs cs;
        bbg_sharing(&p, 0, &cs);
        assert_close(cs.dU, cs.G / 8 - 3 * cs.var_si / 8, 1e-12);
        assert_close(cs.dW, 3 * cs.G / 8 - cs.var_si / 8, 1e-12);
        assert_close(cs.R, N * cs.dW - N * cs.DE, 1e-12);
        assert_close(cs.R, cs.m0 - N * cs.m_i, 1e-12);
        /* welfare evaluator: U, Π from (V_c, V_p) reproduce Prop 1 */
        assert_close(cs.dU, bbg_U(cs.var_s, cs.var_s) - bbg_U(cs.var_si, 0), 1e-12);
    }
}

/* α = β = 1: every signal equals θ + ε, Σ is singular; the evaluator must use the
 * pseudo-inverse and agree with var ŵ_i(s_i). */
static void test_singular_covariance(void **st)
{
    (void)st;
    dmx_err e = {0};
    bbg_prim p;
    bbg_prim_make(&p, 8, 1, 1, 2, 3);
    double v;
    assert_int_equal(bbg_full_var(&p, 0, 0, BBG_OBS_S, &v, &e), DMX_OK);
    assert_close(v, 4.0 / 5.0, 1e-10);
    assert_int_equal(bbg_full_var(&p, 0, 0, BBG_OBS_SMI, &v, &e), DMX_OK);
    assert_close(v, 4.0 / 5.0, 1e-10);
    /* a constant observation carries no information */
    double var[1] = {0}, A[1] = {1}, t[1] = {1};
    assert_int_equal(bbg_post_var(1, var, 1, A, t, &v, &e), DMX_OK);
    assert_near(v, 0, 0);
}

static double G_at(double N, double al, double be, double sw2, double se2)
{
    bbg_prim p;
    bbg_prim_make(&p, N, al, be, sw2, se2);
    return bbg_var_s(&p, 0) - bbg_var_si(&p);
}

/* Lemma 1: G(α, α) = 0, G increases in |α - β|, max at (1, 0) if σ_w > σ_e and at
 * (0, 1) if σ_e > σ_w. */
static void test_lemma1(void **st)
{
    (void)st;
    const double se2s[] = {0.25, 1, 4, 100};
    for (int s = 0; s < 4; s++)
        for (int N = 2; N <= 20; N += 6) {
            double gmax = -1, amax = -1, bmax = -1;
            for (int i = 0; i <= 20; i++) {
                double al = i / 20.0;
                assert_near(G_at(N, al, al, 1, se2s[s]), 0, 1e-12);
                double prev = 0;
                for (int j = i + 1; j <= 20; j++) { /* β moving away above α */
                    double g = G_at(N, al, j / 20.0, 1, se2s[s]);
                    assert_true(g > prev - 1e-14);
                    prev = g;
                }
                prev = 0;
                for (int j = i - 1; j >= 0; j--) { /* β moving away below α */
                    double g = G_at(N, al, j / 20.0, 1, se2s[s]);
                    assert_true(g > prev - 1e-14);
                    prev = g;
                }
                for (int j = 0; j <= 20; j++) {
                    double g = G_at(N, al, j / 20.0, 1, se2s[s]);
                    if (g > gmax + 1e-14) {
                        gmax = g;
                        amax = al;
                        bmax = j / 20.0;
                    }
                }
            }
            if (se2s[s] < 1) {
                assert_near(amax, 1, 0);
                assert_near(bmax, 0, 0);
            } else if (se2s[s] > 1) {
                assert_near(amax, 0, 0);
                assert_near(bmax, 1, 0);
            } else { /* σ_w = σ_e: G symmetric */
                assert_close(G_at(N, 1, 0, 1, 1), G_at(N, 0, 1, 1, 1), 1e-12);
            }
        }
}

/* Theorem 1 and reference numbers computed independently (σ_w² = 1, N = 10). */
static void test_theorem1(void **st)
{
    (void)st;
    bbg_prim p;
    bbg_prim_make(&p, 10, 0.5, 0, 1, 1);
    assert_near(bbg_alpha_star(&p, 0.0), 0.2993, 5e-5);
    assert_near(bbg_alpha_star(&p, 0.5), 0.4170, 5e-5);
    assert_near(bbg_alpha_star(&p, 1.0), 0.5782, 5e-5);
    bbg_prim_make(&p, 10, 0.5, 0, 1, 100);
    assert_near(bbg_alpha_star(&p, 0.0), 0.2367, 5e-5);
    assert_near(bbg_alpha_star(&p, 0.5), 0.4332, 5e-5);
    assert_near(bbg_alpha_star(&p, 1.0), 0.9790, 5e-5);

    const double Ns[] = {6, 7, 10, 30, 200};
    const double se2s[] = {0.1, 1, 10, 100};
    for (int n = 0; n < 5; n++)
        for (int s = 0; s < 4; s++) {
            bbg_prim_make(&p, Ns[n], 0.5, 0, 1, se2s[s]);
            double prev = -1;
            for (int j = 0; j <= 40; j++) {
                double b = j / 40.0, a = bbg_alpha_star(&p, b);
                assert_true(isfinite(a) && a > 0);
                assert_true(a > prev); /* Theorem 1.2: increasing in β for N >= 6 */
                prev = a;
                /* Theorem 1.1: R < 0 left of α*, R > 0 right of it */
                bbg_prim q;
                bbg_prim_make(&q, Ns[n], fmax(0, a - 1e-6), b, 1, se2s[s]);
                assert_true(bbg_sharing_R(&q) <= 0);
                if (a + 1e-6 <= 1) {
                    bbg_prim_make(&q, Ns[n], a + 1e-6, b, 1, se2s[s]);
                    assert_true(bbg_sharing_R(&q) > 0);
                }
            }
            /* β0(N): the fixed point, found independently by bisection on α*(β) - β */
            double lo = 0, hi = 1;
            for (int it = 0; it < 50; it++) {
                double mid = (lo + hi) / 2;
                if (bbg_alpha_star(&p, mid) > mid)
                    lo = mid;
                else
                    hi = mid;
            }
            assert_near(bbg_beta0(Ns[n]), (lo + hi) / 2, 1e-8);
            /* Theorem 1.3: α* increasing in σ_w/σ_e below β0, decreasing above */
            double b0 = bbg_beta0(Ns[n]);
            bbg_prim lo_ratio, hi_ratio; /* σ_e² larger = ratio σ_w/σ_e smaller */
            bbg_prim_make(&lo_ratio, Ns[n], 0.5, 0, 1, se2s[s] * 2);
            bbg_prim_make(&hi_ratio, Ns[n], 0.5, 0, 1, se2s[s]);
            assert_true(bbg_alpha_star(&hi_ratio, b0 / 2) > bbg_alpha_star(&lo_ratio, b0 / 2));
            assert_true(bbg_alpha_star(&hi_ratio, (1 + b0) / 2) <
                        bbg_alpha_star(&lo_ratio, (1 + b0) / 2));
        }
    assert_near(bbg_beta0(10), 0.3910162, 1e-6);
    assert_true(isnan(bbg_beta0(1)));
    bbg_prim_make(&p, 1, 0.5, 0.5, 1, 1); /* N = 1: never profitable */
    assert_true(isnan(bbg_alpha_star(&p, 0.5)));
}

/* Prop 4: for β > 0 signals are complements for small α and substitutes for
 * α >= β; at α = 0 always complements. */
static void test_prop4(void **st)
{
    (void)st;
    bbg_prim p;
    bbg_cs cs;
    for (int j = 1; j <= 10; j++) {
        double b = j / 10.0;
        int seen_sub = 0;
        for (int i = 0; i <= 100; i++) {
            double a = i / 100.0;
            bbg_prim_make(&p, 10, a, b, 1, 2);
            bbg_sharing(&p, 0, &cs);
            if (i == 0)
                assert_true(cs.complements);
            if (a >= b)
                assert_false(cs.complements);
            if (!cs.complements)
                seen_sub = 1;
            else
                assert_false(seen_sub); /* one threshold α̃(β) */
        }
        bbg_prim_make(&p, 10, 0.5, b, 1, 2);
        double at = bbg_prop4_alpha_tilde(&p, b);
        assert_true(at >= 0 && at <= b);
        bbg_prim q;
        bbg_prim_make(&q, 10, fmax(0, at - 1e-6), b, 1, 2);
        bbg_sharing(&q, 0, &cs);
        assert_true(cs.complements);
        bbg_prim_make(&q, 10, at + 1e-6, b, 1, 2);
        bbg_sharing(&q, 0, &cs);
        assert_false(cs.complements);
    }
}

/* brute-force maximum of R(x̄) over σ_ξ² on a fine log grid */
static double brute_opt_R(const bbg_prim *p)
{
    double best = 0; /* R(∞) = 0 */
    for (int k = 0; k <= 4000; k++) {
        double t = k == 0 ? 0 : pow(10, -6 + 12.0 * k / 4000);
        best = fmax(best, bbg_agg_R(p, t));
    }
    return best;
}

/* Theorem 3 / Prop 6: the optimal revenue matches a brute-force search, and its
 * sign flips at α = 1/(1 + N(√3-1)) for several N, β and σ_e². */
static void test_prop6(void **st)
{
    (void)st;
    assert_near(bbg_prop6_alpha(2), 0.40583, 5e-6);
    assert_near(bbg_prop6_alpha(3), 0.31288, 5e-6);
    assert_near(bbg_prop6_alpha(5), 0.21458, 5e-6);
    assert_near(bbg_prop6_alpha(10), 0.12018, 5e-6);
    const double Ns[] = {2, 3, 5, 10, 50, 1000};
    const double bs[] = {0, 0.3, 0.7, 1};
    const double se2s[] = {0.5, 2};
    for (int n = 0; n < 6; n++) {
        double N = Ns[n], thr = bbg_prop6_alpha(N);
        assert_near(thr, (N * (sqrt(3) + 1) - 1) / (2 * N * (N + 1) - 1), 1e-12);
        for (int b = 0; b < 4; b++)
            for (int s = 0; s < 2; s++) {
                bbg_prim p;
                double sx, R;
                bbg_prim_make(&p, N, thr * 0.98, bs[b], 1, se2s[s]);
                assert_int_equal(bbg_agg_opt(&p, &sx, &R), 0);
                assert_true(isinf(sx));
                assert_near(brute_opt_R(&p), 0, 1e-12);
                bbg_prim_make(&p, N, thr * 1.02, bs[b], 1, se2s[s]);
                assert_int_equal(bbg_agg_opt(&p, &sx, &R), 1);
                assert_true(R > 0 && isfinite(sx));
                double Rb = brute_opt_R(&p);
                assert_true(R >= Rb - 1e-12);
                assert_near(R, Rb, 1e-6 * (1 + Rb));
            }
    }
    /* Fig 5 point: σ_w = σ_e = 1, N = 2, α = β = 0.5 gives σ_ξ*² = √3 */
    bbg_prim p;
    double sx, R;
    bbg_prim_make(&p, 2, 0.5, 0.5, 1, 1);
    assert_int_equal(bbg_agg_opt(&p, &sx, &R), 1);
    assert_near(sx, sqrt(3), 1e-9);
}

/* Theorem 2: for any common and idiosyncratic added noise, aggregating beats
 * selling the individual reports (individual revenue from the full evaluator). */
static void test_theorem2(void **st)
{
    (void)st;
    uint64_t seed = 7;
    dmx_err e = {0};
    for (int k = 0; k < 120; k++) {
        bbg_prim p;
        double N = 2 + floor(urand(&seed) * 9);
        bbg_prim_make(&p, N, urand(&seed), urand(&seed), 0.2 + 3 * urand(&seed),
                      3 * urand(&seed));
        double sxi2 = 2 * urand(&seed), sxii2 = urand(&seed) < 0.5 ? 0 : urand(&seed);
        double vx, vxm, vb, vbm;
        assert_int_equal(bbg_full_var(&p, sxi2, sxii2, BBG_OBS_X, &vx, &e), DMX_OK);
        assert_int_equal(bbg_full_var(&p, sxi2, sxii2, BBG_OBS_XMI, &vxm, &e), DMX_OK);
        assert_int_equal(bbg_full_var(&p, sxi2, sxii2, BBG_OBS_XBAR, &vb, &e), DMX_OK);
        assert_int_equal(bbg_full_var(&p, sxi2, sxii2, BBG_OBS_XBAR_MI, &vbm, &e), DMX_OK);
        double Rind = N / 8 * (3 * vxm - vx), Ragg = N / 8 * (3 * vbm - vb);
        assert_true(Ragg >= Rind - 1e-12);
    }
}

/* Theorem 4: N m_i → (3/4)σ_w²α(1-α)/(α + βσ_e²/σ_w²) (N up to 10⁶), R/N → its
 * limit, and for large α the total compensation decreases in N. */
static void test_theorem4(void **st)
{
    (void)st;
    bbg_prim p;
    bbg_prim_make(&p, 10, 0.5, 0.3, 1, 2);
    assert_near(bbg_limit_total_compensation(&p), 0.170454545, 1e-8);
    const double al[] = {0.2, 0.5, 0.8};
    const double be[] = {0, 0.3, 1};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            bbg_prim_make(&p, 1e6, al[i], be[j], 1.5, 2);
            double L = bbg_limit_total_compensation(&p);
            double prev_err = INFINITY;
            for (double N = 1e2; N <= 1e6; N *= 10) {
                double err = fabs(bbg_total_compensation_opt(&p, N) - L);
                assert_true(err < prev_err);
                prev_err = err;
            }
            assert_true(prev_err < 1e-5 * L);
            double sx, R;
            assert_int_equal(bbg_agg_opt(&p, &sx, &R), 1);
            assert_near(R / 1e6, bbg_limit_revenue_per_consumer(&p),
                        5e-5 * bbg_limit_revenue_per_consumer(&p));
        }
    /* part 2, Fig 6 (σ_w = 1, σ_e = 0, α = 0.9): decreasing from N = 2 on */
    bbg_prim_make(&p, 2, 0.9, 0, 1, 0);
    double prev = INFINITY;
    for (double N = 2; N <= 2000; N = ceil(N * 1.3)) {
        double tc = bbg_total_compensation_opt(&p, N);
        assert_true(tc < prev);
        prev = tc;
    }
    assert_near(prev, 0.075, 1e-4);
}

/* Prop 7: β*(α, N) is where σ_ξ*² switches from increasing to decreasing in σ_e²;
 * it is strictly decreasing in α and in N. */
static void test_prop7(void **st)
{
    (void)st;
    const double cases[][2] = {{2, 0.45}, {2, 0.5}, {3, 0.35}, {5, 0.22}, {10, 0.13}};
    for (int k = 0; k < 5; k++) {
        double N = cases[k][0], al = cases[k][1], bs = bbg_prop7_beta_star(N, al);
        assert_true(bs > 0 && bs < 1);
        for (int side = -1; side <= 1; side += 2) {
            double b = bs + side * 0.03;
            bbg_prim p1, p2;
            double s1, s2, R;
            bbg_prim_make(&p1, N, al, b, 1, 1.0);
            bbg_prim_make(&p2, N, al, b, 1, 1.001);
            assert_int_equal(bbg_agg_opt(&p1, &s1, &R), 1);
            assert_int_equal(bbg_agg_opt(&p2, &s2, &R), 1);
            assert_true(s1 > 0);
            if (side < 0)
                assert_true(s2 > s1);
            else
                assert_true(s2 < s1);
        }
    }
    for (double al = 0.42; al < 0.52; al += 0.02)
        assert_true(bbg_prop7_beta_star(2, al + 0.02) < bbg_prop7_beta_star(2, al));
    assert_true(bbg_prop7_beta_star(3, 0.45) < bbg_prop7_beta_star(2, 0.45));
    assert_true(bbg_prop7_beta_star(4, 0.45) < bbg_prop7_beta_star(3, 0.45));
    assert_true(isnan(bbg_prop7_beta_star(2, 0.3)));
    /* where no β* exists the optimal noise is 0 for every σ_e² and β */
    for (double al = 0.3; al < 1; al += 0.1)
        if (isnan(bbg_prop7_beta_star(5, al)) && al > bbg_prop6_alpha(5))
            for (int j = 0; j <= 10; j++)
                for (double se2 = 0.01; se2 < 1000; se2 *= 3) {
                    bbg_prim p;
                    double s, R;
                    bbg_prim_make(&p, 5, al, j / 10.0, 1, se2);
                    assert_int_equal(bbg_agg_opt(&p, &s, &R), 1);
                    assert_near(s, 0, 0);
                }
}

/* Section 5.3: eq. (52) and the Bayes variant of eq. (51) against the evaluator
 * on the explicit two-group model; Props 8 and 9 as properties. */
static void test_segmentation(void **st)
{
    (void)st;
    dmx_err e = {0};
    for (int N = 1; N <= 6; N++)
        for (int ia = 1; ia <= 9; ia += 4) {
            double al = ia / 10.0, sw2 = 1.3, a = al * sw2, b = (1 - al) * sw2;
            /* factors θ1, θ2, θ_ij (2N); consumer (1, 0) is the first of group 1 */
            int nf = 2 + 2 * N;
            double var[20], t[20] = {0}, A[3 * 20] = {0};
            var[0] = var[1] = a;
            for (int k = 0; k < 2 * N; k++)
                var[2 + k] = b;
            t[0] = 1;
            t[2] = 1;
            double *all = A, *others = A + nf;
            for (int g = 0; g < 2; g++)
                for (int i = 0; i < N; i++) {
                    all[g] += 1.0 / (2 * N);
                    all[2 + g * N + i] += 1.0 / (2 * N);
                    if (!(g == 0 && i == 0)) {
                        others[g] += 1;
                        others[2 + g * N + i] += 1;
                    }
                }
            double Von, Vdev;
            assert_int_equal(bbg_post_var(nf, var, 1, all, t, &Von, &e), DMX_OK);
            assert_int_equal(bbg_post_var(nf, var, 2 * N > 1 ? 1 : 0, others, t, &Vdev, &e),
                             DMX_OK);
            double Ru = 2 * N * 0.25 * Von - 2 * N * 0.375 * (Von - Vdev);
            assert_close(bbg_seg_R_uniform_bayes(N, al, sw2), Ru, 1e-10);
            /* group pricing: each group is the baseline model with σ_e = σ_ξ = 0 */
            bbg_prim p;
            double vb, vbm;
            bbg_prim_make(&p, N, al, 0, sw2, 0);
            assert_int_equal(bbg_full_var(&p, 0, 0, BBG_OBS_XBAR, &vb, &e), DMX_OK);
            assert_int_equal(bbg_full_var(&p, 0, 0, BBG_OBS_XBAR_MI, &vbm, &e), DMX_OK);
            assert_close(bbg_seg_R_group(N, al, sw2), 2 * N / 8.0 * (3 * vbm - vb), 1e-10);
        }
    /* Prop 8.1: a single switch to group pricing as N grows (N up to 400), with
     * the paper's eq. (51) and with the Bayes off-path price */
    for (int bayes = 0; bayes < 2; bayes++)
        for (int ia = 1; ia <= 19; ia++) {
            double al = ia / 20.0;
            int switched = 0;
            for (double N = 1; N <= 400; N++) {
                double Ru = bayes ? bbg_seg_R_uniform_bayes(N, al, 1)
                                  : bbg_seg_R_uniform(N, al, 1);
                int g = bbg_seg_R_group(N, al, 1) > Ru;
                if (switched)
                    assert_true(g);
                switched |= g;
                /* Prop 9 for the Bayes variant too */
                double g0 = bbg_seg_R_group(N, al, 1);
                if (bayes && (g0 > 0 || Ru > 0))
                    assert_true(bbg_seg_R_group(N + 1, al, 1) - g0 >
                                bbg_seg_R_uniform_bayes(N + 1, al, 1) - Ru);
            }
            assert_true(switched);
        }
    double pb = INFINITY;
    for (int ia = 1; ia <= 19; ia++) {
        double nb = bbg_seg_threshold_bayes(ia / 20.0, 1, 1e4);
        assert_true(isfinite(nb) && nb <= pb && nb <= bbg_seg_threshold(ia / 20.0, 1, 1e4));
        pb = nb;
    }
    /* Prop 8.2: N̄(α) is non-increasing in α (strictly where N̄ >= 3) */
    double prev = INFINITY;
    for (int ia = 1; ia <= 19; ia++) {
        double nb = bbg_seg_threshold(ia / 20.0, 1, 1e4);
        assert_true(isfinite(nb) && nb <= prev);
        prev = nb;
    }
    assert_true(bbg_seg_threshold(0.1, 1, 1e4) > bbg_seg_threshold(0.3, 1, 1e4));
    /* Prop 9: the marginal consumer is worth more under group pricing whenever
     * either profit is positive */
    for (int ia = 1; ia <= 19; ia++)
        for (double N = 1; N <= 300; N++) {
            double al = ia / 20.0;
            double g0 = bbg_seg_R_group(N, al, 1), u0 = bbg_seg_R_uniform(N, al, 1);
            if (g0 > 0 || u0 > 0)
                assert_true(bbg_seg_R_group(N + 1, al, 1) - g0 >
                            bbg_seg_R_uniform(N + 1, al, 1) - u0);
        }
}

/* Prop 3: ΔW > 0 iff σ_e² above σ̲_e², ΔU > 0 iff above σ̄_e² >= σ̲_e². */
static void test_prop3(void **st)
{
    (void)st;
    bbg_prim p;
    bbg_prim_make(&p, 10, 0.9, 0.1, 1, 1);
    double tw = bbg_prop3_threshold(&p, 0), tu = bbg_prop3_threshold(&p, 1);
    assert_true(isfinite(tw) && isfinite(tu) && tw <= tu);
    bbg_cs cs;
    bbg_prim q;
    bbg_prim_make(&q, 10, 0.9, 0.1, 1, tw * 0.99);
    bbg_sharing(&q, 0, &cs);
    assert_true(cs.dW <= 0);
    bbg_prim_make(&q, 10, 0.9, 0.1, 1, tw * 1.01);
    bbg_sharing(&q, 0, &cs);
    assert_true(cs.dW > 0);
    bbg_prim_make(&q, 10, 0.9, 0.1, 1, tu * 1.01);
    bbg_sharing(&q, 0, &cs);
    assert_true(cs.dU > 0);
    /* on the diagonal G = 0: sharing never helps */
    bbg_prim_make(&p, 10, 0.4, 0.4, 1, 1);
    assert_true(isinf(bbg_prop3_threshold(&p, 0)));
}


/* Theorem 3.1: with σ_ξi > 0 the consumer's own information differs on and off
 * path, so m_i = U(deviate) - U(participate) with U = ½V_c - ⅜V_p (evaluator.c).  For
 * every common noise on a grid, adding idiosyncratic noise never beats the best
 * revenue without it (σ_ξi* = 0). */
static double R_general(const bbg_prim *p, double sxi2, double sxii2)
{
    dmx_err e = {0};
    double Vp, Vpm, Vc, Vcm;
    assert_int_equal(bbg_full_var(p, sxi2, sxii2, BBG_OBS_XBAR, &Vp, &e), DMX_OK);
    assert_int_equal(bbg_full_var(p, sxi2, sxii2, BBG_OBS_XBAR_MI, &Vpm, &e), DMX_OK);
    assert_int_equal(bbg_full_var(p, sxi2, sxii2, BBG_OBS_SI_XBAR, &Vc, &e), DMX_OK);
    assert_int_equal(bbg_full_var(p, sxi2, sxii2, BBG_OBS_SI_XBAR_MI, &Vcm, &e), DMX_OK);
    double m = bbg_U(Vcm, Vpm) - bbg_U(Vc, Vp);
    return p->N / 4 * Vp - p->N * m;
}

static void test_theorem3(void **st)
{
    (void)st;
    uint64_t seed = 99;
    dmx_err e = {0};
    int exact_ok = 1;
    for (int k = 0; k < 25; k++) {
        bbg_prim p;
        double N = 2 + floor(urand(&seed) * 6);
        bbg_prim_make(&p, N, 0.2 + 0.8 * urand(&seed), urand(&seed), 1, 2 * urand(&seed));
        double sx, Ropt;
        bbg_agg_opt(&p, &sx, &Ropt);
        /* without added noise the consumer's information is the same on and off
         * path, and the general formula is the paper's R(x̄) */
        assert_close(R_general(&p, 0, 0), bbg_agg_R(&p, 0), 1e-9);
        /* the O(1) "exact" revenue equals the general evaluator at any noise */
        bbg_agg ag;
        assert_int_equal(bbg_aggregate(&p, 0.3, &ag, &e), DMX_OK);
        assert_close(ag.R_exact, R_general(&p, 0.3, 0), 1e-9);
        double best[4] = {0, 0, 0, 0}; /* staying out earns 0 */
        for (int i = 0; i <= 40; i++)
            for (int j = 0; j < 4; j++) {
                double sxi2 = i == 0 ? 0 : pow(10, -2 + 4.0 * i / 40), sxii2 = j * 0.4;
                /* the paper's R(x̄) with σ_ξi² folded into σ_εi² (proof of Thm 3) */
                bbg_prim q = p;
                q.epi2 += sxii2;
                assert_true(bbg_agg_R(&q, sxi2) <= Ropt + 1e-12);
                best[j] = fmax(best[j], R_general(&p, sxi2, sxii2));
            }
        /* with the exact consumer information, the best revenue over the common
         * noise grid is still reached without idiosyncratic noise */
        for (int j = 1; j < 4; j++)
            if (best[j] > best[0] + 1e-12) {
                print_message("N=%g a=%g b=%g se2=%g sxii2=%g: %g > %g\n", p.N, p.alpha,
                              p.beta, p.se2, j * 0.4, best[j], best[0]);
                exact_ok = 0;
            }
    }
    assert_true(exact_ok);
}

/* Prop 2: for every α the set of β where complete sharing lowers social surplus
 * is an interval around α, and its ends increase in α (σ_e² = 1 and 100). */
static void test_prop2(void **st)
{
    (void)st;
    const double se2s[] = {1, 100};
    for (int s = 0; s < 2; s++) {
        double prev_lo = -1, prev_hi = -1;
        for (int i = 0; i <= 50; i++) {
            double a = i / 50.0;
            int state = 0; /* 0: gain before the interval, 1: in it, 2: after it */
            double lo = NAN, hi = NAN;
            for (int j = 0; j <= 400; j++) {
                double b = j / 400.0;
                bbg_prim p;
                bbg_cs cs;
                bbg_prim_make(&p, 10, a, b, 1, se2s[s]);
                bbg_sharing(&p, 0, &cs);
                int loss = !(cs.dW > 0);
                if (state == 0 && loss) {
                    state = 1;
                    lo = b;
                } else if (state == 1 && !loss) {
                    state = 2;
                    hi = b;
                } else if (state == 2) {
                    assert_false(loss);
                }
            }
            assert_true(state >= 1 && lo <= a + 1e-12);
            if (state == 1)
                hi = 1.0 + 1e-9;
            assert_true(hi > a);
            assert_true(lo >= prev_lo && hi >= prev_hi);
            /* the model's own interval agrees with this scan (grid step 1/400) */
            double flo, fhi;
            bbg_prim q;
            bbg_prim_make(&q, 10, a, 0, 1, se2s[s]);
            bbg_prop2_interval(&q, a, &flo, &fhi);
            assert_near(flo, lo, 1.0 / 400 + 1e-9);
            assert_near(fmin(fhi, 1.0), fmin(hi, 1.0), 1.0 / 400 + 1e-9);
            prev_lo = lo;
            prev_hi = hi;
        }
    }
}

/* The exact-information revenue (consumer information counted on and off path):
 * its optimum matches a brute-force search with the full N-consumer evaluator, and
 * its Prop 6-type threshold is where that optimum changes sign; it is never below
 * the paper's threshold, and equals the paper's R(x̄) without added noise. */
static void test_exact_information(void **st)
{
    (void)st;
    dmx_err e = {0};
    const double pts[][4] = {{2, 0.5, 0.5, 1}, {3, 0.4, 0.2, 0.5}, {4, 0.35, 0.8, 2},
                             {5, 0.7, 0.3, 1}};
    for (int k = 0; k < 4; k++) {
        bbg_prim p;
        bbg_prim_make(&p, pts[k][0], pts[k][1], pts[k][2], 1, pts[k][3]);
        double sx, R, best = 0;
        assert_int_equal(bbg_agg_opt_exact(&p, &sx, &R, &e), DMX_OK);
        for (int i = 0; i <= 200; i++) {
            double t = i == 0 ? 0 : pow(10, -3 + 6.0 * i / 200);
            best = fmax(best, R_general(&p, t, 0));
        }
        assert_true(R >= best - 1e-12);
        assert_near(R, best, 1e-6 * (1 + best));
        double R0;
        assert_int_equal(bbg_agg_R_exact(&p, 0, &R0, &e), DMX_OK);
        assert_close(R0, bbg_agg_R(&p, 0), 1e-10);
    }
    const double Ns[] = {2, 3, 5, 10};
    const double bs[] = {0, 0.5, 1};
    for (int n = 0; n < 4; n++)
        for (int b = 0; b < 3; b++) {
            bbg_prim p, q;
            double thr, sx, R;
            bbg_prim_make(&p, Ns[n], 0.5, bs[b], 1, 1);
            assert_int_equal(bbg_prop6_alpha_exact(&p, &thr, &e), DMX_OK);
            assert_true(thr >= bbg_prop6_alpha(Ns[n]) - 1e-6);
            bbg_prim_make(&q, Ns[n], thr - 3e-3, bs[b], 1, 1);
            assert_int_equal(bbg_agg_opt_exact(&q, &sx, &R, &e), DMX_OK);
            assert_near(R, 0, 0);
            bbg_prim_make(&q, Ns[n], thr + 3e-3, bs[b], 1, 1);
            assert_int_equal(bbg_agg_opt_exact(&q, &sx, &R, &e), DMX_OK);
            assert_true(R > 0);
        }
}

static void expect_bad(const char *assign, const char *needle)
{
    const dmx_model *m = dmx_model_find("bbg");
    assert_non_null(m);
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    int rc = dmx_params_assign(p, assign, &e);
    if (rc == DMX_OK)
        rc = dmx_params_validate(p, &e);
    if (rc != DMX_EDATA || !strstr(e.msg, needle))
        fail_msg("'%s': rc %d msg '%s' (wanted EDATA naming '%s')", assign, rc, e.msg, needle);
    dmx_params_free(p);
}

static void expect_bad_yaml(const char *yaml, const char *needle)
{
    dmx_preset *pr = NULL;
    dmx_err e = {0};
    int rc = dmx_preset_parse(yaml, strlen(yaml), "bad.yaml", &pr, &e);
    if (rc == DMX_OK) {
        dmx_result *r = dmx_compute(pr->params, NULL, &e);
        rc = r ? DMX_OK : e.code;
        dmx_result_free(r);
    }
    if (rc != DMX_EDATA || !strstr(e.msg, needle))
        fail_msg("yaml: rc %d msg '%s' (wanted EDATA naming '%s')", rc, e.msg, needle);
    dmx_preset_free(pr);
}

static void test_bad_input(void **st)
{
    (void)st;
    expect_bad("alpha=1.5", "alpha");
    expect_bad("alpha=-0.1", "alpha");
    expect_bad("beta=2", "beta");
    expect_bad("sigma_e2=-1", "sigma_e2");
    expect_bad("sigma_w2=0", "sigma_w2");
    expect_bad("sigma_w2=-3", "sigma_w2");
    expect_bad("sigma_xi2=-0.5", "sigma_xi2");
    expect_bad("N=0", "N");
    expect_bad("N=2.5", "N");
    expect_bad_yaml("model: bbg\nparams:\n  N: 3.5\n", "N");
    expect_bad_yaml("model: bbg\nparams:\n  alpha: 1.01\n", "alpha");
    expect_bad_yaml("model: bbg\nparams:\n  sigma_e2: -2\n", "sigma_e2");
    /* noise = fixed needs sigma_xi2 */
    const dmx_model *m = dmx_model_find("bbg");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(p, "noise=fixed", &e), DMX_OK);
    dmx_params_unset(p, dmx_params_index(m, "sigma_xi2"));
    assert_int_equal(dmx_params_validate(p, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "sigma_xi2"));
    dmx_params_free(p);
}

/* The model through dmx_compute: contract fields, nulls with reasons, and the
 * fixed-noise policy equal to R(x̄) at that noise. */
static void test_model_contract(void **st)
{
    (void)st;
    const dmx_model *m = dmx_model_find("bbg");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(p, "noise=fixed", &e), DMX_OK);
    assert_int_equal(dmx_params_assign(p, "sigma_xi2=0.7", &e), DMX_OK);
    dmx_result *r = dmx_compute(p, NULL, &e);
    assert_non_null(r);
    static const char *const paths[] = {
        "complete_sharing.var_s", "complete_sharing.var_si", "complete_sharing.var_s_minus_i",
        "complete_sharing.G", "complete_sharing.dU", "complete_sharing.dPi",
        "complete_sharing.dW", "complete_sharing.DE", "complete_sharing.m_i",
        "complete_sharing.m0", "complete_sharing.R", "complete_sharing.complements",
        "aggregate.sigma_xi2", "aggregate.R", "aggregate.total_compensation",
        "thresholds.alpha_star", "thresholds.beta0", "thresholds.prop6_alpha",
        "limits.total_compensation"};
    for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++)
        if (!dmx_node_get(r->root, paths[k]))
            fail_msg("missing %s", paths[k]);
    bbg_prim q;
    bbg_prim_make(&q, 10, 0.7, 0.3, 1, 1);
    assert_close(dmx_node_get(r->root, "aggregate.R")->num, bbg_agg_R(&q, 0.7), 1e-12);
    assert_close(dmx_node_get(r->root, "aggregate.sigma_xi2")->num, 0.7, 0);
    assert_non_null(dmx_result_view(r, "profit_map"));
    assert_non_null(dmx_result_view(r, "compare"));
    assert_non_null(dmx_result_view(r, "explain"));
    assert_true(r->residual < 1e-12);
    dmx_result_free(r);
    /* N = 1: thresholds do not exist → null with a reason */
    assert_int_equal(dmx_params_assign(p, "N=1", &e), DMX_OK);
    assert_int_equal(dmx_params_assign(p, "noise=optimal", &e), DMX_OK);
    r = dmx_compute(p, NULL, &e);
    assert_non_null(r);
    const dmx_node *n = dmx_node_get(r->root, "thresholds.alpha_star");
    assert_non_null(n);
    assert_int_equal(n->t, DMX_N_NULL);
    assert_non_null(n->str);
    n = dmx_node_get(r->root, "aggregate.sigma_xi2");
    assert_int_equal(n->t, DMX_N_NULL);
    assert_near(dmx_node_get(r->root, "aggregate.R")->num, 0, 0);
    dmx_result_free(r);
    /* a cancelled computation returns DMX_ECANCELED and no result */
    atomic_int stop = 1;
    dmx_ctx cctx = {.cancel = &stop};
    dmx_err ce = {0};
    assert_null(dmx_compute(p, &cctx, &ce));
    assert_int_equal(ce.code, DMX_ECANCELED);
    /* a sweep wanting one field skips the views */
    dmx_ctx ctx = {.want = "complete_sharing.regime"};
    r = dmx_compute(p, &ctx, &e);
    assert_non_null(r);
    assert_int_equal(r->nviews, 0);
    assert_non_null(dmx_node_get(r->root, "complete_sharing.regime"));
    dmx_result_free(r);
    dmx_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_forms_vs_evaluator),
        cmocka_unit_test(test_singular_covariance),
        cmocka_unit_test(test_lemma1),
        cmocka_unit_test(test_theorem1),
        cmocka_unit_test(test_prop4),
        cmocka_unit_test(test_prop6),
        cmocka_unit_test(test_theorem2),
        cmocka_unit_test(test_theorem4),
        cmocka_unit_test(test_prop7),
        cmocka_unit_test(test_segmentation),
        cmocka_unit_test(test_prop3),
        cmocka_unit_test(test_theorem3),
        cmocka_unit_test(test_prop2),
        cmocka_unit_test(test_exact_information),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_model_contract),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
