/* bench_bbg.c -- timing of the bbg model.
 *   bbg_map200_sweep:   a 200x200 (α, β) region map of profitability and efficiency
 *                       (complete_sharing.regime) through dmx_sweep_run (ctx->want set)
 *   bbg_map200_direct:  the same map straight from the closed forms
 *   bbg_compute_full:   one full compute with every view (what the explorer does per key)
 * Prints "name: value unit", medians over repeats. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "dmx.h"
#include "bbg/bbg.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmpd);
    return v[n / 2];
}

int main(void)
{
    enum { REP = 7 };
    const dmx_model *m = dmx_model_find("bbg");
    if (!m) {
        fprintf(stderr, "bbg model not registered\n");
        return 1;
    }
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    dmx_axis ax, ay;
    if (!p || dmx_axis_parse(p, "alpha=0:1:200", &ax, &e) != DMX_OK ||
        dmx_axis_parse(p, "beta=0:1:200", &ay, &e) != DMX_OK) {
        fprintf(stderr, "setup: %s\n", e.msg);
        return 1;
    }
    double t[REP];
    int nprof = 0;
    for (int k = 0; k < REP; k++) {
        dmx_sweep *s = NULL;
        double t0 = now();
        if (dmx_sweep_run(p, &ax, &ay, "complete_sharing.regime", NULL, &s, &e) != DMX_OK) {
            fprintf(stderr, "sweep: %s\n", e.msg);
            return 1;
        }
        t[k] = now() - t0;
        if (s->nfail) {
            fprintf(stderr, "sweep: %d failed points: %s\n", s->nfail, s->first_fail);
            return 1;
        }
        dmx_sweep_free(s);
    }
    printf("bbg_map200_sweep: %.4f s\n", median(t, REP));

    for (int k = 0; k < REP; k++) {
        double t0 = now();
        nprof = 0;
        for (int j = 0; j < 200; j++)
            for (int i = 0; i < 200; i++) {
                bbg_prim q;
                bbg_cs cs;
                bbg_prim_make(&q, 10, i / 199.0, j / 199.0, 1, 1);
                bbg_sharing(&q, 0, &cs);
                nprof += (cs.R > 0) + 2 * (cs.dW > 0);
            }
        t[k] = now() - t0;
    }
    printf("bbg_map200_direct: %.6f s\n", median(t, REP));

    for (int k = 0; k < REP; k++) {
        double t0 = now();
        dmx_result *r = dmx_compute(p, NULL, &e);
        t[k] = now() - t0;
        if (!r) {
            fprintf(stderr, "compute: %s\n", e.msg);
            return 1;
        }
        dmx_result_free(r);
    }
    printf("bbg_compute_full: %.4f s\n", median(t, REP));
    fprintf(stderr, "(checksum %d)\n", nprof);
    dmx_params_free(p);
    return 0;
}
