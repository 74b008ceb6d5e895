/* param.c -- typed parameter values, range checks and "key=value" parsing. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "numfmt.h"
#include "param.h"

#define MAX_ELEMS (1 << 20)
/* Relative tolerance of the symmetry check of DMX_F_SYMMETRIC matrices: entries
 * typed with 15+ significant digits (or computed, then saved) may differ in the
 * last bits; anything larger is a typo. */
#define SYM_REL_TOL 1e-12
/* Numbers below this magnitude are shown as 0 by dmx_fmt_num (display only: no
 * "-0" and no 1e-17 round-off noise next to numbers of order one). */
#define FMT_ZERO_BELOW 1e-12

static const dmx_param_desc *desc_of(const dmx_params *p, int i)
{
    return &p->model->params[i];
}

static void pval_free(dmx_pval *v)
{
    free(v->v);
    memset(v, 0, sizeof *v);
}

/* Copies src into dst (dst must be empty).  Returns 0 on OOM. */
static int pval_copy(dmx_pval *dst, const dmx_pval *src)
{
    *dst = *src;
    dst->v = NULL;
    size_t n = (size_t)src->rows * (size_t)src->cols;
    if (n) {
        dst->v = malloc(n * sizeof(double));
        if (!dst->v)
            return 0;
        memcpy(dst->v, src->v, n * sizeof(double));
    }
    return 1;
}

static int pval_alloc(dmx_pval *v, int rows, int cols)
{
    size_t n = (size_t)rows * (size_t)cols;
    double *d = n ? calloc(n, sizeof(double)) : NULL;
    if (n && !d)
        return 0;
    free(v->v);
    v->v = d;
    v->rows = rows;
    v->cols = cols;
    return 1;
}

static int ncols_of(const dmx_param_desc *d)
{
    return d->kind == DMX_P_RECS ? d->nfields : 1;
}

static int is_scalar_kind(dmx_pkind k)
{
    return k == DMX_P_REAL || k == DMX_P_INT || k == DMX_P_CHOICE;
}

int dmx_params_index(const dmx_model *m, const char *key)
{
    for (int i = 0; i < m->nparams; i++)    /* first letters first: called per sweep point */
        if (m->params[i].key[0] == key[0] && strcmp(m->params[i].key, key) == 0)
            return i;
    return -1;
}

/* Repeats the value of every uniform broadcast vector to its len_of length. */
static int expand_uniform(dmx_params *p)
{
    for (int i = 0; i < p->n; i++) {
        const dmx_param_desc *d = desc_of(p, i);
        dmx_pval *v = &p->vals[i];
        if (!v->set || !v->uniform || !d->len_of || v->rows < 1)
            continue;
        int j = dmx_params_index(p->model, d->len_of);
        if (j < 0 || !p->vals[j].set || p->vals[j].rows == v->rows)
            continue;
        double x = v->v[0];
        if (!pval_alloc(v, p->vals[j].rows, 1))
            return 0;
        for (int k = 0; k < v->rows; k++)
            v->v[k] = x;
    }
    return 1;
}

dmx_params *dmx_params_new(const dmx_model *m)
{
    dmx_params *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->model = m;
    p->n = m->nparams;
    p->vals = calloc((size_t)(m->nparams ? m->nparams : 1), sizeof(dmx_pval));
    if (!p->vals)
        goto out_free;
    for (int i = 0; i < m->nparams; i++) {
        const dmx_param_desc *d = &m->params[i];
        dmx_pval *v = &p->vals[i];
        if (is_scalar_kind(d->kind)) {
            if (!pval_alloc(v, 1, 1))
                goto out_free;
            v->v[0] = d->def;
            v->set = !(d->flags & DMX_F_OPTIONAL) || !isnan(d->def);
        } else if (d->defv) {
            int rows = d->def_rows, cols = d->kind == DMX_P_VEC ? 1 : d->def_cols;
            if (!pval_alloc(v, rows, cols))
                goto out_free;
            memcpy(v->v, d->defv, (size_t)rows * (size_t)cols * sizeof(double));
            v->set = 1;
            /* a one-number default of a per-type list means "every entry" */
            v->uniform = d->kind == DMX_P_VEC && (d->flags & DMX_F_BROADCAST) && rows == 1;
        } else if ((d->flags & DMX_F_BROADCAST) && !isnan(d->def) &&
                   !(d->flags & DMX_F_OPTIONAL)) {
            if (!pval_alloc(v, 1, 1))
                goto out_free;
            v->v[0] = d->def;
            v->uniform = 1;
            v->set = 1;
        } else {
            v->set = 0;
            v->cols = ncols_of(d);
        }
    }
    if (!expand_uniform(p))
        goto out_free;
    return p;
out_free:
    dmx_params_free(p);
    return NULL;
}

