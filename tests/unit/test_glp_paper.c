/* test_glp_paper.c -- every shipped glp preset against the numbers of the paper
 * Galperti, Liu, Perego (2023) and their slides.
 * Expected values are the paper's closed forms evaluated here from the preset's
 * parameters; tolerances are 1e-9 (LP noise) unless stated. */
#include <stdlib.h>
#include "glp_test_util.h"
#include "glp/glp.h"

#define TOL 1e-9

/* Checks shared by every preset: the JSON contract fields exist, W° ≤ W†,
 * monopsony consumer welfare = R (Prop. 1), data-union consumer welfare = W°
 * (Prop. 4), Lindahl certified with consumer welfare W† (Prop. 5), every
 * competitive equilibrium verified with zero platform profit (Remark A.2) and
 * W(q*, x*) ≤ W°. */
static void common_checks(const dmx_result *r)
{
    static const char *const paths[] = {
        "triangle.pi_star", "triangle.w_star", "triangle.vertices", "triangle.platform_point",
        "expropriation.V", "expropriation.x", "expropriation.consumer_surplus",
        "expropriation.merchant_profit", "first_best.W", "first_best.q", "first_best.x",
        "constrained_efficient.W", "constrained_efficient.q", "constrained_efficient.x",
        "monopsony.q", "monopsony.x", "monopsony.p", "monopsony.consumer_welfare",
        "monopsony.platform_payoff", "data_union.q", "data_union.x", "data_union.p",
        "data_union.consumer_welfare", "lindahl.q", "lindahl.x", "lindahl.p",
        "lindahl.consumer_welfare", "lindahl.platform_payoff", "lindahl.prices_unique",
        "competitive.case", "competitive.equilibria"};
    for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++)
        if (!dmx_node_get(r->root, paths[k]))
            fail_msg("contract field %s missing", paths[k]);
    double R = num_at(r, "instance.R");
    double Wc = num_at(r, "constrained_efficient.W"), Wd = num_at(r, "first_best.W");
    assert_true(Wc <= Wd + 1e-9);
    assert_true(Wc >= R - 1e-9);
    ASSERT_AT(r, "monopsony.consumer_welfare", R, TOL);
    ASSERT_AT(r, "monopsony.platform_payoff", Wc - R, TOL);
    ASSERT_AT(r, "data_union.consumer_welfare", Wc, TOL);
    ASSERT_AT(r, "data_union.platform_payoff", 0, TOL);
    /* union budget balance Σ p q̄ = V(q°) and participation p ≥ (q/q̄)(r − E_x u) */
    ASSERT_AT(r, "data_union.payout", num_at(r, "data_union.revenue"), TOL);
    int n = count_at(r, "instance.types");
    for (int i = 0; i < n; i++) {
        char a[80], b[80];
        snprintf(a, sizeof a, "data_union.p[%d]", i);
        snprintf(b, sizeof b, "monopsony.zeta[%d]", i);
        double z = num_at(r, b);
        snprintf(b, sizeof b, "monopsony.p[%d]", i);
        assert_true(num_at(r, a) >= z * num_at(r, b) - 1e-9);
    }
    ASSERT_AT(r, "lindahl.consumer_welfare", Wd, TOL);
    ASSERT_AT(r, "lindahl.platform_payoff", 0, TOL);
    assert_true(bool_at(r, "lindahl.certificate.ok"));
    int ne = count_at(r, "competitive.equilibria");
    assert_true(ne >= 1);
    for (int k = 0; k < ne; k++) {
        char p[96];
        snprintf(p, sizeof p, "competitive.equilibria[%d].verified", k);
        assert_true(bool_at(r, p));
        snprintf(p, sizeof p, "competitive.equilibria[%d].platform_profit", k);
        ASSERT_AT(r, p, 0, 1e-8);
        snprintf(p, sizeof p, "competitive.equilibria[%d].W", k);
        double W = num_at(r, p);
        assert_true(W <= Wc + 1e-9);
        snprintf(p, sizeof p, "competitive.equilibria[%d].consumer_welfare", k);
        ASSERT_AT(r, p, W, TOL);
        assert_true(W >= R - 1e-9);
    }
    assert_non_null(dmx_result_view(r, "triangle"));
    assert_non_null(dmx_result_view(r, "economies"));
    assert_non_null(dmx_result_view(r, "lindahl"));
    assert_non_null(dmx_result_view(r, "explain"));
}

/* Section 4.1: W° = W† = R + q̄1 (1 + γ_u − 2r̄) at q° = (q̄1, q̄1), x°(1|ω) = 1. */
static void check_two_type_benchmarks(const dmx_result *r, double q1, double q2, double rb,
                                      double gu)
{
    double R = (q1 + q2) * rb, Wc = R + q1 * (1 + gu - 2 * rb);
    ASSERT_AT(r, "instance.R", R, 1e-12);
    ASSERT_AT(r, "constrained_efficient.W", Wc, TOL);
    ASSERT_AT(r, "first_best.W", Wc, TOL);
    ASSERT_AT(r, "constrained_efficient.q[0]", q1, TOL);
    ASSERT_AT(r, "constrained_efficient.q[1]", q1, TOL);
    ASSERT_AT(r, "constrained_efficient.x[0][0]", 1, TOL);
    ASSERT_AT(r, "constrained_efficient.x[1][0]", 1, TOL);
    /* Prop. 1: monopsony prices p(ω) = r − E_x u = (r̄, r̄ − 1) */
    ASSERT_AT(r, "monopsony.p[0]", rb, TOL);
    ASSERT_AT(r, "monopsony.p[1]", rb - 1, TOL);
}

