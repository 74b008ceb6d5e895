/* worker.c -- the single compute thread (see worker.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "grid.h"
#include "lp.h"
#include "util.h"
#include "worker.h"

/* What a computation's callbacks see through dmx_ctx.user. */
typedef struct job {
    worker *w;
    const worker_vis *vis;          /* pass 1: the views on screen */
} job;

static void on_progress(void *user, double f)
{
    job *j = user;
    pthread_mutex_lock(&j->w->mu);
    j->w->progress = f;
    pthread_mutex_unlock(&j->w->mu);
}

/* Pass 1: visible tables and text full, visible maps coarse, the rest skipped. */
static int first_pass_detail(void *user, const char *view_id)
{
    const worker_vis *v = ((job *)user)->vis;
    if (v->n < 0)
        return DMX_DETAIL_COARSE;
    for (int i = 0; i < v->n; i++)
        if (view_id && !strcmp(view_id, v->id[i]))
            return v->exact[i] ? DMX_DETAIL_FULL : DMX_DETAIL_COARSE;
    return DMX_DETAIL_SKIP;
}

static int has_preview(const dmx_result *r)
{
    for (int i = 0; r && i < r->nviews; i++)
        if (r->views[i].preview)
            return 1;
    return 0;
}

/* Hands an answer over (lock held); a previous untaken one is dropped. */
static void publish(worker *w, int kind, unsigned gen, int final, dmx_result *r,
                    dmx_sweep *s, const dmx_err *e, double ms)
{
    worker_answer *a = &w->ans[kind];
    dmx_result_free(a->r);
    dmx_sweep_free(a->s);
    a->r = r;
    a->s = s;
    a->err = *e;
    a->gen = gen;
    a->final = final;
    a->ms = ms;
    a->ready = 1;
    pthread_cond_broadcast(&w->done);
    if (w->wake[1] >= 0) {
        /* a full pipe already wakes the UI: EAGAIN is fine */
        ssize_t n = write(w->wake[1], "", 1);
        (void)n;
    }
}

/* 1 when request gen is still the newest and nothing newer is queued (lock held). */
static int current(const worker *w, unsigned gen)
{
    return gen == w->req_gen && !w->req;
}

static int vis_equal(const worker_vis *a, const worker_vis *b)
{
    if (a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++)
        if (a->exact[i] != b->exact[i] || strcmp(a->id[i], b->id[i]) != 0)
            return 0;
    return 1;
}

/* 1 when (p, pv) asks for exactly what (q, qv) asks for. */
static int same_request(const dmx_params *p, const worker_vis *pv, const dmx_params *q,
                        const worker_vis *qv)
{
    return p && q && vis_equal(pv, qv) && dmx_params_equal(p, q);
}

/* Forgets the finished guesses, or the queued ones (lock held). */
static void drop_guesses(worker_guess *g)
{
    for (int k = 0; k < WORKER_NGUESS; k++) {
        dmx_params_free(g[k].p);
        dmx_result_free(g[k].r);
        g[k].p = NULL;
        g[k].r = NULL;
    }
}

/* The first pass of p for the views vis (called without the lock). */
static dmx_result *first_pass(worker *w, dmx_cache *cache, const dmx_params *p,
                              const worker_vis *vis, dmx_err *e, double *ms)
{
    job j = {w, vis};
    dmx_ctx ctx = {.cancel = &w->cancel, .progress = on_progress, .user = &j,
                   .cache = cache, .jobs = w->jobs, .detail = first_pass_detail};
    double t0 = tui_now_ms();
    dmx_result *r = dmx_compute(p, &ctx, e);
    *ms = tui_now_ms() - t0;
    return r;
}

/* Hands over request gen's first pass r (taken), then computes and hands over
 * its second pass when r is not complete, unless a newer request arrives
 * (called and returns with the lock held). */
static void finish_request(worker *w, dmx_cache *cache, const dmx_params *p, unsigned gen,
                           dmx_result *r, const dmx_err *e1, double ms)
{
    int full = !has_preview(r);
    publish(w, WK_COMPUTE, gen, full || !r, r, NULL, e1, ms);
    if (full || !r)
        return;
    /* pass 2: everything in full, unless a newer request arrives */
    w->busy = 3;
    pthread_mutex_unlock(&w->mu);
    job j = {w, NULL};
    dmx_ctx ctx = {.cancel = &w->cancel, .progress = on_progress, .user = &j,
                   .cache = cache, .jobs = w->jobs};
    dmx_err e = {0};
    double t0 = tui_now_ms();
    r = dmx_compute(p, &ctx, &e);
    ms = tui_now_ms() - t0;
    pthread_mutex_lock(&w->mu);
    if (current(w, gen) && e.code != DMX_ECANCELED)
        publish(w, WK_COMPUTE, gen, 1, r, NULL, &e, ms);    /* an error ends refining too */
    else
        dmx_result_free(r);
}

