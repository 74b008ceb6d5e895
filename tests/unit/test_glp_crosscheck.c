/* test_glp_crosscheck.c -- independent computations against each other:
 *  - the two-type closed form (Section 4.1 / App. B.2) vs the general LP machinery
 *    (W° LP, W† LP, the Definition 4 verifier, the competitive search) on a grid;
 *  - W° from the triangle reduction vs a KKT/MILP formulation of the bilevel SB;
 *  - W° ≤ W†, W° = W† when γ_u ≥ γ_π; Lindahl certificates; monopsony consumer
 *    welfare = R; competitive platform profit 0 (seeded random instances). */
#include <stdint.h>
#include <stdlib.h>
#include "glp_test_util.h"
#include "glp/glp.h"

static double rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

static void random_inst(uint64_t *s, int n, double *w, double *q, double *r, double *gu,
                        double *gp, int gu_ge_gp)
{
    double x = 0;
    for (int i = 0; i < n; i++) {
        x += 0.2 + 1.5 * rnd(s);
        w[i] = x;
        q[i] = rnd(s) < 0.1 ? 0 : 0.05 + rnd(s);
        r[i] = rnd(s) * 0.9 * w[i];
    }
    *gu = 2 * rnd(s);
    *gp = 2 * rnd(s);
    if (gu_ge_gp == 1 && *gp > *gu) {
        double t = *gp;
        *gp = *gu;
        *gu = t;
    }
    if (*gu + *gp == 0)
        *gu = 1;
}

/* ---- two-type grid ---- */
static void test_twotype_grid(void **state)
{
    (void)state;
    static const double q1s[] = {0.1, 0.3, 0.45};
    static const double rbs[] = {0.05, 0.25, 0.4, 0.55, 0.8, 0.95};
    static const double gus[] = {0.1, 0.3, 0.4, 0.55, 0.8, 1.2, 2.5};
    double w[2] = {1, 2};
    int checked = 0;
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 6; b++)
            for (size_t c = 0; c < 7; c++) {
                double q1 = q1s[a], q2 = 1.3 - q1, rb = rbs[b], gu = gus[c];
                double qb[2] = {q1, q2}, rr[2] = {rb, rb};
                glp_inst g;
                dmx_err e = {0};
                assert_int_equal(glp_inst_make(&g, 2, w, 0, NULL, qb, rr, gu, 0, &e), DMX_OK);
                assert_true(glp2_applies(&g));
                glp_ce ce;
                glp_fb fb;
                assert_int_equal(glp_constrained_eff(&g, 0, &ce, &e), DMX_OK);
                assert_int_equal(glp_first_best(&g, 0, &fb, &e), DMX_OK);
                int cs = glp2_case(rb, gu);
                double R = (q1 + q2) * rb;
                double Wc = cs == GLP2_NOTRADE ? R : R + q1 * (1 + gu - 2 * rb);
                ASSERT_NEAR(ce.W, Wc, 1e-9);
                ASSERT_NEAR(fb.W, Wc, 1e-9);          /* γ_π = 0: W° = W† */
                /* V(q) = γ_u min{q1, q2} at random q (sequentially rational pooling) */
                glp_mech M;
                assert_int_equal(glp_mech_alloc(&g, &M, &e), DMX_OK);
                double qq[2] = {q1 * 0.7, q2 * 0.2};
                assert_int_equal(glp_design(&g, qq, &M, &e), DMX_OK);
                ASSERT_NEAR(M.V, gu * fmin(qq[0], qq[1]), 1e-9);
                glp_mech_free(&M);
                /* closed form: every equilibrium passes the general verifier */
                glp_eqset cf, se;
                double res = 0;
                assert_int_equal(glp_competitive(&g, ce.q, NULL, &cf, &res, &e), DMX_OK);
                assert_true(cf.closed_form);
                assert_string_equal(cf.label, glp2_label(cs));
                for (int k = 0; k < cf.neq; k++)
                    if (!cf.eq[k].verified)
                        fail_msg("q1=%g r=%g gu=%g eq %d: %s", q1, rb, gu, k, cf.eq[k].why);
                /* the general search finds exactly the closed-form allocations
                 * (Case 4 has a continuum: search results must lie on it) */
                assert_int_equal(glp_competitive_search(&g, ce.q, NULL, 0, &se, &res, &e), DMX_OK);
                assert_true(se.neq >= 1);
                for (int k = 0; k < se.neq; k++) {
                    assert_true(se.eq[k].verified);
                    const double *sq = se.eq[k].q;
                    int match = 0;
                    if (cs == GLP2_CASE4 && sq[0] > 0)
                        match = fabs(sq[1] - fmin(q2, sq[0] / rb)) < 1e-7;
                    for (int l = 0; l < cf.neq && !match; l++)
                        match = fabs(cf.eq[l].q[0] - sq[0]) < 1e-7 &&
                                fabs(cf.eq[l].q[1] - sq[1]) < 1e-7;
                    if (!match)
                        fail_msg("q1=%g r=%g gu=%g: search found q=(%g,%g), not in closed form",
                                 q1, rb, gu, sq[0], sq[1]);
                }
                if (cs != GLP2_CASE4)
                    for (int l = 0; l < cf.neq; l++) {
                        int match = 0;
                        for (int k = 0; k < se.neq && !match; k++)
                            match = fabs(cf.eq[l].q[0] - se.eq[k].q[0]) < 1e-7 &&
                                    fabs(cf.eq[l].q[1] - se.eq[k].q[1]) < 1e-7;
                        if (!match)
                            fail_msg("q1=%g r=%g gu=%g: search missed q=(%g,%g)", q1, rb, gu,
                                     cf.eq[l].q[0], cf.eq[l].q[1]);
                    }
                checked++;
                glp_eqset_free(&cf);
                glp_eqset_free(&se);
                glp_ce_free(&ce);
                glp_fb_free(&fb);
                glp_inst_free(&g);
            }
    assert_int_equal(checked, 3 * 6 * 7);
}