void dmx_params_free(dmx_params *p)
{
    if (!p)
        return;
    for (int i = 0; p->vals && i < p->n; i++)
        pval_free(&p->vals[i]);
    free(p->vals);
    free(p);
}

dmx_params *dmx_params_dup(const dmx_params *src)
{
    dmx_params *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->model = src->model;
    p->n = src->n;
    p->vals = calloc((size_t)(src->n ? src->n : 1), sizeof(dmx_pval));
    if (!p->vals)
        goto out_free;
    for (int i = 0; i < src->n; i++)
        if (!pval_copy(&p->vals[i], &src->vals[i]))
            goto out_free;
    return p;
out_free:
    dmx_params_free(p);
    return NULL;
}

int dmx_params_equal(const dmx_params *a, const dmx_params *b)
{
    if (a->model != b->model || a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++) {
        const dmx_pval *x = &a->vals[i], *y = &b->vals[i];
        if (x->set != y->set || x->uniform != y->uniform)
            return 0;
        if (!x->set)
            continue;
        if (x->rows != y->rows || x->cols != y->cols)
            return 0;
        size_t n = (size_t)x->rows * (size_t)x->cols;
        if (n && memcmp(x->v, y->v, n * sizeof(double)) != 0)
            return 0;
    }
    return 1;
}

/* ---------- range checks ---------- */

static void fmt_range(char *buf, size_t n, double lo, double hi, int flags)
{
    char a[32], b[32];
    if (isinf(lo) && isinf(hi)) {
        snprintf(buf, n, "any real number");
        return;
    }
    dmx_fmt_num(a, sizeof a, lo, 6);
    dmx_fmt_num(b, sizeof b, hi, 6);
    if (isinf(hi))
        snprintf(buf, n, "%s %s", flags & DMX_F_LO_OPEN ? ">" : "≥", a);
    else if (isinf(lo))
        snprintf(buf, n, "%s %s", flags & DMX_F_HI_OPEN ? "<" : "≤", b);
    else
        snprintf(buf, n, "in %s%s, %s%s", flags & DMX_F_LO_OPEN ? "(" : "[", a, b,
                 flags & DMX_F_HI_OPEN ? ")" : "]");
}

/* Checks one element against a range; name is used in the message. */
/* What is wrong with value x for range [lo, hi] and flags (VAL_OK: nothing);
 * the message is built by value_error only then (validation runs for every
 * point of a sweep: formatting names of valid elements was half its time). */
enum { VAL_OK, VAL_NONFINITE, VAL_RANGE, VAL_WHOLE, VAL_HUGE, VAL_SUBNORMAL };

static int value_problem(double x, double lo, double hi, int flags)
{
    if (!isfinite(x))
        return VAL_NONFINITE;
    if (x < lo || x > hi || ((flags & DMX_F_LO_OPEN) && x == lo) ||
        ((flags & DMX_F_HI_OPEN) && x == hi))
        return VAL_RANGE;
    if ((flags & DMX_F_INTEGER) && x != floor(x))
        return VAL_WHOLE;
    if ((isinf(hi) && x > DMX_PARAM_MAX_ABS) || (isinf(lo) && x < -DMX_PARAM_MAX_ABS))
        return VAL_HUGE;
    if (x != 0 && fabs(x) < DBL_MIN)
        return VAL_SUBNORMAL;
    return VAL_OK;
}