static void test_case1(void **state)
{
    (void)state;
    dmx_result *r = glp_eval("glp-sec4-case1", NULL, NULL);
    common_checks(r);
    check_two_type_benchmarks(r, 0.3, 0.7, 0.5, 0.3);
    assert_string_equal(str_at(r, "competitive.case"), "Case 1");
    assert_int_equal(count_at(r, "competitive.equilibria"), 1);
    ASSERT_AT(r, "competitive.equilibria[0].q[0]", 0, 0);
    ASSERT_AT(r, "competitive.equilibria[0].q[1]", 0, 0);
    /* p(1) ∈ [0, r̄], p(2) ∈ [max{0, γ_u − p(1)}, r̄]  (B.2) */
    double p1 = num_at(r, "competitive.equilibria[0].p[0]");
    double p2 = num_at(r, "competitive.equilibria[0].p[1]");
    assert_true(p1 >= 0 && p1 <= 0.5 && p2 >= fmax(0, 0.3 - p1) && p2 <= 0.5);
    ASSERT_AT(r, "competitive.equilibria[0].x[0][0]", 1, 0);   /* x*(ω|ω) = 1 */
    ASSERT_AT(r, "competitive.equilibria[0].x[1][1]", 1, 0);
    ASSERT_AT(r, "competitive.equilibria[0].consumer_welfare", 0.5, TOL); /* = R */
    ASSERT_AT(r, "competitive.equilibria[0].gap_W_circ", 0.3 * (1.3 - 1.0), TOL);
    dmx_result_free(r);
}

static void test_case2(void **state)
{
    (void)state;
    double q1 = 0.3, q2 = 0.7, rb = 0.4, gu = 0.9;
    dmx_result *r = glp_eval("glp-sec4-case2", NULL, NULL);
    common_checks(r);
    check_two_type_benchmarks(r, q1, q2, rb, gu);
    assert_string_equal(str_at(r, "competitive.case"), "Case 2");
    assert_int_equal(count_at(r, "competitive.equilibria"), 1);
    double qh = fmin(q2, q1 / rb);
    ASSERT_AT(r, "competitive.equilibria[0].p[0]", gu, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].p[1]", 0, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].zeta[0]", 1, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].zeta[1]", fmin(1, q1 / (rb * q2)), TOL);
    ASSERT_AT(r, "competitive.equilibria[0].q[0]", q1, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].q[1]", qh, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].x[0][0]", 1, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].x[1][0]", q1 / qh, TOL);
    double W = q1 * (1 + gu) + rb * fmax(q2 - q1 / rb, 0);   /* = 0.57 */
    ASSERT_AT(r, "competitive.equilibria[0].consumer_welfare", W, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].W", 0.57, 1e-12);
    /* R < W(q*, x*) < W° (Section 4.1) */
    assert_true(W > 0.4 && W < 0.73);
    assert_string_equal(str_at(r, "competitive.badge"), "Case 2: inefficiently high trade");
    /* Figure 1 map: categorical grid of the five regions plus the current point */
    const dmx_view *f = dmx_result_view(r, "fig1");
    assert_non_null(f);
    int grid = 0, star = 0;
    for (int k = 0; k < f->nitems; k++) {
        const dmx_item *it = &f->items[k];
        if (it->kind == DMX_I_GRID) {
            grid = 1;
            assert_int_equal(it->ncats, 5);
            for (int c = 0; c < it->nx * it->ny; c++) {   /* every cell = closed-form case */
                int ix = c % it->nx, jy = c / it->nx;
                double r1 = it->x0 + (it->x1 - it->x0) * ix / (it->nx - 1);
                double g2 = it->y0 + (it->y1 - it->y0) * jy / (it->ny - 1);
                assert_int_equal((int)it->cell[c], glp2_case(r1, g2));
            }
        }
        if (it->kind == DMX_I_MARKER && it->glyph == '*') {
            star = 1;
            ASSERT_NEAR(it->xy[0], rb, 0);
            ASSERT_NEAR(it->xy[1], gu, 0);
        }
    }
    assert_true(grid && star);
    /* triangle plot: the polygon is the BBM triangle, one marker per economy */
    const dmx_view *tv = dmx_result_view(r, "triangle");
    int poly = 0, glyphs[128] = {0};
    for (int k = 0; k < tv->nitems; k++) {
        const dmx_item *it = &tv->items[k];
        if (it->kind == DMX_I_POLYGON) {
            poly = 1;
            assert_int_equal(it->n, 3);
            ASSERT_NEAR(it->xy[3], 1.7, 1e-12);      /* (0, w*) */
            ASSERT_NEAR(it->xy[4], 0.3, 1e-12);      /* (w* − π*, π*) */
        }
        if (it->kind == DMX_I_MARKER)
            glyphs[(unsigned char)it->glyph] = 1;
    }
    assert_true(poly && glyphs['E'] && glyphs['C'] && glyphs['M'] && glyphs['L']);
    dmx_result_free(r);
}

static void test_case3(void **state)
{
    (void)state;
    double q1 = 0.3, q2 = 0.7, rb = 0.4, gu = 0.6;
    dmx_result *r = glp_eval("glp-sec4-case3", NULL, NULL);
    common_checks(r);
    check_two_type_benchmarks(r, q1, q2, rb, gu);
    assert_string_equal(str_at(r, "competitive.case"), "Case 3");
    assert_int_equal(count_at(r, "competitive.equilibria"), 2);
    /* the Case 2 equilibrium ... */
    ASSERT_AT(r, "competitive.equilibria[0].p[0]", gu, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].q[1]", fmin(q2, q1 / rb), TOL);
    /* ... and no trade at p = (γ_u/2, γ_u/2) */
    ASSERT_AT(r, "competitive.equilibria[1].q[0]", 0, 0);
    ASSERT_AT(r, "competitive.equilibria[1].p[0]", gu / 2, TOL);
    ASSERT_AT(r, "competitive.equilibria[1].p[1]", gu / 2, TOL);
    ASSERT_AT(r, "competitive.equilibria[1].consumer_welfare", (q1 + q2) * rb, TOL);
    dmx_result_free(r);
}

