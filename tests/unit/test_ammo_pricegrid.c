/* test_ammo_pricegrid.c -- the price-grid search of the two-platform game (Acemoglu,
 * Makhdoumi, Malekian, Ozdaglar (2022), §4): against a brute force written here from the
 * definitions (every pair, every deviation, every user equilibrium), for both selection
 * rules; the one-user Bertrand case (both platforms bid the whole leak I_1 = σ⁴/(1+σ²),
 * the bound of Theorem B-1's proof, and earn 0); and the budget refusal.  For n = 3 and 4
 * (one and four 64-bit words of profile codes per set) a second brute force checks the
 * pairs without a user equilibrium and both rules' counts.  The memo of the search changes
 * nothing and is keyed on exactly its inputs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"
#include "ammo/ammo.h"
#include "ammo/ammo_views.h"
#include "report.h"

static dmx_params *params(const char *yaml_params)
{
    char path[] = "/tmp/dmx_pgXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "model: ammo\ntitle: t\nparams:\n%s", yaml_params);
    fclose(f);
    dmx_preset *pr = NULL;
    dmx_err e = {0};
    if (dmx_preset_load(path, &pr, &e) != DMX_OK)
        fail_msg("%s", e.msg);
    remove(path);
    dmx_params *p = dmx_params_dup(pr->params);
    dmx_preset_free(pr);
    return p;
}

/* ---- brute force from the definitions (n = 2) ---- */
typedef struct bf {
    double S[4], v[2], c0, c1, grid[8];
    int m;
} bf;

static double leak(const bf *B, unsigned T, int i)
{
    unsigned char a[2] = {(unsigned char)(T & 1), (unsigned char)(T >> 1 & 1)};
    double I[2];
    dmx_err e = {0};
    assert_int_equal(ammo_leaks(2, B->S, a, I, NULL, NULL, &e), DMX_OK);
    return I[i];
}

static double upay(const bf *B, const double *p1, const double *p2, const int *b, const int *a,
                   int i)
{
    if (b[i] == 0)
        return 0;
    unsigned T = 0;
    int J = 0;
    for (int j = 0; j < 2; j++)
        if (b[j] == b[i]) {
            J++;
            T |= (unsigned)a[j] << j;
        }
    return (a[i] ? (b[i] == 1 ? p1 : p2)[i] : 0) - B->v[i] * leak(B, T, i) + B->c0 +
           B->c1 * (J - 1);
}

/* user equilibria (b in {1,2}) at (p1, p2): payoffs of the platforms into U[k][2] */
static int user_eqs(const bf *B, const double *p1, const double *p2, double U[][2])
{
    int cnt = 0;
    for (int code = 0; code < 16; code++) {
        int b[2] = {1 + (code & 1), 1 + (code >> 1 & 1)}, a[2] = {code >> 2 & 1, code >> 3 & 1};
        int ok = 1;
        for (int i = 0; i < 2 && ok; i++) {
            double cur = upay(B, p1, p2, b, a, i);
            for (int k = 0; k <= 2; k++)
                for (int ai = 0; ai <= 1; ai++) {
                    int bb[2] = {b[0], b[1]}, aa[2] = {a[0], a[1]};
                    bb[i] = k;
                    aa[i] = ai;
                    if (upay(B, p1, p2, bb, aa, i) > cur + 1e-12 * fmax(1, fabs(cur)))
                        ok = 0;
                }
        }
        if (!ok)
            continue;
        U[cnt][0] = U[cnt][1] = 0;
        for (int i = 0; i < 2; i++) {
            unsigned T = 0;
            for (int j = 0; j < 2; j++)
                if (b[j] == b[i])
                    T |= (unsigned)a[j] << j;
            U[cnt][b[i] - 1] += leak(B, T, i) - (a[i] ? (b[i] == 1 ? p1 : p2)[i] : 0);
        }
        cnt++;
    }
    return cnt;
}

static void vec(const bf *B, int idx, double *p)
{
    p[0] = B->grid[idx % B->m];
    p[1] = B->grid[idx / B->m];
}

