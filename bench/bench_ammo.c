/* bench_ammo.c -- timings of the ammo model's exact search.
 *
 * Exact equilibrium + first best + de-correlation (one include/exclude tree with rank-1
 * updates, 2 threads) on seeded random dense Σ at n = 16, 17, 20, 24, 26, 28 (wall time,
 * median of 5 runs, 3 at n >= 26, 1 at n = 28 in the full run); the naive per-profile method
 * (one Cholesky per profile) at n = 16, 20 for the speed-up; the Example 2 map (Figure 3) at
 * 200 x 200 cells.  Prints "name: value unit" (medians).  Targets of issue 8 on a quiet
 * 2-core machine: n = 20 < 0.05 s, n = 26 < 1.5 s, n = 28 < 5 s, no cliff from 16 to 17.
 * Usage: bench_ammo [quick]   ("quick" skips n = 26, 28 and the naive n = 20);
 *        bench_ammo exact N...   (the exact search alone at the given n);
 *        bench_ammo map          (the Example 2 map alone, one thread, no cache). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dmx.h"
#include "ammo/ammo.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *t, int k)
{
    qsort(t, (size_t)k, sizeof *t, cmp);
    return t[k / 2];
}

/* Seeded dense PSD Σ = F Fᵀ·2/n + 0.05 I and values in [0, 2]. */
static void make_case(int n, unsigned seed, double *S, double *v)
{
    uint64_t st = seed;
    double *F = malloc(sizeof *F * (size_t)n * (size_t)n);
    for (int i = 0; i < n * n; i++)
        F[i] = ammo_normal(&st);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double a = 0;
            for (int k = 0; k < n; k++)
                a += F[i * n + k] * F[j * n + k];
            S[i * n + j] = a / n + (i == j ? 0.05 : 0);
        }
    for (int i = 0; i < n; i++)
        v[i] = 2.0 * (0.5 + 0.5 * ammo_normal(&st) / 3.0);
    for (int i = 0; i < n; i++)
        if (v[i] < 0)
            v[i] = 0;
    free(F);
}

static double time_tree(int n, int reps)
{
    double *S = malloc(sizeof *S * (size_t)n * (size_t)n), *v = malloc(sizeof *v * (size_t)n);
    double t[7];
    make_case(n, 12345u + (unsigned)n, S, v);
    for (int r = 0; r < reps; r++) {
        ammo_search_out o;
        ammo_out_init(&o);
        dmx_err e = {0};
        double t0 = now_s();
        if (ammo_search(n, S, v, 0, 0, 2, NULL, 0, 1, &o, &e) != DMX_OK)
            fprintf(stderr, "search failed: %s\n", e.msg);
        t[r] = now_s() - t0;
        ammo_out_free(&o);
    }
    free(S);
    free(v);
    return median(t, reps);
}

static double time_naive(int n, int reps)
{
    double *S = malloc(sizeof *S * (size_t)n * (size_t)n), *v = malloc(sizeof *v * (size_t)n);
    double t[7];
    make_case(n, 12345u + (unsigned)n, S, v);
    for (int r = 0; r < reps; r++) {
        ammo_search_out o;
        ammo_out_init(&o);
        dmx_err e = {0};
        double t0 = now_s();
        if (ammo_search_naive(n, S, v, 0, 0, NULL, &o, &e) != DMX_OK)
            fprintf(stderr, "naive failed: %s\n", e.msg);
        t[r] = now_s() - t0;
        ammo_out_free(&o);
    }
    free(S);
    free(v);
    return median(t, reps);
}

static double time_example2_map(int g, int reps)
{
    const dmx_model *m = dmx_model_find("ammo");
    dmx_params *p = dmx_params_new(m);
    dmx_err e = {0};
    const double recs[8] = {10, 1, 0.05, 0.9, 10, 1, 0.05, 2.0};
    dmx_params_set_array(p, dmx_params_index(m, "communities"), recs, 2, 4, &e);
    ammo_inst in;
    double t[7];
    if (ammo_inst_build(p, &in, &e) != DMX_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    double *cell = malloc(sizeof *cell * (size_t)g * (size_t)g);
    for (int r = 0; r < reps; r++) {
        double t0 = now_s();
        ammo_example2_map(&in, 1, 0.145, 10, g, NULL, cell, NULL, &e);
        t[r] = now_s() - t0;
    }
    free(cell);
    ammo_inst_free(&in);
    dmx_params_free(p);
    return median(t, reps);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exact") == 0) {    /* bench_ammo exact N... */
        for (int k = 2; k < argc; k++) {
            int n = atoi(argv[k]);
            printf("ammo_exact_n%d: %.4f s\n", n, time_tree(n, n >= 26 ? 3 : 5));
            fflush(stdout);
        }
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "map") == 0) {
        printf("ammo_example2_map_100x100: %.4f s\n", time_example2_map(100, 7));
        printf("ammo_example2_map_200x200: %.4f s\n", time_example2_map(200, 5));
        return 0;
    }
    int quick = argc > 1 && strcmp(argv[1], "quick") == 0;
    double t16 = time_tree(16, 5), t17 = time_tree(17, 5), t20 = time_tree(20, 5);
    double t24 = time_tree(24, 3);
    printf("ammo_exact_n16: %.4f s\n", t16);
    printf("ammo_exact_n17: %.4f s\n", t17);
    printf("ammo_exact_n20: %.4f s\n", t20);
    printf("ammo_exact_n24: %.3f s\n", t24);
    if (!quick) {
        printf("ammo_exact_n26: %.3f s\n", time_tree(26, 3));
        printf("ammo_exact_n28: %.3f s\n", time_tree(28, 1));   /* one run: ~5 s */
    }
    double n16 = time_naive(16, 3);
    printf("ammo_naive_n16: %.3f s\n", n16);
    printf("ammo_speedup_n16: %.1f x\n", n16 / t16);
    if (!quick) {
        double n20 = time_naive(20, 1);
        printf("ammo_naive_n20: %.3f s\n", n20);
        printf("ammo_speedup_n20: %.1f x\n", n20 / t20);
    }
    printf("ammo_example2_map_200x200: %.4f s\n", time_example2_map(200, 5));
    return 0;
}