static int value_error(const char *name, int why, double x, double lo, double hi, int flags,
                       dmx_err *e)
{
    char r[96], xs[32];
    switch (why) {
    case VAL_NONFINITE:
        return dmx_err_set(e, DMX_EDATA, "%s must be a finite number", name);
    case VAL_RANGE:
        fmt_range(r, sizeof r, lo, hi, flags);
        dmx_fmt_num(xs, sizeof xs, x, 10);
        return dmx_err_set(e, DMX_EDATA, "%s = %s is out of range: must be %s", name, xs, r);
    case VAL_WHOLE:
        dmx_fmt_num(xs, sizeof xs, x, 10);
        return dmx_err_set(e, DMX_EDATA, "%s = %s must be a whole number", name, xs);
    case VAL_HUGE:
        return dmx_err_set(e, DMX_EDATA, "%s = %.6g is out of range: a parameter without a "
                           "stated bound must be within ±%g (larger values overflow the "
                           "computations)", name, x, DMX_PARAM_MAX_ABS);
    case VAL_SUBNORMAL:
        return dmx_err_set(e, DMX_EDATA, "%s = %.6g is too close to 0 to compute with (a "
                           "subnormal number): use 0 or a magnitude of at least %.3g", name, x,
                           DBL_MIN);
    default:
        return DMX_OK;
    }
}

static int check_value(const char *name, double x, double lo, double hi, int flags,
                       dmx_err *e)
{
    return value_error(name, value_problem(x, lo, hi, flags), x, lo, hi, flags, e);
}

static void elem_name(char *buf, size_t n, const dmx_param_desc *d, const dmx_pval *v, int r,
                      int c)
{
    if (is_scalar_kind(d->kind) || (v->uniform && d->kind == DMX_P_VEC))
        snprintf(buf, n, "%s", d->key);
    else if (d->kind == DMX_P_VEC)
        snprintf(buf, n, "%s[%d]", d->key, r);
    else if (d->kind == DMX_P_MAT)
        snprintf(buf, n, "%s[%d][%d]", d->key, r, c);
    else
        snprintf(buf, n, "%s[%d].%s", d->key, r, d->fields[c].key);
}

static int check_elem(const dmx_param_desc *d, const dmx_pval *v, int r, int c, double x,
                      dmx_err *e)
{
    char name[96];
    if (d->kind == DMX_P_CHOICE) {
        int nc = 0;
        while (d->choices && d->choices[nc])
            nc++;
        if (x == floor(x) && x >= 0 && x < nc)
            return DMX_OK;
        elem_name(name, sizeof name, d, v, r, c);
        return dmx_err_set(e, DMX_EDATA, "%s: choice index %g out of range", name, x);
    }
    double lo = d->lo, hi = d->hi;
    int flags = d->flags | (d->kind == DMX_P_INT ? DMX_F_INTEGER : 0);
    if (d->kind == DMX_P_RECS) {
        lo = d->fields[c].lo;
        hi = d->fields[c].hi;
        flags = d->fields[c].flags;
    }
    int why = value_problem(x, lo, hi, flags);
    if (why == VAL_OK)
        return DMX_OK;
    elem_name(name, sizeof name, d, v, r, c);
    return value_error(name, why, x, lo, hi, flags, e);
}

static int check_pval(const dmx_params *p, int i, const dmx_pval *v, dmx_err *e)
{
    const dmx_param_desc *d = desc_of(p, i);
    for (int r = 0; r < v->rows; r++)
        for (int c = 0; c < v->cols; c++)
            if (check_elem(d, v, r, c, v->v[(size_t)r * v->cols + c], e) != DMX_OK)
                return e ? e->code : DMX_EDATA;
    return DMX_OK;
}