/* ---- W° by the triangle reduction (one LP, glp_constrained_eff) against the
 * KKT/MILP formulation of the bilevel problem SB (glp_ce_kkt_milp, which does not
 * use the triangle): two different algorithms must agree. */
static void test_Wcirc_kkt_milp(void **state)
{
    (void)state;
    uint64_t s = 2024;
    for (int t = 0; t < 60; t++) {
        int n = 2 + t % 2;
        double w[3], q[3], r[3], gu, gp, qm[3];
        random_inst(&s, n, w, q, r, &gu, &gp, 0);
        glp_inst g;
        dmx_err e = {0};
        assert_int_equal(glp_inst_make(&g, n, w, 0, NULL, q, r, gu, gp, &e), DMX_OK);
        glp_ce ce;
        assert_int_equal(glp_constrained_eff(&g, 0, &ce, &e), DMX_OK);
        double Wm = NAN;
        if (glp_ce_kkt_milp(&g, 0, &Wm, qm, &e) != DMX_OK)
            fail_msg("instance %d: %s", t, e.msg);
        ASSERT_NEAR(Wm, ce.W, 1e-6 * (1 + fabs(ce.W)));
        /* verify the MILP's own q: the platform's optimum there gives that W */
        glp_mech M;
        assert_int_equal(glp_mech_alloc(&g, &M, &e), DMX_OK);
        glp_tri tr;
        glp_triangle(&g, qm, &tr);
        double out = 0;
        for (int i = 0; i < n; i++)
            out += (q[i] - qm[i]) * r[i];
        double Wq = (1 + gu) * tr.su + gp * tr.spi + out;
        ASSERT_NEAR(Wq, Wm, 1e-6 * (1 + fabs(Wm)));
        /* and W at the reduction's allocation equals W° */
        ASSERT_NEAR(glp_W(&g, ce.q, ce.M.chi), ce.W, 1e-8 * (1 + ce.W));
        glp_mech_free(&M);
        glp_ce_free(&ce);
        glp_inst_free(&g);
    }
}

/* W° ≤ W†, with equality when γ_u ≥ γ_π (docs/models/glp.md); the Def. 7 (SW) versions too. */
static void test_Wcirc_le_Wdagger(void **state)
{
    (void)state;
    uint64_t s = 99;
    int strict = 0;
    for (int t = 0; t < 200; t++) {
        int n = 1 + t % 6;
        double w[6], q[6], r[6], gu, gp;
        random_inst(&s, n, w, q, r, &gu, &gp, t % 2);
        glp_inst g;
        dmx_err e = {0};
        assert_int_equal(glp_inst_make(&g, n, w, 0, NULL, q, r, gu, gp, &e), DMX_OK);
        glp_ce ce;
        glp_fb fb;
        assert_int_equal(glp_constrained_eff(&g, 0, &ce, &e), DMX_OK);
        assert_int_equal(glp_first_best(&g, 0, &fb, &e), DMX_OK);
        assert_true(ce.W <= fb.W + 1e-9 * (1 + fb.W));
        if (gu >= gp)
            ASSERT_NEAR(ce.W, fb.W, 1e-8 * (1 + fb.W));
        else if (ce.W < fb.W - 1e-6)
            strict++;
        glp_ce_free(&ce);
        glp_fb_free(&fb);
        assert_int_equal(glp_constrained_eff(&g, 1, &ce, &e), DMX_OK);
        assert_int_equal(glp_first_best(&g, 1, &fb, &e), DMX_OK);
        assert_true(ce.W <= fb.W + 1e-9 * (1 + fb.W));
        ASSERT_NEAR(glp_SW(&g, ce.q, ce.M.chi), ce.W, 1e-8 * (1 + ce.W));
        glp_ce_free(&ce);
        glp_fb_free(&fb);
        glp_inst_free(&g);
    }
    assert_true(strict > 0);   /* W° < W† does happen when γ_π > γ_u */
}

