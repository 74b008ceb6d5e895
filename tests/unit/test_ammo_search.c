/* test_ammo_search.c -- the ammo algorithms against independent computations:
 * the include/exclude tree (rank-1 updates) against one Cholesky per profile, the leak
 * formula against a plain SPD solve, the closed-form link, monotonicity and
 * own-submodularity (Lemma 1, Prop. 2) on random PSD matrices, community count vectors
 * against full enumeration, the de-correlation counterexample, taxes and Lemma 3. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"
#include "linalg.h"
#include "ammo/ammo.h"
#include "ammo_tree_ref.h"

static uint64_t rs = 88172645463325252ull;
static double urand(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (double)(rs >> 11) / 9007199254740992.0;
}

/* Random PSD Σ = F Fᵀ · scale / n (+ small ridge), values in [0, 2.5]. */
static void random_case(int n, double *S, double *v, int rank)
{
    double *F = malloc(sizeof *F * (size_t)n * (size_t)rank);
    for (int i = 0; i < n * rank; i++)
        F[i] = urand() * 2 - 1;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double a = 0;
            for (int k = 0; k < rank; k++)
                a += F[i * rank + k] * F[j * rank + k];
            S[i * n + j] = 2.0 * a / rank + (i == j ? 0.05 : 0);
        }
    for (int i = 0; i < n; i++)
        v[i] = 2.5 * urand();
    free(F);
}

/* Tree search == per-profile factorization for n <= 12 (values, canonical profiles, tie
 * counts, SS ranges and per-popcount maxima). */
static void test_tree_vs_naive(void **state)
{
    (void)state;
    for (int rep = 0; rep < 12; rep++) {
        int n = 3 + rep % 10, rank = 1 + rep % 4;
        double S[144], v[12];
        random_case(n, S, v, rank);
        if (rep == 5)
            v[0] = 1.0;           /* a v = 1 user */
        ammo_search_out a, b;
        ammo_out_init(&a);
        ammo_out_init(&b);
        dmx_err e = {0};
        assert_int_equal(ammo_search(n, S, v, 0, 0, 1 + rep % 2, NULL, 0, 1, &a, &e), DMX_OK);
        assert_int_equal(ammo_search_naive(n, S, v, 0, 0, NULL, &b, &e), DMX_OK);
        for (int q = 0; q < AMMO_NOBJ; q++) {
            assert_near(a.t[q].best, b.t[q].best, 1e-10);
            assert_true(a.t[q].mask == b.t[q].mask);
            assert_near(a.t[q].count, b.t[q].count, 0);
            assert_near(a.t[q].ss_lo, b.t[q].ss_lo, 1e-10);
            assert_near(a.t[q].ss_hi, b.t[q].ss_hi, 1e-10);
        }
        for (int k = 0; k <= n; k++)
            assert_near(a.phik[k], b.phik[k], 1e-10);
        assert_near(a.leaves, 1 << n, 0);
        /* Lemma 3: every user with v < 1 shares in the equilibrium */
        for (int i = 0; i < n; i++)
            if (v[i] < 1)
                assert_true(a.t[AMMO_OBJ_PHI].mask >> i & 1);
        /* forced decisions: Lemma 3 reduction gives the same maximum */
        uint64_t fin = 0;
        for (int i = 0; i < n; i++)
            if (v[i] < 1)
                fin |= (uint64_t)1 << i;
        ammo_search_out c;
        ammo_out_init(&c);
        assert_int_equal(ammo_search(n, S, v, fin, 0, 2, NULL, 0, 1, &c, &e), DMX_OK);
        assert_near(c.t[AMMO_OBJ_PHI].best, a.t[AMMO_OBJ_PHI].best, 1e-10);
        assert_near(c.t[AMMO_OBJ_PHI].count, a.t[AMMO_OBJ_PHI].count, 0);
        ammo_out_free(&a);
        ammo_out_free(&b);
        ammo_out_free(&c);
    }
}

/* I_i(T) = Σ_iT (I+Σ_TT)^{-1} Σ_Ti by a plain SPD solve; link (5) and its inverse;
 * monotonicity and own-submodularity (Lemma 1), hence Prop. 2. */