static void test_case4(void **state)
{
    (void)state;
    double q1 = 0.3, q2 = 0.7, rb = 0.4;
    dmx_result *r = glp_eval("glp-sec4-case4", NULL, NULL);
    common_checks(r);
    check_two_type_benchmarks(r, q1, q2, rb, rb);
    assert_string_equal(str_at(r, "competitive.case"), "Case 4");
    int ne = count_at(r, "competitive.equilibria");
    assert_true(ne >= 2);
    ASSERT_AT(r, "competitive.equilibria[0].q[0]", 0, 0);
    for (int k = 1; k < ne; k++) {
        char p[80];
        snprintf(p, sizeof p, "competitive.equilibria[%d].p[0]", k);
        ASSERT_AT(r, p, rb, TOL);                       /* p = (r̄, 0) */
        snprintf(p, sizeof p, "competitive.equilibria[%d].p[1]", k);
        ASSERT_AT(r, p, 0, TOL);
        snprintf(p, sizeof p, "competitive.equilibria[%d].q[0]", k);
        double a = num_at(r, p);
        assert_true(a > 0 && a <= q1 + TOL);
        snprintf(p, sizeof p, "competitive.equilibria[%d].q[1]", k);
        ASSERT_AT(r, p, fmin(q2, a / rb), TOL);         /* q*(2) = min{q̄2, q*(1)/r̄} */
    }
    assert_non_null(dmx_node_get(r->root, "competitive.continuum"));
    dmx_result_free(r);
}

static void test_notrade(void **state)
{
    (void)state;
    dmx_result *r = glp_eval("glp-sec4-notrade", NULL, NULL);
    common_checks(r);
    assert_string_equal(str_at(r, "competitive.case"), "no trade efficient");
    ASSERT_AT(r, "constrained_efficient.W", 0.8, TOL);    /* W° = R */
    ASSERT_AT(r, "first_best.W", 0.8, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].gap_W_circ", 0, TOL);
    assert_true(bool_at(r, "competitive.equilibria[0].efficient"));
    dmx_result_free(r);
}

/* End of Section 5.2: q† = (q̄1, q̄1), x†(1|ω) = 1, ζ*(1, ω) = q̄1/q̄(ω),
 * p(1, 1) = γ_u + 1 − r̄, p(1, 2) = −(1 − r̄); consumers get W†. */
static void test_lindahl(void **state)
{
    (void)state;
    double q1 = 0.3, q2 = 0.7, rb = 0.5, gu = 0.3;
    dmx_result *r = glp_eval("glp-sec52-lindahl", NULL, NULL);
    common_checks(r);
    ASSERT_AT(r, "lindahl.q[0]", q1, TOL);
    ASSERT_AT(r, "lindahl.q[1]", q1, TOL);
    ASSERT_AT(r, "lindahl.x[0][0]", 1, TOL);
    ASSERT_AT(r, "lindahl.x[1][0]", 1, TOL);
    ASSERT_AT(r, "lindahl.zeta[0][0]", 1, TOL);
    ASSERT_AT(r, "lindahl.zeta[1][0]", q1 / q2, TOL);
    ASSERT_AT(r, "lindahl.p[0][0]", gu + 1 - rb, TOL);
    ASSERT_AT(r, "lindahl.p[1][0]", -(1 - rb), TOL);
    ASSERT_AT(r, "lindahl.consumer_welfare", (q1 + q2) * rb + q1 * (1 + gu - 2 * rb), TOL);
    assert_true(bool_at(r, "lindahl.prices_unique"));
    /* the paper's own table (p(2, ω) = 0) also passes the Definition 5 certificate,
     * while a table that underpays low types fails it */
    glp_inst g;
    dmx_err e = {0};
    double w[2] = {1, 2}, qb[2] = {q1, q2}, rr[2] = {rb, rb};
    assert_int_equal(glp_inst_make(&g, 2, w, 0, NULL, qb, rr, gu, 0, &e), DMX_OK);
    double paper[4] = {gu + 1 - rb, 0, -(1 - rb), 0}, chi[4] = {q1, 0, q1, 0};
    int ok;
    char why[256];
    double res;
    assert_int_equal(glp_lindahl_certify(&g, paper, chi, 1e-9, &ok, why, sizeof why, &res, &e),
                     DMX_OK);
    if (!ok)
        fail_msg("paper's Lindahl table rejected: %s", why);
    double bad[4] = {gu + 1 - rb - 0.1, 0, -(1 - rb), 0};
    assert_int_equal(glp_lindahl_certify(&g, bad, chi, 1e-9, &ok, why, sizeof why, &res, &e),
                     DMX_OK);
    assert_false(ok);
    glp_inst_free(&g);
    dmx_result_free(r);
}

/* App. B.1 with the corrected formulas of docs/models/glp.md#app-b1-social-welfare
 * (merchant profit included). */
static void test_appb1(void **state)
{
    (void)state;
    double q1 = 0.2, q2 = 0.8, rb = 0.3, gu = 0.8, qh = fmin(q2, q1 / rb);
    dmx_result *r = glp_eval("glp-appb1-social", NULL, NULL);
    common_checks(r);
    double swc = q1 * (3 + gu) + rb * (q2 - q1);
    ASSERT_AT(r, "app_b1.SW_constrained_efficient", swc, TOL);
    ASSERT_AT(r, "app_b1.SW_low_trade", (q1 + q2) * rb, 1e-12);   /* R, paper "r̄" */
    double swh = q1 * (3 + gu) + 2 * (qh - q1) + rb * (q2 - qh);
    ASSERT_AT(r, "app_b1.SW_high_trade", swh, TOL);
    double swb = q1 * (3 + gu) + 2 * (q2 - q1);
    ASSERT_AT(r, "app_b1.SW_bullet", swb, TOL);
    assert_true(swb > swc);                      /* the paper's claim, corrected value */
    assert_true(swh > swc);                      /* contradicts the printed inequality */
    ASSERT_AT(r, "app_b1.paper_printed_SW_high_trade", q1 * (3 + gu) + rb * fmax(0, q2 - q1 / rb),
              1e-12);
    /* the competitive Case 2 equilibrium's SW equals SW(q_H*) */
    ASSERT_AT(r, "competitive.equilibria[0].SW", swh, TOL);
    /* Def. 7 optimum is at least every allocation's SW */
    assert_true(num_at(r, "social_efficiency.SW_constrained") >= swh - 1e-9);
    assert_true(num_at(r, "social_efficiency.SW_first_best") >=
                num_at(r, "social_efficiency.SW_constrained") - 1e-9);
    dmx_result_free(r);
}

