/* sweep.c -- one result field over a 1-D or 2-D parameter grid.  Every point goes
 * through the same dmx_compute() path as `dmx eval`, with ctx.want = field so a
 * model can skip the work the field does not need, unless the model's map hook
 * covers the request.  Points are split over ctx->jobs threads (dmx_grid_fill);
 * a shard is a contiguous range of points in output order. */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "grid.h"
#include "sweep.h"

int dmx_axis_parse(const dmx_params *p, const char *spec, dmx_axis *a, dmx_err *e)
{
    memset(a, 0, sizeof *a);
    const char *eq = strrchr(spec, '=');
    if (!eq)
        return dmx_err_set(e, DMX_EUSAGE, "'%s': expected KEY=LO:HI:N", spec);
    char key[96];
    size_t kl = (size_t)(eq - spec);
    if (kl == 0 || kl >= sizeof key)
        return dmx_err_set(e, DMX_EUSAGE, "'%s': expected KEY=LO:HI:N", spec);
    memcpy(key, spec, kl);
    key[kl] = 0;
    int rc = dmx_params_slot(p, key, &a->slot, e);
    if (rc != DMX_OK)
        return rc;
    char *end;
    a->lo = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != ':')
        return dmx_err_set(e, DMX_EUSAGE, "'%s': LO is not a number (expected KEY=LO:HI:N)",
                           spec);
    const char *h = end + 1;
    a->hi = strtod(h, &end);
    if (end == h || *end != ':')
        return dmx_err_set(e, DMX_EUSAGE, "'%s': HI is not a number (expected KEY=LO:HI:N)",
                           spec);
    const char *nn = end + 1;
    long n = strtol(nn, &end, 10);
    if (end == nn || *end || n < 1 || n > 4000)
        return dmx_err_set(e, DMX_EUSAGE, "'%s': N must be a whole number from 1 to 4000", spec);
    if (!isfinite(a->lo) || !isfinite(a->hi))
        return dmx_err_set(e, DMX_EUSAGE, "'%s': LO and HI must be finite", spec);
    a->n = (int)n;
    return DMX_OK;
}

/* Axis coordinates are rounded to this many significant digits of the axis
 * scale, so that 0.1 + 0.2 prints and computes as 0.3 (a sweep's points are
 * meant to be the decimal grid the user typed). */
#define AXIS_SIG_DIGITS 15
/* ...unless the step is within this factor of that quantum (the grid would
 * then collapse points onto each other): such a grid is left unrounded. */
#define AXIS_MIN_STEPS_PER_QUANTUM 1000.0

double dmx_axis_at(const dmx_axis *a, int i)
{
    if (a->n <= 1 || i <= 0)
        return a->lo;
    if (i >= a->n - 1)
        return a->hi;
    double t = (double)i / (a->n - 1), span = a->hi - a->lo;
    double v = isfinite(span) ? a->lo + span * i / (a->n - 1) : a->lo * (1 - t) + a->hi * t;
    double scale = fmax(fabs(a->lo), fabs(a->hi));
    if (!(scale > 0) || !isfinite(v))
        return v;
    int d = AXIS_SIG_DIGITS - 1 - (int)floor(log10(scale));
    double step = fabs(span) / (a->n - 1);
    if (d < 0 || d > 300 || step < AXIS_MIN_STEPS_PER_QUANTUM * pow(10, -d))
        return v;
    double r;
    if (d <= 22) {             /* 10^d is exact: integer / 10^d is correctly rounded */
        double p = 1;
        for (int k = 0; k < d; k++)
            p *= 10;
        r = nearbyint(v * p) / p;
    } else {
        char b[400];
        snprintf(b, sizeof b, "%.*f", d, v);
        r = strtod(b, NULL);
    }
    return r == 0 ? 0.0 : r;  /* never -0 */
}