static void test_leak_invariants(void **state)
{
    (void)state;
    const int n = 7;
    double S[49], v[7], I[7], I0[7], I1[7], J[7], J0[7], J1[7];
    dmx_err e = {0};
    for (int rep = 0; rep < 20; rep++) {
        random_case(n, S, v, 1 + rep % 5);
        for (int mask = 0; mask < 128; mask++) {
            unsigned char a[7];
            int T[7], t = 0;
            for (int i = 0; i < n; i++) {
                a[i] = (unsigned char)(mask >> i & 1);
                if (a[i])
                    T[t++] = i;
            }
            assert_int_equal(ammo_leaks(n, S, a, I, I0, I1, &e), DMX_OK);
            /* independent: solve (I + Σ_TT) X = Σ_{T,:} */
            if (t > 0) {
                double K[49], X[49];
                for (int r = 0; r < t; r++) {
                    for (int q = 0; q < t; q++)
                        K[r * t + q] = S[T[r] * n + T[q]] + (r == q);
                    for (int i = 0; i < n; i++)
                        X[r * n + i] = S[T[r] * n + i];
                }
                assert_int_equal(dmx_spd_solve_inplace(t, K, n, X, &e), DMX_OK);
                for (int i = 0; i < n; i++) {
                    double acc = 0;
                    for (int r = 0; r < t; r++)
                        acc += S[i * n + T[r]] * X[r * n + i];
                    assert_near(I[i], acc, 1e-12);
                }
            }
            for (int i = 0; i < n; i++) {
                /* link: I0 equals the leak of the profile without i; I1 with i */
                unsigned char b[7];
                memcpy(b, a, 7);
                b[i] = 0;
                assert_int_equal(ammo_leaks(n, S, b, J, J0, J1, &e), DMX_OK);
                assert_near(I0[i], J[i], 1e-12);
                b[i] = 1;
                assert_int_equal(ammo_leaks(n, S, b, J, J0, J1, &e), DMX_OK);
                assert_near(I1[i], J[i], 1e-12);
                /* 0 <= I <= σ² */
                assert_true(I[i] >= -1e-14 && I[i] <= S[i * n + i] + 1e-12);
                /* monotone in T and own increment nonincreasing when j joins */
                for (int j = 0; j < n; j++) {
                    if (a[j] || j == i)
                        continue;
                    unsigned char c[7];
                    memcpy(c, a, 7);
                    c[j] = 1;
                    assert_int_equal(ammo_leaks(n, S, c, J, J0, J1, &e), DMX_OK);
                    assert_true(J[i] >= I[i] - 1e-12);
                    assert_true(J1[i] - J0[i] <= I1[i] - I0[i] + 1e-12);   /* Prop. 2 */
                }
            }
        }
    }
}

/* Model-level invariants on random matrices (explicit cov): Prop 1 (correct form) holds
 * at the first best; Theorem 6 (paper's leak function): SS(ã) >= max(SS(a^E), 0); Prop 3
 * bound; Pigouvian taxes implement the first best; uniform tax path ends at τ_shut. */
static void test_model_invariants(void **state)
{
    (void)state;
    const dmx_model *m = dmx_model_find("ammo");
    assert_non_null(m);
    for (int rep = 0; rep < 8; rep++) {
        int n = 4 + rep;
        double S[144], v[12];
        random_case(n, S, v, 1 + rep % 3);
        dmx_params *p = dmx_params_new(m);
        dmx_err e = {0};
        assert_int_equal(dmx_params_set_array(p, dmx_params_index(m, "cov"), S, n, n, &e),
                         DMX_OK);
        assert_int_equal(dmx_params_set_array(p, dmx_params_index(m, "values"), v, n, 1, &e),
                         DMX_OK);
        dmx_result *r = dmx_compute(p, NULL, &e);
        if (!r)
            fail_msg("%s", e.msg);
        const dmx_node *root = r->root;
        double sse = dmx_node_get(root, "equilibrium.social_surplus")->num;
        double ssw = dmx_node_get(root, "first_best.social_surplus")->num;
        double ssd = dmx_node_get(root, "decorrelation.paper.social_surplus")->num;
        double b3 = dmx_node_get(root, "bounds.prop3")->num;
        assert_true(ssw >= sse - 1e-12);
        assert_true(ssw >= -1e-12);
        assert_true(ssd >= fmax(sse, 0) - 1e-12);
        assert_true(sse <= b3 + 1e-10);
        assert_true(dmx_node_get(root, "prop1.holds_at_first_best")->num != 0);
        assert_true(dmx_node_get(root, "pigou.implements_first_best")->num != 0);
        /* platform payoff = Σ leaks - Σ prices */
        const dmx_node *lk = dmx_node_get(root, "equilibrium.leaks");
        double sl = 0;
        for (int i = 0; i < lk->nkids; i++)
            sl += lk->kids[i]->num;
        assert_near(dmx_node_get(root, "equilibrium.platform_payoff")->num,
                    sl - dmx_node_get(root, "equilibrium.total_payment")->num, 1e-12);
        /* tax: τ = 0 reproduces the equilibrium; above τ_shut nobody trades */
        assert_near(dmx_node_get(root, "tax.platform_payoff")->num,
                    dmx_node_get(root, "equilibrium.platform_payoff")->num, 1e-10);
        double shut = dmx_node_get(root, "tax.tau_shut")->num;
        dmx_result_free(r);
        char a[64];
        snprintf(a, sizeof a, "tax=%.17g", shut * 1.0001 + 1e-9);
        assert_int_equal(dmx_params_assign(p, a, &e), DMX_OK);
        r = dmx_compute(p, NULL, &e);
        assert_non_null(r);
        assert_near(dmx_node_get(r->root, "tax.sharers")->num, 0, 0);
        dmx_result_free(r);
        dmx_params_free(p);
    }
}

