/* bench_bbg.c -- timing of the bbg model.
 *   bbg_map200_sweep:   a 200x200 (α, β) region map of profitability and efficiency
 *                       (complete_sharing.regime) through dmx_sweep_run (ctx->want set)
 *   bbg_map200_direct:  the same map straight from the closed forms
 *   bbg_compute_full:   one full compute with every view (what the explorer does per key)
 *   per shipped bbg preset (run from the repository root; presets/bbg-*.yaml):
 *     full_j1   full detail, one thread, no cache (batch `dmx eval`)
 *     full_j2   full detail, two threads, a cold cache (a refined map in the explorer)
 *     key_coarse  a key moving α by one step with a warm cache and maps coarse
 *               (the explorer's first frame after a key)
 * Prints "name: value unit", medians over repeats (noisy on a shared machine). */
#include <glob.h>
#include <stdio.h>
#include <string.h>
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

/* The fastest of n (after median() sorted v): less sensitive to a shared machine. */
static double best(const double *v) { return v[0]; }

static int coarse_maps(void *user, const char *view_id)
{
    (void)user;
    return strstr(view_id, "map") ? DMX_DETAIL_COARSE : DMX_DETAIL_FULL;
}

/* Process CPU time: on a shared machine less inflated by other load than wall
 * time (with 2 jobs it adds both threads' time). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double time_compute(const dmx_params *p, const dmx_ctx *ctx, double *cpu)
{
    dmx_err e = {0};
    double t0 = now(), c0 = cpu_now();
    dmx_result *r = dmx_compute(p, ctx, &e);
    double t = now() - t0;
    *cpu = cpu_now() - c0;
    if (!r) {
        fprintf(stderr, "compute: %s\n", e.msg);
        exit(1);
    }
    dmx_result_free(r);
    return t;
}

static void bench_presets(void)
{
    enum { PREP = 9 };
    glob_t g;
    if (glob("presets/bbg-*.yaml", 0, NULL, &g) != 0) {
        fprintf(stderr, "(no presets/bbg-*.yaml: run from the repository root)\n");
        return;
    }
    for (size_t i = 0; i < g.gl_pathc; i++) {
        dmx_preset *pr = NULL;
        dmx_err e = {0};
        if (dmx_preset_load(g.gl_pathv[i], &pr, &e) != DMX_OK) {
            fprintf(stderr, "%s: %s\n", g.gl_pathv[i], e.msg);
            exit(1);
        }
        double t[PREP], c[PREP];
        dmx_ctx c1 = {0};
        c1.jobs = 1;
        for (int k = 0; k < PREP; k++)
            t[k] = time_compute(pr->params, &c1, &c[k]);
        double m1 = median(t, PREP), b1 = best(t), cpu1 = median(c, PREP);
        dmx_ctx c2 = {0};
        c2.jobs = 2;
        for (int k = 0; k < PREP; k++) {
            c2.cache = dmx_cache_new(0);
            t[k] = time_compute(pr->params, &c2, &c[k]);
            dmx_cache_free(c2.cache);
        }
        double m2 = median(t, PREP), b2 = best(t);
        dmx_ctx c3 = {0};
        c3.jobs = 2;
        c3.cache = dmx_cache_new(0);
        c3.detail = coarse_maps;
        double *pa = pr->params->vals[dmx_params_index(pr->params->model, "alpha")].v;
        double a0 = *pa;
        for (int k = 0; k < PREP + 1; k++) {
            double a = k % 2 ? (a0 >= 0.5 ? a0 - 0.01 : a0 + 0.01) : a0;
            *pa = a;
            double ck, tk = time_compute(pr->params, &c3, &ck);
            if (k > 0) {
                t[k - 1] = tk;
                c[k - 1] = ck;
            }
        }
        *pa = a0;
        dmx_cache_free(c3.cache);
        double m3 = median(t, PREP), b3 = best(t), cpu3 = median(c, PREP);
        printf("%s: full_j1 %.2f ms (best %.2f, cpu %.2f), full_j2 %.2f ms (best %.2f), "
               "key_coarse %.2f ms (best %.2f, cpu %.2f)\n",
               pr->name, 1e3 * m1, 1e3 * b1, 1e3 * cpu1, 1e3 * m2, 1e3 * b2, 1e3 * m3,
               1e3 * b3, 1e3 * cpu3);
        dmx_preset_free(pr);
    }
    globfree(&g);
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
    bench_presets();
    dmx_params_free(p);
    return 0;
}
