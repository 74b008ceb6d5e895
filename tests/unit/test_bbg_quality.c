/* Tests of quality pricing (Bergemann, Bonatti, Gan (2022), §6.1, Prop 10):
 * the closed forms of engine/bbg/quality.c against a Monte Carlo simulation of
 * the market (fixed seed), the paper's γ* and Prop 10 as a property over a grid
 * of (γ, α, β, N), the γ = 0 baseline, and the refusal of γ >= √2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "testutil.h"
#include "dmx.h"
#include "bbg/bbg.h"

static double urand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return ((double)((*s * 2685821657736338717ULL) >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(uint64_t *s)
{
    return sqrt(-2.0 * log(urand(s))) * cos(6.283185307179586 * urand(s));
}

/* γ* = √((3 - √5)/2) (proof of Prop 10) = 0.6180339887... */
static void test_gamma_star(void **st)
{
    (void)st;
    assert_near(bbg_quality_gamma_star(), 0.6180339887498949, 1e-15);
    /* ΔW changes sign there, ΔU at γ = 1 */
    bbg_prim p;
    bbg_prim_make(&p, 5, 0.5, 0.3, 1, 0);
    bbg_quality_res q;
    double gs = bbg_quality_gamma_star();
    assert_true(bbg_quality(&p, gs - 1e-6, 0, &q) && q.individual.dW < 0);
    assert_true(bbg_quality(&p, gs + 1e-6, 0, &q) && q.individual.dW > 0);
    assert_true(bbg_quality(&p, 1 - 1e-6, 0, &q) && q.individual.dU < 0);
    assert_true(bbg_quality(&p, 1 + 1e-6, 0, &q) && q.individual.dU > 0);
}

/* Simulated market: N consumers, w_j = θ + θ_j known to them; the producer sees
 * nothing, the aggregate x̄ (= mean of the w_j), every w_j, or (consumer 1 out)
 * x̄_-1 resp. the others' w_j, forms E[w_1 | S] by regression, and picks (p, y)
 * by solving its first-order conditions as a linear system.  Averages of
 * consumer 1's utility and the producer's profit on her. */
typedef struct mc {
    double U, Pi, seU, sePi;
} mc;

static void simulate(double N, double al, double sw2, double mu, double c, double g, int info,
                     int draws, mc *out)
{
    uint64_t seed = 0x9e3779b97f4a7c15ULL + (uint64_t)info;
    double a = al * sw2, b = (1 - al) * sw2;
    double sU = 0, sU2 = 0, sP = 0, sP2 = 0;
    for (int d = 0; d < draws; d++) {
        double th = mu + sqrt(a) * gauss(&seed), w1 = th + sqrt(b) * gauss(&seed), sum_o = 0;
        for (int j = 1; j < (int)N; j++)
            sum_o += th + sqrt(b) * gauss(&seed);
        double wh;
        switch (info) {
        case 0: wh = mu; break;                                  /* no data */
        case 1: wh = (w1 + sum_o) / N; break;                    /* x̄: E[w_1|x̄] = x̄ */
        case 2: wh = w1; break;                                  /* individual */
        default: {                                               /* x̄_-1 (= s_-1 info) */
            double xo = sum_o / (N - 1), k = a / (a + b / (N - 1));
            wh = mu + k * (xo - mu);
        }
        }
        /* maximise (p - c)(wh + g y - p) - y²/2: [2 -g; -g 1][p; y] = [wh + c; -g c] */
        double det = 2 - g * g;
        double p = ((wh + c) * 1 - (-g) * (-g * c)) / det;
        double y = (2 * (-g * c) - (-g) * (wh + c)) / det;
        double q = w1 + g * y - p;
        double u = q * q / 2, pi = (p - c) * q - y * y / 2;
        sU += u;
        sU2 += u * u;
        sP += pi;
        sP2 += pi * pi;
    }
    out->U = sU / draws;
    out->Pi = sP / draws;
    out->seU = sqrt((sU2 / draws - out->U * out->U) / draws);
    out->sePi = sqrt((sP2 / draws - out->Pi * out->Pi) / draws);
}