/* Galperti, Liu, Perego (2023), App. B.1, the illustration after Prop. B.1: one
 * type ω = 1 (so A = {1}), 0 < r(1) < 1, γ_u > γ_π = 0.  "The constrained socially
 * efficient allocation is q•(1) = 1, but the only equilibrium is no trade."  With
 * one fee the merchant charges 1 to everyone: u = 0, π = 1, v = γ_u u = 0, so
 * eq. (B.1) gives SW(q) = (v + u + π) q + (q̄ − q) r = q + (q̄ − q) r, largest at
 * q = q̄ (SW = q̄) because r < 1, while eq. (1) gives W(q) = (q̄ − q) r, largest
 * at q = 0 (W° = W† = R).  Checked on the preset (q̄ = 1, r = 0.3, γ_u = 0.8)
 * and, with --set, at r near both ends of (0, 1), other γ_u and a mass ≠ 1.
 * Tolerance 1e-9 (LP noise). */
static void test_appb1_onetype(void **state)
{
    (void)state;
    static const char *const sets[][3] = {
        {NULL, NULL, NULL},
        {"outside=0.05", "gamma_u=0.1", NULL},
        {"outside=0.95", "gamma_u=2.5", NULL},
        {"outside=0.6", "mass[0]=2.5", NULL},
    };
    for (size_t c = 0; c < sizeof sets / sizeof sets[0]; c++) {
        dmx_preset *pr;
        dmx_result *r = sets[c][0] ? glp_eval("glp-appb1-onetype", &pr, sets[c][0], sets[c][1],
                                              (const char *)NULL)
                                   : glp_eval("glp-appb1-onetype", &pr, (const char *)NULL);
        common_checks(r);
        assert_int_equal(count_at(r, "instance.types"), 1);
        ASSERT_AT(r, "instance.types[0]", 1, 0);
        ASSERT_AT(r, "instance.fees[0]", 1, 0);
        ASSERT_AT(r, "instance.gamma_pi", 0, 0);
        double qb = num_at(r, "instance.mass[0]"), rr = num_at(r, "instance.outside[0]");
        double gu = num_at(r, "instance.gamma_u");
        assert_true(rr > 0 && rr < 1 && gu > 0);       /* the paper's assumptions */
        double sw_none = qb * rr;                        /* eq. (B.1) at q = 0 */
        double sw_all = (gu * 0 + 0 + 1) * qb;           /* eq. (B.1) at q = q̄: v + u + π = 1 */
        /* W (eq. (1)) is largest with no trade: W° = W† = R, q° = 0 */
        ASSERT_AT(r, "instance.R", sw_none, 1e-12);
        ASSERT_AT(r, "constrained_efficient.W", sw_none, TOL);
        ASSERT_AT(r, "constrained_efficient.q[0]", 0, TOL);
        ASSERT_AT(r, "first_best.W", sw_none, TOL);
        ASSERT_AT(r, "triangle.V_lp", 0, TOL);           /* V(q̄) = γ_u · 0 */
        /* Def. 7: the socially efficient allocation sells everything, q• = q̄ */
        ASSERT_AT(r, "social_efficiency.SW_constrained", sw_all, TOL);
        ASSERT_AT(r, "social_efficiency.q_constrained[0]", qb, TOL);
        ASSERT_AT(r, "social_efficiency.SW_first_best", sw_all, TOL);
        ASSERT_AT(r, "expropriation.SW", sw_all, TOL);   /* the platform holding q̄ */
        /* the competitive equilibrium: no trade, SW = R < SW(q•) */
        assert_int_equal(count_at(r, "competitive.equilibria"), 1);
        ASSERT_AT(r, "competitive.equilibria[0].q[0]", 0, TOL);
        ASSERT_AT(r, "competitive.equilibria[0].zeta[0]", 0, TOL);
        double p = num_at(r, "competitive.equilibria[0].p[0]");
        assert_true(p >= -TOL && p <= rr + TOL);         /* any p ∈ [0, r] supports q = 0 */
        ASSERT_AT(r, "competitive.equilibria[0].SW", sw_none, TOL);
        ASSERT_AT(r, "competitive.equilibria[0].W", sw_none, TOL);
        assert_true(bool_at(r, "competitive.equilibria[0].efficient")); /* Def. 3 sense */
        assert_string_equal(str_at(r, "competitive.case"), "search: efficient");
        assert_true(sw_all - sw_none > 0.04);            /* = q̄ (1 − r) */
        ASSERT_NEAR(num_at(r, "social_efficiency.SW_constrained") -
                        num_at(r, "competitive.equilibria[0].SW"),
                    qb * (1 - rr), TOL);
        /* "the only equilibrium is no trade": the search's list need not be complete
         * (competitive.complete is false), so check directly that no database with
         * trade is an equilibrium allocation (the fixed-q LP of the search is
         * infeasible at q = q̄, q̄/2 and q̄/100) while q = 0 is one */
        glp_inst g;
        dmx_err e = {0};
        assert_int_equal(glp_inst_init(&g, pr->params, &e), DMX_OK);
        double fr[4] = {0, 1, 0.5, 0.01};
        for (int k = 0; k < 4; k++) {
            double q = fr[k] * qb, pp, x;
            int found = -1;
            assert_int_equal(glp_competitive_at_q(&g, &q, &found, &pp, &x, &e), DMX_OK);
            if (found != (k == 0))
                fail_msg("case %zu: q = %g: fixed-q LP says found = %d", c, q, found);
        }
        glp_inst_free(&g);
        dmx_preset_free(pr);
        dmx_result_free(r);
    }
}

