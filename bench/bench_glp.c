/* bench_glp.c -- timings of the glp model: median full-eval time of every shipped
 * glp preset, and a 200 x 200 sweep of competitive.case over (outside, gamma_u)
 * (the Figure 1 map).  Prints "name: value unit" lines; asserts nothing. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dmx.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_s(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    enum { REPS = 41 };
    char dir[1024], path[1400];
    snprintf(dir, sizeof dir, "%s/presets", DMX_SRCDIR);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "bench_glp: cannot open %s\n", dir);
        return 1;
    }
    char *names[128];
    int nn = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && nn < 128) {
        size_t l = strlen(de->d_name);
        if (strncmp(de->d_name, "glp-", 4) == 0 && l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0)
            names[nn++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, (size_t)nn, sizeof names[0], cmp_s);
    int rc = 0;
    for (int k = 0; k < nn; k++) {
        dmx_err e = {0};
        dmx_preset *pr = NULL;
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        if (dmx_preset_load(path, &pr, &e) != DMX_OK) {
            fprintf(stderr, "bench_glp: %s\n", e.msg);
            rc = 1;
            continue;
        }
        double t[REPS];
        for (int i = 0; i < REPS; i++) {
            double t0 = now_ms();
            dmx_result *r = dmx_compute(pr->params, NULL, &e);
            t[i] = now_ms() - t0;
            if (!r) {
                fprintf(stderr, "bench_glp: %s: %s\n", names[k], e.msg);
                rc = 1;
                break;
            }
            dmx_result_free(r);
        }
        qsort(t, REPS, sizeof t[0], cmp_d);
        names[k][strlen(names[k]) - 5] = 0;
        printf("eval %s: %.3f ms\n", names[k], t[REPS / 2]);
        dmx_preset_free(pr);
    }
    for (int k = 0; k < nn; k++)
        free(names[k]);

    /* Figure 1: 200 x 200 sweep of the case label */
    dmx_err e = {0};
    dmx_preset *pr = NULL;
    snprintf(path, sizeof path, "%s/glp-sec4-case2.yaml", dir);
    if (dmx_preset_load(path, &pr, &e) != DMX_OK) {
        fprintf(stderr, "bench_glp: %s\n", e.msg);
        return 1;
    }
    dmx_axis ax, ay;
    if (dmx_axis_parse(pr->params, "outside=0:0.995:200", &ax, &e) != DMX_OK ||
        dmx_axis_parse(pr->params, "gamma_u=0.01:3:200", &ay, &e) != DMX_OK) {
        fprintf(stderr, "bench_glp: %s\n", e.msg);
        dmx_preset_free(pr);
        return 1;
    }
    double ts[5];
    for (int i = 0; i < 5; i++) {
        dmx_sweep *sw = NULL;
        double t0 = now_ms();
        if (dmx_sweep_run(pr->params, &ax, &ay, "competitive.case", NULL, &sw, &e) != DMX_OK) {
            fprintf(stderr, "bench_glp: sweep: %s\n", e.msg);
            dmx_preset_free(pr);
            return 1;
        }
        ts[i] = now_ms() - t0;
        dmx_sweep_free(sw);
    }
    qsort(ts, 5, sizeof ts[0], cmp_d);
    printf("sweep competitive.case 200x200 (outside, gamma_u): %.1f ms\n", ts[2]);
    /* the same grid on a three-type economy (no closed form: LP search per point), 20 x 20 */
    if (dmx_params_assign(pr->params, "types=1,2,3", &e) == DMX_OK &&
        dmx_params_assign(pr->params, "mass=0.2,0.3,0.5", &e) == DMX_OK &&
        dmx_axis_parse(pr->params, "outside=0:0.995:20", &ax, &e) == DMX_OK &&
        dmx_axis_parse(pr->params, "gamma_u=0.01:3:20", &ay, &e) == DMX_OK) {
        dmx_sweep *sw = NULL;
        double t0 = now_ms();
        if (dmx_sweep_run(pr->params, &ax, &ay, "competitive.case", NULL, &sw, &e) == DMX_OK) {
            printf("sweep competitive.case 20x20 three types (search): %.1f ms\n", now_ms() - t0);
            dmx_sweep_free(sw);
        }
    }
    dmx_preset_free(pr);
    return rc;
}
