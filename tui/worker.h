/* worker.h -- the single compute thread.  Every engine computation (results and
 * sweeps) runs here, one at a time, with the thread's own memo cache
 * (dmx_cache) and ctx.jobs = the online cores for the models' grids.
 *
 * A compute runs in two passes: pass 1 asks for the visible tables and text
 * in full, the visible maps coarse and the hidden views not at all
 * (dmx_ctx.detail), and is published at once; pass 2 then computes everything
 * in full in the background.  A sweep (the F4 map) likewise runs a coarse grid
 * first, then the full one.  The newest request wins: submitting cancels a
 * running computation through dmx_ctx.cancel, and stale answers are dropped.
 * Compute requests take priority over sweeps; a sweep cancelled by a compute
 * is restarted after it.  Answers are whole objects handed over under the
 * lock, so the UI never sees a half-built result.
 *
 * Speculation: when nothing else is queued, the worker computes the first pass
 * of the requests the UI expects next (the next step of the slider just moved,
 * and the step back, worker_speculate).  When that request comes, its answer is the finished
 * speculative one, or the running speculation is adopted (not restarted); any
 * other request cancels it like any running compute.  A speculative result is
 * the same as a computed one (the computes are deterministic); it only comes
 * earlier.  Speculation never delays a real request. */
#ifndef DMX_TUI_WORKER_H
#define DMX_TUI_WORKER_H

#include <pthread.h>
#include "dmx.h"

#define WORKER_MAXVIS 8

/* The views on screen when a compute is requested (for pass 1). */
typedef struct worker_vis {
    int n;                          /* -1: unknown (first compute): every view coarse */
    char id[WORKER_MAXVIS][64];
    int exact[WORKER_MAXVIS];       /* 1: a table or text (always full) */
} worker_vis;

enum { WK_COMPUTE = 0, WK_SWEEP = 1, WK_NKINDS };

/* What the worker hands back: a result (compute) or a sweep. */
typedef struct worker_answer {
    int ready;
    unsigned gen;
    int final;                      /* 0: a first pass; the full one follows */
    dmx_result *r;                  /* compute answers (NULL on error) */
    dmx_sweep *s;                   /* sweep answers (NULL on error) */
    dmx_err err;
    double ms;
} worker_answer;

/* A guess of a compute request, and once computed its first pass. */
#define WORKER_NGUESS 2
typedef struct worker_guess {
    dmx_params *p;
    worker_vis vis;
    dmx_result *r;
    double ms;
} worker_guess;

/* A queued sweep. */
typedef struct worker_sweep_req {
    dmx_params *base;
    dmx_axis x, y;
    char field[128];
    unsigned gen;
    int pending, level;             /* level 0 coarse, 1 full */
} worker_sweep_req;

typedef struct worker {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;              /* wakes the worker */
    pthread_cond_t done;            /* wakes a waiting UI */
    int started, quit, exited;
    atomic_int cancel;              /* read by the worker's compute without the lock */
    int busy;                       /* 0 idle, 1 compute (pass 1), 2 sweep, 3 refining,
                                     * 4 speculating */
    int jobs;                       /* threads for the models' grids */
    /* compute request */
    dmx_params *req;
    worker_vis req_vis;
    unsigned req_gen;
    worker_sweep_req sw;
    /* speculation: the queued guesses (most likely first), the running one,
     * the finished ones */
    worker_guess spec[WORKER_NGUESS];
    dmx_params *run_p;              /* the guess being computed (busy == 4) */
    worker_vis run_vis;
    int adopted;                    /* a request equal to it came: gen adopt_gen */
    unsigned adopt_gen;
    worker_guess ready[WORKER_NGUESS];  /* computed guesses, with their first pass */
    unsigned nspec_hit;             /* requests answered by a guess (statistics) */
    worker_answer ans[WK_NKINDS];
    double progress;
    int wake[2];                    /* a byte per answer: wakes the UI's poll() (-1: none) */
} worker;

/* Starts the thread.  Returns 0, or -1 when the thread cannot be created. */
int worker_start(worker *w);
/* Cancels everything and joins the thread within timeout_ms, freeing pending
 * requests and answers; returns 0.  When the thread does not stop in time it
 * is detached and left with its memory (the process is about to exit): -1. */
int worker_stop(worker *w, double timeout_ms);
/* Queues a compute of a copy of p (vis may be NULL: unknown); returns its
 * generation (0 on OOM). */
unsigned worker_submit(worker *w, const dmx_params *p, const worker_vis *vis);
/* Queues guesses of the next compute request (copies of p[0..n), the most
 * likely first, at most WORKER_NGUESS; they replace the queued and finished
 * ones), computed one after the other while the worker is idle; see above.
 * Returns how many were queued (fewer on OOM). */
int worker_speculate(worker *w, dmx_params *const *p, int n, const worker_vis *vis);
/* Requests answered so far by a finished or adopted guess. */
unsigned worker_spec_hits(worker *w);
/* Queues a sweep (replacing any queued or running one); returns its generation. */
unsigned worker_submit_sweep(worker *w, const dmx_params *base, const dmx_axis *x,
                             const dmx_axis *y, const char *field);
/* Cancels the queued/running sweep. */
void worker_cancel_sweep(worker *w);
/* Takes the newest answer of a kind (WK_COMPUTE / WK_SWEEP) if any: returns 1
 * and moves it to *out (the caller owns out->r / out->s). */
int worker_take(worker *w, int kind, worker_answer *out);
/* Waits up to `ms` milliseconds for a first-pass compute answer.  Returns 1
 * when an answer is ready. */
int worker_wait(worker *w, double ms);
/* 1 while a compute's first pass is queued or running; *sweeping set when a
 * sweep is, *refining when a second pass is. */
int worker_busy(worker *w, int *sweeping, int *refining, double *progress);
/* A descriptor that becomes readable when an answer is handed over (for the
 * UI's poll() beside the terminal), or -1; worker_wake_clear empties it. */
int worker_wake_fd(const worker *w);
void worker_wake_clear(worker *w);

#endif