/* Slides: q̄ = (1, 2), γ_u = β = 0.1, r̄ = ε = 0.2. */
static void test_slides(void **state)
{
    (void)state;
    double b = 0.1, eps = 0.2;
    dmx_result *r = glp_eval("glp-slides", NULL, NULL);
    common_checks(r);
    ASSERT_AT(r, "expropriation.consumer_surplus", 1, TOL);
    ASSERT_AT(r, "expropriation.V", b, TOL);
    ASSERT_AT(r, "expropriation.merchant_profit", 4, TOL);
    ASSERT_AT(r, "expropriation.x[1][0]", 0.5, TOL);   /* half of type 2 pooled at fee 1 */
    assert_string_equal(str_at(r, "competitive.case"), "Case 1");
    ASSERT_AT(r, "competitive.equilibria[0].p[0]", b, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].p[1]", 0, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].consumer_welfare", 3 * eps, TOL);
    ASSERT_AT(r, "lindahl.p[0][0]", b + 1 - eps, TOL);
    ASSERT_AT(r, "lindahl.p[1][0]", -(1 - eps), TOL);
    ASSERT_AT(r, "lindahl.consumer_welfare", 1 + eps + b, TOL);
    ASSERT_AT(r, "lindahl.platform_payoff", 0, TOL);
    ASSERT_AT(r, "lindahl.merchant_profit", 2, TOL);
    ASSERT_AT(r, "lindahl.q[1]", 1, TOL);               /* one unit of type 2 sold */
    dmx_result_free(r);
}

/* The talk slides' Lindahl table for Galperti, Liu, Perego (2023) (its §5.2
 * Lindahl economy on the slides' example q̄ = (1, 2), γ_u = β, r = ε,
 * β < ε < 1/3), run through the Definition 5 certificate as test_lindahl does for
 * §5.2.  The slides print, with p*(ω, a) for our p(a, ω):
 *   p*(1, 1) = β + 1 − ε,  p*(1, 2) = 0,  p*(2, 1) = −(1 − ε),  p*(2, 2) = 0,
 *   records kept (0, 1), x(1|1) = x(1|2) = 1, payoffs C 1 + ε + β, P 0, V 2.
 * Each printed entry is evaluated here at the instance's β, ε and certified
 * with the slides' allocation χ(1, ω) = q̄(ω) − kept(ω).  The a = 1 prices are
 * pinned: moving either by 0.01 fails Def. 5(a).  The a = 2 markets trade
 * nothing; by hand, Def. 5 accepts there exactly 0 ≤ p(2, 2) ≤ ε and
 * −p(2, 2) ≤ p(2, 1) ≤ β + 1 − ε (the platform's cone χ(2, 2) ≥ χ(2, 1) ≥ 0 of
 * obedience for fee 2 must earn nothing; no consumer may prefer fee 2), so the
 * printed zeros sit at the lower ends and dmx's own μ + r − u = (β + 1 − ε, ε)
 * at the upper ends; 0.01 past either end fails.  At the preset (β = 0.1,
 * ε = 0.2) and two more points with β < ε < 1/3.  Certificate tolerance 1e-9
 * (scaled to the instance), payoffs 1e-9. */
