/* Tests of grid.c: the output does not depend on the number of jobs, every
 * cell is computed exactly once, cancellation returns DMX_ECANCELED, and a
 * failing cell's error reaches the caller. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "dmx.h"

typedef struct {
    int nx, ny;
    atomic_int calls;
    atomic_int *cancel;          /* set after cancel_after calls */
    int cancel_after;
    int fail_ix, fail_iy;        /* this cell fails (-1: none) */
} cells;

/* A cell value that depends on the coordinates only, with enough arithmetic to
 * interleave threads. */
static int cell(void *user, int thread, int ix, int iy, double *out, dmx_err *e)
{
    cells *c = user;
    int n = atomic_fetch_add(&c->calls, 1) + 1;
    if (c->cancel && n >= c->cancel_after)
        atomic_store(c->cancel, 1);
    if (ix == c->fail_ix && iy == c->fail_iy)
        return dmx_err_set(e, DMX_EDATA, "cell (%d, %d) is bad", ix, iy);
    double x = ix / (double)c->nx, y = iy / (double)c->ny, s = 0;
    for (int k = 1; k <= 200; k++)
        s += sin(k * x) * cos(k * y) / k;
    *out = s;
    return DMX_OK;
}

static double *fill(int jobs, int nx, int ny, int *rc, cells *c, atomic_int *cancel)
{
    double *out = malloc((size_t)nx * ny * sizeof *out);
    for (int i = 0; i < nx * ny; i++)
        out[i] = -1e300;
    dmx_ctx ctx = {0};
    ctx.jobs = jobs;
    ctx.cancel = cancel;
    dmx_err e = {0};
    *rc = dmx_grid_fill(&ctx, nx, ny, cell, c, out, &e);
    if (*rc != DMX_OK)
        assert_int_equal(e.code, *rc);
    return out;
}

static void test_jobs_identical(void **st)
{
    (void)st;
    const int nx = 37, ny = 29;
    cells c1 = {.nx = nx, .ny = ny, .fail_ix = -1, .fail_iy = -1};
    cells c4 = c1;
    atomic_init(&c1.calls, 0);
    atomic_init(&c4.calls, 0);
    int rc1, rc4;
    double *a = fill(1, nx, ny, &rc1, &c1, NULL);
    double *b = fill(4, nx, ny, &rc4, &c4, NULL);
    assert_int_equal(rc1, DMX_OK);
    assert_int_equal(rc4, DMX_OK);
    assert_int_equal(atomic_load(&c1.calls), nx * ny);
    assert_int_equal(atomic_load(&c4.calls), nx * ny);
    assert_memory_equal(a, b, (size_t)nx * ny * sizeof *a);
    /* and each cell is the function of its own coordinates */
    for (int iy = 0; iy < ny; iy += 7)
        for (int ix = 0; ix < nx; ix += 5) {
            double v;
            cells one = {.nx = nx, .ny = ny, .fail_ix = -1, .fail_iy = -1};
            atomic_init(&one.calls, 0);
            cell(&one, 0, ix, iy, &v, NULL);
            assert_memory_equal(&v, &a[iy * nx + ix], sizeof v);
        }
    free(a);
    free(b);
    /* degenerate sizes fill nothing and succeed */
    dmx_err e = {0};
    assert_int_equal(dmx_grid_fill(NULL, 0, 5, cell, &c1, NULL, &e), DMX_OK);
    assert_true(dmx_grid_jobs(NULL) >= 1);
    assert_true(dmx_ncores() >= 1);
}

static void test_cancel(void **st)
{
    (void)st;
    for (int jobs = 1; jobs <= 4; jobs += 3) {
        atomic_int cancel;
        atomic_init(&cancel, 0);
        cells c = {.nx = 50, .ny = 50, .cancel = &cancel, .cancel_after = 100,
                   .fail_ix = -1, .fail_iy = -1};
        atomic_init(&c.calls, 0);
        int rc;
        double *a = fill(jobs, 50, 50, &rc, &c, &cancel);
        assert_int_equal(rc, DMX_ECANCELED);
        /* stopped early: at most one more cell per thread after the flag */
        assert_true(atomic_load(&c.calls) <= 100 + jobs);
        free(a);
    }
    /* already cancelled: no cell runs */
    atomic_int cancel;
    atomic_init(&cancel, 1);
    cells c = {.nx = 10, .ny = 10, .fail_ix = -1, .fail_iy = -1};
    atomic_init(&c.calls, 0);
    int rc;
    free(fill(4, 10, 10, &rc, &c, &cancel));
    assert_int_equal(rc, DMX_ECANCELED);
    assert_int_equal(atomic_load(&c.calls), 0);
}

static void test_error(void **st)
{
    (void)st;
    for (int jobs = 1; jobs <= 4; jobs += 3) {
        cells c = {.nx = 20, .ny = 20, .fail_ix = 3, .fail_iy = 11};
        atomic_init(&c.calls, 0);
        double *out = malloc(400 * sizeof *out);
        dmx_ctx ctx = {0};
        ctx.jobs = jobs;
        dmx_err e = {0};
        assert_int_equal(dmx_grid_fill(&ctx, 20, 20, cell, &c, out, &e), DMX_EDATA);
        assert_string_equal(e.msg, "cell (3, 11) is bad");
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jobs_identical), cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