/* Community count vectors == full enumeration on the same Σ (2 x 4 users). */
static void test_communities_vs_full(void **state)
{
    (void)state;
    const dmx_model *m = dmx_model_find("ammo");
    /* across, within_0, v_0, within_1, v_1, variance_1; the last point has an interior
     * first best (k = 2 of 4 in community 1: C(4,2) = 6 tied profiles), the fourth a v = 1
     * community (2^4 tied de-correlation profiles) */
    const double pts[6][6] = {{0.1, 0.2, 0.9, 0.1, 2.0, 1.5}, {0.3, 0.2, 0.5, 0.1, 1.3, 1.5},
                              {0.25, 0.2, 0.9, 0.1, 1.05, 1.5}, {0.2, 0.2, 1.0, 0.1, 1.5, 1.5},
                              {0.05, 0.2, 0.2, 0.1, 4.0, 1.5}, {0.3, 0.3, 0.5, 0.3, 1.02, 1}};
    double ties = 0;
    for (int k = 0; k < 6; k++) {
        dmx_params *pc = dmx_params_new(m);
        dmx_err e = {0};
        double recs[8] = {4, 1, pts[k][1], pts[k][2], 4, pts[k][5], pts[k][3], pts[k][4]};
        assert_int_equal(dmx_params_set_array(pc, dmx_params_index(m, "communities"), recs, 2,
                                              4, &e), DMX_OK);
        char a[64];
        snprintf(a, sizeof a, "across=%g", pts[k][0]);
        assert_int_equal(dmx_params_assign(pc, a, &e), DMX_OK);
        dmx_result *rc = dmx_compute(pc, NULL, &e);
        if (!rc)
            fail_msg("%s", e.msg);
        assert_non_null(strstr(dmx_node_get(rc->root, "method.name")->str, "count vectors"));
        /* the same Σ explicitly */
        double S[64], v[8];
        for (int i = 0; i < 8; i++) {
            int g = i / 4;
            v[i] = recs[g * 4 + 3];
            for (int j = 0; j < 8; j++) {
                int h = j / 4;
                double si = recs[g * 4 + 1], sj = recs[h * 4 + 1];
                S[i * 8 + j] = i == j ? si : g == h ? recs[g * 4 + 2] * si
                                                    : pts[k][0] * sqrt(si * sj);
            }
        }
        dmx_params *pf = dmx_params_new(m);
        assert_int_equal(dmx_params_set_array(pf, dmx_params_index(m, "cov"), S, 8, 8, &e),
                         DMX_OK);
        assert_int_equal(dmx_params_set_array(pf, dmx_params_index(m, "values"), v, 8, 1, &e),
                         DMX_OK);
        dmx_result *rf = dmx_compute(pf, NULL, &e);
        if (!rf)
            fail_msg("%s", e.msg);
        assert_non_null(strstr(dmx_node_get(rf->root, "method.name")->str, "tree"));
        static const char *const paths[] = {
            "equilibrium.platform_payoff", "equilibrium.social_surplus",
            "equilibrium.n_maximizers", "equilibrium.social_surplus_range[0]",
            "equilibrium.social_surplus_range[1]", "equilibrium.total_payment",
            "first_best.social_surplus", "first_best.n_maximizers",
            "decorrelation.paper.social_surplus", "decorrelation.paper.n_maximizers",
            "decorrelation.literal.social_surplus", "decorrelation.literal.n_maximizers",
            "tax.tau_shut", "pigou.social_surplus", "bounds.prop3", "bounds.prop4_lhs"};
        for (size_t q = 0; q < sizeof paths / sizeof paths[0]; q++) {
            const dmx_node *x = dmx_node_get(rc->root, paths[q]);
            const dmx_node *y = dmx_node_get(rf->root, paths[q]);
            if (!x || !y)
                fail_msg("missing %s", paths[q]);
            if (fabs(x->num - y->num) > 1e-9)
                fail_msg("point %d %s: communities %.15g, full %.15g", k, paths[q], x->num,
                         y->num);
        }
        ties += dmx_node_get(rc->root, "first_best.n_maximizers")->num;
        for (int i = 0; i < 8; i++) {
            char path[64];
            snprintf(path, sizeof path, "equilibrium.profile[%d]", i);
            assert_near(dmx_node_get(rc->root, path)->num, dmx_node_get(rf->root, path)->num, 0);
            snprintf(path, sizeof path, "first_best.profile[%d]", i);
            assert_near(dmx_node_get(rc->root, path)->num, dmx_node_get(rf->root, path)->num, 0);
            snprintf(path, sizeof path, "equilibrium.prices[%d]", i);
            assert_near(dmx_node_get(rc->root, path)->num, dmx_node_get(rf->root, path)->num,
                        1e-10);
        }
        dmx_result_free(rc);
        dmx_result_free(rf);
        dmx_params_free(pc);
        dmx_params_free(pf);
    }
    assert_near(ties, 5 + 6, 0);     /* the interior first best was exercised */
}

