/* sweep.h -- evaluate one result field over a 1-D or 2-D parameter grid,
 * in parallel (ctx->jobs threads) and optionally one contiguous shard of it. */
#ifndef DMX_SWEEP_H
#define DMX_SWEEP_H

#include <stddef.h>
#include "err.h"
#include "param.h"
#include "model.h"

typedef struct dmx_axis {
    dmx_slot slot;
    double lo, hi;
    int n;                    /* >= 1 points, lo..hi inclusive */
} dmx_axis;

/* Returned by a model's map hook (dmx_model.map) when it does not cover a
 * request: the sweep then computes point by point.  Not an error code. */
#define DMX_SWEEP_NOMAP (-1)

typedef struct dmx_sweep {
    dmx_axis x, y;            /* y.n == 0 for a 1-D sweep */
    char field[128];
    int categorical;          /* field is a string: cell = category index */
    /* The points computed: [k0, k1) of the whole grid in output order (row-major,
     * y outer, x inner), i.e. point k is (x index k % x.n, y index k / x.n).  A
     * whole sweep has k0 = 0, k1 = x.n * max(y.n, 1), shard = nshards = 1. */
    size_t k0, k1;
    int shard, nshards;       /* 1-based shard index of nshards */
    double *cell;             /* k1 - k0 values (point k at cell[k - k0]); NaN where
                                 undefined/failed.  Whole sweep: y rows of x.n */
    char **cats;
    int ncats;
    int nfail;                /* points where validation/compute failed */
    char first_fail[256];     /* message of the first failure (in point order) */
} dmx_sweep;

/* Parses "KEY=LO:HI:N" into an axis. */
int dmx_axis_parse(const dmx_params *p, const char *spec, dmx_axis *a, dmx_err *e);
/* The coordinate of point i of an axis: THE one formula every sweep, shard, map
 * hook and output format uses.  lo + (hi - lo) * i / (n - 1), the last point
 * exactly hi, rounded to 15 significant digits of the axis scale max(|lo|, |hi|)
 * (so 0.1:0.5:5 gives 0.3, not 0.30000000000000004); the value computed with is
 * exactly the value printed. */
double dmx_axis_at(const dmx_axis *a, int i);
/* Points [*k0, *k1) of shard `shard` (1-based) of `nshards` over `npoints`:
 * contiguous parts in output order, sizes differing by at most one. */
void dmx_shard_range(size_t npoints, int shard, int nshards, size_t *k0, size_t *k1);

/* Runs the whole sweep over ctx->jobs threads (0/1: the calling thread).  Points
 * whose parameters are invalid or whose field is absent get NaN (counted in nfail);
 * that is not an error.  DMX_EUSAGE when the field is absent from every computed
 * result; DMX_EDATA when no point has a value; DMX_ECANCELED on cancel.  The
 * output does not depend on the number of jobs.  Uses the model's map hook when
 * it covers the request (identical values). */
int dmx_sweep_run(const dmx_params *base, const dmx_axis *x, const dmx_axis *y,
                  const char *field, const dmx_ctx *ctx, dmx_sweep **out, dmx_err *e);
/* Runs shard `shard` of `nshards` (1 <= shard <= nshards).  As dmx_sweep_run,
 * except that when nshards > 1 a shard in which no point has a value is not an
 * error (its cells are NaN; the other shards may have values).  A shard with no
 * points is valid (k0 == k1). */
int dmx_sweep_run_shard(const dmx_params *base, const dmx_axis *x, const dmx_axis *y,
                        const char *field, const dmx_ctx *ctx, int shard, int nshards,
                        dmx_sweep **out, dmx_err *e);
void dmx_sweep_free(dmx_sweep *s);

#endif