/* counts of pessimistic and max-sum equilibria (user profiles) by brute force */
static void brute(const bf *B, long *pess, long *ms)
{
    int nv = B->m * B->m;
    double p1[2], p2[2], q[2], U[16][2], D[16][2];
    *pess = *ms = 0;
    for (int i1 = 0; i1 < nv; i1++)
        for (int i2 = 0; i2 < nv; i2++) {
            vec(B, i1, p1);
            vec(B, i2, p2);
            int ne = user_eqs(B, p1, p2, U);
            if (!ne)
                continue;
            double best1 = -INFINITY, best2 = -INFINITY, bs1 = -INFINITY, bs2 = -INFINITY;
            for (int d = 0; d < nv; d++) {
                vec(B, d, q);
                int nd = user_eqs(B, q, p2, D);
                double w = INFINITY, s = -INFINITY, s1 = 0;
                for (int k = 0; k < nd; k++) {
                    w = fmin(w, D[k][0]);
                    if (D[k][0] + D[k][1] > s) {
                        s = D[k][0] + D[k][1];
                        s1 = D[k][0];
                    }
                }
                if (nd) {
                    best1 = fmax(best1, w);
                    bs1 = fmax(bs1, s1);
                }
                nd = user_eqs(B, p1, q, D);
                w = INFINITY;
                s = -INFINITY;
                double s2 = 0;
                for (int k = 0; k < nd; k++) {
                    w = fmin(w, D[k][1]);
                    if (D[k][0] + D[k][1] > s) {
                        s = D[k][0] + D[k][1];
                        s2 = D[k][1];
                    }
                }
                if (nd) {
                    best2 = fmax(best2, w);
                    bs2 = fmax(bs2, s2);
                }
            }
            double s = -INFINITY;
            int sel = 0;
            for (int k = 0; k < ne; k++) {
                if (U[k][0] >= best1 - 1e-12 && U[k][1] >= best2 - 1e-12)
                    (*pess)++;
                if (U[k][0] + U[k][1] > s) {
                    s = U[k][0] + U[k][1];
                    sel = k;
                }
            }
            if (U[sel][0] >= bs1 - 1e-12 && U[sel][1] >= bs2 - 1e-12)
                (*ms)++;
        }
}

static void test_vs_brute_force(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "  cov: [[1, 0.5], [0.5, 1]]\n  values: [0.6, 0.9]\n  price_grid: 4\n  figure: none\n",
        "  cov: [[1, 0.8], [0.8, 2]]\n  values: [0.3, 1.5]\n  price_grid: 5\n  figure: none\n"
        "  join_c1: 0.5\n",
        "  cov: [[1, 0], [0, 1]]\n  values: [0.5, 0.5]\n  price_grid: 3\n  figure: none\n",
    };
    for (int c = 0; c < 3; c++) {
        dmx_params *p = params(cases[c]);
        dmx_err e = {0};
        dmx_result *r = dmx_compute(p, NULL, &e);
        if (!r)
            fail_msg("%s", e.msg);
        ammo_inst in;
        assert_int_equal(ammo_inst_build(p, &in, &e), DMX_OK);
        bf B = {.c0 = dmx_p_num(p, "join_c0"), .c1 = dmx_p_num(p, "join_c1"),
                .m = (int)dmx_p_num(p, "price_grid")};
        memcpy(B.S, in.S, sizeof B.S);
        memcpy(B.v, in.v, sizeof B.v);
        double pmax = dmx_node_get(r->root, "price_grid.price_max")->num;
        assert_true(fabs(pmax - (leak(&B, 3, 0) + leak(&B, 3, 1))) < 1e-12);
        for (int k = 0; k < B.m; k++)
            B.grid[k] = pmax * k / (B.m - 1);
        long pess, ms;
        brute(&B, &pess, &ms);
        assert_int_equal((long)dmx_node_get(r->root, "price_grid.pessimistic.count")->num, pess);
        assert_int_equal((long)dmx_node_get(r->root, "price_grid.max_sum.count")->num, ms);
        ammo_inst_free(&in);
        dmx_result_free(r);
        dmx_params_free(p);
    }
}

/* ---- brute force for any n <= 4: every profile of every pair checked from the
 * definitions (no per-user tables), then both selection rules ---- */
typedef struct bfn {
    int n, m;
    double L[16 * 4], v[4], c0, c1, grid[8];
} bfn;

