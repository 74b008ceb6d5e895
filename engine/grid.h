/* grid.h -- fill a 2-D grid of cells in parallel, cancellably.
 *
 * Region maps (a model's own maps, generic sweeps) evaluate one function at
 * each of nx*ny cells.  dmx_grid_fill splits the rows across ctx->jobs threads
 * (rows are claimed one at a time from a shared counter, so uneven rows
 * balance), checks ctx->cancel between cells, and reports progress from the
 * calling thread only.  The cell function must be thread-safe: it may not touch
 * ctx->cache or the result being built; it gets the thread's index for
 * per-thread scratch.  The output does not depend on the number of jobs. */
#ifndef DMX_GRID_H
#define DMX_GRID_H

#include "err.h"
#include "model.h"

/* Computes cell (ix, iy) into *out.  Returns DMX_OK or an error (which stops
 * the fill; the first error by row order is reported). */
typedef int (*dmx_cell_fn)(void *user, int thread, int ix, int iy, double *out, dmx_err *e);

/* Number of threads dmx_grid_fill will use for ctx (>= 1). */
int dmx_grid_jobs(const dmx_ctx *ctx);
/* out[iy*nx + ix] = fn(ix, iy) for all cells.  DMX_ECANCELED on cancel. */
int dmx_grid_fill(const dmx_ctx *ctx, int nx, int ny, dmx_cell_fn fn, void *user,
                  double *out, dmx_err *e);
/* Online cores (sysconf), at least 1. */
int dmx_ncores(void);

#endif
