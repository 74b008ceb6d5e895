/* test_glp_triangle_fees.c -- the platform's value V(q) in closed form when some type is
 * not a fee (triangle.c): the merchant's profit depends on a type only through her
 * effective value ω̃ = max{a ≤ ω}, so V = γ_u (w* − π*) + γ_π π* when γ_u ≥ γ_π and
 * V = γ_u w* + (γ_π − γ_u) w̃* when γ_π > γ_u (Galperti, Liu, Perego (2023), proof of
 * Prop. 3 on ω̃; docs/models/glp.md).  Checked against the platform's own LP P_q
 * (glp_design) on seeded random instances with random fee sets (fees that are not types,
 * partly types, all types), random databases q ≤ q̄, masses over four orders of magnitude
 * and both orders of γ; the point (s_u, s_π) must be the LP's too. */
#include <stdint.h>
#include "glp_test_util.h"
#include "glp/glp.h"

static double rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

static void test_closed_form_vs_lp(void **state)
{
    (void)state;
    uint64_t s = 20261203;
    int nonfee = 0;
    for (int t = 0; t < 400; t++) {
        int n = 1 + (int)(rnd(&s) * 6), m = 1 + (int)(rnd(&s) * 7);
        double w[8], a[8], qb[8], r[8], q[8], x = 0, y = 0;
        for (int i = 0; i < n; i++) {
            x += 0.05 + 2 * rnd(&s);
            w[i] = x;
            qb[i] = rnd(&s) < 0.1 ? 0 : pow(10, -3 + 4 * rnd(&s));
            r[i] = rnd(&s) * w[i];
            q[i] = rnd(&s) < 0.3 ? qb[i] : rnd(&s) * qb[i];
        }
        for (int j = 0; j < m; j++) {
            y += 0.05 + 2 * rnd(&s);
            a[j] = y;
        }
        if (t % 5 == 0)                       /* fees that include some types */
            for (int j = 0; j < m && j < n; j += 2)
                a[j] = w[j];
        for (int j = 1; j < m; j++)           /* keep the fees strictly increasing */
            if (!(a[j] > a[j - 1]))
                a[j] = a[j - 1] + 0.01;
        double gu = 2 * rnd(&s), gp = 2 * rnd(&s);
        if (t % 7 == 0)
            gp = gu;
        if (gu + gp == 0)
            gu = 1;
        glp_inst g;
        dmx_err e = {0};
        int fees_are_types = t % 11 == 0;
        if (glp_inst_make(&g, n, w, fees_are_types ? 0 : m, fees_are_types ? NULL : a, qb, r,
                          gu, gp, &e) != DMX_OK)
            fail_msg("instance %d: %s", t, e.msg);
        nonfee += !g.omega_in_A;
        glp_tri tri;
        glp_triangle(&g, q, &tri);
        glp_mech M;
        if (glp_mech_alloc(&g, &M, &e) != DMX_OK)
            fail_msg("out of memory");
        if (glp_design(&g, q, &M, &e) != DMX_OK)
            fail_msg("instance %d: P_q: %s", t, e.msg);
        double tol = 1e-7 * (1 + fabs(M.V));
        if (!(fabs(M.V - tri.V) <= tol))
            fail_msg("instance %d (n %d, m %d, γ_u %g, γ_π %g, Ω ⊆ A: %d): LP V = %.12g, "
                     "closed form %.12g", t, n, m, gu, gp, g.omega_in_A, M.V, tri.V);
        if (gp != gu && !(fabs(M.su - tri.su) <= tol && fabs(M.spi - tri.spi) <= tol))
            fail_msg("instance %d (γ_u %g, γ_π %g): LP point (%.10g, %.10g), closed form "
                     "(%.10g, %.10g)", t, gu, gp, M.su, M.spi, tri.su, tri.spi);
        glp_mech_free(&M);
        glp_inst_free(&g);
    }
    print_message("400 instances, %d with a type that is not a fee\n", nonfee);
    assert_true(nonfee > 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_vs_lp),
    };
    return cmocka_run_group_tests_name("glp_triangle_fees", tests, NULL, NULL);
}
