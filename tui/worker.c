/* worker.c -- the single compute thread (see worker.h). */
#include <errno.h>
#include <string.h>
#include <time.h>
#include "lp.h"
#include "util.h"
#include "worker.h"

static void sweep_progress(void *user, double f)
{
    worker *w = user;
    pthread_mutex_lock(&w->mu);
    w->sw_progress = f;
    pthread_mutex_unlock(&w->mu);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->quit) {
        if (w->req) {
            dmx_params *p = w->req;
            unsigned gen = w->req_gen;
            w->req = NULL;
            w->busy = 1;
            w->cancel = 0;
            w->sw_progress = 0;
            pthread_mutex_unlock(&w->mu);
            /* progress goes to the same slot as a map's: only one job runs at a time */
            dmx_ctx ctx = {.cancel = &w->cancel, .progress = sweep_progress, .user = w};
            dmx_err e = {0};
            double t0 = tui_now_ms();
            dmx_result *r = dmx_compute(p, &ctx, &e);
            double ms = tui_now_ms() - t0;
            dmx_params_free(p);
            pthread_mutex_lock(&w->mu);
            w->busy = 0;
            if (gen == w->req_gen && !w->req && e.code != DMX_ECANCELED) {
                dmx_result_free(w->out);
                w->out = r;
                w->out_err = e;
                w->out_gen = gen;
                w->out_ms = ms;
                w->out_ready = 1;
            } else {
                dmx_result_free(r);     /* stale: a newer request exists */
            }
            pthread_cond_broadcast(&w->done);
            continue;
        }
        if (w->sw_pending && w->sw_req) {
            dmx_params *base = dmx_params_dup(w->sw_req);
            unsigned gen = w->sw_gen;
            dmx_axis ax = w->sw_x, ay = w->sw_y;
            char field[128];
            memcpy(field, w->sw_field, sizeof field);
            w->sw_pending = 0;
            w->busy = 2;
            w->cancel = 0;
            w->sw_progress = 0;
            pthread_mutex_unlock(&w->mu);
            dmx_ctx ctx = {.cancel = &w->cancel, .progress = sweep_progress, .user = w,
                           .want = field};
            dmx_err e = {0};
            dmx_sweep *s = NULL;
            double t0 = tui_now_ms();
            int rc = base ? dmx_sweep_run(base, &ax, ay.n ? &ay : NULL, field, &ctx, &s, &e)
                          : dmx_err_set(&e, DMX_EINTERNAL, "out of memory");
            double ms = tui_now_ms() - t0;
            dmx_params_free(base);
            pthread_mutex_lock(&w->mu);
            w->busy = 0;
            if (rc == DMX_ECANCELED) {
                dmx_sweep_free(s);
                if (gen == w->sw_gen && w->sw_req)
                    w->sw_pending = 1;  /* pre-empted by a compute: run it again */
            } else if (gen == w->sw_gen) {
                dmx_sweep_free(w->sw_out);
                w->sw_out = rc == DMX_OK ? s : NULL;
                if (rc != DMX_OK)
                    dmx_sweep_free(s);
                w->sw_err = e;
                w->sw_out_gen = gen;
                w->sw_ms = ms;
                w->sw_ready = 1;
            } else {
                dmx_sweep_free(s);
            }
            pthread_cond_broadcast(&w->done);
            continue;
        }
        pthread_cond_wait(&w->cv, &w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    /* GLPK's environment is thread-local: free this thread's before it ends */
    dmx_lp_thread_cleanup();
    return NULL;
}

int worker_start(worker *w)
{
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    pthread_cond_init(&w->done, NULL);
    if (pthread_create(&w->th, NULL, worker_main, w) != 0)
        goto out_destroy_sync;
    w->started = 1;
    return 0;
out_destroy_sync:
    pthread_cond_destroy(&w->done);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    return -1;
}

void worker_stop(worker *w)
{
    if (!w->started)
        return;
    pthread_mutex_lock(&w->mu);
    w->quit = 1;
    w->cancel = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->th, NULL);
    dmx_params_free(w->req);
    dmx_params_free(w->sw_req);
    dmx_result_free(w->out);
    dmx_sweep_free(w->sw_out);
    pthread_cond_destroy(&w->done);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    w->started = 0;
}

unsigned worker_submit(worker *w, const dmx_params *p)
{
    dmx_params *d = dmx_params_dup(p);
    if (!d)
        return 0;
    pthread_mutex_lock(&w->mu);
    dmx_params_free(w->req);
    w->req = d;
    unsigned g = ++w->req_gen;
    if (w->busy)
        w->cancel = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return g;
}

unsigned worker_submit_sweep(worker *w, const dmx_params *base, const dmx_axis *x,
                             const dmx_axis *y, const char *field)
{
    dmx_params *d = dmx_params_dup(base);
    if (!d)
        return 0;
    pthread_mutex_lock(&w->mu);
    dmx_params_free(w->sw_req);
    w->sw_req = d;
    w->sw_x = *x;
    if (y)
        w->sw_y = *y;
    else
        memset(&w->sw_y, 0, sizeof w->sw_y);
    sfmt(w->sw_field, sizeof w->sw_field, "%s", field);
    w->sw_pending = 1;
    unsigned g = ++w->sw_gen;
    if (w->busy == 2)
        w->cancel = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return g;
}

void worker_cancel_sweep(worker *w)
{
    pthread_mutex_lock(&w->mu);
    w->sw_gen++;
    w->sw_pending = 0;
    dmx_params_free(w->sw_req);
    w->sw_req = NULL;
    if (w->busy == 2)
        w->cancel = 1;
    pthread_mutex_unlock(&w->mu);
}

int worker_take(worker *w, dmx_result **r, dmx_err *e, unsigned *gen, double *ms)
{
    int got = 0;
    pthread_mutex_lock(&w->mu);
    if (w->out_ready) {
        *r = w->out;
        *e = w->out_err;
        *gen = w->out_gen;
        *ms = w->out_ms;
        w->out = NULL;
        w->out_ready = 0;
        got = 1;
    }
    pthread_mutex_unlock(&w->mu);
    return got;
}

int worker_take_sweep(worker *w, dmx_sweep **s, dmx_err *e, unsigned *gen, double *ms)
{
    int got = 0;
    pthread_mutex_lock(&w->mu);
    if (w->sw_ready) {
        *s = w->sw_out;
        *e = w->sw_err;
        *gen = w->sw_out_gen;
        *ms = w->sw_ms;
        w->sw_out = NULL;
        w->sw_ready = 0;
        got = 1;
    }
    pthread_mutex_unlock(&w->mu);
    return got;
}

int worker_wait(worker *w, double ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long ns = ts.tv_nsec + (long)(ms * 1e6);
    ts.tv_sec += ns / 1000000000L;
    ts.tv_nsec = ns % 1000000000L;
    pthread_mutex_lock(&w->mu);
    while (!w->out_ready && !w->sw_ready && (w->req || w->busy == 1)) {
        if (pthread_cond_timedwait(&w->done, &w->mu, &ts) == ETIMEDOUT)
            break;
    }
    int ready = w->out_ready || w->sw_ready;
    pthread_mutex_unlock(&w->mu);
    return ready;
}

int worker_busy(worker *w, int *sweeping, double *progress)
{
    pthread_mutex_lock(&w->mu);
    int b = w->req != NULL || w->busy == 1;
    if (sweeping)
        *sweeping = w->busy == 2 || w->sw_pending;
    if (progress)
        *progress = w->sw_progress;
    pthread_mutex_unlock(&w->mu);
    return b;
}