/* Acemoglu et al. (2022), §6.2, Theorem 6 (docs/models/ammo.md, Regulation): Σ = [[1,.5],[.5,1]], v = (0, 1.5): no intervention SS = 0.4375, paper's
 * de-correlation 0.5, literal Σ^{-1}S mediator 0.28125 (< 0.4375: Theorem 6.2 fails). */
static void test_decorrelation_counterexample(void **state)
{
    (void)state;
    const dmx_model *m = dmx_model_find("ammo");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    const double S[4] = {1, 0.5, 0.5, 1}, v[2] = {0, 1.5};
    assert_int_equal(dmx_params_set_array(p, dmx_params_index(m, "cov"), S, 2, 2, &e), DMX_OK);
    assert_int_equal(dmx_params_set_array(p, dmx_params_index(m, "values"), v, 2, 1, &e),
                     DMX_OK);
    dmx_result *r = dmx_compute(p, NULL, &e);
    if (!r)
        fail_msg("%s", e.msg);
    assert_near(dmx_node_get(r->root, "equilibrium.social_surplus")->num, 0.4375, 1e-12);
    assert_near(dmx_node_get(r->root, "equilibrium.profile[0]")->num, 1, 0);
    assert_near(dmx_node_get(r->root, "equilibrium.profile[1]")->num, 0, 0);
    assert_near(dmx_node_get(r->root, "decorrelation.paper.social_surplus")->num, 0.5, 1e-12);
    assert_near(dmx_node_get(r->root, "decorrelation.literal.social_surplus")->num, 0.28125,
                1e-12);
    dmx_result_free(r);
    dmx_params_free(p);
    /* literal leak for one sharer: (1 - ρ²)²/2 */
    double Q[4], L[2];
    unsigned char a[2] = {1, 0};
    assert_int_equal(ammo_decorr_Q(2, S, Q, &e), DMX_OK);
    assert_int_equal(ammo_literal_leaks(2, Q, a, L, &e), DMX_OK);
    assert_near(L[0], 0.75 * 0.75 / 2, 1e-12);
    assert_near(L[1], 0, 0);
}

