/* Tests of the recommender system (Bergemann, Bonatti, Gan (2022), §6.2,
 * Prop 11): the closed forms of engine/bbg/recommender.c against a Monte Carlo
 * simulation of the market (fixed seed), and Prop 11 as a property over a grid. */
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

/* Producer's estimate of consumer 1's z (w or t) from a policy: 0 none, 1 the
 * mean of all N, 2 her own z, 3 the mean of the others (she does not sell).
 * Regression coefficients from the model's covariances. */
static double estimate(int pol, double z1, double sum_o, double N, double a, double b, double mu,
                       double *V)
{
    switch (pol) {
    case 0: *V = 0; return mu;
    case 1: *V = a + b / N; return (z1 + sum_o) / N;
    case 2: *V = a + b; return z1;
    default: {
        double k = a / (a + b / (N - 1));
        *V = k * a;
        return mu + k * (sum_o / (N - 1) - mu);
    }
    }
}

typedef struct mc { double U, Pi, seU, sePi; } mc;

static void simulate(double N, double aw, double sw2, double at, double st2, double mu, int pw,
                     int pt, int draws, mc *out)
{
    uint64_t seed = 0x2545f4914f6cdd1dULL + (uint64_t)(pw * 7 + pt);
    double a = aw * sw2, b = (1 - aw) * sw2, ta = at * st2, tb = (1 - at) * st2;
    double sU = 0, sU2 = 0, sP = 0, sP2 = 0;
    for (int d = 0; d < draws; d++) {
        double th = mu + sqrt(a) * gauss(&seed), w1 = th + sqrt(b) * gauss(&seed), sw = 0;
        double tau = sqrt(ta) * gauss(&seed), t1 = tau + sqrt(tb) * gauss(&seed), st = 0;
        for (int j = 1; j < (int)N; j++) {
            sw += th + sqrt(b) * gauss(&seed);
            st += tau + sqrt(tb) * gauss(&seed);
        }
        double Vw, Vt;
        double wh = estimate(pw, w1, sw, N, a, b, mu, &Vw);
        double th1 = estimate(pt, t1, st, N, ta, tb, 0, &Vt);
        /* the producer: y = E[t|S]; p maximises p(ŵ - E[(y - t)²|S] - p) */
        double y = th1, Dexp = st2 - Vt;
        double p = (wh - Dexp) / 2;
        double q = w1 - (y - t1) * (y - t1) - p;
        double u = q * q / 2, pi = p * q;
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
    const double N = 3, aw = 0.6, sw2 = 1.2, at = 0.4, st2 = 0.5, mu = 2.5;
    const int draws = 300000;
    bbg_prim p;
    bbg_prim_make(&p, N, aw, 0.5, sw2, 0);
    bbg_rec_res r;
    bbg_recommender(&p, at, st2, mu, &r);
    mc none, out;
    simulate(N, aw, sw2, at, st2, mu, 0, 0, draws, &none);
    simulate(N, aw, sw2, at, st2, mu, 3, 3, draws, &out);
    for (int pw = 0; pw < 3; pw++)
        for (int pt = 0; pt < 3; pt++) {
            mc on;
            simulate(N, aw, sw2, at, st2, mu, pw, pt, draws, &on);
            /* R = N [W(S) - Π(∅) - U(S_-i)] with parts simulated separately; the
             * off-path estimate is the others' mean under every non-empty policy */
            mc off = out;
            if (pw == 0 || pt == 0)
                simulate(N, aw, sw2, at, st2, mu, pw ? 3 : 0, pt ? 3 : 0, draws, &off);
            double Rmc = N * (on.U + on.Pi - none.Pi - off.U);
            double se = N * (on.seU + on.sePi + none.sePi + off.seU);
            double R = r.R_w[pw] + r.R_t[pt];
            if (fabs(R - Rmc) > 5 * se)
                fail_msg("policy w %d t %d: closed form %g, Monte Carlo %g (se %g)", pw, pt, R,
                         Rmc, se);
        }
}

/* Prop 11: with μ - c >= (11/3)σ_t² (footnote 19) the intermediary never sells
 * individual willingness-to-pay data (aggregate pays more whenever either pays)
 * and, when it sells location data, sells them individually. */
static void test_prop11_property(void **st)
{
    (void)st;
    const double Ns[] = {2, 3, 10, 1000};
    int loc_only = 0, both = 0;
    for (size_t in = 0; in < sizeof Ns / sizeof Ns[0]; in++)
        for (int ia = 0; ia <= 10; ia++)
            for (int it = 0; it <= 10; it++)
                for (int is = 1; is <= 3; is++) {
                    double st2 = 0.3 * is, mu = 11.0 / 3.0 * st2 + 0.1 * it;
                    bbg_prim p;
                    bbg_prim_make(&p, Ns[in], ia / 10.0, 0.5, 1.0, 0);
                    bbg_rec_res r;
                    bbg_recommender(&p, it / 10.0, st2, mu, &r);
                    assert_true(r.gamma_mono);
                    assert_true(r.R_w[BBG_REC_AGGREGATE] >= r.R_w[BBG_REC_INDIVIDUAL] - 1e-12);
                    assert_true(r.R_t[BBG_REC_INDIVIDUAL] >= r.R_t[BBG_REC_AGGREGATE] - 1e-12);
                    assert_int_not_equal(r.best_w, BBG_REC_INDIVIDUAL);
                    /* aggregate location data only where they equal individual ones
                     * (α_t = 1: every location is the common τ) */
                    if (r.best_t == BBG_REC_AGGREGATE)
                        assert_near(r.R_t[BBG_REC_AGGREGATE], r.R_t[BBG_REC_INDIVIDUAL],
                                    1e-12 * (1 + fabs(r.R_t[BBG_REC_INDIVIDUAL])));
                    loc_only += r.best_w == BBG_REC_NONE && r.best_t == BBG_REC_INDIVIDUAL;
                    both += r.best_w == BBG_REC_AGGREGATE && r.best_t == BBG_REC_INDIVIDUAL;
                    assert_near(r.R, r.m0 - Ns[in] * r.m_i, 1e-9 * (1 + fabs(r.R)));
                }
    /* both regimes occur: location data traded while market-level data are not */
    assert_true(loc_only > 10 && both > 10);
}

/* Without locations (σ_t² = 0) the w part is the baseline's aggregate revenue. */
static void test_baseline(void **st)
{
    (void)st;
    bbg_prim p;
    bbg_prim_make(&p, 6, 0.55, 0.5, 1.4, 0);
    bbg_rec_res r;
    bbg_recommender(&p, 0.5, 0, 1, &r);
    assert_near(r.R_w[BBG_REC_AGGREGATE], bbg_agg_R(&p, 0), 1e-12);
    assert_near(r.R_w[BBG_REC_INDIVIDUAL], bbg_sharing_R(&p), 1e-12);
    assert_near(r.R_t[BBG_REC_INDIVIDUAL], 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monte_carlo),
        cmocka_unit_test(test_prop11_property),
        cmocka_unit_test(test_baseline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