static double upay_n(const bfn *B, const double *p1, const double *p2, const int *b,
                     const int *a, int i)
{
    if (b[i] == 0)
        return 0;
    unsigned T = 0;
    int J = 0;
    for (int j = 0; j < B->n; j++)
        if (b[j] == b[i]) {
            J++;
            T |= (unsigned)a[j] << j;
        }
    return (a[i] ? (b[i] == 1 ? p1 : p2)[i] : 0) - B->v[i] * B->L[T * B->n + i] + B->c0 +
           B->c1 * (J - 1);
}

/* the user equilibria at (p1, p2): platform payoffs into U (at most 256) */
static int user_eqs_n(const bfn *B, const double *p1, const double *p2, double U[][2])
{
    const int n = B->n;
    int cnt = 0;
    for (int code = 0; code < 1 << (2 * n); code++) {
        int b[4], a[4], ok = 1;
        for (int i = 0; i < n; i++) {
            b[i] = 1 + (code >> i & 1);
            a[i] = code >> (n + i) & 1;
        }
        for (int i = 0; i < n && ok; i++) {
            double cur = upay_n(B, p1, p2, b, a, i);
            for (int k = 0; k <= 2; k++)
                for (int ai = 0; ai <= 1; ai++) {
                    int bb[4], aa[4];
                    memcpy(bb, b, sizeof bb);
                    memcpy(aa, a, sizeof aa);
                    bb[i] = k;
                    aa[i] = ai;
                    if (upay_n(B, p1, p2, bb, aa, i) > cur + 1e-12 * fmax(1, fabs(cur)))
                        ok = 0;
                }
        }
        if (!ok)
            continue;
        U[cnt][0] = U[cnt][1] = 0;
        for (int i = 0; i < n; i++) {
            unsigned T = 0;
            for (int j = 0; j < n; j++)
                if (b[j] == b[i])
                    T |= (unsigned)a[j] << j;
            U[cnt][b[i] - 1] += B->L[T * n + i] - (a[i] ? (b[i] == 1 ? p1 : p2)[i] : 0);
        }
        cnt++;
    }
    return cnt;
}

static void vec_n(const bfn *B, int idx, double *p)
{
    for (int i = 0; i < B->n; i++) {
        p[i] = B->grid[idx % B->m];
        idx /= B->m;
    }
}