/* Components: a block-diagonal Σ is solved per block; same answer as one search. */
static void test_components(void **state)
{
    (void)state;
    const dmx_model *m = dmx_model_find("ammo");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    const char *sets[] = {"generator=block", "n=12", "block=4", "rho=0.6", "value=1.3",
                          "figure=none", NULL};
    for (int i = 0; sets[i]; i++)
        assert_int_equal(dmx_params_assign(p, sets[i], &e), DMX_OK);
    dmx_result *r = dmx_compute(p, NULL, &e);
    if (!r)
        fail_msg("%s", e.msg);
    assert_non_null(strstr(dmx_node_get(r->root, "method.name")->str, "3 components"));
    /* one block alone, times 3 */
    dmx_params *q = dmx_params_new(m);
    const char *s2[] = {"generator=block", "n=4", "block=4", "rho=0.6", "value=1.3",
                        "figure=none", NULL};
    for (int i = 0; s2[i]; i++)
        assert_int_equal(dmx_params_assign(q, s2[i], &e), DMX_OK);
    dmx_result *r1 = dmx_compute(q, NULL, &e);
    assert_non_null(r1);
    assert_near(dmx_node_get(r->root, "equilibrium.platform_payoff")->num,
                3 * dmx_node_get(r1->root, "equilibrium.platform_payoff")->num, 1e-12);
    assert_near(dmx_node_get(r->root, "equilibrium.n_maximizers")->num,
                pow(dmx_node_get(r1->root, "equilibrium.n_maximizers")->num, 3), 0);
    assert_near(dmx_node_get(r->root, "first_best.social_surplus")->num,
                3 * dmx_node_get(r1->root, "first_best.social_surplus")->num, 1e-12);
    assert_near(dmx_node_get(r->root, "tax.tau_shut")->num,
                dmx_node_get(r1->root, "tax.tau_shut")->num, 1e-12);
    dmx_result_free(r);
    dmx_result_free(r1);
    dmx_params_free(p);
    dmx_params_free(q);
}

/* Cancellation is honored. */
static void test_cancel(void **state)
{
    (void)state;
    double S[22 * 22], v[22];
    random_case(22, S, v, 3);
    atomic_int stop = 1;
    dmx_ctx ctx = {.cancel = &stop};
    ammo_search_out o;
    ammo_out_init(&o);
    dmx_err e = {0};
    assert_int_equal(ammo_search(22, S, v, 0, 0, 2, &ctx, 0, 1, &o, &e), DMX_ECANCELED);
    ammo_out_free(&o);
}

/* Figure 3 map cells equal the model's own solve at each cell (different code path). */
static void test_example2_map(void **state)
{
    (void)state;
    const dmx_model *m = dmx_model_find("ammo");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    const double recs[8] = {10, 1, 0.05, 0.9, 10, 1, 0.05, 2.0};
    assert_int_equal(dmx_params_set_array(p, dmx_params_index(m, "communities"), recs, 2, 4, &e),
                     DMX_OK);
    assert_int_equal(dmx_params_assign(p, "figure=none", &e), DMX_OK);
    ammo_inst in;
    assert_int_equal(ammo_inst_build(p, &in, &e), DMX_OK);
    const int g = 12;
    double cell[144], kh[144];
    assert_int_equal(ammo_example2_map(&in, 1, 0.145, 4, g, NULL, cell, kh, &e), DMX_OK);
    int neg = 0, pos = 0;
    for (int j = 0; j < g; j++)
        for (int i = 0; i < g; i++) {
            char a[64], b[64];
            snprintf(a, sizeof a, "across=%.17g", 0.145 * i / (g - 1));
            snprintf(b, sizeof b, "communities[1].value=%.17g", 1.0 + 3.0 * j / (g - 1));
            assert_int_equal(dmx_params_assign(p, a, &e), DMX_OK);
            assert_int_equal(dmx_params_assign(p, b, &e), DMX_OK);
            dmx_result *r = dmx_compute(p, NULL, &e);
            if (!r)
                fail_msg("%s", e.msg);
            double ss = dmx_node_get(r->root, "equilibrium.social_surplus")->num;
            double cat = ss > 1e-12 ? 0 : ss < -1e-12 ? 2 : 1;
            if (cell[j * g + i] != cat)
                fail_msg("cell (%d,%d): map %g, model SS %g", i, j, cell[j * g + i], ss);
            int khm = 0;
            for (int u = 10; u < 20; u++) {
                char path[48];
                snprintf(path, sizeof path, "equilibrium.profile[%d]", u);
                khm += (int)dmx_node_get(r->root, path)->num;
            }
            assert_near(kh[j * g + i], khm, 0);
            neg += cat == 2;
            pos += cat == 0;
            dmx_result_free(r);
        }
    assert_true(neg > 0 && pos > 0);
    ammo_inst_free(&in);
    dmx_params_free(p);
}