void dmx_shard_range(size_t npoints, int shard, int nshards, size_t *k0, size_t *k1)
{
    if (nshards < 1 || shard < 1 || shard > nshards) {
        *k0 = *k1 = 0;
        return;
    }
    unsigned long long P = npoints;
    *k0 = (size_t)(P * (unsigned long long)(shard - 1) / (unsigned long long)nshards);
    *k1 = (size_t)(P * (unsigned long long)shard / (unsigned long long)nshards);
}

void dmx_sweep_free(dmx_sweep *s)
{
    if (!s)
        return;
    free(s->cell);
    for (int i = 0; i < s->ncats; i++)
        free(s->cats[i]);
    free(s->cats);
    free(s);
}

static int cat_index(dmx_sweep *s, const char *str)
{
    for (int i = 0; i < s->ncats; i++)
        if (strcmp(s->cats[i], str) == 0)
            return i;
    char **c = realloc(s->cats, ((size_t)s->ncats + 1) * sizeof *c);
    if (!c)
        return -1;
    s->cats = c;
    if (!(s->cats[s->ncats] = strdup(str)))
        return -1;
    return s->ncats++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts category names so maps get the same colours whatever the scan order. */
static int sort_cats(dmx_sweep *s, size_t ncell)
{
    if (s->ncats < 2)
        return 1;
    char **sorted = malloc((size_t)s->ncats * sizeof *sorted);
    int *map = malloc((size_t)s->ncats * sizeof *map);
    if (!sorted || !map) {
        free(sorted);
        free(map);
        return 0;
    }
    memcpy(sorted, s->cats, (size_t)s->ncats * sizeof *sorted);
    qsort(sorted, (size_t)s->ncats, sizeof *sorted, cmp_str);
    for (int i = 0; i < s->ncats; i++)
        for (int j = 0; j < s->ncats; j++)
            if (s->cats[i] == sorted[j])
                map[i] = j;
    for (size_t k = 0; k < ncell; k++)
        if (!isnan(s->cell[k]))
            s->cell[k] = map[(int)s->cell[k]];
    free(s->cats);
    s->cats = sorted;
    free(map);
    return 1;
}

/* What a point produced. */
enum { PT_NONE, PT_NUM, PT_STR, PT_MISSING };

/* One sweep run, shared by the grid threads. */
typedef struct run {
    const dmx_axis *x, *y;     /* y NULL for 1-D */
    const char *field;
    dmx_ctx c;                 /* per-point compute: want = field, no progress */
    size_t k0, count, width;   /* points [k0, k0 + count); grid rows of `width` */
    dmx_params **p;            /* one copy of the parameters per thread */
    unsigned char *kind;       /* PT_* per point */
    dmx_sweep *s;
    pthread_mutex_t mu;        /* guards s->cats and the first failure */
    struct lastcat {           /* per thread: the last label and its index, so a run of */
        char str[64];          /* equal labels takes no lock (neighbouring points mostly */
        int idx;               /* share one) */
    } *last;
    size_t fail_k;             /* smallest failing point and its message */
    char fail_msg[256];
} run;

static void record_fail(run *R, size_t k, const char *msg)
{
    pthread_mutex_lock(&R->mu);
    if (k < R->fail_k) {
        R->fail_k = k;
        snprintf(R->fail_msg, sizeof R->fail_msg, "%s", msg);
    }
    pthread_mutex_unlock(&R->mu);
}

/* Classifies node n of a computed result (NULL: no such field) into *out. */
static int classify(run *R, int thread, const dmx_node *n, double *out, dmx_err *pe,
                    dmx_err *e)
{
    if (!n) {
        dmx_err_set(pe, DMX_EUSAGE, "no field '%s' in the result", R->field);
        return PT_MISSING;
    }
    if (n->t == DMX_N_NUM || n->t == DMX_N_BOOL) {
        *out = n->num;
        return PT_NUM;
    }
    if (n->t == DMX_N_STR) {
        struct lastcat *lc = &R->last[thread];
        if (lc->idx >= 0 && strcmp(lc->str, n->str) == 0) {
            *out = lc->idx;
            return PT_STR;
        }
        pthread_mutex_lock(&R->mu);
        int ci = cat_index(R->s, n->str);
        pthread_mutex_unlock(&R->mu);
        if (ci < 0)
            return -dmx_err_oom(e);
        if (strlen(n->str) < sizeof lc->str) {
            strcpy(lc->str, n->str);
            lc->idx = ci;
        }
        *out = ci;
        return PT_STR;
    }
    if (n->t == DMX_N_NULL)
        dmx_err_set(pe, DMX_EDATA, "%s does not exist here%s%s", R->field, n->str ? ": " : "",
                    n->str ? n->str : "");
    else
        dmx_err_set(pe, DMX_EUSAGE, "'%s' is not a number or a label", R->field);
    return PT_NONE;
}

/* dmx_cell_fn: computes point k0 + iy * width + ix. */
static int sweep_cell(void *user, int thread, int ix, int iy, double *out, dmx_err *e)
{
    run *R = user;
    size_t k = (size_t)iy * R->width + (size_t)ix;
    *out = NAN;
    if (k >= R->count)
        return DMX_OK;
    size_t g = R->k0 + k;
    int i = (int)(g % (size_t)R->x->n), j = (int)(g / (size_t)R->x->n);
    dmx_params *p = R->p[thread];
    dmx_err pe = {0};
    int rc = dmx_slot_set(p, &R->x->slot, dmx_axis_at(R->x, i), &pe);
    if (rc == DMX_OK && R->y)
        rc = dmx_slot_set(p, &R->y->slot, dmx_axis_at(R->y, j), &pe);
    dmx_result *r = rc == DMX_OK ? dmx_compute(p, &R->c, &pe) : NULL;
    if (!r && pe.code == DMX_ECANCELED) {
        *e = pe;
        return DMX_ECANCELED;
    }
    int kind = PT_NONE;
    if (r)
        kind = classify(R, thread, dmx_node_get(r->root, R->field), out, &pe, e);
    dmx_result_free(r);
    if (kind < 0)
        return -kind;
    R->kind[k] = (unsigned char)kind;
    if (kind == PT_NONE || kind == PT_MISSING)
        record_fail(R, k, pe.msg);
    return DMX_OK;
}

/* The model's fast map path: DMX_SWEEP_NOMAP when it has none for this request. */
static int try_map(run *R, const dmx_params *base, const dmx_ctx *ctx, dmx_err *e)
{
    const dmx_model *m = base->model;
    if (!m->map)
        return DMX_SWEEP_NOMAP;
    size_t all = (size_t)R->x->n * (size_t)(R->y ? R->y->n : 1);
    double *cell = malloc(all * sizeof *cell);
    if (!cell)
        return dmx_err_oom(e);
    const char *const *cats = NULL;
    int ncats = 0;
    dmx_ctx c = {0};
    if (ctx)
        c = *ctx;
    c.want = R->field;
    int rc = m->map(base, R->x, R->y, R->field, &c, cell, &cats, &ncats, e);
    for (size_t k = 0; rc == DMX_OK && k < R->count; k++) {
        double v = cell[R->k0 + k];
        dmx_err pe = {0};
        if (isnan(v) || (ncats && (v < 0 || v >= ncats))) {
            dmx_err_set(&pe, DMX_EDATA, "%s has no value here", R->field);
            record_fail(R, k, pe.msg);
            continue;
        }
        if (ncats) {
            int ci = cat_index(R->s, cats[(int)v]);
            if (ci < 0)
                rc = dmx_err_oom(e);
            v = ci;
        }
        R->s->cell[k] = v;
        R->kind[k] = ncats ? PT_STR : PT_NUM;
    }
    free(cell);
    return rc;
}

/* Settles the field's kind (the first point with a value decides; a point of the
 * other kind is a failure), counts failures, sorts categories. */
static int finish(run *R, int whole, dmx_err *e)
{
    dmx_sweep *s = R->s;
    int kind = PT_NONE, missing = 0;
    for (size_t k = 0; k < R->count && kind == PT_NONE; k++)
        if (R->kind[k] == PT_NUM || R->kind[k] == PT_STR)
            kind = R->kind[k];
    for (size_t k = 0; k < R->count; k++) {
        missing |= R->kind[k] == PT_MISSING;
        if (kind != PT_NONE && R->kind[k] == kind)
            continue;
        s->cell[k] = NAN;
        if (R->kind[k] == PT_NUM || R->kind[k] == PT_STR) {
            char m[200];
            snprintf(m, sizeof m, "'%s' is a number at some points and a label at others",
                     R->field);
            record_fail(R, k, m);
        }
        s->nfail++;
    }
    if (s->nfail)
        snprintf(s->first_fail, sizeof s->first_fail, "%s", R->fail_msg);
    if (kind == PT_NONE && R->count && missing)
        return dmx_err_set(e, DMX_EUSAGE, "sweep: no field '%s' in the result", R->field);
    if (kind == PT_NONE && R->count && whole)
        return dmx_err_set(e, DMX_EDATA, "sweep: no point has a value; first: %s", R->fail_msg);
    s->categorical = kind == PT_STR;
    if (!sort_cats(s, R->count))
        return dmx_err_oom(e);
    return DMX_OK;
}

/* The scalar leaf path of `n` nearest to `want` (a typo's distance) into best. */
static void nearest_leaf(const dmx_node *n, char *path, size_t cap, const char *want,
                         char *best, int *bestd)
{
    size_t l = strlen(path);
    if (n->t != DMX_N_OBJ && n->t != DMX_N_ARR) {
        int lim = (int)strlen(want) / 3, d = dmx_edit_distance(want, path);
        if (d <= (lim < 2 ? 2 : lim) && d < *bestd) {
            *bestd = d;
            snprintf(best, 128, "%s", path);
        }
        return;
    }
    for (int i = 0; i < n->nkids; i++) {
        if (n->t == DMX_N_OBJ)
            snprintf(path + l, cap - l, "%s%s", l ? "." : "", n->kids[i]->key);
        else
            snprintf(path + l, cap - l, "[%d]", i);
        nearest_leaf(n->kids[i], path, cap, want, best, bestd);
        path[l] = 0;
    }
}

/* For a field no result has: suggests the nearest field path at `base`. */
static void suggest_field(const dmx_params *base, const char *field, const dmx_ctx *ctx,
                          dmx_err *e)
{
    dmx_ctx c = {0};
    if (ctx)
        c.cancel = ctx->cancel;
    dmx_err ce = {0};
    dmx_result *r = dmx_compute(base, &c, &ce);
    char path[256] = "", best[128] = "";
    int d = INT_MAX;
    if (r)
        nearest_leaf(r->root, path, sizeof path, field, best, &d);
    dmx_result_free(r);
    size_t l = strlen(e->msg);
    if (best[0])
        snprintf(e->msg + l, sizeof e->msg - l, " (did you mean '%s'?)", best);
    else
        snprintf(e->msg + l, sizeof e->msg - l, " (`dmx eval PRESET --format csv` lists the "
                                                 "paths)");
}

/* Sets up R (parameter copies, cells) for the points of s. */
static int run_init(run *R, const dmx_params *base, const dmx_ctx *ctx, int jobs, dmx_err *e)
{
    dmx_sweep *s = R->s;
    R->count = s->k1 - s->k0;
    R->k0 = s->k0;
    R->fail_k = (size_t)-1;
    R->width = (size_t)R->x->n;
    size_t per = R->count / (4 * (size_t)jobs);   /* >= 4 rows per thread balance */
    if (per < R->width)
        R->width = per ? per : 1;
    size_t rows = R->count ? (R->count + R->width - 1) / R->width : 0;
    if (ctx)
        R->c = *ctx;
    R->c.want = R->field;
    R->c.progress = NULL;          /* dmx_grid_fill reports progress per row */
    R->c.jobs = 1;                 /* the points are the parallel part */
    R->c.detail = NULL;
    if (jobs > 1)
        R->c.cache = NULL;         /* the memo store is not thread-safe */
    s->cell = malloc((rows * R->width + 1) * sizeof *s->cell);
    R->kind = calloc(R->count + 1, 1);
    R->p = calloc((size_t)jobs, sizeof *R->p);
    R->last = calloc((size_t)jobs, sizeof *R->last);
    if (!s->cell || !R->kind || !R->p || !R->last)
        return dmx_err_oom(e);
    for (int t = 0; t < jobs; t++)
        R->last[t].idx = -1;
    for (size_t k = 0; k < rows * R->width + 1; k++)
        s->cell[k] = NAN;
    for (int t = 0; t < jobs; t++)
        if (!(R->p[t] = dmx_params_dup(base)))
            return dmx_err_oom(e);
    return DMX_OK;
}

int dmx_sweep_run_shard(const dmx_params *base, const dmx_axis *x, const dmx_axis *y,
                        const char *field, const dmx_ctx *ctx, int shard, int nshards,
                        dmx_sweep **out, dmx_err *e)
{
    *out = NULL;
    if (y && !y->n)
        y = NULL;
    if (nshards < 1 || shard < 1 || shard > nshards)
        return dmx_err_set(e, DMX_EUSAGE, "shard %d/%d: expected 1 <= I <= N", shard, nshards);
    if (strlen(field) >= sizeof ((dmx_sweep *)0)->field)
        return dmx_err_set(e, DMX_EUSAGE, "field path '%.40s...' is too long", field);
    dmx_sweep *s = calloc(1, sizeof *s);
    if (!s)
        return dmx_err_oom(e);
    s->x = *x;
    if (y)
        s->y = *y;
    snprintf(s->field, sizeof s->field, "%s", field);
    s->shard = shard;
    s->nshards = nshards;
    dmx_shard_range((size_t)x->n * (size_t)(y ? y->n : 1), shard, nshards, &s->k0, &s->k1);
    int jobs = dmx_grid_jobs(ctx);
    run R = {.x = &s->x, .y = y ? &s->y : NULL, .field = s->field, .s = s};
    pthread_mutex_init(&R.mu, NULL);
    int rc = run_init(&R, base, ctx, jobs, e);
    if (rc == DMX_OK && R.count) {
        rc = try_map(&R, base, ctx, e);
        if (rc == DMX_SWEEP_NOMAP) {
            dmx_ctx gc = R.c;      /* the fill: caller's cancel and progress, `jobs` threads */
            gc.progress = ctx ? ctx->progress : NULL;
            gc.jobs = jobs;
            rc = dmx_grid_fill(&gc, (int)R.width, (int)((R.count + R.width - 1) / R.width),
                               sweep_cell, &R, s->cell, e);
        }
    }
    if (rc == DMX_OK)
        rc = finish(&R, nshards == 1, e);
    if (rc == DMX_EUSAGE && strstr(e->msg, "no field '"))
        suggest_field(base, field, ctx, e);
    for (int t = 0; R.p && t < jobs; t++)
        dmx_params_free(R.p[t]);
    free(R.p);
    free(R.last);
    free(R.kind);
    pthread_mutex_destroy(&R.mu);
    if (rc != DMX_OK) {
        dmx_sweep_free(s);
        return rc;
    }
    *out = s;
    return DMX_OK;
}

int dmx_sweep_run(const dmx_params *base, const dmx_axis *x, const dmx_axis *y,
                  const char *field, const dmx_ctx *ctx, dmx_sweep **out, dmx_err *e)
{
    return dmx_sweep_run_shard(base, x, y, field, ctx, 1, 1, out, e);
}
