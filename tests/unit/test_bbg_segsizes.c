/* Tests of segmentation with two groups of different sizes (Bergemann, Bonatti,
 * Gan (2022), §5.3 generalised; engine/bbg/segmentation.c): equal sizes give the
 * paper's eqs. (51)-(52), and the revenues' variances agree with explicit
 * Gaussian conditioning (bbg_post_var) on the full factor model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "testutil.h"
#include "dmx.h"
#include "bbg/bbg.h"

static void test_equal_sizes(void **st)
{
    (void)st;
    for (int N = 1; N <= 40; N++)
        for (int ia = 0; ia <= 10; ia++) {
            double al = ia / 10.0, sw2 = 1.7;
            double tol = 1e-12 * (1 + N);
            assert_near(bbg_seg2_R_group(N, N, al, sw2), bbg_seg_R_group(N, al, sw2), tol);
            assert_near(bbg_seg2_R_uniform(N, N, al, sw2), bbg_seg_R_uniform(N, al, sw2), tol);
            assert_near(bbg_seg2_R_uniform_bayes(N, N, al, sw2),
                        bbg_seg_R_uniform_bayes(N, al, sw2), tol);
        }
}

/* Factors: θ1, θ2, then θ_ij for the M = N1 + N2 consumers (group 1 first).
 * Consumer `me` (index), observation weights per consumer in obs[]. */
static double cond_var(int N1, int N2, double a, double b, int me, const double *obs, int nobs)
{
    int M = N1 + N2, nf = 2 + M;
    double *var = calloc((size_t)nf, sizeof *var), *t = calloc((size_t)nf, sizeof *t);
    double *A = calloc((size_t)(nf * nobs), sizeof *A);
    var[0] = var[1] = a;
    for (int k = 0; k < M; k++)
        var[2 + k] = b;
    t[me < N1 ? 0 : 1] = 1;
    t[2 + me] = 1;
    for (int o = 0; o < nobs; o++)
        for (int k = 0; k < M; k++) {
            double wgt = obs[o * M + k];
            A[o * nf + (k < N1 ? 0 : 1)] += wgt;
            A[o * nf + 2 + k] += wgt;
        }
    double V = 0;
    dmx_err e = {0};
    assert_int_equal(bbg_post_var(nf, var, nobs, A, t, &V, &e), DMX_OK);
    free(A);
    free(t);
    free(var);
    return V;
}

static void test_vs_evaluator(void **st)
{
    (void)st;
    const int sizes[][2] = {{3, 5}, {1, 4}, {6, 2}, {2, 2}, {1, 1}, {7, 1}};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
        for (int ia = 0; ia <= 4; ia++) {
            int N1 = sizes[z][0], N2 = sizes[z][1], M = N1 + N2;
            double al = ia / 4.0, sw2 = 1.3, a = al * sw2, b = (1 - al) * sw2;
            double *obs = calloc((size_t)M, sizeof *obs);
            double Rg = 0, Ru;
            /* on path, uniform: p = s̄/2 for everyone, var p = ¼ var s̄ */
            double vsbar = ((double)N1 * N1 * a + (double)N2 * N2 * a + M * b) / ((double)M * M);
            Ru = -0.5 * M * 0.25 * vsbar;
            for (int me = 0; me < M; me++) {
                int g1 = me < N1, lo = g1 ? 0 : N1, Nj = g1 ? N1 : N2;
                /* group pricing: the producer sees the own group's mean */
                memset(obs, 0, sizeof *obs * M);
                for (int k = lo; k < lo + Nj; k++)
                    obs[k] = 1.0 / Nj;
                double V = cond_var(N1, N2, a, b, me, obs, 1), Vm = 0;
                if (Nj > 1) {
                    obs[me] = 0;
                    Vm = cond_var(N1, N2, a, b, me, obs, 1);
                }
                Rg += (3 * Vm - V) / 8;
                /* uniform, Bayes deviator: sees the others' sum */
                for (int k = 0; k < M; k++)
                    obs[k] = k == me ? 0 : 1;
                double Vu = M > 1 ? cond_var(N1, N2, a, b, me, obs, 1) : 0;
                Ru += 1.5 * 0.25 * Vu;
            }
            free(obs);
            assert_near(bbg_seg2_R_group(N1, N2, al, sw2), Rg, 1e-9 * (1 + fabs(Rg)));
            assert_near(bbg_seg2_R_uniform_bayes(N1, N2, al, sw2), Ru, 1e-9 * (1 + fabs(Ru)));
        }
}

/* In the model: N2 absent = equal groups (Prop 8's N̄ reported); N2 given and
 * different: the unequal revenues, N̄ null with a reason. */
static void test_model_fields(void **st)
{
    (void)st;
    const dmx_model *m = dmx_model_find("bbg");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(p, "N2=30", &e), DMX_OK);
    dmx_result *r = dmx_compute(p, NULL, &e);
    assert_non_null(r);
    assert_near(dmx_node_get(r->root, "segmentation.group_size_2")->num, 30, 0);
    assert_near(dmx_node_get(r->root, "segmentation.R_group")->num,
                bbg_seg2_R_group(10, 30, 0.7, 1), 1e-12);
    const dmx_node *n = dmx_node_get(r->root, "segmentation.N_bar");
    assert_int_equal(n->t, DMX_N_NULL);
    assert_non_null(strstr(n->str, "equal groups"));
    dmx_result_free(r);
    assert_int_equal(dmx_params_assign(p, "N2=10", &e), DMX_OK);
    r = dmx_compute(p, NULL, &e);
    assert_non_null(r);
    assert_int_equal(dmx_node_get(r->root, "segmentation.N_bar")->t, DMX_N_NUM);
    dmx_result_free(r);
    int ok = dmx_params_assign(p, "N2=0", &e) == DMX_OK && dmx_params_validate(p, &e) == DMX_OK;
    assert_false(ok);
    assert_int_equal(e.code, DMX_EDATA);
    dmx_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_sizes),
        cmocka_unit_test(test_vs_evaluator),
        cmocka_unit_test(test_model_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
