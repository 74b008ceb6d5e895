/* test_glp_design.c -- P_q (design.c) against the BBM triangle closed form
 * (triangle.c) on seeded random instances, and the triangle at the presets. */
#include <stdint.h>
#include <stdlib.h>
#include "glp_test_util.h"
#include "glp/glp.h"

static double rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

/* V(q) = max{γ_π w*, γ_u(w* − π*) + γ_π π*} (proof of Prop. 3) vs the LP, 300 instances,
 * 1-8 types, random masses (some zero), weights on both sides of γ_u = γ_π. */
static void test_V_lp_vs_triangle(void **state)
{
    (void)state;
    uint64_t s = 12345;
    for (int t = 0; t < 300; t++) {
        int n = 1 + (int)(rnd(&s) * 8);
        double w[8], q[8], r[8];
        double x = 0;
        for (int i = 0; i < n; i++) {
            x += 0.1 + 2 * rnd(&s);
            w[i] = x;
            q[i] = rnd(&s) < 0.15 ? 0 : 3 * rnd(&s);
            r[i] = rnd(&s);
        }
        double gu = t % 3 == 0 ? 0 : 3 * rnd(&s), gp = t % 5 == 0 ? 0 : 3 * rnd(&s);
        if (t % 7 == 0)
            gp = gu;
        if (gu + gp == 0)
            gu = 1;
        glp_inst g;
        glp_mech M;
        glp_tri tr;
        dmx_err e = {0};
        assert_int_equal(glp_inst_make(&g, n, w, 0, NULL, q, r, gu, gp, &e), DMX_OK);
        assert_int_equal(glp_mech_alloc(&g, &M, &e), DMX_OK);
        if (glp_design(&g, q, &M, &e) != DMX_OK)
            fail_msg("instance %d: %s", t, e.msg);
        glp_triangle(&g, q, &tr);
        ASSERT_NEAR(M.V, tr.V, 1e-7 * (1 + fabs(tr.V)));
        /* the LP's (s_u, s_π) lies in the triangle */
        assert_true(M.su >= -1e-9);
        assert_true(M.spi >= tr.pi_star - 1e-7 * (1 + tr.pi_star));
        assert_true(M.su + M.spi <= tr.w_star + 1e-7 * (1 + tr.w_star));
        /* V(βq) = β V(q) (Lemma A.1) */
        double q2[8];
        for (int i = 0; i < n; i++)
            q2[i] = 2.5 * q[i];
        glp_tri tr2;
        glp_triangle(&g, q2, &tr2);
        ASSERT_NEAR(tr2.V, 2.5 * tr.V, 1e-9 * (1 + tr.V));
        glp_mech_free(&M);
        glp_inst_free(&g);
    }
}

/* Case 2 preset: triangle at q̄ = (0.3, 0.7): π* = max{1, 1.4} = 1.4, w* = 1.7. */
static void test_case2_triangle(void **state)
{
    (void)state;
    dmx_result *r = glp_eval("glp-sec4-case2", NULL, NULL);
    ASSERT_AT(r, "triangle.pi_star", 1.4, 1e-12);
    ASSERT_AT(r, "triangle.w_star", 1.7, 1e-12);
    ASSERT_AT(r, "triangle.vertices[2][0]", 0.3, 1e-12);
    ASSERT_AT(r, "triangle.platform_point[0]", 0.3, 1e-12);
    ASSERT_AT(r, "triangle.platform_point[1]", 1.4, 1e-12);
    ASSERT_AT(r, "expropriation.V", 0.9 * 0.3, 1e-9);
    ASSERT_AT(r, "expropriation.consumer_surplus", 0.3, 1e-9);
    ASSERT_AT(r, "expropriation.merchant_profit", 1.4, 1e-9);
    assert_false(bool_at(r, "triangle.ties"));
    dmx_result_free(r);
}


/* Extra fees that are not types (Ω ⊊ A) are dominated, so the triangle closed
 * form must still equal the LP; W° by the reduction must match too. */
