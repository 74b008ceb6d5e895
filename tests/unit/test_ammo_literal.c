/* test_ammo_literal.c -- the literal de-correlation mediator of Acemoglu, Makhdoumi,
 * Malekian, Ozdaglar (2022), §6.2: the include/exclude tree with bordered inverses against
 * the plain method (one SPD inverse of (Σ^{-1}+Σ^{-2})_TT per profile) on seeded random
 * instances, maximum, canonical maximizer and number of maximizers; and a tie case. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"
#include "ammo/ammo.h"

/* Seeded PSD Σ = F Fᵀ/n + 0.1 I (dense, well conditioned), values in [0, 2]. */
static void make_case(int n, uint64_t seed, double *S, double *v)
{
    uint64_t st = seed;
    double F[20 * 20];
    for (int i = 0; i < n * n; i++)
        F[i] = ammo_normal(&st);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double a = 0;
            for (int k = 0; k < n; k++)
                a += F[i * n + k] * F[j * n + k];
            S[i * n + j] = a / n + (i == j ? 0.1 : 0);
        }
    for (int i = 0; i < n; i++)
        v[i] = fabs(1.0 + 0.6 * ammo_normal(&st));
}

/* The plain method, written out here: every profile, one inverse each. */
static void reference(int n, const double *S, const double *v, unsigned char *best,
                      double *bval, double *cnt)
{
    double Q[20 * 20], L[20];
    unsigned char a[20];
    dmx_err e = {0};
    assert_int_equal(ammo_decorr_Q(n, S, Q, &e), DMX_OK);
    double *val = malloc(sizeof *val << n);
    double mx = -INFINITY;
    for (long m = 0; m < (1L << n); m++) {
        for (int i = 0; i < n; i++)
            a[i] = (unsigned char)(m >> i & 1);
        assert_int_equal(ammo_literal_leaks(n, Q, a, L, &e), DMX_OK);
        double d = 0;
        for (int i = 0; i < n; i++)
            if (a[i])
                d += (1.0 - v[i]) * L[i];
        val[m] = d;
        mx = fmax(mx, d);
    }
    double thr = mx - AMMO_TIE_REL * fmax(1.0, fabs(mx));
    long pick = -1;
    int ppop = -1;
    *cnt = 0;
    for (long m = 0; m < (1L << n); m++) {
        if (!(val[m] >= thr))
            continue;
        *cnt += 1;
        int pop = __builtin_popcountl((unsigned long)m);
        if (pop > ppop) {            /* m increasing: first of a popcount = smallest */
            ppop = pop;
            pick = m;
        }
    }
    for (int i = 0; i < n; i++)
        best[i] = (unsigned char)(pick >> i & 1);
    *bval = mx;
    free(val);
}

static void test_tree_vs_plain(void **state)
{
    (void)state;
    double S[20 * 20], v[20], bval, cnt, rv, rc;
    unsigned char best[20], ref[20];
    for (int n = 1; n <= 13; n++)
        for (uint64_t seed = 1; seed <= 6; seed++) {
            make_case(n, 1000 * (uint64_t)n + seed, S, v);
            ammo_inst in = {.n = n, .S = S, .v = v};
            dmx_err e = {0};
            memset(best, 0, sizeof best);
            assert_int_equal(ammo_literal_solve(&in, 26, NULL, best, &bval, &cnt, NULL, &e),
                             DMX_OK);
            reference(n, S, v, ref, &rv, &rc);
            assert_true(fabs(bval - rv) <= 1e-12 * fmax(1.0, fabs(rv)));
            assert_memory_equal(best, ref, (size_t)n);
            assert_true(cnt == rc);
        }
}

/* Independent users with v < 1: every one shares (D_lit grows with T); v = 1 users are
 * indifferent, so with k of them there are 2^k maximizers and the canonical one has all. */
static void test_ties(void **state)
{
    (void)state;
    double S[36] = {0}, v[6] = {0.5, 1, 1, 0.2, 1, 0.7}, bval, cnt;
    for (int i = 0; i < 6; i++)
        S[i * 6 + i] = 1.0 + 0.1 * i;
    unsigned char best[6] = {0};
    ammo_inst in = {.n = 6, .S = S, .v = v};
    dmx_err e = {0};
    assert_int_equal(ammo_literal_solve(&in, 26, NULL, best, &bval, &cnt, NULL, &e), DMX_OK);
    assert_true(cnt == 8);
    for (int i = 0; i < 6; i++)
        assert_int_equal(best[i], 1);
    /* beyond max_n: refused with the limit named */
    assert_int_equal(ammo_literal_solve(&in, 5, NULL, best, &bval, &cnt, NULL, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "n <= 5"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_vs_plain),
        cmocka_unit_test(test_ties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