/* Runs one compute request, both passes (called and returns with the lock held). */
static void run_compute(worker *w, dmx_cache *cache)
{
    dmx_params *p = w->req;
    unsigned gen = w->req_gen;
    worker_vis vis = w->req_vis;
    w->req = NULL;
    w->busy = 1;
    atomic_store(&w->cancel, 0);
    w->progress = 0;
    for (int k = 0; k < WORKER_NGUESS; k++)
        if (w->ready[k].p && same_request(w->ready[k].p, &w->ready[k].vis, p, &vis)) {
            /* a guess was right: its first pass is this request's */
            dmx_result *r = w->ready[k].r;
            double ms = w->ready[k].ms;
            w->ready[k].r = NULL;
            drop_guesses(w->ready);
            w->nspec_hit++;
            dmx_err e = {0};
            finish_request(w, cache, p, gen, r, &e, ms);
            goto out;
        }
    drop_guesses(w->ready);
    pthread_mutex_unlock(&w->mu);
    dmx_err e = {0};
    double ms;
    dmx_result *r = first_pass(w, cache, p, &vis, &e, &ms);
    pthread_mutex_lock(&w->mu);
    if (!current(w, gen) || e.code == DMX_ECANCELED) {
        dmx_result_free(r);             /* stale: a newer request exists */
        goto out;
    }
    finish_request(w, cache, p, gen, r, &e, ms);
out:
    w->busy = 0;
    dmx_params_free(p);
    pthread_cond_broadcast(&w->done);
}

/* Computes the first queued guess's first pass (called and returns with the
 * lock held): handed over at once when a request adopted it meanwhile, else
 * kept for the request that asks for it. */
static void run_spec(worker *w, dmx_cache *cache)
{
    dmx_params *p = w->spec[0].p;
    worker_vis vis = w->spec[0].vis;
    memmove(w->spec, w->spec + 1, sizeof w->spec[0] * (WORKER_NGUESS - 1));
    memset(&w->spec[WORKER_NGUESS - 1], 0, sizeof w->spec[0]);
    w->run_p = p;
    w->run_vis = vis;
    w->adopted = 0;
    w->busy = 4;
    atomic_store(&w->cancel, 0);
    w->progress = 0;
    pthread_mutex_unlock(&w->mu);
    dmx_err e = {0};
    double ms;
    dmx_result *r = first_pass(w, cache, p, &vis, &e, &ms);
    pthread_mutex_lock(&w->mu);
    w->run_p = NULL;
    int cancelled = e.code == DMX_ECANCELED;
    if (w->adopted) {
        unsigned gen = w->adopt_gen;
        w->adopted = 0;
        w->busy = 1;
        if (current(w, gen) && !cancelled) {
            w->nspec_hit++;
            finish_request(w, cache, p, gen, r, &e, ms);
        } else {
            dmx_result_free(r);
        }
    } else if (r && !cancelled && !atomic_load(&w->cancel)) {
        int k = 0;
        while (k < WORKER_NGUESS - 1 && w->ready[k].p)
            k++;
        dmx_params_free(w->ready[k].p);      /* all slots full: the last one goes */
        dmx_result_free(w->ready[k].r);
        w->ready[k] = (worker_guess){.p = p, .vis = vis, .r = r, .ms = ms};
        p = NULL;
    } else {
        dmx_result_free(r);             /* cancelled, or an error the request will meet */
    }
    w->busy = 0;
    dmx_params_free(p);
    pthread_cond_broadcast(&w->done);
}

/* The coarse grid of a sweep: a third of the points on continuous axes. */
static void coarse_axis(dmx_axis *a)
{
    if (a->n > 6 && !(a->slot.flags & DMX_F_INTEGER))
        a->n = (a->n + 2) / 3;
}

