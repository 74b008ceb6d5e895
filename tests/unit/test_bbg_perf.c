/* Tests of the bbg model's fast paths (issue 8): the Prop 8 threshold found by
 * bisection equals the linear scan; the memo cache, the number of threads and
 * the view detail never change the contract; coarse and skipped maps are
 * flagged as previews. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "testutil.h"
#include "dmx.h"
#include "bbg/bbg.h"

/* Bisection (bbg_seg_threshold*) against the scan it replaced, on a grid of α
 * (corners included) and two σ_w², for both uniform-price variants. */
static void test_seg_bisection_vs_scan(void **st)
{
    (void)st;
    const double nmax = 20000;
    int finite = 0;
    for (int k = 0; k <= 200; k++) {
        double al = k / 200.0;
        for (int s = 0; s < 2; s++) {
            double sw2 = s ? 3.7 : 1.0;
            double b = bbg_seg_threshold(al, sw2, nmax);
            double sc = bbg_seg_threshold_scan(al, sw2, nmax, 0);
            double bb = bbg_seg_threshold_bayes(al, sw2, nmax);
            double sb = bbg_seg_threshold_scan(al, sw2, nmax, 1);
            if (!(isnan(b) && isnan(sc)) && b != sc)
                fail_msg("alpha %g sw2 %g: bisection %g, scan %g", al, sw2, b, sc);
            if (!(isnan(bb) && isnan(sb)) && bb != sb)
                fail_msg("alpha %g sw2 %g (Bayes): bisection %g, scan %g", al, sw2, bb, sb);
            finite += isfinite(b) && b > 1.0;
        }
    }
    assert_true(finite > 100);  /* the grid exercises thresholds above 1 */
    /* a small nmax cuts the threshold off: NaN in both */
    assert_true(isnan(bbg_seg_threshold(0.05, 1, 3)));
    assert_true(isnan(bbg_seg_threshold_scan(0.05, 1, 3, 0)));
}

static char *json_of(const dmx_node *n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    dmx_report_json_node(f, n, 0);
    fclose(f);
    return buf;
}

static int coarse_maps(void *user, const char *id)
{
    (void)user;
    return strstr(id, "_map") ? DMX_DETAIL_COARSE : DMX_DETAIL_FULL;
}

static int skip_all(void *user, const char *id)
{
    (void)user;
    (void)id;
    return DMX_DETAIL_SKIP;
}

/* The contract (JSON root) is the same with and without a cache, with 1 or 2
 * threads, and at every detail; moving α reuses the memoized Prop 6 table. */
static void test_cache_jobs_detail(void **st)
{
    (void)st;
    const dmx_model *m = dmx_model_find("bbg");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    dmx_result *r0 = dmx_compute(p, NULL, &e);
    assert_non_null(r0);
    char *j0 = json_of(r0->root);
    const dmx_view *v0 = dmx_result_view(r0, "profit_map");
    assert_non_null(v0);
    assert_int_equal(v0->preview, 0);
    assert_int_equal(v0->items[0].nx, 60);

    dmx_ctx ctx = {.jobs = 2, .cache = dmx_cache_new(0), .detail = coarse_maps};
    for (int pass = 0; pass < 2; pass++) {
        dmx_result *r = dmx_compute(p, &ctx, &e);
        assert_non_null(r);
        char *j = json_of(r->root);
        assert_string_equal(j, j0);
        free(j);
        const dmx_view *v = dmx_result_view(r, "profit_map");
        assert_non_null(v);
        assert_int_equal(v->preview, 1);
        assert_int_equal(v->items[0].nx, 20);
        assert_int_equal(dmx_result_view(r, "compare")->preview, 0);
        dmx_result_free(r);
    }
    long hits, misses;
    size_t bytes;
    dmx_cache_stats(ctx.cache, &hits, &misses, &bytes);
    assert_true(hits >= 1);

    /* α moves: the Prop 6 table comes from the cache and equals a fresh one */
    assert_int_equal(dmx_params_assign(p, "alpha=0.42", &e), DMX_OK);
    long h0 = hits;
    dmx_result *r = dmx_compute(p, &ctx, &e);
    assert_non_null(r);
    dmx_cache_stats(ctx.cache, &hits, &misses, &bytes);
    assert_true(hits > h0);
    dmx_result *rf = dmx_compute(p, NULL, &e);
    assert_non_null(rf);
    char *a = json_of(r->root), *b = json_of(rf->root);
    assert_string_equal(a, b);
    free(a);
    free(b);
    dmx_result_free(r);

    /* full detail on two threads: the same maps as one thread */
    dmx_ctx c2 = {.jobs = 2};
    r = dmx_compute(p, &c2, &e);
    assert_non_null(r);
    for (int k = 0; k < rf->nviews; k++) {
        const dmx_view *x = &rf->views[k], *y = dmx_result_view(r, x->id);
        assert_non_null(y);
        assert_int_equal(x->nitems, y->nitems);
        for (int i = 0; i < x->nitems; i++)
            if (x->items[i].cell)
                assert_memory_equal(x->items[i].cell, y->items[i].cell,
                                    sizeof(double) * x->items[i].nx * x->items[i].ny);
    }
    dmx_result_free(r);

    /* SKIP: every plot present with no items, flagged preview; tables and text
     * exact; contract unchanged */
    dmx_ctx cs = {.detail = skip_all};
    r = dmx_compute(p, &cs, &e);
    assert_non_null(r);
    a = json_of(r->root);
    b = json_of(rf->root);
    assert_string_equal(a, b);
    free(a);
    free(b);
    assert_int_equal(r->nviews, rf->nviews);
    for (int k = 0; k < r->nviews; k++) {
        const dmx_view *v = &r->views[k];
        if (v->kind == DMX_V_PLOT) {
            assert_int_equal(v->nitems, 0);
            assert_int_equal(v->preview, 1);
        } else {
            assert_int_equal(v->preview, 0);
        }
    }
    dmx_result_free(r);
    dmx_result_free(rf);
    dmx_cache_free(ctx.cache);
    free(j0);
    dmx_result_free(r0);
    dmx_params_free(p);
}