static int check_shape(const dmx_params *p, int i, dmx_err *e)
{
    const dmx_param_desc *d = desc_of(p, i);
    const dmx_pval *v = &p->vals[i];
    if (is_scalar_kind(d->kind))
        return DMX_OK;
    if (d->min_len && v->rows < d->min_len)
        return dmx_err_set(e, DMX_EDATA, "%s has %d entr%s; it needs at least %d", d->key,
                           v->rows, v->rows == 1 ? "y" : "ies", d->min_len);
    if (d->max_len && v->rows > d->max_len)
        return dmx_err_set(e, DMX_EDATA, "%s has %d entries; at most %d are allowed", d->key,
                           v->rows, d->max_len);
    if (d->kind == DMX_P_MAT) {
        if ((d->flags & DMX_F_SQUARE) && v->rows != v->cols)
            return dmx_err_set(e, DMX_EDATA, "%s must be a square matrix (it is %d×%d)",
                               d->key, v->rows, v->cols);
        if (d->flags & DMX_F_SYMMETRIC)
            for (int r = 0; r < v->rows; r++)
                for (int c = r + 1; c < v->cols; c++) {
                    double a = v->v[r * v->cols + c], b = v->v[c * v->cols + r];
                    if (!(fabs(a - b) <= SYM_REL_TOL * fmax(1, fmax(fabs(a), fabs(b)))))
                        return dmx_err_set(e, DMX_EDATA,
                                           "%s must be symmetric: %s[%d][%d] = %g but "
                                           "%s[%d][%d] = %g",
                                           d->key, d->key, r, c, a, d->key, c, r, b);
                }
    }
    if (d->len_of) {
        int j = dmx_params_index(p->model, d->len_of);
        if (j >= 0 && p->vals[j].set && p->vals[j].rows != v->rows)
            return dmx_err_set(e, DMX_EDATA,
                               "%s has %d entr%s but %s has %d: they must have the same length",
                               d->key, v->rows, v->rows == 1 ? "y" : "ies", d->len_of,
                               p->vals[j].rows);
    }
    return DMX_OK;
}

int dmx_params_validate(const dmx_params *p, dmx_err *e)
{
    for (int i = 0; i < p->n; i++) {
        const dmx_param_desc *d = desc_of(p, i);
        if (!p->vals[i].set) {
            if (d->flags & DMX_F_OPTIONAL)
                continue;
            return dmx_err_set(e, DMX_EDATA, "missing parameter '%s' (%s)", d->key,
                               d->meaning ? d->meaning : d->label);
        }
        int rc = check_shape(p, i, e);
        if (rc == DMX_OK)
            rc = check_pval(p, i, &p->vals[i], e);
        if (rc != DMX_OK)
            return rc;
    }
    int rc = p->model->validate ? p->model->validate(p, e) : DMX_OK;
    if (dmx_params_check_keys(p, NULL) != DMX_OK)   /* validate read a bad key */
        rc = dmx_params_check_keys(p, e);
    return rc;
}

int dmx_params_set_array(dmx_params *p, int i, const double *v, int rows, int cols,
                         dmx_err *e)
{
    const dmx_param_desc *d = desc_of(p, i);
    if (rows < 0 || cols < 0 || (size_t)rows * (size_t)cols > MAX_ELEMS)
        return dmx_err_set(e, DMX_EDATA, "%s: too many entries", d->key);
    if (is_scalar_kind(d->kind) && (rows != 1 || cols != 1))
        return dmx_err_set(e, DMX_EDATA, "%s must be a single number", d->key);
    if (d->kind == DMX_P_VEC && cols != 1)
        return dmx_err_set(e, DMX_EDATA, "%s must be a list of numbers", d->key);
    if (d->kind == DMX_P_RECS && cols != d->nfields)
        return dmx_err_set(e, DMX_EDATA, "%s records must have %d fields", d->key, d->nfields);
    dmx_pval nv = {.set = 1, .given = 1, .rows = rows, .cols = cols};
    if (!pval_alloc(&nv, rows, cols))
        return dmx_err_oom(e);
    if (rows > 0 && cols > 0)
        memcpy(nv.v, v, (size_t)rows * (size_t)cols * sizeof(double));
    int rc = check_pval(p, i, &nv, e);
    if (rc != DMX_OK) {
        pval_free(&nv);
        return rc;
    }
    pval_free(&p->vals[i]);
    p->vals[i] = nv;
    if (!expand_uniform(p))
        return dmx_err_oom(e);
    return DMX_OK;
}

int dmx_params_check_elem(const dmx_params *p, int i, int row, int col, double x, dmx_err *e)
{
    const dmx_param_desc *d = desc_of(p, i);
    dmx_pval tmp = {.set = 1, .rows = row + 1, .cols = col + 1};
    if (d->kind == DMX_P_RECS && (col < 0 || col >= d->nfields))
        return dmx_err_set(e, DMX_EINTERNAL, "%s: field index %d invalid", d->key, col);
    return check_elem(d, &tmp, row, col, x, e);
}