static void test_slides_lindahl(void **state)
{
    (void)state;
    static const char *const sets[][2] = {
        {NULL, NULL}, {"gamma_u=0.01", "outside=0.05"}, {"gamma_u=0.25", "outside=0.32"}};
    for (size_t c = 0; c < sizeof sets / sizeof sets[0]; c++) {
        dmx_preset *pr;
        dmx_result *r = sets[c][0] ? glp_eval("glp-slides", &pr, sets[c][0], sets[c][1],
                                              (const char *)NULL)
                                   : glp_eval("glp-slides", &pr, (const char *)NULL);
        glp_inst g;
        dmx_err e = {0};
        assert_int_equal(glp_inst_init(&g, pr->params, &e), DMX_OK);
        double b = g.gu, eps = g.r[0];
        assert_true(g.n == 2 && g.m == 2 && g.qbar[0] == 1 && g.qbar[1] == 2 && g.gp == 0);
        assert_true(b < eps && eps < 1.0 / 3 && g.r[1] == eps);
        /* the printed table, p[i*m + j] = p(a_j, ω_i), and the printed allocation */
        double slides[4] = {b + 1 - eps, 0, -(1 - eps), 0}, kept[2] = {0, 1};
        double chi[4] = {g.qbar[0] - kept[0], 0, g.qbar[1] - kept[1], 0};
        int ok;
        char why[256];
        double res;
        assert_int_equal(
            glp_lindahl_certify(&g, slides, chi, 1e-9, &ok, why, sizeof why, &res, &e), DMX_OK);
        if (!ok)
            fail_msg("case %zu: the slides' Lindahl table is rejected: %s", c, why);
        /* the same allocation as dmx's Lindahl economy (q = (1, 1), x(1|ω) = 1) */
        ASSERT_AT(r, "lindahl.q[0]", chi[0], TOL);
        ASSERT_AT(r, "lindahl.q[1]", chi[2], TOL);
        ASSERT_AT(r, "lindahl.x[0][0]", 1, TOL);
        ASSERT_AT(r, "lindahl.x[1][0]", 1, TOL);
        /* payoffs at the slides' prices, by hand: consumers Σ χ (p + u) + kept r,
         * platform Σ (v − p) χ, merchant Σ π χ */
        double C = 0, P = 0, V = 0;
        for (int i = 0; i < 2; i++) {
            C += kept[i] * g.r[i];
            for (int j = 0; j < 2; j++) {
                C += chi[i * 2 + j] * (slides[i * 2 + j] + g.u[i * 2 + j]);
                P += chi[i * 2 + j] * (g.v[i * 2 + j] - slides[i * 2 + j]);
                V += chi[i * 2 + j] * g.pi[i * 2 + j];
            }
        }
        ASSERT_NEAR(C, 1 + eps + b, 1e-9);
        ASSERT_NEAR(P, 0, 1e-9);
        ASSERT_NEAR(V, 2, 1e-9);
        ASSERT_AT(r, "lindahl.consumer_welfare", C, TOL);
        ASSERT_AT(r, "lindahl.platform_payoff", P, TOL);
        ASSERT_AT(r, "lindahl.merchant_profit", V, TOL);
        /* the a = 1 prices: dmx's equal the printed ones, and they are pinned */
        ASSERT_AT(r, "lindahl.p[0][0]", slides[0], TOL);
        ASSERT_AT(r, "lindahl.p[1][0]", slides[2], TOL);
        /* the a = 2 prices: dmx shows the upper ends of the accepted ranges */
        ASSERT_AT(r, "lindahl.p[0][1]", b + 1 - eps, TOL);
        ASSERT_AT(r, "lindahl.p[1][1]", eps, TOL);
        static const struct {
            int k;
            double d;
            int slide_base; /* 1: perturb the slides' table, 0: dmx's a = 2 prices */
            const char *fails;
        } moves[] = {
            {0, -0.01, 1, "Def. 5(a)"}, {0, +0.01, 1, "Def. 5(a)"},
            {2, -0.01, 1, "Def. 5(a)"}, {2, +0.01, 1, "Def. 5(a)"},
            {1, -0.01, 1, "Def. 5(a)"}, {3, -0.01, 1, "Def. 5(a)"},   /* below the zeros */
            {1, +0.01, 0, "Def. 5(b)"}, {3, +0.01, 0, "Def. 5(b)"},   /* above dmx's */
        };
        double dmxp[4] = {slides[0], b + 1 - eps, slides[2], eps};
        assert_int_equal(
            glp_lindahl_certify(&g, dmxp, chi, 1e-9, &ok, why, sizeof why, &res, &e), DMX_OK);
        assert_true(ok);
        for (size_t k = 0; k < sizeof moves / sizeof moves[0]; k++) {
            double t[4];
            memcpy(t, moves[k].slide_base ? slides : dmxp, sizeof t);
            t[moves[k].k] += moves[k].d;
            assert_int_equal(
                glp_lindahl_certify(&g, t, chi, 1e-9, &ok, why, sizeof why, &res, &e), DMX_OK);
            if (ok || !strstr(why, moves[k].fails))
                fail_msg("case %zu, move %zu: ok = %d, '%s' (expected %s to fail)", c, k, ok,
                         why, moves[k].fails);
        }
        glp_inst_free(&g);
        dmx_preset_free(pr);
        dmx_result_free(r);
    }
}

/* Prop. 3: full disclosure, p(ω) = γ_π ω, q(ω) = q̄ iff r < γ_π ω, consumers get W°. */
static void test_prop3(void **state)
{
    (void)state;
    dmx_result *r = glp_eval("glp-prop3", NULL, NULL);
    common_checks(r);
    assert_string_equal(str_at(r, "competitive.case"), "Prop 3: full disclosure");
    double w[3] = {1, 2, 3}, qb[3] = {0.2, 0.5, 0.3}, rr[3] = {0.5, 1.5, 1.0}, gp = 0.6;
    double R = 0, Wc;
    for (int i = 0; i < 3; i++)
        R += qb[i] * rr[i];
    Wc = R;
    for (int i = 0; i < 3; i++) {
        char p[64];
        snprintf(p, sizeof p, "competitive.equilibria[0].p[%d]", i);
        ASSERT_AT(r, p, gp * w[i], TOL);
        snprintf(p, sizeof p, "competitive.equilibria[0].q[%d]", i);
        ASSERT_AT(r, p, rr[i] < gp * w[i] ? qb[i] : 0, TOL);
        snprintf(p, sizeof p, "competitive.equilibria[0].x[%d][%d]", i, i);
        ASSERT_AT(r, p, 1, TOL);
        if (rr[i] < gp * w[i])
            Wc += (gp * w[i] - rr[i]) * qb[i];
    }
    ASSERT_AT(r, "constrained_efficient.W", Wc, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].consumer_welfare", Wc, TOL);
    ASSERT_AT(r, "triangle.platform_point[0]", 0, TOL);    /* (0, w*) */
    ASSERT_AT(r, "triangle.platform_point[1]", num_at(r, "triangle.w_star"), TOL);
    ASSERT_AT(r, "expropriation.consumer_surplus", 0, TOL);
    dmx_result_free(r);
}

/* Galperti, Liu, Perego (2023), App. B.1, Prop. B.1: if γ_π > γ_u and
 * r(ω) ∉ [γ_π ω, (1 + γ_π) ω] for every ω, every competitive equilibrium is
 * constrained socially efficient (Def. 7, SW of eq. (B.1)).  Its proof: the
 * platform's only optimal mechanism is full disclosure (so a sold record of type ω
 * is worth v + u + π = γ_π ω + 0 + ω to SW), the market sells type ω iff
 * r(ω) < γ_π ω and the planner iff r(ω) < (1 + γ_π) ω; outside the interval the
 * two agree.  So the Def. 7 optimum is SW° = Σ_ω q̄(ω) max{(1 + γ_π) ω, r(ω)},
 * computed here by hand, and every listed equilibrium must have SW = SW°.
 * Instances with A = Ω as in the paper, given as --set assignments on glp-prop3;
 * tolerance 1e-9 relative to SW° (LP noise). */