static int all_finite(const dmx_node *n, char *where, size_t len)
{
    if (n->t == DMX_N_NUM && !isfinite(n->num)) {
        snprintf(where, len, "%s", n->key ? n->key : "(element)");
        return 0;
    }
    for (int k = 0; k < n->nkids; k++)
        if (!all_finite(n->kids[k], where, len))
            return 0;
    return 1;
}

/* Issue 12: every numeric parameter at the extremes the ranges admit either is
 * refused (DMX_EDATA) or computes a contract with finite numbers only (nulls
 * carry reasons), together with the other parameters at a preset's values. */
static void test_extreme_values(void **st)
{
    (void)st;
    static const char *const keys[] = {"N", "alpha", "beta", "sigma_w2", "sigma_e2",
                                       "sigma_xi2", "gamma", "c", "mu", "N2", "alpha_t",
                                       "sigma_t2"};
    static const char *const vals[] = {"1e308", "-1e308", "1.7e308", "-1.7e308", "1e-300",
                                       "0", "-0", "1e15", "-1e15", "1e60", "1e-60", "1e7"};
    static const char *const bases[] = {"noise=optimal", "noise=fixed", "sigma_e2=0",
                                        "alpha=1"};
    const dmx_model *m = dmx_model_find("bbg");
    int computed = 0;
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++)
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
                dmx_params *p = dmx_params_new(m);
                dmx_err e = {0};
                char a[64];
                assert_int_equal(dmx_params_assign(p, bases[b], &e), DMX_OK);
                if (b == 1)
                    assert_int_equal(dmx_params_assign(p, "sigma_xi2=0.5", &e), DMX_OK);
                snprintf(a, sizeof a, "%s=%s", keys[k], vals[v]);
                if (dmx_params_assign(p, a, &e) != DMX_OK ||
                    dmx_params_validate(p, &e) != DMX_OK) {
                    assert_int_equal(e.code, DMX_EDATA);
                    dmx_params_free(p);
                    continue;
                }
                dmx_result *r = dmx_compute(p, NULL, &e);
                if (!r)
                    fail_msg("%s, %s: %s", bases[b], a, e.msg);
                char where[64] = "";
                if (!all_finite(r->root, where, sizeof where))
                    fail_msg("%s, %s: %s is not finite", bases[b], a, where);
                computed++;
                dmx_result_free(r);
                dmx_params_free(p);
            }
    assert_true(computed > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seg_bisection_vs_scan),
        cmocka_unit_test(test_cache_jobs_detail),
        cmocka_unit_test(test_extreme_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
