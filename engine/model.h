/* model.h -- a model is a const table plus one compute function.
 *
 * Like tmux's cmd_entry: name, title, paper, parameter descriptors, compute().
 * The explorer builds its sliders from the descriptors and its panels from the
 * views the result carries, so a new model needs no TUI code. */
#ifndef DMX_MODEL_H
#define DMX_MODEL_H

#include <stdatomic.h>
#include "cache.h"
#include "err.h"
#include "param.h"
#include "result.h"

/* How much of a view a computation should produce (dmx_view_detail). */
enum {
    DMX_DETAIL_FULL = 0,    /* everything, at full resolution (batch, the default) */
    DMX_DETAIL_COARSE = 1,  /* maps on a coarse grid, so the first frame is fast */
    DMX_DETAIL_SKIP = 2     /* not shown: emit the view (id, title, axes) with no
                               items and preview = 1; it is computed later */
};

/* Context for one computation.  Everything is optional (a zeroed ctx is valid). */
typedef struct dmx_ctx {
    const atomic_int *cancel;       /* when non-NULL and *cancel != 0: stop, return DMX_ECANCELED */
    void (*progress)(void *user, double fraction); /* may be called from compute */
    void *user;
    const char *want;               /* when non-NULL: only this result path is needed
                                       (sweeps); a model may skip other work and views */
    dmx_cache *cache;               /* when non-NULL: memo store for parts that depend on
                                       few parameters (see cache.h) */
    int jobs;                       /* threads a model may use for grids (dmx_grid_fill);
                                       0 or 1: the calling thread only */
    /* Detail wanted for view `id` (DMX_DETAIL_*); NULL: everything full.  Only
     * views (not the contract fields) may differ by detail. */
    int (*detail)(void *user, const char *view_id);
} dmx_ctx;

struct dmx_axis; /* sweep.h */

typedef struct dmx_model {
    const char *name;               /* "glp" */
    const char *title;              /* "Competitive Markets for Personal Data" */
    const char *paper;              /* "Galperti, Liu, Perego (2023)" */
    const char *summary;            /* one paragraph for help / man page */
    const dmx_param_desc *params;
    int nparams;
    /* Cross-parameter rules beyond each descriptor's range (may be NULL). */
    int (*validate)(const dmx_params *p, dmx_err *e);
    /* Fills r from validated p.  Must be deterministic and thread-compatible
     * (no globals).  On error r may hold partial content; the caller discards it. */
    int (*compute)(const dmx_params *p, dmx_result *r, const dmx_ctx *ctx, dmx_err *e);
    const char *default_preset;     /* preset name opened for this model, e.g. "glp-sec4-case2" */
    /* Optional fast path for sweeps (may be NULL): the value of `field` at every
     * point of x (columns) × y (rows; NULL for 1-D) around `base`, coordinates
     * from dmx_axis_at(), into cell[iy * x->n + ix]; NaN where it has no value.
     * A string field: cells are indices into *cats (static strings, *ncats of
     * them); a numeric one sets *ncats = 0.  Returns DMX_SWEEP_NOMAP (sweep.h)
     * when it does not cover the request; the values must equal the point-by-point
     * dmx_compute() ones exactly. */
    int (*map)(const dmx_params *base, const struct dmx_axis *x, const struct dmx_axis *y,
               const char *field, const dmx_ctx *ctx, double *cell,
               const char *const **cats, int *ncats, dmx_err *e);
} dmx_model;

/* NULL-terminated registry of every model. */
extern const dmx_model *const dmx_models[];
const dmx_model *dmx_model_find(const char *name);

/* validate + compute into a fresh result.  On error returns NULL and sets e;
 * nothing partial escapes. */
dmx_result *dmx_compute(const dmx_params *p, const dmx_ctx *ctx, dmx_err *e);

/* 1 when ctx asks for cancellation. */
int dmx_cancelled(const dmx_ctx *ctx);
/* The detail wanted for a view (DMX_DETAIL_FULL when ctx or ctx->detail is NULL). */
int dmx_view_detail(const dmx_ctx *ctx, const char *view_id);
/* 1 when the caller wants `path` (or ctx->want is NULL): lets a model skip work in sweeps. */
int dmx_wants(const dmx_ctx *ctx, const char *path);

/* Releases per-thread solver state; call on a thread that ran computes before it
 * exits (defined in lp.c). */
void dmx_lp_thread_cleanup(void);

#endif