/* Runs one level of the queued sweep (lock held on entry and exit). */
static void run_sweep(worker *w)
{
    worker_sweep_req *q = &w->sw;
    dmx_params *base = dmx_params_dup(q->base);
    unsigned gen = q->gen;
    int level = q->level;
    dmx_axis ax = q->x, ay = q->y;
    char field[128];
    memcpy(field, q->field, sizeof field);
    q->pending = 0;
    w->busy = 2;
    atomic_store(&w->cancel, 0);
    w->progress = 0;
    pthread_mutex_unlock(&w->mu);
    if (level == 0) {
        coarse_axis(&ax);
        if (ay.n)
            coarse_axis(&ay);
    }
    int final = level == 1 || (ax.n == q->x.n && ay.n == q->y.n);
    job j = {w, NULL};
    /* no cache: a sweep may run its points on several threads */
    dmx_ctx ctx = {.cancel = &w->cancel, .progress = on_progress, .user = &j,
                   .want = field, .jobs = w->jobs};
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
        if (gen == q->gen && q->base)
            q->pending = 1;             /* pre-empted by a compute: run it again */
    } else if (gen == q->gen) {
        if (rc != DMX_OK) {
            dmx_sweep_free(s);
            s = NULL;
        }
        publish(w, WK_SWEEP, gen, final || rc != DMX_OK, NULL, s, &e, ms);
        if (!final && rc == DMX_OK) {
            q->level = 1;
            q->pending = 1;
        }
    } else {
        dmx_sweep_free(s);
    }
    pthread_cond_broadcast(&w->done);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    dmx_cache *cache = dmx_cache_new(0);    /* NULL on OOM: computes run uncached */
    pthread_mutex_lock(&w->mu);
    while (!w->quit) {
        if (w->req)
            run_compute(w, cache);
        else if (w->sw.pending && w->sw.base)
            run_sweep(w);
        else if (w->spec[0].p)
            run_spec(w, cache);
        else
            pthread_cond_wait(&w->cv, &w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    dmx_cache_free(cache);
    /* GLPK's environment is thread-local: free this thread's before it ends */
    dmx_lp_thread_cleanup();
    pthread_mutex_lock(&w->mu);
    w->exited = 1;
    pthread_cond_broadcast(&w->done);
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static void close_wake(worker *w)
{
    for (int i = 0; i < 2; i++)
        if (w->wake[i] >= 0)
            close(w->wake[i]);
    w->wake[0] = w->wake[1] = -1;
}

int worker_start(worker *w)
{
    memset(w, 0, sizeof *w);
    w->jobs = dmx_ncores();
    w->wake[0] = w->wake[1] = -1;
    if (pipe(w->wake) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(w->wake[i], F_SETFL, fcntl(w->wake[i], F_GETFL) | O_NONBLOCK);
            fcntl(w->wake[i], F_SETFD, FD_CLOEXEC);
        }
    } else {
        w->wake[0] = w->wake[1] = -1;   /* the UI then polls the worker on a timer */
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    pthread_cond_init(&w->done, NULL);
    /* the thread blocks the signals that end the explorer, so they always
     * reach the UI thread, which restores the terminal */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = pthread_create(&w->th, NULL, worker_main, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0)
        goto out_destroy_sync;
    w->started = 1;
    return 0;
out_destroy_sync:
    close_wake(w);
    pthread_cond_destroy(&w->done);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    return -1;
}

static void deadline(struct timespec *ts, double ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    long ns = ts->tv_nsec + (long)(ms * 1e6);
    ts->tv_sec += ns / 1000000000L;
    ts->tv_nsec = ns % 1000000000L;
}

int worker_stop(worker *w, double timeout_ms)
{
    if (!w->started)
        return 0;
    struct timespec ts;
    deadline(&ts, timeout_ms);
    pthread_mutex_lock(&w->mu);
    w->quit = 1;
    atomic_store(&w->cancel, 1);
    pthread_cond_broadcast(&w->cv);
    while (!w->exited)
        if (pthread_cond_timedwait(&w->done, &w->mu, &ts) == ETIMEDOUT)
            break;
    int exited = w->exited;
    pthread_mutex_unlock(&w->mu);
    if (!exited) {
        /* a solve that does not check the cancel flag: leave it behind */
        pthread_detach(w->th);
        w->started = 0;
        return -1;
    }
    pthread_join(w->th, NULL);
    dmx_params_free(w->req);
    dmx_params_free(w->sw.base);
    drop_guesses(w->spec);
    drop_guesses(w->ready);
    for (int k = 0; k < WK_NKINDS; k++) {
        dmx_result_free(w->ans[k].r);
        dmx_sweep_free(w->ans[k].s);
    }
    close_wake(w);      /* only once the thread is gone: it writes to the pipe */
    pthread_cond_destroy(&w->done);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    w->started = 0;
    return 0;
}

unsigned worker_submit(worker *w, const dmx_params *p, const worker_vis *vis)
{
    worker_vis v;
    if (vis)
        v = *vis;
    else
        v.n = -1;
    pthread_mutex_lock(&w->mu);
    /* guesses are only ever computed for the next request: a request drops them */
    drop_guesses(w->spec);
    if (w->busy == 4 && !w->adopted && !atomic_load(&w->cancel) &&
        same_request(w->run_p, &w->run_vis, p, &v)) {
        /* the running guess is this request: adopt it instead of starting over */
        dmx_params_free(w->req);
        w->req = NULL;
        unsigned g = ++w->req_gen;
        w->adopted = 1;
        w->adopt_gen = g;
        pthread_mutex_unlock(&w->mu);
        return g;
    }
    pthread_mutex_unlock(&w->mu);
    dmx_params *d = dmx_params_dup(p);
    if (!d)
        return 0;
    pthread_mutex_lock(&w->mu);
    dmx_params_free(w->req);
    w->req = d;
    w->req_vis = v;
    unsigned g = ++w->req_gen;
    if (w->busy)
        atomic_store(&w->cancel, 1);
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return g;
}

int worker_speculate(worker *w, dmx_params *const *p, int n, const worker_vis *vis)
{
    worker_guess g[WORKER_NGUESS];
    memset(g, 0, sizeof g);
    int k = 0;
    for (int i = 0; i < n && k < WORKER_NGUESS; i++)
        if (p[i] && (g[k].p = dmx_params_dup(p[i])) != NULL) {
            if (vis)
                g[k].vis = *vis;
            else
                g[k].vis.n = -1;
            k++;
        }
    pthread_mutex_lock(&w->mu);
    drop_guesses(w->spec);
    drop_guesses(w->ready);
    if (w->busy == 4 && !w->adopted)
        atomic_store(&w->cancel, 1);    /* a guess for a state the UI has left */
    memcpy(w->spec, g, sizeof g);
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return k;
}

unsigned worker_spec_hits(worker *w)
{
    pthread_mutex_lock(&w->mu);
    unsigned n = w->nspec_hit;
    pthread_mutex_unlock(&w->mu);
    return n;
}

unsigned worker_submit_sweep(worker *w, const dmx_params *base, const dmx_axis *x,
                             const dmx_axis *y, const char *field)
{
    dmx_params *d = dmx_params_dup(base);
    if (!d)
        return 0;
    pthread_mutex_lock(&w->mu);
    worker_sweep_req *q = &w->sw;
    dmx_params_free(q->base);
    q->base = d;
    q->x = *x;
    if (y)
        q->y = *y;
    else
        memset(&q->y, 0, sizeof q->y);
    sfmt(q->field, sizeof q->field, "%s", field);
    q->pending = 1;
    q->level = 0;
    unsigned g = ++q->gen;
    /* a running sweep restarts with the new one; a guess gives way to it */
    if (w->busy == 2 || (w->busy == 4 && !w->adopted))
        atomic_store(&w->cancel, 1);
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return g;
}

void worker_cancel_sweep(worker *w)
{
    pthread_mutex_lock(&w->mu);
    w->sw.gen++;
    w->sw.pending = 0;
    dmx_params_free(w->sw.base);
    w->sw.base = NULL;
    if (w->busy == 2)
        atomic_store(&w->cancel, 1);
    pthread_mutex_unlock(&w->mu);
}

int worker_take(worker *w, int kind, worker_answer *out)
{
    int got = 0;
    pthread_mutex_lock(&w->mu);
    worker_answer *a = &w->ans[kind];
    if (a->ready) {
        *out = *a;
        memset(a, 0, sizeof *a);
        got = 1;
    }
    pthread_mutex_unlock(&w->mu);
    return got;
}

int worker_wait(worker *w, double ms)
{
    struct timespec ts;
    deadline(&ts, ms);
    pthread_mutex_lock(&w->mu);
    while (!w->ans[WK_COMPUTE].ready && !w->ans[WK_SWEEP].ready &&
           (w->req || w->busy == 1 || (w->busy == 4 && w->adopted))) {
        if (pthread_cond_timedwait(&w->done, &w->mu, &ts) == ETIMEDOUT)
            break;
    }
    int ready = w->ans[WK_COMPUTE].ready || w->ans[WK_SWEEP].ready;
    pthread_mutex_unlock(&w->mu);
    return ready;
}

int worker_busy(worker *w, int *sweeping, int *refining, double *progress)
{
    pthread_mutex_lock(&w->mu);
    int b = w->req != NULL || w->busy == 1 || (w->busy == 4 && w->adopted);
    if (sweeping)
        *sweeping = w->busy == 2 || w->sw.pending;
    if (refining)
        *refining = w->busy == 3;
    if (progress)
        *progress = w->progress;
    pthread_mutex_unlock(&w->mu);
    return b;
}

int worker_wake_fd(const worker *w)
{
    return w->started ? w->wake[0] : -1;
}

void worker_wake_clear(worker *w)
{
    char buf[64];
    if (w->wake[0] >= 0)
        while (read(w->wake[0], buf, sizeof buf) > 0)
            ;
}