static void test_monte_carlo(void **st)
{
    (void)st;
    const double N = 3, al = 0.6, sw2 = 1.3, mu = 1.0, c = 0.3;
    const int draws = 400000;
    const double gs[] = {0.3, 0.9, 1.2};
    for (size_t k = 0; k < sizeof gs / sizeof gs[0]; k++) {
        double g = gs[k];
        bbg_prim p;
        bbg_prim_make(&p, N, al, 0.5, sw2, 0);
        bbg_quality_res q;
        assert_true(bbg_quality(&p, g, mu - c, &q));
        mc none, agg, ind, out;
        simulate(N, al, sw2, mu, c, g, 0, draws, &none);
        simulate(N, al, sw2, mu, c, g, 1, draws, &agg);
        simulate(N, al, sw2, mu, c, g, 2, draws, &ind);
        simulate(N, al, sw2, mu, c, g, 3, draws, &out);
        assert_near(q.U_none, none.U, 5 * none.seU);
        assert_near(q.Pi_none, none.Pi, 5 * none.sePi);
        assert_near(q.U_full, ind.U, 5 * ind.seU);
        assert_near(q.Pi_full, ind.Pi, 5 * ind.sePi);
        assert_near(q.U_none + q.aggregate.dU, agg.U, 5 * agg.seU);
        assert_near(q.Pi_none + q.aggregate.dPi, agg.Pi, 5 * agg.sePi);
        /* a consumer who stays out faces prices from the others' data */
        double Uout = q.U_none + q.aU * q.aggregate.V_minus_i;
        assert_near(Uout, out.U, 5 * out.seU);
        /* R = N (W(S) - Π(∅) - U(S_-i)) per consumer, from the simulated parts */
        double Rmc = N * (agg.U + agg.Pi - none.Pi - out.U);
        double se = N * (agg.seU + agg.sePi + none.sePi + out.seU);
        assert_near(q.aggregate.R, Rmc, 5 * se);
        Rmc = N * (ind.U + ind.Pi - none.Pi - out.U);
        se = N * (ind.seU + ind.sePi + none.sePi + out.seU);
        assert_near(q.individual.R, Rmc, 5 * se);
    }
}

/* Prop 10: aggregate data pay more than individual data iff γ < γ*; the
 * intermediary's choice follows; β plays no role (consumers know w_i). */
static void test_prop10_property(void **st)
{
    (void)st;
    const double gs = bbg_quality_gamma_star();
    const double Ns[] = {2, 3, 10, 100, 1e5};
    int nagg = 0, nind = 0;
    for (int ig = 0; ig <= 28; ig++) {
        double g = 0.05 * ig;
        if (fabs(g - gs) < 1e-3)
            continue;
        for (int ia = 1; ia < 20; ia++)
            for (size_t in = 0; in < sizeof Ns / sizeof Ns[0]; in++)
                for (int ib = 0; ib <= 2; ib++) {
                    bbg_prim p;
                    bbg_prim_make(&p, Ns[in], ia / 20.0, ib / 2.0, 2.0, 0.7 * ib);
                    bbg_quality_res q, q0;
                    assert_true(bbg_quality(&p, g, 1.0, &q));
                    if ((q.aggregate.R > q.individual.R) != (g < gs))
                        fail_msg("gamma %g alpha %g N %g: R_agg %g R_ind %g", g, ia / 20.0,
                                 Ns[in], q.aggregate.R, q.individual.R);
                    if (q.choice == BBG_Q_AGGREGATE) {
                        assert_true(g < gs);
                        nagg++;
                    }
                    if (q.choice == BBG_Q_INDIVIDUAL) {
                        assert_true(g > gs);
                        nind++;
                    }
                    assert_true(q.individual.dPi > 0);
                    bbg_prim_make(&p, Ns[in], ia / 20.0, 0.0, 2.0, 0.0);
                    assert_true(bbg_quality(&p, g, 1.0, &q0));
                    assert_near(q.aggregate.R, q0.aggregate.R, 0);
                }
    }
    assert_true(nagg > 100 && nind > 100);
}

/* γ = 0 is the baseline model with σ_e = 0: the revenues of §3-4. */
static void test_gamma0_baseline(void **st)
{
    (void)st;
    for (int ia = 1; ia < 10; ia++) {
        bbg_prim p;
        bbg_prim_make(&p, 7, ia / 10.0, 0.3, 1.5, 0);
        bbg_quality_res q;
        assert_true(bbg_quality(&p, 0, 0, &q));
        assert_near(q.aggregate.R, bbg_agg_R(&p, 0), 1e-12);
        assert_near(q.individual.R, bbg_sharing_R(&p), 1e-12);
    }
}

static void test_gamma_refused(void **st)
{
    (void)st;
    const dmx_model *m = dmx_model_find("bbg");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(p, "gamma=1.4142", &e), DMX_OK);
    assert_int_equal(dmx_params_validate(p, &e), DMX_OK);
    dmx_result *r = dmx_compute(p, NULL, &e);
    assert_non_null(r);
    assert_non_null(dmx_node_get(r->root, "quality.aggregate.R"));
    assert_non_null(dmx_result_view(r, "quality_policy"));
    dmx_result_free(r);
    assert_int_equal(dmx_params_assign(p, "gamma=1.4142135623730951", &e), DMX_OK);
    assert_int_equal(dmx_params_validate(p, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "without bound"));
    /* refused at assignment (out of the slider range) or by validate */
    int rc = dmx_params_assign(p, "gamma=1e308", &e);
    if (rc == DMX_OK)
        rc = dmx_params_validate(p, &e);
    assert_int_equal(rc, DMX_EDATA);
    dmx_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gamma_star),
        cmocka_unit_test(test_monte_carlo),
        cmocka_unit_test(test_prop10_property),
        cmocka_unit_test(test_gamma0_baseline),
        cmocka_unit_test(test_gamma_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