int dmx_params_set_uniform(dmx_params *p, int i, double x, dmx_err *e)
{
    const dmx_param_desc *d = desc_of(p, i);
    if (d->kind != DMX_P_VEC || !(d->flags & DMX_F_BROADCAST))
        return dmx_err_set(e, DMX_EDATA, "%s must be a list, not a single number", d->key);
    int rc = dmx_params_set_array(p, i, &x, 1, 1, e);
    if (rc != DMX_OK)
        return rc;
    p->vals[i].uniform = 1;
    if (!expand_uniform(p))
        return dmx_err_oom(e);
    return DMX_OK;
}

void dmx_params_unset(dmx_params *p, int i)
{
    pval_free(&p->vals[i]);
    p->vals[i].cols = ncols_of(desc_of(p, i));
}

/* ---------- "key=value" ---------- */

static const char *nearest_key(const dmx_model *m, const char *key)
{
    const char *best = NULL;
    int bd = 1 << 30;
    for (int i = 0; i < m->nparams; i++) {
        int d = dmx_edit_distance(key, m->params[i].key);
        if (d < bd) {
            bd = d;
            best = m->params[i].key;
        }
    }
    return bd <= 3 ? best : NULL;
}

static int parse_number(const char *s, const char *end, double *out)
{
    char buf[64];
    while (s < end && isspace((unsigned char)*s))
        s++;
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = 0;
    return dmx_parse_double(buf, out) == 0;
}

int dmx_parse_double(const char *s, double *out)
{
    char *q;
    errno = 0;
    double x = strtod(s, &q);
    /* ERANGE on underflow still gives the nearest subnormal (or 0): a finite
     * number the user wrote, accepted; on overflow x is +-HUGE_VAL: refused */
    if (q == s || *q || !isfinite(x) || (errno == ERANGE && fabs(x) >= 1.0))
        return -1;
    *out = x == 0 ? 0.0 : x;   /* -0 reads as 0: it is the same value, and a
                                  saved preset must read back bit for bit */
    return 0;
}

/* Parses "a,b,c" (sep ',') into a malloc'd array. */
static int parse_list(const char *s, double **out, int *n)
{
    int cap = 8, k = 0;
    double *v = malloc((size_t)cap * sizeof *v);
    if (!v)
        return -1;
    const char *p = s;
    for (;;) {
        const char *c = strchr(p, ',');
        const char *end = c ? c : p + strlen(p);
        double x;
        if (!parse_number(p, end, &x)) {
            free(v);
            return 0;
        }
        if (k == cap) {
            cap *= 2;
            double *nv = realloc(v, (size_t)cap * sizeof *v);
            if (!nv) {
                free(v);
                return -1;
            }
            v = nv;
        }
        v[k++] = x;
        if (!c)
            break;
        p = c + 1;
    }
    *out = v;
    *n = k;
    return 1;
}