static void prop_b1_check(const char *what, int n, const double *w, const double *qb,
                          const double *rr, double gu, double gp)
{
    char a[5][512];
    int off[3] = {0, 0, 0};
    const char *key[3] = {"types=", "mass=", "outside="};
    const double *val[3] = {w, qb, rr};
    for (int k = 0; k < 3; k++) {
        off[k] = snprintf(a[k], sizeof a[k], "%s", key[k]);
        for (int i = 0; i < n; i++)
            off[k] += snprintf(a[k] + off[k], sizeof a[k] - (size_t)off[k], "%s%.17g",
                               i ? "," : "", val[k][i]);
    }
    snprintf(a[3], sizeof a[3], "gamma_u=%.17g", gu);
    snprintf(a[4], sizeof a[4], "gamma_pi=%.17g", gp);
    /* the proposition's condition holds (the instance generator's promise) */
    assert_true(gp > gu);
    double swo = 0, sweq = 0;
    for (int i = 0; i < n; i++) {
        if (!(rr[i] < gp * w[i] || rr[i] > (1 + gp) * w[i]))
            fail_msg("%s: type %d violates the condition of Prop. B.1", what, i);
        swo += qb[i] * fmax((1 + gp) * w[i], rr[i]);
        sweq += qb[i] * (rr[i] < gp * w[i] ? (1 + gp) * w[i] : rr[i]);
    }
    double tol = 1e-9 * fmax(1, swo);
    ASSERT_NEAR(sweq, swo, tol);     /* the proof's argument, on these numbers */
    dmx_result *r = glp_eval("glp-prop3", NULL, a[0], a[1], a[2], a[3], a[4], (const char *)NULL);
    assert_int_equal(count_at(r, "instance.types"), n);
    if (fabs(num_at(r, "social_efficiency.SW_constrained") - swo) > tol)
        fail_msg("%s: social_efficiency.SW_constrained = %.12g, Σ q̄ max{(1+γ_π)ω, r} = %.12g",
                 what, num_at(r, "social_efficiency.SW_constrained"), swo);
    int ne = count_at(r, "competitive.equilibria");
    assert_true(ne >= 1);
    for (int k = 0; k < ne; k++) {
        char p[96];
        snprintf(p, sizeof p, "competitive.equilibria[%d].verified", k);
        assert_true(bool_at(r, p));
        snprintf(p, sizeof p, "competitive.equilibria[%d].SW", k);
        if (fabs(num_at(r, p) - swo) > tol)
            fail_msg("%s: %s = %.12g, but Prop. B.1 says SW° = %.12g", what, p, num_at(r, p),
                     swo);
        for (int i = 0; i < n; i++) {   /* the equilibrium database of the proof */
            snprintf(p, sizeof p, "competitive.equilibria[%d].q[%d]", k, i);
            ASSERT_NEAR(num_at(r, p), rr[i] < gp * w[i] ? qb[i] : 0, 1e-9 * fmax(1, qb[i]));
        }
    }
    dmx_result_free(r);
}

