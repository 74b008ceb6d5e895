/* sweep.h -- evaluate one result field over a 1-D or 2-D parameter grid. */
#ifndef DMX_SWEEP_H
#define DMX_SWEEP_H

#include "err.h"
#include "param.h"
#include "model.h"

typedef struct dmx_axis {
    dmx_slot slot;
    double lo, hi;
    int n;                    /* >= 1 points, lo..hi inclusive */
} dmx_axis;

typedef struct dmx_sweep {
    dmx_axis x, y;            /* y.n == 0 for a 1-D sweep */
    char field[128];
    int categorical;          /* field is a string: cell = category index */
    double *cell;             /* y.n rows (1 if 1-D) of x.n; NaN where undefined/failed */
    char **cats;
    int ncats;
    int nfail;                /* points where validation/compute failed */
    char first_fail[256];     /* message of the first failure */
} dmx_sweep;

/* Parses "KEY=LO:HI:N" into an axis. */
int dmx_axis_parse(const dmx_params *p, const char *spec, dmx_axis *a, dmx_err *e);
/* Runs the sweep.  Points whose parameters are invalid or whose field is absent
 * get NaN (counted in nfail); that is not an error.  DMX_EUSAGE when the field is
 * absent at every point; DMX_ECANCELED on cancel. */
int dmx_sweep_run(const dmx_params *base, const dmx_axis *x, const dmx_axis *y,
                  const char *field, const dmx_ctx *ctx, dmx_sweep **out, dmx_err *e);
void dmx_sweep_free(dmx_sweep *s);

#endif
