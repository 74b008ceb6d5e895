/* worker.h -- the single compute thread.  Every engine computation (results and
 * sweeps) runs here, one at a time (GLPK's environment is thread-local).  The
 * newest request wins: submitting cancels a running computation through
 * dmx_ctx.cancel and stale results are dropped.  Compute requests take
 * priority over sweeps; a sweep cancelled by a compute is restarted after it. */
#ifndef DMX_TUI_WORKER_H
#define DMX_TUI_WORKER_H

#include <pthread.h>
#include "dmx.h"

typedef struct worker {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;          /* wakes the worker */
    pthread_cond_t done;        /* wakes a waiting UI */
    int started, quit;
    atomic_int cancel;          /* read by the worker's compute without the lock */
    int busy;                   /* 0 idle, 1 compute, 2 sweep */
    /* compute request / answer */
    dmx_params *req;
    unsigned req_gen;
    dmx_result *out;
    dmx_err out_err;
    unsigned out_gen;
    double out_ms;
    int out_ready;
    /* sweep request / answer */
    dmx_params *sw_req;
    dmx_axis sw_x, sw_y;
    char sw_field[128];
    unsigned sw_gen;
    int sw_pending;
    dmx_sweep *sw_out;
    dmx_err sw_err;
    unsigned sw_out_gen;
    double sw_ms;
    int sw_ready;
    double sw_progress;
} worker;

/* Starts the thread.  Returns 0, or -1 when the thread cannot be created. */
int worker_start(worker *w);
/* Stops and joins the thread, freeing pending requests and answers. */
void worker_stop(worker *w);
/* Queues a compute of a copy of p; returns its generation (0 on OOM). */
unsigned worker_submit(worker *w, const dmx_params *p);
/* Queues a sweep (replacing any queued or running one); returns its generation. */
unsigned worker_submit_sweep(worker *w, const dmx_params *base, const dmx_axis *x,
                             const dmx_axis *y, const char *field);
/* Cancels the queued/running sweep. */
void worker_cancel_sweep(worker *w);
/* Takes the newest compute answer if any: returns 1 and fills *r (NULL on error,
 * with *e set), *gen and *ms. */
int worker_take(worker *w, dmx_result **r, dmx_err *e, unsigned *gen, double *ms);
/* Same for sweeps. */
int worker_take_sweep(worker *w, dmx_sweep **s, dmx_err *e, unsigned *gen, double *ms);
/* Waits up to `ms` milliseconds for an answer to be ready.  Returns 1 when one is. */
int worker_wait(worker *w, double ms);
/* 1 while a compute is queued or running; *sweeping set when a sweep is. */
int worker_busy(worker *w, int *sweeping, double *progress);

#endif