int dmx_params_slot(const dmx_params *p, const char *name, dmx_slot *s, dmx_err *e)
{
    char key[64];
    size_t k = 0;
    while (name[k] && (isalnum((unsigned char)name[k]) || name[k] == '_') && k < sizeof key - 1) {
        key[k] = name[k];
        k++;
    }
    key[k] = 0;
    int i = dmx_params_index(p->model, key);
    if (i < 0) {
        const char *near = nearest_key(p->model, key);
        if (near)
            return dmx_err_set(e, DMX_EUSAGE, "unknown parameter '%s' for model %s (did you "
                               "mean '%s'?)", key, p->model->name, near);
        return dmx_err_set(e, DMX_EUSAGE, "unknown parameter '%s' for model %s", key,
                           p->model->name);
    }
    const dmx_param_desc *d = desc_of(p, i);
    const dmx_pval *v = &p->vals[i];
    const char *q = name + k;
    int idx[2] = {0, 0}, nidx = 0;
    while (*q == '[') {
        char *end;
        long x = strtol(q + 1, &end, 10);
        if (end == q + 1 || *end != ']' || nidx == 2)
            return dmx_err_set(e, DMX_EUSAGE, "%s: bad index syntax in '%s'", key, name);
        if (x < 0 || x > 1000000)
            return dmx_err_set(e, DMX_EUSAGE, "%s: index %ld out of range", key, x);
        idx[nidx++] = (int)x;
        q = end + 1;
    }
    int field = -1;
    if (*q == '.') {
        q++;
        if (d->kind != DMX_P_RECS)
            return dmx_err_set(e, DMX_EUSAGE, "%s has no fields", key);
        for (int f = 0; f < d->nfields; f++)
            if (strcmp(d->fields[f].key, q) == 0)
                field = f;
        if (field < 0)
            return dmx_err_set(e, DMX_EUSAGE, "%s records have no field '%s'", key, q);
        q += strlen(q);
    }
    if (*q)
        return dmx_err_set(e, DMX_EUSAGE, "cannot parse parameter name '%s'", name);
    memset(s, 0, sizeof *s);
    s->param = i;
    s->flags = d->flags;
    s->lo = d->lo;
    s->hi = d->hi;
    s->smin = d->smin;
    s->smax = d->smax;
    s->step = d->step;
    snprintf(s->name, sizeof s->name, "%s", name);
    int need = 0;
    switch (d->kind) {
    case DMX_P_REAL: case DMX_P_INT: case DMX_P_CHOICE: need = 0; break;
    case DMX_P_VEC: need = 1; break;
    case DMX_P_MAT: need = 2; break;
    case DMX_P_RECS: need = 1; break;
    }
    if (d->kind == DMX_P_INT)
        s->flags |= DMX_F_INTEGER;
    if (d->kind == DMX_P_CHOICE) {
        int nc = 0;
        while (d->choices && d->choices[nc])
            nc++;
        s->lo = s->smin = 0;
        s->hi = s->smax = nc - 1;
        s->step = 1;
        s->flags |= DMX_F_INTEGER | DMX_F_CHOICE;
    }
    if (d->kind == DMX_P_VEC && nidx == 0) {
        /* whole vector: every element moves together */
        s->row = -1;
    } else if (nidx != need || (d->kind == DMX_P_RECS && field < 0)) {
        return dmx_err_set(e, DMX_EUSAGE, "%s: expected %s", name,
                           d->kind == DMX_P_MAT ? "two indices, key[i][j]" :
                           d->kind == DMX_P_RECS ? "key[i].field" :
                           d->kind == DMX_P_VEC ? "key or key[i]" : "no index");
    } else {
        s->row = idx[0];
        s->col = d->kind == DMX_P_MAT ? idx[1] : (field >= 0 ? field : 0);
    }
    if (field >= 0) {
        const dmx_field *f = &d->fields[field];
        s->lo = f->lo;
        s->hi = f->hi;
        s->smin = f->smin;
        s->smax = f->smax;
        s->step = f->step;
        s->flags = f->flags;
    }
    if (s->row >= 0 && !is_scalar_kind(d->kind)) {
        if (!v->set)
            return dmx_err_set(e, DMX_EUSAGE, "%s is not set: assign the whole %s first",
                               name, key);
        if (s->row >= v->rows || (d->kind == DMX_P_MAT && s->col >= v->cols))
            return dmx_err_set(e, DMX_EUSAGE, "%s: index out of range (%s has %d×%d entries)",
                               name, key, v->rows, v->cols);
    }
    return DMX_OK;
}

