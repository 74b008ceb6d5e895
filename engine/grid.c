/* grid.c -- parallel, cancellable grid fill (see grid.h). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>
#include "grid.h"

#define GRID_MAX_JOBS 64

typedef struct shared {
    const dmx_ctx *ctx;
    int nx, ny;
    dmx_cell_fn fn;
    void *user;
    double *out;
    atomic_int next_row;
    atomic_int rows_done;
    atomic_int stop;             /* an error or cancel: everyone stops */
    pthread_mutex_t mu;
    int err_row;                 /* smallest failing row, its error */
    dmx_err err;
} shared;

typedef struct job {
    shared *sh;
    int thread;
} job;

int dmx_ncores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > GRID_MAX_JOBS ? GRID_MAX_JOBS : (int)n;
}

int dmx_grid_jobs(const dmx_ctx *ctx)
{
    int j = ctx ? ctx->jobs : 1;
    return j < 1 ? 1 : j > GRID_MAX_JOBS ? GRID_MAX_JOBS : j;
}

static void fail_row(shared *sh, int row, const dmx_err *e)
{
    pthread_mutex_lock(&sh->mu);
    if (sh->err_row < 0 || row < sh->err_row) {
        sh->err_row = row;
        sh->err = *e;
    }
    pthread_mutex_unlock(&sh->mu);
    atomic_store(&sh->stop, 1);
}

static void run(shared *sh, int thread)
{
    for (;;) {
        if (atomic_load(&sh->stop))
            return;
        int iy = atomic_fetch_add(&sh->next_row, 1);
        if (iy >= sh->ny)
            return;
        for (int ix = 0; ix < sh->nx; ix++) {
            dmx_err e = {0};
            if (dmx_cancelled(sh->ctx)) {
                dmx_err_set(&e, DMX_ECANCELED, "computation cancelled");
                fail_row(sh, iy, &e);
                return;
            }
            int rc = sh->fn(sh->user, thread, ix, iy, &sh->out[(size_t)iy * sh->nx + ix], &e);
            if (rc != DMX_OK) {
                if (!e.code)
                    dmx_err_set(&e, rc, "grid cell (%d, %d) failed", ix, iy);
                fail_row(sh, iy, &e);
                return;
            }
        }
        int done = atomic_fetch_add(&sh->rows_done, 1) + 1;
        if (thread == 0 && sh->ctx && sh->ctx->progress)
            sh->ctx->progress(sh->ctx->user, (double)done / sh->ny);
    }
}

static void *job_main(void *arg)
{
    job *j = arg;
    run(j->sh, j->thread);
    dmx_lp_thread_cleanup();
    return NULL;
}

int dmx_grid_fill(const dmx_ctx *ctx, int nx, int ny, dmx_cell_fn fn, void *user,
                  double *out, dmx_err *e)
{
    if (nx <= 0 || ny <= 0)
        return DMX_OK;
    shared sh = {.ctx = ctx, .nx = nx, .ny = ny, .fn = fn, .user = user, .out = out,
                 .err_row = -1};
    atomic_init(&sh.next_row, 0);
    atomic_init(&sh.rows_done, 0);
    atomic_init(&sh.stop, 0);
    pthread_mutex_init(&sh.mu, NULL);
    int nj = dmx_grid_jobs(ctx);
    if (nj > ny)
        nj = ny;
    pthread_t th[GRID_MAX_JOBS];
    job jobs[GRID_MAX_JOBS];
    int started = 0;
    for (int k = 1; k < nj; k++) {
        jobs[k] = (job){&sh, k};
        if (pthread_create(&th[k], NULL, job_main, &jobs[k]) != 0)
            break;              /* fewer threads: the others take more rows */
        started = k;
    }
    run(&sh, 0);
    for (int k = 1; k <= started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&sh.mu);
    if (sh.err_row >= 0) {
        if (e)
            *e = sh.err;
        return sh.err.code ? sh.err.code : DMX_EINTERNAL;
    }
    return DMX_OK;
}