static void test_vs_brute_force_n(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "  cov: [[1, 0.3, 0.2], [0.3, 1, 0.5], [0.2, 0.5, 1]]\n  values: [0.5, 0.8, 1.2]\n"
        "  price_grid: 3\n  figure: none\n",
        "  cov: [[1, 0.3, 0.2], [0.3, 1, 0.5], [0.2, 0.5, 1]]\n  values: [0.1, 0.2, 1.5]\n"
        "  price_grid: 3\n  join_c1: -0.5\n  join_c0: 0.2\n  figure: none\n",
        "  cov: [[1, 0.3, 0.2, 0.1], [0.3, 1, 0.5, 0.2], [0.2, 0.5, 1, 0.3], "
        "[0.1, 0.2, 0.3, 1]]\n  values: [0.5, 0.8, 1.2, 0.3]\n  price_grid: 2\n"
        "  figure: none\n",
        "  cov: [[1, 0.3, 0.2, 0.1], [0.3, 1, 0.5, 0.2], [0.2, 0.5, 1, 0.3], "
        "[0.1, 0.2, 0.3, 1]]\n  values: [0.5, 1.8, 1.2, 0.3]\n  price_grid: 2\n"
        "  join_c1: 0\n  price_max: 0.6\n  figure: none\n",
    };
    static double U[256][2];
    for (int c = 0; c < 4; c++) {
        dmx_params *p = params(cases[c]);
        dmx_err e = {0};
        dmx_result *r = dmx_compute(p, NULL, &e);
        if (!r)
            fail_msg("%s", e.msg);
        ammo_inst in;
        assert_int_equal(ammo_inst_build(p, &in, &e), DMX_OK);
        bfn B = {.n = in.n, .c0 = dmx_p_num(p, "join_c0"), .c1 = dmx_p_num(p, "join_c1"),
                 .m = (int)dmx_p_num(p, "price_grid")};
        const int n = B.n;
        for (unsigned T = 0; T < 1u << n; T++) {
            unsigned char a[4];
            for (int i = 0; i < n; i++)
                a[i] = (unsigned char)(T >> i & 1);
            assert_int_equal(ammo_leaks(n, in.S, a, B.L + T * n, NULL, NULL, &e), DMX_OK);
        }
        memcpy(B.v, in.v, sizeof *B.v * (size_t)n);
        double pmax = dmx_node_get(r->root, "price_grid.price_max")->num;
        for (int k = 0; k < B.m; k++)
            B.grid[k] = pmax * k / (B.m - 1);
        int nv = 1;
        for (int i = 0; i < n; i++)
            nv *= B.m;
        /* per pair: worst and max-sum payoffs of each platform, number of equilibria */
        double *sm = malloc(sizeof *sm * 4 * (size_t)nv * (size_t)nv);
        int *ne = malloc(sizeof *ne * (size_t)nv * (size_t)nv);
        long none = 0;
        double p1[4], p2[4];
        for (int q = 0; q < nv * nv; q++) {
            vec_n(&B, q / nv, p1);
            vec_n(&B, q % nv, p2);
            ne[q] = user_eqs_n(&B, p1, p2, U);
            none += ne[q] == 0;
            double *x = sm + 4 * q, best = -INFINITY;
            x[0] = x[1] = INFINITY;
            for (int k = 0; k < ne[q]; k++) {
                x[0] = fmin(x[0], U[k][0]);
                x[1] = fmin(x[1], U[k][1]);
                if (U[k][0] + U[k][1] > best) {
                    best = U[k][0] + U[k][1];
                    x[2] = U[k][0];
                    x[3] = U[k][1];
                }
            }
        }
        long pess = 0, ms = 0;
        for (int q = 0; q < nv * nv; q++) {
            if (!ne[q])
                continue;
            int i1 = q / nv, i2 = q % nv;
            double b1 = -INFINITY, b2 = -INFINITY, s1 = -INFINITY, s2 = -INFINITY;
            for (int d = 0; d < nv; d++) {
                if (ne[d * nv + i2]) {           /* platform 1 deviates to d */
                    b1 = fmax(b1, sm[4 * (d * nv + i2)]);
                    s1 = fmax(s1, sm[4 * (d * nv + i2) + 2]);
                }
                if (ne[i1 * nv + d]) {
                    b2 = fmax(b2, sm[4 * (i1 * nv + d) + 1]);
                    s2 = fmax(s2, sm[4 * (i1 * nv + d) + 3]);
                }
            }
            vec_n(&B, i1, p1);
            vec_n(&B, i2, p2);
            int k = user_eqs_n(&B, p1, p2, U);
            for (int j = 0; j < k; j++)
                pess += U[j][0] >= b1 - 1e-12 && U[j][1] >= b2 - 1e-12;
            ms += sm[4 * q + 2] >= s1 - 1e-12 && sm[4 * q + 3] >= s2 - 1e-12;
        }
        assert_int_equal((long)dmx_node_get(r->root, "price_grid.pairs_without_user_equilibrium")
                             ->num, none);
        assert_int_equal((long)dmx_node_get(r->root, "price_grid.pessimistic.count")->num, pess);
        assert_int_equal((long)dmx_node_get(r->root, "price_grid.max_sum.count")->num, ms);
        assert_true(pess + ms > 0 || c == 3);
        free(sm);
        free(ne);
        ammo_inst_free(&in);
        dmx_result_free(r);
        dmx_params_free(p);
    }
}

/* one user: Bertrand.  Both platforms offering the whole leak I = σ²/(1+σ²) is an
 * equilibrium under both rules, with zero platform payoffs (σ² = 2: I = 4/3). */