int dmx_params_assign(dmx_params *p, const char *a, dmx_err *e)
{
    const char *eq = strchr(a, '=');
    if (!eq || eq == a)
        return dmx_err_set(e, DMX_EUSAGE, "'%s': expected KEY=VALUE", a);
    char name[128];
    size_t nl = (size_t)(eq - a);
    while (nl && isspace((unsigned char)a[nl - 1]))
        nl--;
    if (nl >= sizeof name)
        return dmx_err_set(e, DMX_EUSAGE, "'%s': parameter name too long", a);
    memcpy(name, a, nl);
    name[nl] = 0;
    const char *val = eq + 1;
    while (isspace((unsigned char)*val))
        val++;
    dmx_slot s;
    int rc = dmx_params_slot(p, name, &s, e);
    if (rc != DMX_OK)
        return rc;
    const dmx_param_desc *d = desc_of(p, s.param);
    dmx_pval *v = &p->vals[s.param];

    if (d->kind == DMX_P_CHOICE) {
        for (int c = 0; d->choices && d->choices[c]; c++)
            if (strcmp(d->choices[c], val) == 0) {
                v->v[0] = c;
                v->set = v->given = 1;
                return DMX_OK;
            }
        char list[256] = "";
        for (int c = 0; d->choices && d->choices[c]; c++) {
            strncat(list, c ? ", " : "", sizeof list - strlen(list) - 1);
            strncat(list, d->choices[c], sizeof list - strlen(list) - 1);
        }
        return dmx_err_set(e, DMX_EDATA, "%s = '%s' is not one of: %s", name, val, list);
    }
    if (d->kind == DMX_P_MAT && strchr(val, ';') && s.row < 0)
        return dmx_err_set(e, DMX_EUSAGE, "%s: matrices are set element by element, "
                           "%s[i][j]=v", name, d->key);
    if (d->kind == DMX_P_VEC && s.row < 0) {
        double *xs;
        int n;
        int pr = parse_list(val, &xs, &n);
        if (pr < 0)
            return dmx_err_oom(e);
        if (pr == 0)
            return dmx_err_set(e, DMX_EUSAGE, "%s: '%s' is not a number or a comma-separated "
                               "list of numbers", name, val);
        if (n == 1 && (d->flags & DMX_F_BROADCAST)) {
            rc = dmx_params_set_uniform(p, s.param, xs[0], e);
        } else {
            rc = dmx_params_set_array(p, s.param, xs, n, 1, e);
        }
        free(xs);
        return rc;
    }
    double x;
    if (!parse_number(val, val + strlen(val), &x))
        return dmx_err_set(e, DMX_EUSAGE, "%s: '%s' is not a number", name, val);
    if (!v->set && is_scalar_kind(d->kind)) {
        rc = check_value(name, x, s.lo, s.hi, s.flags, e);
        if (rc != DMX_OK)
            return rc;
        if (!pval_alloc(v, 1, 1))
            return dmx_err_oom(e);
        v->v[0] = x;
        v->set = v->given = 1;
        return DMX_OK;
    }
    return dmx_slot_set(p, &s, x, e);
}

/* ---------- slots ---------- */

static void slot_defaults(dmx_slot *s, double cur)
{
    if (!(s->smax > s->smin)) {
        s->smin = isfinite(s->lo) ? s->lo : (cur < 0 ? 2 * cur : 0);
        s->smax = isfinite(s->hi) ? s->hi : (cur > 0 ? 2 * cur : 1);
        if (!(s->smax > s->smin))
            s->smax = s->smin + 1;
    }
    if (cur < s->smin)
        s->smin = cur;
    if (cur > s->smax)
        s->smax = cur;
    if (!(s->step > 0))
        s->step = (s->flags & DMX_F_INTEGER) ? 1 : (s->smax - s->smin) / 100;
}

int dmx_params_slots(const dmx_params *p, dmx_slot *out, int max)
{
    int k = 0;
    char name[64];
    for (int i = 0; i < p->n; i++) {
        const dmx_param_desc *d = desc_of(p, i);
        const dmx_pval *v = &p->vals[i];
        if (!v->set || (d->flags & DMX_F_NOSLIDER) || ((d->flags & DMX_F_EXPLICIT) && !v->given))
            continue;
        int rows = v->rows, cols = v->cols;
        if (is_scalar_kind(d->kind) || (d->kind == DMX_P_VEC && v->uniform))
            rows = cols = 1;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                if ((d->flags & DMX_F_SYMMETRIC) && c < r)
                    continue;
                if (is_scalar_kind(d->kind) || (d->kind == DMX_P_VEC && v->uniform))
                    snprintf(name, sizeof name, "%s", d->key);
                else if (d->kind == DMX_P_VEC)
                    snprintf(name, sizeof name, "%s[%d]", d->key, r);
                else if (d->kind == DMX_P_MAT)
                    snprintf(name, sizeof name, "%s[%d][%d]", d->key, r, c);
                else
                    snprintf(name, sizeof name, "%s[%d].%s", d->key, r, d->fields[c].key);
                if (k < max) {
                    dmx_err e;
                    if (dmx_params_slot(p, name, &out[k], &e) != DMX_OK)
                        continue;
                    slot_defaults(&out[k], dmx_slot_get(p, &out[k]));
                }
                k++;
            }
    }
    return k;
}

double dmx_slot_get(const dmx_params *p, const dmx_slot *s)
{
    const dmx_pval *v = &p->vals[s->param];
    if (!v->set || !v->v)
        return NAN;
    int r = s->row < 0 ? 0 : s->row;
    if (r >= v->rows || s->col >= v->cols)
        return NAN;
    return v->v[(size_t)r * v->cols + s->col];
}