/* Full model on random instances through dmx_compute: Lindahl certificates,
 * monopsony consumer welfare = R, competitive platform profit 0, W ≤ W°. */
static void test_random_models(void **state)
{
    (void)state;
    const dmx_model *mod = dmx_model_find("glp");
    uint64_t s = 4242;
    for (int t = 0; t < 40; t++) {
        int n = 2 + t % 4;
        double w[6], q[6], r[6], gu, gp;
        random_inst(&s, n, w, q, r, &gu, &gp, t % 3 == 0 ? 0 : 1);
        dmx_params *p = dmx_params_new(mod);
        dmx_err e = {0};
        assert_int_equal(dmx_params_set_array(p, dmx_params_index(mod, "types"), w, n, 1, &e), 0);
        assert_int_equal(dmx_params_set_array(p, dmx_params_index(mod, "mass"), q, n, 1, &e), 0);
        assert_int_equal(dmx_params_set_array(p, dmx_params_index(mod, "outside"), r, n, 1, &e), 0);
        assert_int_equal(dmx_params_set_array(p, dmx_params_index(mod, "gamma_u"), &gu, 1, 1, &e), 0);
        assert_int_equal(dmx_params_set_array(p, dmx_params_index(mod, "gamma_pi"), &gp, 1, 1, &e), 0);
        dmx_result *res = dmx_compute(p, NULL, &e);
        if (!res)
            fail_msg("instance %d: %s", t, e.msg);
        double R = num_at(res, "instance.R"), Wc = num_at(res, "constrained_efficient.W");
        ASSERT_AT(res, "monopsony.consumer_welfare", R, 1e-9);
        assert_true(bool_at(res, "lindahl.certificate.ok"));
        ASSERT_AT(res, "lindahl.consumer_welfare", num_at(res, "first_best.W"), 1e-8);
        int ne = count_at(res, "competitive.equilibria");
        assert_true(ne >= 1);
        for (int k = 0; k < ne; k++) {
            char path[80];
            snprintf(path, sizeof path, "competitive.equilibria[%d].platform_profit", k);
            ASSERT_AT(res, path, 0, 1e-8);
            snprintf(path, sizeof path, "competitive.equilibria[%d].W", k);
            assert_true(num_at(res, path) <= Wc + 1e-8);
            snprintf(path, sizeof path, "competitive.equilibria[%d].verified", k);
            assert_true(bool_at(res, path));
        }
        if (gp > gu) {   /* Prop. 3: efficient */
            assert_string_equal(str_at(res, "competitive.case"), "Prop 3: full disclosure");
            ASSERT_AT(res, "competitive.equilibria[0].W", Wc, 1e-8);
        }
        dmx_result_free(res);
        dmx_params_free(p);
    }
}

