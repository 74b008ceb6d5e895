/* test_ammo_map.c -- the Figure 3 map of the ammo model (Acemoglu, Makhdoumi, Malekian,
 * Ozdaglar (2022), Example 2): parallel fill, memo cache and view detail change nothing but
 * speed and preview, and every cell agrees with an independent solve of the instance at
 * that (across, v_H) by the community count-vector method.  Figure 2 (§3.4), also filled
 * in parallel, is the same on any number of jobs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"
#include "ammo/ammo.h"
#include "result_util.h"

static dmx_params *example2_params(void)
{
    const dmx_model *m = dmx_model_find("ammo");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    const double recs[8] = {10, 1, 0.05, 0.9, 10, 1, 0.05, 2.0};
    assert_int_equal(dmx_params_set_array(p, dmx_params_index(m, "communities"), recs, 2, 4,
                                          &e), DMX_OK);
    return p;
}

/* jobs 1 without cache, jobs 2 with cache (twice: the second is a hit) give identical
 * cells and k_H. */
static void test_map_parallel_cache(void **state)
{
    (void)state;
    dmx_params *p = example2_params();
    dmx_err e = {0};
    ammo_inst in;
    assert_int_equal(ammo_inst_build(p, &in, &e), DMX_OK);
    const int g = 37;
    double *c1 = malloc(sizeof *c1 * g * g), *k1 = malloc(sizeof *k1 * g * g);
    double *c2 = malloc(sizeof *c2 * g * g), *k2 = malloc(sizeof *k2 * g * g);
    assert_int_equal(ammo_example2_map(&in, 1, 0.145, 10, g, NULL, c1, k1, &e), DMX_OK);
    dmx_cache *cache = dmx_cache_new(0);
    dmx_ctx ctx = {.jobs = 2, .cache = cache};
    for (int rep = 0; rep < 2; rep++) {
        memset(c2, 0, sizeof *c2 * g * g);
        assert_int_equal(ammo_example2_map(&in, 1, 0.145, 10, g, &ctx, c2, k2, &e), DMX_OK);
        for (int i = 0; i < g * g; i++) {
            assert_true(c1[i] == c2[i] || (isnan(c1[i]) && isnan(c2[i])));
            assert_true(k1[i] == k2[i] || (isnan(k1[i]) && isnan(k2[i])));
        }
    }
    long hits, misses;
    size_t bytes;
    dmx_cache_stats(cache, &hits, &misses, &bytes);
    assert_int_equal(hits, 1);
    /* the map's own axes (across, v_H) are not part of its key */
    in.vg[1] = 7.5;
    assert_int_equal(ammo_example2_map(&in, 1, 0.145, 10, g, &ctx, c2, k2, &e), DMX_OK);
    dmx_cache_stats(cache, &hits, &misses, &bytes);
    assert_int_equal(hits, 2);
    /* another community value is */
    in.vg[0] = 0.5;
    assert_int_equal(ammo_example2_map(&in, 1, 0.145, 10, g, &ctx, c2, k2, &e), DMX_OK);
    dmx_cache_stats(cache, &hits, &misses, &bytes);
    assert_int_equal(hits, 2);
    dmx_cache_free(cache);
    ammo_inst_free(&in);
    dmx_params_free(p);
    free(c1);
    free(k1);
    free(c2);
    free(k2);
}

/* Figure 2 (sec34) computed on 1 and on 3 jobs (its profile table and curves
 * are grid fills) gives the same result, byte for byte, for both "vary" rules. */
static void test_sec34_jobs_identical(void **state)
{
    (void)state;
    const char *vary[2] = {"vary=last", "vary=all"};
    for (int k = 0; k < 2; k++) {
        dmx_preset *pr = test_preset("ammo-intro");
        dmx_err e = {0};
        assert_int_equal(dmx_params_assign(pr->params, "n=10", &e), DMX_OK);
        assert_int_equal(dmx_params_assign(pr->params, "rho=0.6", &e), DMX_OK);
        assert_int_equal(dmx_params_assign(pr->params, vary[k], &e), DMX_OK);
        dmx_ctx c1 = {.jobs = 1}, c3 = {.jobs = 3};
        dmx_result *a = dmx_compute(pr->params, &c1, &e);
        dmx_result *b = dmx_compute(pr->params, &c3, &e);
        assert_non_null(a);
        assert_non_null(b);
        assert_non_null(find_view(a, "sec34"));
        char *ja = root_json(a), *jb = root_json(b);
        assert_non_null(strstr(ja, "\"vbar\""));
        assert_string_equal(ja, jb);
        free(ja);
        free(jb);
        dmx_result_free(a);
        dmx_result_free(b);
        dmx_preset_free(pr);
    }
}

