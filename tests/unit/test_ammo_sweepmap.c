/* test_ammo_sweepmap.c -- the ammo sweep fast path (engine/ammo/sweepmap.c) gives every
 * cell bit for bit what the point-by-point sweep (dmx_compute at each point) gives:
 * Example 2 of Acemoglu, Makhdoumi, Malekian, Ozdaglar (2022) over (across, v_H) and
 * (v_L, across), 1-D sweeps, three communities, every covered field, shards and 1 or 2
 * threads; and requests it does not cover fall back to the point sweep. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"
#include "sweep.h"
#include "ammo/ammo.h"

extern const dmx_model dmx_model_ammo;

static dmx_params *load(const char *name)
{
    dmx_preset *pr = test_preset(name);
    dmx_params *p = dmx_params_dup(pr->params);
    dmx_preset_free(pr);
    assert_non_null(p);
    return p;
}

static int covered(const dmx_params *p, const dmx_axis *x, const dmx_axis *y,
                   const char *field)
{
    size_t all = (size_t)x->n * (size_t)(y ? y->n : 1);
    double *cell = calloc(all, sizeof *cell);
    const char *const *cats;
    int ncats;
    dmx_err e = {0};
    int rc = ammo_sweep_map(p, x, y, field, NULL, cell, &cats, &ncats, &e);
    free(cell);
    return rc == DMX_OK;
}

/* The sweep with the model's fast path equals the one without, cell for cell. */
static void same(const dmx_params *p, const char *xs, const char *ys, const char *field,
                 int expect_covered)
{
    dmx_model slow_model = dmx_model_ammo;
    slow_model.map = NULL;
    dmx_params *q = dmx_params_dup(p);
    assert_non_null(q);
    q->model = &slow_model;
    dmx_err e = {0};
    dmx_axis x, y;
    assert_int_equal(dmx_axis_parse(p, xs, &x, &e), DMX_OK);
    if (ys)
        assert_int_equal(dmx_axis_parse(p, ys, &y, &e), DMX_OK);
    if (covered(p, &x, ys ? &y : NULL, field) != expect_covered)
        fail_msg("%s × %s, %s: the fast path %s", xs, ys ? ys : "-", field,
                 expect_covered ? "declined" : "was used");
    for (int shard = 1; shard <= 2; shard++)
        for (int jobs = 1; jobs <= 2; jobs++) {
            dmx_ctx c = {.jobs = jobs};
            dmx_sweep *fast = NULL, *slow = NULL;
            if (dmx_sweep_run_shard(p, &x, ys ? &y : NULL, field, &c, shard, 2, &fast, &e) !=
                DMX_OK)
                fail_msg("fast: %s", e.msg);
            if (dmx_sweep_run_shard(q, &x, ys ? &y : NULL, field, &c, shard, 2, &slow, &e) !=
                DMX_OK)
                fail_msg("slow: %s", e.msg);
            assert_int_equal(fast->k0, slow->k0);
            assert_int_equal(fast->k1, slow->k1);
            assert_int_equal(fast->nfail, slow->nfail);
            for (size_t k = 0; k < fast->k1 - fast->k0; k++)
                if (memcmp(&fast->cell[k], &slow->cell[k], sizeof(double)) != 0)
                    fail_msg("%s × %s, %s: point %zu: fast %.17g, point by point %.17g", xs,
                             ys ? ys : "-", field, fast->k0 + k, fast->cell[k], slow->cell[k]);
            dmx_sweep_free(fast);
            dmx_sweep_free(slow);
        }
    dmx_params_free(q);
}

static void test_example2(void **state)
{
    (void)state;
    dmx_params *p = load("ammo-example2");
    const char *fields[] = {"equilibrium.social_surplus", "equilibrium.platform_payoff",
                            "first_best.social_surplus"};
    for (int f = 0; f < 3; f++)
        same(p, "across=0:0.145:23", "communities[1].value=1:10:31", fields[f], 1);
    same(p, "communities[0].value=0:1.5:17", "across=-0.05:0.14:13",
         "equilibrium.social_surplus", 1);
    same(p, "across=0:0.145:40", NULL, "equilibrium.social_surplus", 1);
    same(p, "communities[1].value=0:5:41", NULL, "equilibrium.platform_payoff", 1);
    /* not covered: another field, an axis of another kind, a section that may depend
     * on the values -- the point sweep, with the same results */
    same(p, "across=0:0.145:5", "communities[1].value=1:10:4", "equilibrium.total_payment", 0);
    same(p, "across=0:0.145:5", "communities[1].variance=0.5:1.5:4",
         "equilibrium.social_surplus", 0);
    dmx_err e = {0};
    assert_int_equal(dmx_params_assign(p, "tax=0.01", &e), DMX_OK);
    same(p, "across=0:0.145:5", "communities[1].value=1:10:4", "equilibrium.social_surplus", 1);
    assert_int_equal(dmx_params_assign(p, "vdist=uniform", &e), DMX_OK);
    assert_int_equal(dmx_params_assign(p, "vdist_param=20", &e), DMX_OK);
    same(p, "across=0:0.145:3", "communities[1].value=1:10:3", "equilibrium.social_surplus", 0);
    dmx_params_free(p);
}

/* Three communities of different sizes, values around 1 (ties between count vectors of
 * equal Φ are common there), across past the PSD limit at one end: those columns fail in
 * the point sweep, so the fast path must decline rather than differ. */
static void test_three_communities(void **state)
{
    (void)state;
    dmx_params *p = load("ammo-example2");
    dmx_err e = {0};
    const dmx_model *m = dmx_model_find("ammo");
    const double rec[12] = {4, 1, 0.2, 0.5, 6, 2, 0.1, 1, 5, 0.5, 0.3, 1.5};
    assert_int_equal(dmx_params_set_array(p, dmx_params_index(m, "communities"), rec, 3, 4, &e),
                     DMX_OK);
    assert_int_equal(dmx_params_assign(p, "figure=none", &e), DMX_OK);
    same(p, "across=-0.1:0.2:15", "communities[2].value=0:3:25", "equilibrium.social_surplus",
         1);
    same(p, "communities[0].value=0.9:1.1:21", "across=0:0.2:6", "first_best.social_surplus",
         1);
    same(p, "across=0:0.99:6", "communities[2].value=0:3:4", "equilibrium.social_surplus", 0);
    dmx_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example2),
        cmocka_unit_test(test_three_communities),
    };
    return cmocka_run_group_tests_name("ammo_sweepmap", tests, NULL, NULL);
}