int dmx_slot_set(dmx_params *p, const dmx_slot *s, double x, dmx_err *e)
{
    dmx_pval *v = &p->vals[s->param];
    const dmx_param_desc *d = desc_of(p, s->param);
    int rc = check_value(s->name, x, s->lo, s->hi, s->flags, e);
    if (rc != DMX_OK)
        return rc;
    if (!v->set || !v->v)
        return dmx_err_set(e, DMX_EUSAGE, "%s is not set", s->name);
    v->given = 1;
    if (s->row < 0) {
        for (int r = 0; r < v->rows; r++)
            v->v[r] = x;
        return DMX_OK;
    }
    if (s->row >= v->rows || s->col >= v->cols)
        return dmx_err_set(e, DMX_EUSAGE, "%s: index out of range", s->name);
    v->v[(size_t)s->row * v->cols + s->col] = x;
    v->uniform = 0; /* one element moved: the vector is no longer one number */
    if ((d->flags & DMX_F_SYMMETRIC) && s->row < v->cols && s->col < v->rows)
        v->v[(size_t)s->col * v->cols + s->row] = x;
    return DMX_OK;
}

/* ---------- getters for model code ---------- */

#define BAD_LEN 16
static const double bad_v[BAD_LEN] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
                                      NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
static const dmx_pval bad_pval = {.set = 0, .rows = 0, .cols = 0, .v = (double *)bad_v};

/* Index of key, or -1 after recording it as the params' first bad key. */
static int key_index(const dmx_params *p, const char *key)
{
    int i = dmx_params_index(p->model, key);
    if (i < 0) {
        const char *none = NULL;
        dmx_params *mp = (dmx_params *)p;   /* heap object: the field is atomic */
        atomic_compare_exchange_strong(&mp->bad_key, &none, key ? key : "(null)");
    }
    return i;
}

int dmx_params_check_keys(const dmx_params *p, dmx_err *e)
{
    const char *k = p ? atomic_load(&((dmx_params *)p)->bad_key) : NULL;
    if (!k)
        return DMX_OK;
    return dmx_err_set(e, DMX_EINTERNAL, "model %s asked for unknown parameter '%s' "
                       "(a bug in the model)", p->model->name, k);
}

const dmx_pval *dmx_p(const dmx_params *p, const char *key)
{
    int i = key_index(p, key);
    return i >= 0 ? &p->vals[i] : &bad_pval;
}

double dmx_p_num(const dmx_params *p, const char *key)
{
    const dmx_pval *v = dmx_p(p, key);
    return v->set && v->v ? v->v[0] : NAN;
}

int dmx_p_is_set(const dmx_params *p, const char *key)
{
    return dmx_p(p, key)->set;
}

const char *dmx_p_choice(const dmx_params *p, const char *key)
{
    int i = key_index(p, key);
    if (i < 0)
        return NULL;
    const dmx_param_desc *d = desc_of(p, i);
    const dmx_pval *v = &p->vals[i];
    if (d->kind != DMX_P_CHOICE || !v->set || !d->choices)
        return NULL;
    int c = (int)v->v[0], nc = 0;
    while (d->choices[nc])
        nc++;
    return c >= 0 && c < nc ? d->choices[c] : NULL;
}

/* ---------- formatting ---------- */

char *dmx_fmt_num(char *buf, size_t n, double v, int sig)
{
    if (isnan(v)) {
        snprintf(buf, n, "n/a");
        return buf;
    }
    if (isinf(v)) {
        snprintf(buf, n, v > 0 ? "inf" : "-inf");
        return buf;
    }
    if (sig < 1)
        sig = 1;
    if (sig > 17)
        sig = 17;
    if (fabs(v) < FMT_ZERO_BELOW)
        v = 0.0;
    dmx_fmt_double(buf, n, 'g', sig, v);
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, n, "0");
    return buf;
}

char *dmx_fmt_exact(char *buf, size_t n, double v)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v == 0 ? 0.0 : v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

int dmx_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 64;
    int prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int d = prev[j] + 1, in = cur[j - 1] + 1;
            cur[j] = c < d ? (c < in ? c : in) : (d < in ? d : in);
        }
        memcpy(prev, cur, (lb + 1) * sizeof(int));
    }
    return prev[lb];
}