/* Every cell of a 12 x 12 map against ammo_comm_solve on the instance at that point. */
static void test_map_vs_solve(void **state)
{
    (void)state;
    const dmx_model *m = dmx_model_find("ammo");
    dmx_params *p = example2_params();
    dmx_err e = {0};
    ammo_inst in;
    assert_int_equal(ammo_inst_build(p, &in, &e), DMX_OK);
    const int g = 12;
    const double xmax = 0.14, vmax = 10;
    double cell[144], kh[144];
    assert_int_equal(ammo_example2_map(&in, 1, xmax, vmax, g, NULL, cell, kh, &e), DMX_OK);
    ammo_inst_free(&in);
    int seen[3] = {0, 0, 0};
    for (int i = 0; i < g; i++)
        for (int j = 0; j < g; j++) {
            double x = xmax * i / (g - 1), vh = 1.0 + (vmax - 1.0) * j / (g - 1);
            double recs[8] = {10, 1, 0.05, 0.9, 10, 1, 0.05, vh};
            assert_int_equal(dmx_params_set_array(p, dmx_params_index(m, "communities"), recs,
                                                  2, 4, &e), DMX_OK);
            char set[64];
            snprintf(set, sizeof set, "across=%.17g", x);
            assert_int_equal(dmx_params_assign(p, set, &e), DMX_OK);
            assert_int_equal(ammo_inst_build(p, &in, &e), DMX_OK);
            ammo_sol s;
            assert_int_equal(ammo_sol_alloc(&s, in.n, &e), DMX_OK);
            assert_int_equal(ammo_comm_solve(&in, NULL, &s, &e), DMX_OK);
            unsigned char *a = s.a[AMMO_OBJ_PHI];
            int khs = 0;
            for (int u = 10; u < 20; u++)
                khs += a[u];
            double I[60], ss;
            assert_int_equal(ammo_leaks(in.n, in.S, a, I, I + 20, I + 40, &e), DMX_OK);
            ammo_objectives(in.n, in.v, a, I, I + 20, I + 40, NULL, &ss, NULL);
            int want = ss > 1e-9 ? 0 : ss < -1e-9 ? 2 : 1;
            assert_int_equal((int)cell[j * g + i], want);
            assert_int_equal((int)kh[j * g + i], khs);
            seen[want]++;
            ammo_sol_free(&s);
            ammo_inst_free(&in);
        }
    assert_true(seen[0] > 0 && seen[2] > 0);      /* both regions of Figure 3 are hit */
    dmx_params_free(p);
}

static int detail_of;
static int detail_fn(void *user, const char *id)
{
    (void)user;
    return strncmp(id, "example2", 8) == 0 ? detail_of : DMX_DETAIL_FULL;
}

/* COARSE: a 25 x 25 grid marked preview; SKIP: the views without items, preview; the
 * contract identical at every detail. */
static void test_map_detail(void **state)
{
    (void)state;
    dmx_params *p = example2_params();
    dmx_err e = {0};
    char *full = NULL;
    for (int d = DMX_DETAIL_FULL; d <= DMX_DETAIL_SKIP; d++) {
        detail_of = d;
        dmx_ctx ctx = {.detail = detail_fn};
        dmx_result *r = dmx_compute(p, &ctx, &e);
        assert_non_null(r);
        const dmx_view *v = find_view(r, "example2"), *k = find_view(r, "example2_kh");
        assert_non_null(v);
        assert_non_null(k);
        assert_int_equal(v->preview, d != DMX_DETAIL_FULL);
        assert_int_equal(k->preview, d != DMX_DETAIL_FULL);
        if (d == DMX_DETAIL_SKIP) {
            assert_int_equal(v->nitems, 0);
            assert_int_equal(k->nitems, 0);
        } else {
            assert_true(v->nitems > 0);
            assert_int_equal(v->items[0].nx, d == DMX_DETAIL_COARSE ? 25 : 100);
        }
        char *js = root_json(r);
        if (!full)
            full = js;
        else {
            assert_string_equal(js, full);
            free(js);
        }
        dmx_result_free(r);
    }
    free(full);
    dmx_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_parallel_cache),
        cmocka_unit_test(test_map_vs_solve),
        cmocka_unit_test(test_map_detail),
        cmocka_unit_test(test_sec34_jobs_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