static void test_one_user(void **state)
{
    (void)state;
    dmx_params *p = params("  cov: [[2]]\n  values: [0.5]\n  price_grid: 5\n  figure: none\n");
    dmx_err e = {0};
    dmx_result *r = dmx_compute(p, NULL, &e);
    if (!r)
        fail_msg("%s", e.msg);
    const double I = 4.0 / 3.0;
    assert_true(fabs(dmx_node_get(r->root, "price_grid.price_max")->num - I) < 1e-12);
    const char *rules[2] = {"price_grid.pessimistic.equilibria", "price_grid.max_sum.equilibria"};
    for (int k = 0; k < 2; k++) {
        const dmx_node *l = dmx_node_get(r->root, rules[k]);
        int found = 0;
        for (int q = 0; l && q < l->nkids; q++) {
            char path[128];
            snprintf(path, sizeof path, "%s[%d]", rules[k], q);
            const dmx_node *eq = l->kids[q];
            double a = dmx_node_get(eq, "prices1[0]")->num, b = dmx_node_get(eq, "prices2[0]")->num;
            if (fabs(a - I) < 1e-12 && fabs(b - I) < 1e-12) {
                found = 1;
                assert_true(fabs(dmx_node_get(eq, "platform_payoffs[0]")->num) < 1e-12);
                assert_true(fabs(dmx_node_get(eq, "platform_payoffs[1]")->num) < 1e-12);
            }
        }
        assert_true(found);
    }
    dmx_result_free(r);
    dmx_params_free(p);
}

/* The search is memoized on exactly its inputs: the same listing with and without a
 * cache, a hit when only another parameter (the figure, the tax) moves, a miss when one of
 * its own inputs (a value, a joining value, the grid, price_max, Σ) moves. */
static void test_cache(void **state)
{
    (void)state;
    dmx_params *p = params("  cov: [[1, 0.5], [0.5, 1]]\n  values: [0.6, 0.9]\n"
                           "  price_grid: 6\n  figure: none\n");
    static const struct { const char *set; int hit; } steps[] = {
        {"figure=price_plane", 0}, {"tax=0.1", 1},          {"values[0]=0.61", 0},
        {"figure=none", 1},        {"join_c1=0.2", 0},      {"price_grid=5", 0},
        {"price_max=0.4", 0},      {"cov[0][1]=0.4", 0},    {"tax=0", 1},
    };
    dmx_cache *cache = dmx_cache_new(0);
    dmx_ctx ctx = {.jobs = 2, .cache = cache};
    dmx_err e = {0};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        assert_int_equal(dmx_params_assign(p, steps[k].set, &e), DMX_OK);
        ammo_inst in;
        assert_int_equal(ammo_inst_build(p, &in, &e), DMX_OK);
        dmx_result *a = dmx_result_new(), *b = dmx_result_new();
        long h0, h1, miss;
        size_t bytes;
        dmx_cache_stats(cache, &h0, &miss, &bytes);
        dmx_cache_begin(cache);
        assert_int_equal(ammo_pricegrid_compute(&in, p, b, &ctx, &e), DMX_OK);
        dmx_cache_stats(cache, &h1, &miss, &bytes);
        if ((h1 - h0) != steps[k].hit)
            fail_msg("%s: %ld hits, expected %d", steps[k].set, h1 - h0, steps[k].hit);
        assert_int_equal(ammo_pricegrid_compute(&in, p, a, NULL, &e), DMX_OK);
        char *ja = NULL, *jb = NULL;
        size_t la, lb;
        FILE *f = open_memstream(&ja, &la);
        dmx_report_json_node(f, a->root, 0);
        fclose(f);
        f = open_memstream(&jb, &lb);
        dmx_report_json_node(f, b->root, 0);
        fclose(f);
        assert_non_null(strstr(ja, "\"max_sum\""));
        assert_string_equal(ja, jb);
        free(ja);
        free(jb);
        dmx_result_free(a);
        dmx_result_free(b);
        ammo_inst_free(&in);
    }
    dmx_cache_free(cache);
    dmx_params_free(p);
}

static void test_budget(void **state)
{
    (void)state;
    dmx_params *p = params("  cov: [[1, 0.2, 0.1], [0.2, 1, 0.3], [0.1, 0.3, 1]]\n"
                           "  values: [0.5, 0.8, 1.2]\n  price_grid: 10\n  figure: none\n");
    dmx_err e = {0};
    assert_int_equal(dmx_params_validate(p, &e), DMX_OK);
    assert_int_equal(dmx_params_assign(p, "price_grid=40", &e), DMX_OK);
    assert_int_equal(dmx_params_validate(p, &e), DMX_EDATA);
    assert_non_null(strstr(e.msg, "price_grid = 40 is too fine"));
    assert_non_null(strstr(e.msg, "at most 10 points per user fit"));
    dmx_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vs_brute_force),
        cmocka_unit_test(test_vs_brute_force_n),
        cmocka_unit_test(test_one_user),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