/* More tied maximizers than can be listed (2^23 > AMMO_MAX_TIES): a second streaming
 * pass still counts them exactly (v = 1 for all: SS = D = 0 for every profile). */
static void test_tie_overflow(void **state)
{
    (void)state;
    const int n = 23;
    double *S = malloc(sizeof *S * n * n), v[23];
    for (int i = 0; i < n; i++) {
        v[i] = 1.0;
        for (int j = 0; j < n; j++)
            S[i * n + j] = i == j ? 1.0 : 0.3;
    }
    ammo_search_out o;
    ammo_out_init(&o);
    dmx_err e = {0};
    assert_int_equal(ammo_search(n, S, v, 0, 0, 2, NULL, 0, 1, &o, &e), DMX_OK);
    assert_near(o.t[AMMO_OBJ_SS].count, 8388608.0, 0);
    assert_near(o.t[AMMO_OBJ_DEC].count, 8388608.0, 0);
    assert_near(o.t[AMMO_OBJ_SS].best, 0, 1e-12);
    assert_true(o.t[AMMO_OBJ_SS].mask == (1u << n) - 1);     /* canonical: everybody */
    /* Φ: with v = 1, Φ = Σ_i I_i(T \ i) is maximized by everybody sharing, uniquely */
    assert_near(o.t[AMMO_OBJ_PHI].count, 1, 0);
    assert_true(o.t[AMMO_OBJ_PHI].mask == (1u << n) - 1);
    ammo_out_free(&o);
    free(S);
}

/* The leaf bounds of the tree (prune = 1) change nothing: on seeded random instances
 * (dense and low rank, values on both sides of 1, ties from repeated users) every maximum,
 * canonical maximizer, tie count, SS range and per-popcount best equals the unpruned
 * tree's. */
static void test_pruned_vs_unpruned(void **state)
{
    (void)state;
    double S[18 * 18], v[18];
    for (int rep = 0; rep < 40; rep++) {
        int n = 4 + rep % 15, rank = 1 + rep % 5;
        random_case(n, S, v, rank);
        if (rep % 4 == 3)                    /* an exact copy of user 0: ties */
            for (int j = 0; j < n; j++) {
                S[1 * n + j] = S[j * n + 1] = S[0 * n + j];
                S[1 * n + 1] = S[0];
                v[1] = v[0];
            }
        ammo_search_out a, b;
        ammo_out_init(&a);
        ammo_out_init(&b);
        dmx_err e = {0};
        assert_int_equal(ammo_search_ex(n, S, v, 0, 0, 1 + rep % 2, 1, NULL, 0, 1, &a, &e),
                         DMX_OK);
        assert_int_equal(ammo_search_ex(n, S, v, 0, 0, 1, 0, NULL, 0, 1, &b, &e), DMX_OK);
        for (int q = 0; q < AMMO_NOBJ; q++) {
            assert_true(a.t[q].best == b.t[q].best);
            assert_true(a.t[q].mask == b.t[q].mask);
            assert_true(a.t[q].count == b.t[q].count);
            assert_true(a.t[q].ss_lo == b.t[q].ss_lo && a.t[q].ss_hi == b.t[q].ss_hi);
        }
        for (int k = 0; k <= n; k++) {
            assert_true(a.phik[k] == b.phik[k]);
            assert_true(a.phik_mask[k] == b.phik_mask[k]);
            assert_true(a.phik_ss[k] == b.phik_ss[k]);
        }
        assert_true(a.leaves == b.leaves);
        ammo_out_free(&a);
        ammo_out_free(&b);
    }
}

/* Equal bit for bit to the plain reference tree (ammo_tree_ref.h: one thread, no bounds,
 * level-by-level rank-1 updates): every maximum, canonical maximizer, tie count, SS range and
 * per-popcount best with its profile and SS, with the bounds on and off, one and two threads,
 * forced users, on seeded random instances of every size up to 19: dense and low rank (ties
 * in the bounds' favour), negative correlations, exact copies of a user (tied profiles),
 * values 0, exactly 1, far above 1 (negative SS weights), below 0 (outside the model's
 * range, inside the search's) and a whole population at v = 1 (every profile tied in SS
 * and D). */