static double rnd_b1(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

static void test_prop_b1(void **state)
{
    (void)state;
    /* hand-made instances satisfying the condition */
    {   /* glp-prop3 with the middle type's r moved below γ_π ω = 1.2: all sell, SW° = 3.36 */
        double w[3] = {1, 2, 3}, qb[3] = {0.2, 0.5, 0.3}, rr[3] = {0.5, 1.0, 1.0};
        prop_b1_check("prop3, r2 = 1.0", 3, w, qb, rr, 0.2, 0.6);
    }
    {   /* ... and above (1 + γ_π) ω = 3.2: she keeps her records, SW° = 3.51 */
        double w[3] = {1, 2, 3}, qb[3] = {0.2, 0.5, 0.3}, rr[3] = {0.5, 3.5, 1.0};
        prop_b1_check("prop3, r2 = 3.5", 3, w, qb, rr, 0.2, 0.6);
    }
    {   /* γ_u = 0, the top type keeps her records (r = 7 > 6.4) */
        double w[4] = {1, 2, 3, 4}, qb[4] = {1, 1, 1, 1}, rr[4] = {0.1, 0.2, 0.3, 7};
        prop_b1_check("four types", 4, w, qb, rr, 0, 0.6);
    }
    {   /* one type, no trade on both sides */
        double w[1] = {2}, qb[1] = {1.5}, rr[1] = {5};
        prop_b1_check("one type, keeps", 1, w, qb, rr, 0.3, 1);
    }
    {   /* mass far from 1, every type sells */
        double w[2] = {1, 2}, qb[2] = {3, 40}, rr[2] = {0, 0.5};
        prop_b1_check("two types, mass 43", 2, w, qb, rr, 0.1, 0.4);
    }
    /* seeded random instances: 1-8 types, masses 1e-2..10, γ_u ∈ [0, 1.5),
     * γ_π ∈ (γ_u, γ_u + 1.5], each r(ω) at least 1% of γ_π ω away from the
     * interval [γ_π ω, (1 + γ_π) ω], on either side */
    unsigned long long s = 20261203ULL;
    for (int t = 0; t < 120; t++) {
        int n = 1 + t % 8;
        double w[8], qb[8], rr[8], x = 0;
        double gu = rnd_b1(&s) < 0.15 ? 0 : 1.5 * rnd_b1(&s);
        double gp = gu + 0.05 + 1.45 * rnd_b1(&s);
        for (int i = 0; i < n; i++) {
            x += 0.1 + 2 * rnd_b1(&s);
            w[i] = x;
            qb[i] = pow(10, -2 + 3 * rnd_b1(&s));
            if (rnd_b1(&s) < 0.5)
                rr[i] = 0.99 * gp * w[i] * rnd_b1(&s);
            else
                rr[i] = (1 + gp) * w[i] * (1.01 + rnd_b1(&s));
        }
        char what[32];
        snprintf(what, sizeof what, "random %d", t);
        prop_b1_check(what, n, w, qb, rr, gu, gp);
    }
}

/* Prop. B.1, "Otherwise, the equilibrium allocation can be socially inefficient":
 * glp-prop3 has γ_π = 0.6 > γ_u = 0.2 but the middle type's r = 1.5 lies in
 * [γ_π ω, (1 + γ_π) ω] = [1.2, 3.2]; she keeps her records in the equilibrium
 * (1.5 > 1.2) while the Def. 7 planner sells them (1.5 < 3.2).  By hand from
 * eq. (B.1) with full disclosure: SW(q*) = 1.6·1·0.2 + 1.5·0.5 + 1.6·3·0.3 = 2.51,
 * SW° = 1.6·(1·0.2 + 2·0.5 + 3·0.3) = 3.36 (the numbers the preset notes quote). */
static void test_prop_b1_violated(void **state)
{
    (void)state;
    double w[3] = {1, 2, 3}, qb[3] = {0.2, 0.5, 0.3}, rr[3] = {0.5, 1.5, 1.0}, gp = 0.6;
    assert_true(rr[1] >= gp * w[1] && rr[1] <= (1 + gp) * w[1]);
    double sweq = 0, swo = 0;
    for (int i = 0; i < 3; i++) {
        sweq += qb[i] * (rr[i] < gp * w[i] ? (1 + gp) * w[i] : rr[i]);
        swo += qb[i] * fmax((1 + gp) * w[i], rr[i]);
    }
    ASSERT_NEAR(sweq, 2.51, 1e-12);
    ASSERT_NEAR(swo, 3.36, 1e-12);
    dmx_result *r = glp_eval("glp-prop3", NULL, NULL);
    assert_int_equal(count_at(r, "competitive.equilibria"), 1);
    ASSERT_AT(r, "competitive.equilibria[0].SW", sweq, TOL);
    ASSERT_AT(r, "competitive.equilibria[0].q[1]", 0, TOL);
    ASSERT_AT(r, "social_efficiency.SW_constrained", swo, TOL);
    ASSERT_AT(r, "social_efficiency.q_constrained[1]", qb[1], TOL);
    assert_true(num_at(r, "competitive.equilibria[0].SW") <
                num_at(r, "social_efficiency.SW_constrained") - 0.8);   /* gap 0.85 */
    /* efficient in the sense of Def. 3 all the same (Prop. 3) */
    assert_true(bool_at(r, "competitive.equilibria[0].efficient"));
    dmx_result_free(r);
}

static void test_general4(void **state)
{
    (void)state;
    dmx_result *r = glp_eval("glp-general4", NULL, NULL);
    common_checks(r);
    assert_string_equal(str_at(r, "competitive.case"), "search: inefficient");
    assert_false(bool_at(r, "competitive.equilibria[0].exact"));
    assert_true(num_at(r, "competitive.equilibria[0].gap_W_circ") > 0.1);
    /* V(q̄) from the LP equals the triangle closed form */
    ASSERT_AT(r, "triangle.V_lp", num_at(r, "triangle.V_closed_form"), 1e-9);
    dmx_result_free(r);
}

static void test_eight(void **state)
{
    (void)state;
    dmx_result *r = glp_eval("glp-eight", NULL, NULL);
    common_checks(r);
    assert_int_equal(count_at(r, "instance.types"), 8);
    ASSERT_AT(r, "triangle.V_lp", num_at(r, "triangle.V_closed_form"), 1e-9);
    assert_string_equal(str_at(r, "competitive.case"), "search: inefficient");
    dmx_result_free(r);
}

static void test_default_preset(void **state)
{
    (void)state;
    const dmx_model *m = dmx_model_find("glp");
    assert_non_null(m);
    assert_string_equal(m->default_preset, "glp-sec4-case2");
    /* the defaults of the descriptors are the default preset's parameters */
    dmx_params *p = dmx_params_new(m);
    dmx_preset *pr;
    dmx_result *r = glp_eval("glp-sec4-case2", &pr, NULL);
    assert_true(dmx_params_equal(p, pr->params));
    dmx_params_free(p);
    dmx_preset_free(pr);
    dmx_result_free(r);
}

/* Every glp preset names an opening view (view:) that its result has, and cites
 * the paper by author (year). */
static void test_preset_views(void **state)
{
    (void)state;
    static const char *const names[] = {
        "glp-appb1-onetype", "glp-appb1-social", "glp-eight", "glp-general4", "glp-prop3", "glp-sec4-case1",
        "glp-sec4-case2", "glp-sec4-case3", "glp-sec4-case4", "glp-sec4-notrade",
        "glp-sec52-lindahl", "glp-slides"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        dmx_preset *pr = NULL;
        dmx_result *r = glp_eval(names[k], &pr, NULL);
        dmx_err e = {0};
        assert_non_null(pr->view);
        if (dmx_preset_check_view(pr, r, &e) != DMX_OK)
            fail_msg("%s: %s", names[k], e.msg);
        assert_non_null(pr->source);
        if (!strstr(pr->source, "Galperti, Liu, Perego (2023)"))
            fail_msg("%s: source '%s' does not cite the paper by author", names[k], pr->source);
        dmx_result_free(r);
        dmx_preset_free(pr);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preset_views),
        cmocka_unit_test(test_case1),    cmocka_unit_test(test_case2),
        cmocka_unit_test(test_case3),    cmocka_unit_test(test_case4),
        cmocka_unit_test(test_notrade),  cmocka_unit_test(test_lindahl),
        cmocka_unit_test(test_appb1),    cmocka_unit_test(test_appb1_onetype),
        cmocka_unit_test(test_slides),   cmocka_unit_test(test_slides_lindahl),
        cmocka_unit_test(test_prop3),    cmocka_unit_test(test_prop_b1),
        cmocka_unit_test(test_prop_b1_violated), cmocka_unit_test(test_general4),
        cmocka_unit_test(test_eight),    cmocka_unit_test(test_default_preset),
    };
    return cmocka_run_group_tests_name("glp_paper", tests, NULL, NULL);
}
