/* test_glp_views.c -- the glp views at the explorer's detail levels
 * (dmx_view_detail): the Figure 1 region map of Galperti, Liu, Perego (2023),
 * §4.1, is full (80 x 60) in batch, coarse (20 x 15, marked preview) for the
 * explorer's first frame and empty (title and axes only, preview) when its
 * panel is not shown; every cell of the coarse grid equals the closed form
 * glp2_case at its centre, and the contract (JSON root) is byte-identical at
 * every detail; and the competitive search on a second thread (ctx.jobs = 2)
 * gives the same contract as one thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "glp_test_util.h"
#include "glp/glp.h"
#include "result_util.h"

static int detail_of;
static int detail_fn(void *user, const char *id)
{
    (void)user;
    return strcmp(id, "fig1") == 0 ? detail_of : DMX_DETAIL_FULL;
}

static void test_fig1_detail(void **state)
{
    (void)state;
    char path[1024];
    dmx_err e = {0};
    dmx_preset *pr = NULL;
    snprintf(path, sizeof path, "%s/presets/glp-sec4-case2.yaml", DMX_SRCDIR);
    if (dmx_preset_load(path, &pr, &e) != DMX_OK)
        fail_msg("%s", e.msg);
    char *full = NULL;
    for (int d = DMX_DETAIL_FULL; d <= DMX_DETAIL_SKIP; d++) {
        detail_of = d;
        dmx_ctx ctx = {.detail = detail_fn};
        dmx_result *r = dmx_compute(pr->params, &ctx, &e);
        assert_non_null(r);
        const dmx_view *v = find_view(r, "fig1");
        assert_non_null(v);
        assert_int_equal(v->preview, d != DMX_DETAIL_FULL);
        if (d == DMX_DETAIL_SKIP) {
            assert_int_equal(v->nitems, 0);
        } else {
            assert_true(v->nitems > 0);
            const dmx_item *it = &v->items[0];
            int nx = d == DMX_DETAIL_COARSE ? 20 : 80, ny = d == DMX_DETAIL_COARSE ? 15 : 60;
            assert_int_equal(it->nx, nx);
            assert_int_equal(it->ny, ny);
            /* each cell is the closed-form case at its centre (independent of the
             * view code: the centres recomputed here) */
            for (int jy = 0; jy < ny; jy++)
                for (int ix = 0; ix < nx; ix++) {
                    double rb = (ix + 0.5) / nx, gu = 3.0 * (jy + 0.5) / ny;
                    assert_int_equal((int)it->cell[jy * nx + ix], glp2_case(rb, gu));
                }
        }
        char *js = root_json(r);
        if (!full) {
            full = js;
        } else {
            assert_string_equal(js, full);
            free(js);
        }
        dmx_result_free(r);
    }
    free(full);
    dmx_preset_free(pr);
}

/* The competitive search on a second thread (ctx.jobs ≥ 2) changes nothing:
 * the contract is byte-identical to one thread's for every glp preset and for
 * glp-eight at the settings where its search is longest, and the views match
 * in number and kind. */
static void test_parallel_identical(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"glp-appb1-onetype", NULL}, {"glp-appb1-social", NULL}, {"glp-eight", NULL},
        {"glp-general4", NULL},
        {"glp-prop3", NULL}, {"glp-sec4-case1", NULL}, {"glp-sec4-case2", NULL},
        {"glp-sec4-case3", NULL}, {"glp-sec4-case4", NULL}, {"glp-sec4-notrade", NULL},
        {"glp-sec52-lindahl", NULL}, {"glp-slides", NULL},
        {"glp-eight", "types[4]=2.2"}, {"glp-eight", "outside=0.55"},
        {"glp-eight", "mass[2]=0.21"}, {"glp-eight", "gamma_pi=0.37"},
        {"glp-general4", "gamma_u=0.2"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char path[1024];
        dmx_err e = {0};
        dmx_preset *pr = NULL;
        snprintf(path, sizeof path, "%s/presets/%s.yaml", DMX_SRCDIR, cases[c][0]);
        if (dmx_preset_load(path, &pr, &e) != DMX_OK)
            fail_msg("%s", e.msg);
        if (cases[c][1] && dmx_params_assign(pr->params, cases[c][1], &e) != DMX_OK)
            fail_msg("%s: %s", cases[c][1], e.msg);
        dmx_ctx one = {.jobs = 1}, two = {.jobs = 2};
        dmx_result *a = dmx_compute(pr->params, &one, &e);
        assert_non_null(a);
        dmx_result *b = dmx_compute(pr->params, &two, &e);
        assert_non_null(b);
        char *ja = root_json(a), *jb = root_json(b);
        if (strcmp(ja, jb) != 0)
            fail_msg("%s %s: jobs = 2 differs from jobs = 1", cases[c][0],
                     cases[c][1] ? cases[c][1] : "");
        assert_int_equal(a->nviews, b->nviews);
        for (int v = 0; v < a->nviews; v++) {
            assert_string_equal(a->views[v].id, b->views[v].id);
            assert_int_equal(a->views[v].nitems, b->views[v].nitems);
        }
        free(ja);
        free(jb);
        dmx_result_free(a);
        dmx_result_free(b);
        dmx_preset_free(pr);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fig1_detail),
        cmocka_unit_test(test_parallel_identical),
    };
    return cmocka_run_group_tests_name("glp_views", tests, NULL, NULL);
}