/* The verifier names the failing condition. */
static void test_verifier_rejects(void **state)
{
    (void)state;
    double w[2] = {1, 2}, qb[2] = {0.3, 0.7}, rr[2] = {0.4, 0.4};
    glp_inst g;
    dmx_err e = {0};
    assert_int_equal(glp_inst_make(&g, 2, w, 0, NULL, qb, rr, 0.9, 0, &e), DMX_OK);
    /* Case 2 equilibrium: accepted */
    double p[2] = {0.9, 0}, z[2] = {1, 1}, q[2] = {0.3, 0.7};
    double x[4] = {1, 0, 0.3 / 0.7, 0.4 / 0.7};
    int ok;
    char why[256];
    double res;
    assert_int_equal(glp_competitive_verify(&g, p, z, q, x, 1e-9, &ok, why, sizeof why, &res, &e), 0);
    assert_true(ok);
    /* price of the low type too high: platform optimality fails */
    double p2[2] = {1.0, 0};
    assert_int_equal(glp_competitive_verify(&g, p2, z, q, x, 1e-9, &ok, why, sizeof why, &res, &e), 0);
    assert_false(ok);
    assert_non_null(strstr(why, "Def. 4a"));
    /* no trade at p = (0.9, 0): low types would sell (consumer optimality) */
    double z0[2] = {0, 0}, q0[2] = {0, 0}, x0[4] = {1, 0, 0, 1};
    assert_int_equal(glp_competitive_verify(&g, p, z0, q0, x0, 1e-9, &ok, why, sizeof why, &res, &e), 0);
    assert_false(ok);
    assert_non_null(strstr(why, "Def. 1a"));
    /* mismatched market clearing */
    double zb[2] = {0.5, 1};
    assert_int_equal(glp_competitive_verify(&g, p, zb, q, x, 1e-9, &ok, why, sizeof why, &res, &e), 0);
    assert_false(ok);
    assert_non_null(strstr(why, "Def. 1c"));
    /* non-obedient mechanism: everybody pooled at fee 1 with q = q̄ */
    double xb[4] = {1, 0, 1, 0};
    assert_int_equal(glp_competitive_verify(&g, p, z, q, xb, 1e-9, &ok, why, sizeof why, &res, &e), 0);
    assert_false(ok);
    assert_non_null(strstr(why, "Def. 1b"));
    glp_inst_free(&g);
}


/* Types that are not fees (Ω ⊄ A): W° comes from the KKT/MILP; check it against
 * a brute-force grid over q ∈ [0, q̄]² (platform optimum, planner's tie-break). */
static void test_Wcirc_general_fees(void **state)
{
    (void)state;
    double w[2] = {1, 2}, a[3] = {0.5, 1.5, 2}, qb[2] = {0.3, 0.7}, r[2] = {0.35, 0.35};
    static const double gus[] = {0.9, 0.3, 0.6};
    static const double gps[] = {0, 0.2, 0.9};
    for (int t = 0; t < 3; t++) {
        glp_inst g;
        dmx_err e = {0};
        assert_int_equal(glp_inst_make(&g, 2, w, 3, a, qb, r, gus[t], gps[t], &e), DMX_OK);
        assert_false(g.omega_in_A);
        glp_ce ce;
        glp_fb fb;
        assert_int_equal(glp_constrained_eff(&g, 0, &ce, &e), DMX_OK);
        assert_int_equal(glp_first_best(&g, 0, &fb, &e), DMX_OK);
        assert_true(ce.W <= fb.W + 1e-9);
        ASSERT_NEAR(glp_W(&g, ce.q, ce.M.chi), ce.W, 1e-9);
        double best = -INFINITY;
        glp_mech M, P;
        assert_int_equal(glp_mech_alloc(&g, &M, &e), DMX_OK);
        assert_int_equal(glp_mech_alloc(&g, &P, &e), DMX_OK);
        for (int i = 0; i <= 30; i++)
            for (int j = 0; j <= 30; j++) {
                double q[2] = {qb[0] * i / 30, qb[1] * j / 30};
                /* platform's value, then the best W among its optimal mechanisms:
                 * lexicographic weights (γ + ε(1, 0) for the planner's u tie-break) */
                assert_int_equal(glp_design(&g, q, &M, &e), DMX_OK);
                assert_int_equal(glp_design_w(&g, q, gus[t] + 1e-7, gps[t], &P, &e), DMX_OK);
                double vP = 0;
                for (int k = 0; k < 6; k++)
                    vP += g.v[k] * P.chi[k];
                const double *chi = vP >= M.V - 1e-9 ? P.chi : M.chi;
                double W = glp_W(&g, q, chi);
                if (W > best)
                    best = W;
            }
        assert_true(best <= ce.W + 1e-6);          /* MILP is the max ... */
        assert_true(ce.W - best < 0.02);           /* ... and the grid gets close */
        glp_mech_free(&M);
        glp_mech_free(&P);
        glp_ce_free(&ce);
        glp_fb_free(&fb);
        glp_inst_free(&g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_twotype_grid),     cmocka_unit_test(test_Wcirc_kkt_milp),
        cmocka_unit_test(test_Wcirc_le_Wdagger), cmocka_unit_test(test_random_models),
        cmocka_unit_test(test_verifier_rejects), cmocka_unit_test(test_Wcirc_general_fees),
    };
    return cmocka_run_group_tests_name("glp_crosscheck", tests, NULL, NULL);
}