static void test_superset_fees(void **state)
{
    (void)state;
    uint64_t s = 777;
    for (int t = 0; t < 150; t++) {
        int n = 1 + (int)(rnd(&s) * 5);
        double w[6], q[6], r[6], a[14];
        double x = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            double gap = 0.2 + 2 * rnd(&s);
            if (rnd(&s) < 0.6)
                a[m++] = x + gap * rnd(&s) * 0.9 + 0.01;   /* a fee between types */
            x += gap;
            w[i] = x;
            a[m++] = x;
            q[i] = rnd(&s) < 0.15 ? 0 : 2 * rnd(&s);
            r[i] = rnd(&s);
        }
        a[m++] = x + 1;                                     /* a fee above every type */
        double gu = 2 * rnd(&s), gp = 2 * rnd(&s);
        glp_inst g, g0;
        glp_mech M;
        glp_tri tr;
        dmx_err e = {0};
        assert_int_equal(glp_inst_make(&g, n, w, m, a, q, r, gu, gp, &e), DMX_OK);
        assert_int_equal(glp_inst_make(&g0, n, w, 0, NULL, q, r, gu, gp, &e), DMX_OK);
        assert_true(g.omega_in_A);
        assert_int_equal(glp_mech_alloc(&g, &M, &e), DMX_OK);
        assert_int_equal(glp_design(&g, q, &M, &e), DMX_OK);
        glp_triangle(&g, q, &tr);
        ASSERT_NEAR(M.V, tr.V, 1e-7 * (1 + fabs(tr.V)));
        glp_ce c1, c0;
        assert_int_equal(glp_constrained_eff(&g, 0, &c1, &e), DMX_OK);
        assert_int_equal(glp_constrained_eff(&g0, 0, &c0, &e), DMX_OK);
        ASSERT_NEAR(c1.W, c0.W, 1e-7 * (1 + fabs(c0.W)));
        glp_ce_free(&c1);
        glp_ce_free(&c0);
        glp_mech_free(&M);
        glp_inst_free(&g);
        glp_inst_free(&g0);
    }
}

/* Issue 9 item 14: when some type is not a fee the platform point is the LP's own
 * optimum, not the full-disclosure vertex.  Ω = {1, 2}, A = {0.5}: the merchant
 * can only charge 0.5, both types buy, s_u = 0.5·0.5 + 0.5·1.5 = 1, s_π = 0.5;
 * the closed form's (0, w*) = (0, 1.5) is infeasible. */
static void test_platform_point_not_a_fee(void **state)
{
    (void)state;
    dmx_result *r = glp_eval("glp-sec4-case2", NULL, "types=1,2", "fees=0.5", "mass=0.5,0.5",
                             "outside=0.1", "gamma_u=0", "gamma_pi=1", NULL);
    assert_float_equal(num_at(r, "triangle.platform_point[0]"), 1.0, 1e-9);
    assert_float_equal(num_at(r, "triangle.platform_point[1]"), 0.5, 1e-9);
    assert_float_equal(num_at(r, "expropriation.consumer_surplus"), 1.0, 1e-9);
    assert_non_null(strstr(str_at(r, "triangle.ties_text"), "not a fee"));
    assert_null(strstr(str_at(r, "triangle.ties_text"), "full disclosure"));
    dmx_result_free(r);
    /* with Ω ⊆ A the closed form stays: (0, w*) when γ_π > γ_u */
    r = glp_eval("glp-sec4-case2", NULL, "gamma_u=0", "gamma_pi=1", NULL);
    assert_float_equal(num_at(r, "triangle.platform_point[0]"), 0.0, 1e-12);
    assert_float_equal(num_at(r, "triangle.platform_point[1]"), num_at(r, "triangle.w_star"),
                       1e-12);
    dmx_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platform_point_not_a_fee),
        cmocka_unit_test(test_V_lp_vs_triangle),
        cmocka_unit_test(test_case2_triangle),
        cmocka_unit_test(test_superset_fees),
    };
    return cmocka_run_group_tests_name("glp_design", tests, NULL, NULL);
}
