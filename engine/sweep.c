/* sweep.c -- one result field over a 1-D or 2-D parameter grid.  Every point goes
 * through the same dmx_compute() path as `dmx eval`, with ctx.want = field so a
 * model can skip the work the field does not need. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static double axis_at(const dmx_axis *a, int i)
{
    return a->n > 1 ? a->lo + (a->hi - a->lo) * i / (a->n - 1) : a->lo;
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

int dmx_sweep_run(const dmx_params *base, const dmx_axis *x, const dmx_axis *y,
                  const char *field, const dmx_ctx *ctx, dmx_sweep **out, dmx_err *e)
{
    *out = NULL;
    int ny = y && y->n ? y->n : 1;
    size_t ncell = (size_t)x->n * (size_t)ny;
    dmx_sweep *s = calloc(1, sizeof *s);
    dmx_params *p = dmx_params_dup(base);
    int rc = DMX_OK;
    if (!s || !p || !(s->cell = malloc(ncell * sizeof(double)))) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto out_free;
    }
    s->x = *x;
    if (y)
        s->y = *y;
    snprintf(s->field, sizeof s->field, "%s", field);
    dmx_ctx c = {0};
    if (ctx)
        c = *ctx;
    c.want = field;
    c.progress = NULL; /* progress is reported per point below */
    int kind = -1;    /* -1 unknown, 0 numeric, 1 categorical */
    for (int j = 0; j < ny; j++) {
        for (int i = 0; i < x->n; i++) {
            size_t k = (size_t)j * x->n + i;
            s->cell[k] = NAN;
            if (dmx_cancelled(ctx)) {
                rc = dmx_err_set(e, DMX_ECANCELED, "sweep cancelled");
                goto out_free;
            }
            dmx_err pe;
            int prc = dmx_slot_set(p, &x->slot, axis_at(x, i), &pe);
            if (prc == DMX_OK && y && y->n)
                prc = dmx_slot_set(p, &y->slot, axis_at(y, j), &pe);
            dmx_result *r = prc == DMX_OK ? dmx_compute(p, &c, &pe) : NULL;
            const dmx_node *n = r ? dmx_node_get(r->root, field) : NULL;
            if (r && !n)
                dmx_err_set(&pe, DMX_EUSAGE, "no field '%s' in the result", field);
            if (n && kind < 0 && (n->t == DMX_N_STR || n->t == DMX_N_NUM || n->t == DMX_N_BOOL))
                kind = n->t == DMX_N_STR;
            if (n && kind == 1 && n->t == DMX_N_STR) {
                int ci = cat_index(s, n->str);
                if (ci < 0) {
                    dmx_result_free(r);
                    rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
                    goto out_free;
                }
                s->cell[k] = ci;
            } else if (n && kind == 0 && (n->t == DMX_N_NUM || n->t == DMX_N_BOOL)) {
                s->cell[k] = n->num;
            } else {
                if (n && n->t == DMX_N_NULL)
                    dmx_err_set(&pe, DMX_EDATA, "%s does not exist here%s%s", field,
                                n->str ? ": " : "", n->str ? n->str : "");
                else if (n)
                    dmx_err_set(&pe, DMX_EUSAGE, "'%s' is not a number or a label", field);
                if (!s->nfail++)
                    snprintf(s->first_fail, sizeof s->first_fail, "%s", pe.msg);
            }
            dmx_result_free(r);
        }
        if (ctx && ctx->progress)
            ctx->progress(ctx->user, (double)(j + 1) / ny);
    }
    if (kind < 0) {
        rc = dmx_err_set(e, DMX_EUSAGE, "sweep: %s", s->first_fail[0] ? s->first_fail :
                         "the field was never computed");
        goto out_free;
    }
    s->categorical = kind == 1;
    if (!sort_cats(s, ncell)) {
        rc = dmx_err_set(e, DMX_EINTERNAL, "out of memory");
        goto out_free;
    }
    dmx_params_free(p);
    *out = s;
    return DMX_OK;
out_free:
    dmx_params_free(p);
    dmx_sweep_free(s);
    return rc;
}