static void test_tree_bitwise_ref(void **state)
{
    (void)state;
    double S[19 * 19], v[19];
    for (int rep = 0; rep < 160; rep++) {
        int n = 1 + rep % 19, rank = 1 + rep % 6;
        random_case(n, S, v, rank);
        if (rep % 5 == 1)                    /* negative correlations */
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if ((i + j) % 2 && i != j)
                        S[i * n + j] = -S[i * n + j];
        if (rep % 5 == 1) {                  /* keep it PSD: add a ridge */
            for (int i = 0; i < n; i++) {
                double r = 0;
                for (int j = 0; j < n; j++)
                    r += j != i ? fabs(S[i * n + j]) : 0;
                S[i * n + i] += r;
            }
        }
        if (rep % 4 == 3 && n >= 2)          /* an exact copy of user 0: ties */
            for (int j = 0; j < n; j++) {
                S[1 * n + j] = S[j * n + 1] = S[0 * n + j];
                S[1 * n + 1] = S[0];
                v[1] = v[0];
            }
        if (rep % 7 == 2)
            v[0] = 1.0;
        if (rep % 7 == 4)
            for (int i = 0; i < n; i += 3)
                v[i] = i % 2 ? 0.0 : 40.0;
        if (rep % 9 == 6)                    /* negative values (the API allows them) */
            for (int i = 1; i < n; i += 2)
                v[i] = -0.5 * v[i];
        if (rep % 23 == 11)                  /* everybody at v = 1: SS = D = 0 everywhere */
            for (int i = 0; i < n; i++)
                v[i] = 1.0;
        uint64_t fin = 0, fout = 0;
        if (rep % 6 == 5 && n >= 4) {
            fin = 1u << 2;
            fout = 1u << (n - 1);
        }
        ammo_search_out r;
        ammo_out_init(&r);
        assert_int_equal(ref_ammo_tree(n, S, v, fin, fout, &r), 0);
        for (int mode = 0; mode < 3; mode++) {
            ammo_search_out a;
            ammo_out_init(&a);
            dmx_err e = {0};
            assert_int_equal(ammo_search_ex(n, S, v, fin, fout, mode == 2 ? 2 : 1, mode != 0,
                                            NULL, 0, 1, &a, &e), DMX_OK);
            for (int q = 0; q < AMMO_NOBJ; q++) {
                if (!(a.t[q].best == r.t[q].best && a.t[q].mask == r.t[q].mask &&
                      a.t[q].count == r.t[q].count && a.t[q].ss_lo == r.t[q].ss_lo &&
                      a.t[q].ss_hi == r.t[q].ss_hi))
                    fail_msg("rep %d n %d mode %d objective %d: %.17g %llx %g [%.17g, %.17g] "
                             "vs reference %.17g %llx %g [%.17g, %.17g]", rep, n, mode, q,
                             a.t[q].best, (unsigned long long)a.t[q].mask, a.t[q].count,
                             a.t[q].ss_lo, a.t[q].ss_hi, r.t[q].best,
                             (unsigned long long)r.t[q].mask, r.t[q].count, r.t[q].ss_lo,
                             r.t[q].ss_hi);
            }
            for (int k = 0; k <= n; k++)
                if (!(a.phik[k] == r.phik[k] && a.phik_mask[k] == r.phik_mask[k] &&
                      a.phik_ss[k] == r.phik_ss[k]))
                    fail_msg("rep %d n %d mode %d: best Φ with %d sharers %.17g (%llx) vs "
                             "reference %.17g (%llx)", rep, n, mode, k, a.phik[k],
                             (unsigned long long)a.phik_mask[k], r.phik[k],
                             (unsigned long long)r.phik_mask[k]);
            assert_true(a.leaves == r.leaves);
            ammo_out_free(&a);
        }
        ammo_out_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_vs_naive),
        cmocka_unit_test(test_leak_invariants),
        cmocka_unit_test(test_model_invariants),
        cmocka_unit_test(test_communities_vs_full),
        cmocka_unit_test(test_decorrelation_counterexample),
        cmocka_unit_test(test_components),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_example2_map),
        cmocka_unit_test(test_tie_overflow),
        cmocka_unit_test(test_pruned_vs_unpruned),
        cmocka_unit_test(test_tree_bitwise_ref),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
